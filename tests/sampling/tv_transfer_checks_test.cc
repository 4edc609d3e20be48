// Tests of proofs-checks/tv_transfer_checks (spec E.4): the check passes in quick mode; the
// quadrature encloses E_y TV_y tightly enough that the false claim E_y TV_y <= 0.5 TV is refuted
// (certified lower Riemann sum above it) on some prior; identical priors have zero posterior TV.
#include "proofs-checks/tv_transfer_checks.h"

#include <gtest/gtest.h>

#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(TvTransferChecks, PassesInQuickMode) {
  testing::expect_checks_pass_quick(register_tv_transfer_checks, spec::CheckKind::kCertifiedAtPoints, {"E.4:tv-transfer"});
}

TEST(TvTransferChecks, HalfTvBoundIsRefutedOnSomePrior) {
  const PrecisionScope scope(128);
  int refuted = 0;
  for (const detail::DiscretePriorPair& pair : detail::random_prior_pairs(0, 20)) {
    const Ball expected = detail::expected_posterior_tv(pair, 1000);
    const Rational tv = detail::total_variation(pair);
    EXPECT_EQ(le(expected, Ball(2 * tv)), Certainty::kTrue);
    if (gt(expected, Ball(tv / 2)) == Certainty::kTrue) ++refuted;
  }
  EXPECT_GT(refuted, 0);
}

TEST(TvTransferChecks, PointwiseQuantities) {
  const PrecisionScope scope(128);
  detail::DiscretePriorPair pair{{Rational(-1), Rational(1)}, {Rational(1, 2), Rational(1, 2)}, {Rational(1, 2), Rational(1, 2)}, Rational(1)};
  EXPECT_EQ(detail::total_variation(pair), Rational(0));
  const detail::PointwiseTransfer point = detail::pointwise_transfer(pair, Ball(Rational(1, 3)));
  EXPECT_TRUE(point.tv_y.contains(Rational(0)));
  EXPECT_EQ(within(point.a, point.a_hat, Ball::from_decimal("1e-30")), Certainty::kTrue);
  // a(y) = (exp(-(4/3)^2/2) + exp(-(2/3)^2/2))/2.
  const Ball a = (exp(-sqr(Ball(Rational(4, 3))) / Ball(2)) + exp(-sqr(Ball(Rational(2, 3))) / Ball(2))) / Ball(2);
  EXPECT_EQ(within(point.a, a, Ball::from_decimal("1e-30")), Certainty::kTrue);
}

}  // namespace
}  // namespace dpsi::checks
