// Tests of the C.8:monotonicity check (proofs-checks/overlap_checks.h): it passes, and its false
// twins are refuted at a witness where a centred difference of the function itself (computed
// directly, at 512 bits) confirms the wrong sign: (t1+t2)/kappa^2 on [tau, a] (it decreases near
// kappa = a, where (a-gamma)/kappa < sqrt 2), and "rho^2/kappa^2, S1/(1-Theta) increase" on [kappa*, 10].
#include "proofs-checks/overlap_checks.h"

#include <gtest/gtest.h>

#include "dpsi/relu/score_network.h"

#include "dpsi/density/phase_bounds.h"
#include "dpsi/numeric/ball.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

// (t1 + t2)/kappa^2 of spec C.4 with gamma = a/10, directly.
Ball small_regime_ratio(const Instance& instance, const Ball& kappa) {
  const auto [t1, t2] = relu::small_regime_terms(instance, kappa, instance.gamma());
  return (t1 + t2) / sqr(kappa);
}

Ball centred_difference(const std::function<Ball(const Ball&)>& f, const Rational& kappa) {
  const Rational h = Rational(1, 1L << 40) / (1L << 20);  // 2^-60
  return f(Ball(kappa + h)) - f(Ball(kappa - h));
}

TEST(OverlapChecks, MonotonicityPassesInQuickMode) {
  testing::expect_checks_pass_quick(register_overlap_checks, spec::CheckKind::kCertified, {"C.8:monotonicity"});
}

TEST(OverlapChecks, SmallRegimeTwinOnTauToAIsRefutedWhereTheRatioDecreases) {
  const Instance instance = Instance::defaults();
  certify::Budget budget;
  budget.max_boxes = 5000;
  EXPECT_TRUE(detail::certify_small_regime_monotonicity(instance, {{instance.tau(), instance.kappa_star()}}, budget).proven());
  const certify::Result twin = detail::certify_small_regime_monotonicity(instance, {{instance.tau(), instance.a()}}, budget);
  ASSERT_EQ(twin.outcome, certify::Outcome::kRefuted) << twin.summary();
  const PrecisionScope scope(512);
  const Ball difference =
      centred_difference([&](const Ball& kappa) { return small_regime_ratio(instance, kappa); }, twin.witness[0]);
  EXPECT_TRUE(is_certainly_true(lt(difference, Ball(0)))) << "witness kappa = " << to_decimal(twin.witness[0], 8);
}

TEST(OverlapChecks, LargeRegimeReversedTwinsAreRefutedWhereTheRatiosDecrease) {
  const Instance instance = Instance::defaults();
  certify::Budget budget;
  budget.max_boxes = 5000;
  const certify::Box domain = {{instance.kappa_star(), Rational(10)}};
  using detail::LargeRegimeRatio;
  for (LargeRegimeRatio which : {LargeRegimeRatio::kRhoSquaredOverKappaSquared, LargeRegimeRatio::kS1OverOneMinusTheta}) {
    EXPECT_TRUE(detail::certify_large_regime_decreasing(instance, which, domain, false, budget).proven());
    const certify::Result twin = detail::certify_large_regime_decreasing(instance, which, domain, true, budget);
    ASSERT_EQ(twin.outcome, certify::Outcome::kRefuted) << twin.summary();
    const PrecisionScope scope(512);
    auto ratio = [&](const Ball& kappa) {
      const density::PhaseBounds bounds = density::phase_bounds(kappa, instance.delta(), instance.m());
      return which == LargeRegimeRatio::kRhoSquaredOverKappaSquared ? sqr(bounds.rho) / sqr(kappa)
                                                                     : bounds.s1_v / (Ball(1) - bounds.theta_v);
    };
    EXPECT_TRUE(is_certainly_true(lt(centred_difference(ratio, twin.witness[0]), Ball(0))))
        << "witness kappa = " << to_decimal(twin.witness[0], 8);
  }
}

}  // namespace
}  // namespace dpsi::checks
