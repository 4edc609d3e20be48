// Tests of proofs-checks/reduction_constants_checks (B.2:bound-defaults, E.3:ell-defaults): both
// pass, and the same enclosures refute neighbouring false claims: the B.2 bound is not >= 0.7998898
// in its coarse form, and ell(0.1) does not print as 101.7990 or 101.7988.
#include "proofs-checks/reduction_constants_checks.h"

#include <gtest/gtest.h>

#include "proofs-checks/printed_value.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(ReductionConstantsChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_reduction_constants_checks, spec::CheckKind::kCertified,
                                    {"B.2:bound-defaults", "E.3:ell-defaults"});
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

}  // namespace
}  // namespace dpsi::checks
