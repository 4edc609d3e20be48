// Tests of proofs-checks/score_regime_checks.cc (spec C.2, C.6): every check passes in quick mode,
// and each refuses a deliberately false claim (false-bound twins).
#include "proofs-checks/score_regime_checks.h"

#include <gtest/gtest.h>

#include "dpsi/density/score_error_bounds.h"
#include "proofs-checks/printed_value.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

audit::CheckContext quick_context(const Instance& instance, std::uint64_t seed) { return {instance, true, seed, {}}; }

TEST(ScoreRegimeChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_score_regime_checks, spec::CheckKind::kCertified, {"C.2:es-defaults", "C.6:el-defaults"});
  testing::expect_checks_pass_quick(register_score_regime_checks, spec::CheckKind::kCertifiedAtPoints,
                                    {"C.2:pointwise-bound", "C.6:ratio-bounds", "C.6:score-bounds"});
  testing::expect_checks_pass_quick(register_score_regime_checks, spec::CheckKind::kStatistical,
                                    {"C.2:orthant-misclassification", "C.2:orthant-error-bound"});
}

// C.2(i): the mean of 1 - w_sbar is refused against a target moved by twice the Hoeffding radius.
TEST(ScoreRegimeChecks, MisclassificationRefusesShiftedTarget) {
  const Instance defaults = Instance::defaults();
  EXPECT_TRUE(detail::orthant_misclassification(quick_context(defaults, 1), Ball(0)).passed);
  EXPECT_FALSE(detail::orthant_misclassification(quick_context(defaults, 1), Ball(Rational(15, 100))).passed);
}

// C.2(ii): the typical ratio |s - s_vert|^2 / ((1 - w)^2 M) is about 1/n, so a bound 100 times
// tighter is violated.
TEST(ScoreRegimeChecks, PointwiseBoundRefusesTightenedBound) {
  const Instance defaults = Instance::defaults();
  EXPECT_FALSE(detail::pointwise_bound(quick_context(defaults, 2), Ball(Rational(1, 100))).passed);
}

// C.6(i): [r_-^t, r_+^t] with t = 1/1000 no longer contains g/q at every point; (ii) bounds / 1000.
TEST(ScoreRegimeChecks, LargeNoiseBoundsRefuseTightenedBounds) {
  const Instance defaults = Instance::defaults();
  EXPECT_FALSE(detail::ratio_bounds(quick_context(defaults, 3), Ball(Rational(1, 1000))).passed);
  EXPECT_FALSE(detail::score_bounds(quick_context(defaults, 4), Ball(Rational(1, 1000))).passed);
}

// The printed-value matcher behind C.2:es-defaults and C.6:el-defaults refuses a wrong last digit.
TEST(ScoreRegimeChecks, PrintedConstantsRefuseWrongDigits) {
  const Instance defaults = Instance::defaults();
  const density::OrthantBounds bounds = density::orthant_bounds(defaults, Ball(defaults.kappa_star()));
  EXPECT_EQ(rounds_to(bounds.expected_error, "4.88890e-18"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(bounds.expected_error, "4.88891e-18"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(bounds.expected_error, "4.8889e-18"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(bounds.p, "7.61985e-24"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(bounds.p, "7.61986e-24"), Certainty::kFalse);
  EXPECT_EQ(last_digit_unit("0.02103"), Rational(1, 100000));
  EXPECT_EQ(last_digit_unit("2.851"), Rational(1, 1000));
  EXPECT_EQ(last_digit_unit("3.587e-3"), Rational(1, 1000000));
  EXPECT_EQ(last_digit_unit("12e2"), Rational(100));
}

}  // namespace
}  // namespace dpsi::checks
