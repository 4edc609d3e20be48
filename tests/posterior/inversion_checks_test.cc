// Tests of proofs-checks/inversion_checks (B.2:inverter-success, A.6:degraded-sampler-is-posterior-
// sampler, R.5:posterior-sampler-law): all pass in quick mode, and the same decisions refuse a
// sampler that ignores y and a seed law that is not p(s | y).
#include "proofs-checks/inversion_checks.h"

#include <gtest/gtest.h>

#include "dpsi/posterior/degraded_sampler.h"
#include "dpsi/posterior/exact_posterior_sampler.h"
#include "proofs-checks/instance_variants.h"
#include "proofs-checks/rejection_checks.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(InversionChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_inversion_checks, spec::CheckKind::kStatistical,
                                    {"B.2:inverter-success", "A.6:degraded-sampler-is-posterior-sampler", "R.5:posterior-sampler-law"});
}

// Negative control: a "sampler" returning garbage always (alpha = 1) inverts f only by luck
// (about #preimages / 2^n), far below the exact sampler's bound, and the B.2 decision says so.
TEST(InversionChecks, GarbageSamplerFailsTheBound) {
  const PrecisionScope scope(256);
  const Instance instance = with_size(Instance::defaults(), 6, 6);
  const posterior::ExactPosteriorSampler exact(instance);
  const posterior::DegradedSampler garbage(exact, instance.d(), 1.0, 0.0);
  const detail::InversionRun run = detail::run_inversions(instance, garbage, 2000, 7);
  EXPECT_LT(run.successes, 200U);
  const detail::SuccessDecision decision = detail::decide_success(run, detail::inversion_success_bound(instance, 0, 0));
  EXPECT_FALSE(decision.passed);
  // ... while the exact sampler passes the same decision.
  EXPECT_TRUE(detail::decide_success(detail::run_inversions(instance, exact, 2000, 7), detail::inversion_success_bound(instance, 0, 0)).passed);
}

// The exact binomial decision sees a 3% loss at a bound of 0.99996 with N = 2000 (Hoeffding's radius
// 0.032 could not): 3% garbage outputs fail the alpha = 0 claim, and the power statement says so.
TEST(InversionChecks, ThreePercentGarbageFailsTheExactBinomialDecision) {
  const PrecisionScope scope(256);
  const Instance instance = with_size(Instance::defaults(), 6, 6);
  const posterior::ExactPosteriorSampler exact(instance);
  const posterior::DegradedSampler wrong(exact, instance.d(), 0.03, 0.0);
  const Ball bound = detail::inversion_success_bound(instance, 0, 0);
  const detail::SuccessDecision decision = detail::decide_success(detail::run_inversions(instance, wrong, 2000, 7), bound);
  EXPECT_FALSE(decision.passed) << decision.tail;
  EXPECT_LT(decision.failure_limit, 10U);
  EXPECT_GT(detail::success_claim_power(2000, decision.failure_bound, 0.99), 0.99);
  EXPECT_LT(detail::success_claim_power(2000, decision.failure_bound, 0.99999), 1e-3);
}

// The L1 decision refuses counts drawn from a law at L1 distance 0.4 from the reference.
TEST(InversionChecks, LawTestRefusesAWrongLaw) {
  const PrecisionScope scope(128);
  std::vector<Ball> uniform(8, Ball(Rational(1, 8)));
  EXPECT_TRUE(detail::law_test({2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500}, uniform).passed);
  EXPECT_FALSE(detail::law_test({5000, 1000, 3500, 1000, 2500, 2500, 2500, 2000}, uniform).passed);
}

}  // namespace
}  // namespace dpsi::checks
