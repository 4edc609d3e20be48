// Tests for the A.2 checks (proofs-checks/theta_checks.cc): both pass in quick mode, and the
// comparisons they make reject false bounds and perturbed forms (false-bound twins).
#include "proofs-checks/theta_checks.h"

#include <gtest/gtest.h>

#include "dpsi/instance/lattice_tails.h"
#include "dpsi/numeric/theta.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

const Rational kDelta(1, 20);

TEST(ThetaChecks, NewChecksPassQuick) {
  testing::expect_checks_pass_quick(register_theta_checks, spec::CheckKind::kCertified,
                                    {"A.2:theta-deviation-bound", "A.2:variance-formula", "A.2:theta-vs-lattice"});
}

// theta - 1 keeps relative accuracy where it is ~1e-3429 (A.2 constants): +-2q + O(q^4).
TEST(ThetaChecks, ThetaMinusOneHasRelativeAccuracy) {
  const PrecisionScope scope(256);
  const Ball q = theta::nome(Ball(1), kDelta);
  const Ball at_zero = theta::theta_minus_one(Ball(0), Ball(1), kDelta);
  const Ball at_half = theta::theta_minus_one(Ball(Rational(kDelta / 2)), Ball(1), kDelta);
  EXPECT_GE(at_zero.rel_accuracy_bits(), 200);
  EXPECT_GE(at_half.rel_accuracy_bits(), 200);
  EXPECT_EQ(within(at_zero, Ball(2) * q, mul_2exp(q, -200)), Certainty::kTrue) << at_zero.str(10);
  EXPECT_EQ(within(at_half, -Ball(2) * q, mul_2exp(q, -200)), Certainty::kTrue) << at_half.str(10);
  // Theta(1) = theta(0; 1) - 1 exactly (same series).
  EXPECT_EQ(within(theta::tail_sum(Ball(1), kDelta), at_zero, mul_2exp(q, -200)), Certainty::kTrue);
}

TEST(ThetaChecks, TermwiseDeviationProvenWithScaleOne) {
  const PrecisionScope scope(256);
  for (const Rational& omega : {Rational(kDelta * kDelta * Rational(352, 10000)), Rational(1)}) {
    for (int sign : {1, -1}) {
      const auto near_zero = theta_check::certify_deviation_termwise(Ball(omega), kDelta, Rational(0), kDelta / 64,
                                                                     Rational(1), sign);
      EXPECT_EQ(near_zero.holds, Certainty::kTrue);
      EXPECT_GE(near_zero.lower_bound, 0);
      const auto whole = theta_check::certify_deviation_termwise(Ball(omega), kDelta, Rational(0), kDelta / 2,
                                                                 Rational(1), sign);
      EXPECT_EQ(whole.holds, Certainty::kTrue);
    }
  }
}

// Twin: the false bound 0.9 Theta is refuted at u = 0 (theta - 1 = Theta there) and, for
// -(theta - 1), at u = delta/2 (theta - 1 = -Theta + O(q^4) there).
TEST(ThetaChecks, TermwiseDeviationRefutesTightenedBound) {
  const PrecisionScope scope(256);
  const Rational scale(9, 10);
  for (const Rational& omega : {Rational(kDelta * kDelta / 10), Rational(1)}) {
    EXPECT_EQ(theta_check::certify_deviation_termwise(Ball(omega), kDelta, Rational(0), Rational(0), scale, 1).holds,
              Certainty::kFalse);
    EXPECT_EQ(theta_check::certify_deviation_termwise(Ball(omega), kDelta, Rational(0), kDelta / 64, scale, 1).holds,
              Certainty::kFalse);
    EXPECT_EQ(
        theta_check::certify_deviation_termwise(Ball(omega), kDelta, kDelta / 2, kDelta / 2, scale, -1).holds,
        Certainty::kFalse);
  }
}

Ball two_q(const Ball& q) { return Ball(2) * q; }

// Theta <= 2q/(1-q) is certified; the twin Theta <= 2q is false (Theta = 2q + 2q^4 + ...) and refuted.
TEST(ThetaChecks, GeometricBoundAndItsTwin) {
  for (const Rational& omega : {Rational(kDelta * kDelta * Rational(352, 10000)), Rational(kDelta * kDelta),
                                Rational(1)}) {
    EXPECT_EQ(theta_check::tail_sum_le(Ball(omega), kDelta, theta_check::geometric_bound).holds, Certainty::kTrue);
    EXPECT_EQ(theta_check::tail_sum_le(Ball(omega), kDelta, two_q).holds, Certainty::kFalse);
  }
}

// Var(D_b) - 1 reproduces the quoted values; at delta = 1 the identity tolerance resolves it, so the
// twin "Var = 1" (theta'' dropped) is rejected by the check's comparison.
TEST(ThetaChecks, VarianceValuesAndTwin) {
  const PrecisionScope scope(256);
  const Ball excess = instance::variance_excess(Rational(1), 0);
  EXPECT_EQ(within(excess, Ball(parse_rational("-2.11232e-7")), Ball(parse_rational("0.000005e-7"))),
            Certainty::kTrue)
      << excess.str(10);
  EXPECT_EQ(within(instance::variance_excess(Rational(1), 1), Ball(parse_rational("2.11232e-7")),
                   Ball(parse_rational("0.000005e-7"))),
            Certainty::kTrue);
  const Ball tiny = instance::variance_excess(kDelta, 0);
  EXPECT_EQ(within(tiny, Ball(parse_rational("-2.80328e-3425")), Ball(parse_rational("0.000005e-3425"))),
            Certainty::kTrue)
      << tiny.str(10);
  EXPECT_EQ(within(tiny, Ball(parse_rational("-2.80329e-3425")), Ball(parse_rational("0.000005e-3425"))),
            Certainty::kFalse);
  const Ball direct = instance::variance_direct(Rational(1), 0);
  const Ball theta_variance = Ball(1) + excess;
  EXPECT_EQ(within(direct, theta_variance, identity_tolerance(theta_variance)), Certainty::kTrue);
  EXPECT_EQ(within(direct, Ball(1), identity_tolerance(Ball(1))), Certainty::kFalse);
  // A perturbed theta'' (x (1 + 2^-40)) is also rejected at delta = 1.
  const Ball perturbed = Ball(1) + excess * (Ball(1) + mul_2exp(Ball(1), -40));
  EXPECT_EQ(within(direct, perturbed, identity_tolerance(perturbed)), Certainty::kFalse);
}

// A.2:theta-vs-lattice twins: the theta form scaled by 1 + 2^-90, or with its j = 1 term dropped,
// must fail the check's comparison with the lattice sum.
TEST(ThetaChecks, LatticeComparisonRejectsPerturbedThetaForm) {
  const PrecisionScope scope(256);
  const Rational kappa = kDelta;
  const Ball omega(Rational(kappa * kappa / (1 + kappa * kappa)));
  const Ball c(Rational(kDelta / 2));
  const Ball mu(Rational(1, 7));
  const Ball exact = theta_check::theta_form(c, mu, omega, kDelta);
  EXPECT_EQ(theta_check::compare_with_lattice(c, mu, omega, kDelta, exact).agree, Certainty::kTrue);
  const Ball scaled = exact * (Ball(1) + mul_2exp(Ball(1), -90));
  EXPECT_EQ(theta_check::compare_with_lattice(c, mu, omega, kDelta, scaled).agree, Certainty::kFalse);
  const Ball q = theta::nome(omega, kDelta);
  const Ball first_term = sqrt(Ball(2) * Ball::pi() * omega) / Ball(kDelta) * Ball(2) * q *
                          cos(Ball(2) * Ball::pi() * (mu - c) / Ball(kDelta));
  EXPECT_EQ(theta_check::compare_with_lattice(c, mu, omega, kDelta, exact - first_term).agree, Certainty::kFalse);
}

}  // namespace
}  // namespace dpsi::checks
