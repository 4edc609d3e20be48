// Tests of proofs-checks/reduction_constants_checks (B.2:bound-defaults, E.3:ell-defaults,
// E.T:parameters-defaults): all pass, and the same enclosures refute neighbouring false claims: the
// B.2 bound is not >= 0.7998898 in its coarse form, ell(0.1) does not print as 101.7990 or 101.7988,
// and Theorem E's R, t, T_max do not print with their last digit off by one.
#include "proofs-checks/reduction_constants_checks.h"

#include <gtest/gtest.h>

#include "proofs-checks/printed_value.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(ReductionConstantsChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_reduction_constants_checks, spec::CheckKind::kCertified,
                                    {"B.2:bound-defaults", "E.3:ell-defaults", "E.T:parameters-defaults"});
}

TEST(ReductionConstantsChecks, NeighbouringClaimsAreRefuted) {
  const PrecisionScope scope(256);
  const detail::InversionBounds bounds = detail::inversion_bounds(Instance::defaults());
  EXPECT_EQ(ge(bounds.coarse, Ball::from_decimal("0.7998898")), Certainty::kFalse);
  EXPECT_EQ(gt(bounds.sharp, bounds.coarse), Certainty::kTrue);  // 2 P_dec + P_sgn < 4 m Phibar(z) + n Phibar(a/tau)
  const Ball ell = detail::ell(Instance::defaults(), Rational(1, 10));
  EXPECT_EQ(rounds_to(ell, "101.7990"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(ell, "101.7988"), Certainty::kFalse);
  // ell decreases in beta (x_beta = ln(1/beta) + ...): a larger failure probability, a smaller bound.
  EXPECT_EQ(lt(detail::ell(Instance::defaults(), Rational(1, 2)), ell), Certainty::kTrue);
}

TEST(ReductionConstantsChecks, TheoremEParametersOffByOneDigitAreRefuted) {
  const PrecisionScope scope(256);
  const detail::TheoremEParameters parameters =
      detail::theorem_e_parameters(Instance::defaults(), Rational(1, 10), Rational(1, 10), Rational(1, 1'000'000'000));
  EXPECT_LE(parameters.r_upper - parameters.r_lower, Rational(1, 1'000'000'000));
  EXPECT_EQ(rounds_to(parameters.r, "3.1733075"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(parameters.r, "3.1733076"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(parameters.r, "3.1733074"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(parameters.t, "2.04054e-50"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(parameters.t, "2.04055e-50"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(parameters.t_max, "1.46812e50"), Certainty::kFalse);
  // A smaller failure budget beta needs a larger radius R.
  const detail::TheoremEParameters stricter =
      detail::theorem_e_parameters(Instance::defaults(), Rational(1, 10), Rational(1, 100), Rational(1, 1'000'000));
  EXPECT_GT(stricter.r_lower, parameters.r_upper);
}

}  // namespace
}  // namespace dpsi::checks
