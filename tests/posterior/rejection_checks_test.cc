// Tests of proofs-checks/rejection_checks (E.1, E.2, E.3:high-probability-bound, E.5): all pass in
// quick mode; the decisions refuse a wrong acceptance probability, a wrong geometric law and a
// too-small ell; and the tabulated proposals agree with the exact R6 sampler's acceptance rate.
#include "proofs-checks/rejection_checks.h"

#include <gtest/gtest.h>

#include <cmath>

#include "dpsi/posterior/ancestral_prior_sampler.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "proofs-checks/instance_variants.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(RejectionChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_rejection_checks, spec::CheckKind::kStatistical,
                                    {"E.1:accepted-law", "E.2:acceptance-rate", "E.3:high-probability-bound", "E.5:proposal-counts"});
}

// E.2's decision: 0.0050 observed over 10^6 proposals is consistent with a = 0.005 and not with 0.0075.
TEST(RejectionChecks, AcceptanceTestRefusesAWrongRate) {
  const PrecisionScope scope(128);
  EXPECT_TRUE(detail::acceptance_test(5000, 1000000, Ball(Rational(5, 1000))).passed);
  EXPECT_FALSE(detail::acceptance_test(5000, 1000000, Ball(Rational(75, 10000))).passed);
}

// E.5's distance: counts from Geometric(0.01) capped at 200 are close to that law and far from
// Geometric(0.02).
TEST(RejectionChecks, GeometricDistanceSeparatesRates) {
  const PrecisionScope scope(128);
  sampling::RandomSource source(3);
  std::vector<std::uint64_t> counts;
  for (int run = 0; run < 5000; ++run) {
    std::uint64_t k = 1;
    while (k <= 200 && static_cast<double>(source.word() >> 11) * 0x1p-53 >= 0.01) ++k;
    counts.push_back(k);  // k = 201 is FAIL
  }
  const Ball right = detail::truncated_geometric_distance(counts, 200, Ball(Rational(1, 100)));
  const Ball wrong = detail::truncated_geometric_distance(counts, 200, Ball(Rational(2, 100)));
  EXPECT_LT(right.upper_double(), 0.03);
  EXPECT_GT(wrong.lower_double(), 0.1);
}

// E.3's decision: with ell 10 nats too small, most values exceed it and the claim is refused.
TEST(RejectionChecks, ExceedanceTestRefusesATooSmallEll) {
  const PrecisionScope scope(128);
  std::vector<double> values;
  for (int k = 0; k < 2000; ++k) values.push_back(90.0 + 10.0 * (k % 100) / 100.0);  // 90 .. 99.9
  EXPECT_TRUE(detail::exceedance_test(values, Ball::from_decimal("101.7989"), Rational(1, 10)).passed);
  EXPECT_FALSE(detail::exceedance_test(values, Ball::from_decimal("91.7989"), Rational(1, 10)).passed);
}

// The checks use tabulated proposals; the exact R6 sampler's acceptance rate at the same y agrees
// with the enclosed a(y) (two-sided empirical Bernstein at 4e5 proposals, false failure <= 1e-9).
TEST(RejectionChecks, ExactProposalsAcceptAtTheSameRate) {
  const PrecisionScope scope(128);
  const Instance instance = rejection_test_instance();
  const auto measurements = detail::rejection_measurements(instance, 1, 5e-3, 11);
  const posterior::AncestralPriorSampler exact(instance);
  const posterior::RejectionSampler rejection(instance, exact);
  sampling::RandomSource source(12);
  std::uint64_t accepted = 0;
  const std::uint64_t proposals = 400000;
  for (std::uint64_t k = 0; k < proposals; ++k) {
    const posterior::PriorDraw x = exact.draw(source);
    const double uniform = (static_cast<double>(source.word() >> 11) + 0.5) * 0x1p-53;
    accepted += std::log(uniform) <= rejection.log_likelihood(measurements[0].y, x.x) ? 1 : 0;
  }
  EXPECT_TRUE(detail::acceptance_test(accepted, proposals, measurements[0].acceptance).passed)
      << accepted << " / " << proposals << " vs " << measurements[0].acceptance.mid_str(6);
}

}  // namespace
}  // namespace dpsi::checks
