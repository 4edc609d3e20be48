// Tests for dpsi/numeric/theta.h: the theta form against the direct lattice sum (two independent
// computations of one quantity, A.2), and the series' structural properties.
#include "dpsi/numeric/theta.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/generators.h"

namespace dpsi {
namespace {

// The deltas used: the default 1/20, and coarser lattices used by small-instance checks.
rc::Gen<Rational> lattice_spacing() {
  return rc::gen::element(Rational(1, 20), Rational(1, 10), Rational(1, 2), Rational(1, 4));
}

RC_GTEST_PROP(Theta, PoissonFormEqualsLatticeSum, ()) {
  const Rational delta = *lattice_spacing();
  const Rational omega = *testing::rational_in(Rational(1, 10000), Rational(2));
  const Rational mu = *testing::rational_in(Rational(-3), Rational(3));
  const Rational c = *testing::rational_in(Rational(-1), Rational(1));
  const PrecisionScope scope(192);
  const Ball lattice = theta::lattice_gaussian_sum(Ball(c), Ball(mu), Ball(omega), delta);
  const Ball theta_form = sqrt(Ball(2) * Ball::pi() * Ball(omega)) / Ball(delta) *
                          theta::theta(Ball(Rational(mu - c)), Ball(omega), delta);
  RC_LOG() << "lattice " << lattice.str(30) << " theta " << theta_form.str(30) << "\n";
  RC_ASSERT(lattice.is_finite());
  RC_ASSERT(theta_form.is_finite());
  RC_ASSERT(within(lattice, theta_form, identity_tolerance(theta_form, 120)) == Certainty::kTrue);
}

RC_GTEST_PROP(Theta, EvenAndPeriodic, ()) {
  const Rational delta = *lattice_spacing();
  const Rational omega = *testing::rational_in(Rational(1, 1000), Rational(1));
  const Rational u = *testing::rational_in(Rational(-1), Rational(1));
  const Ball value = theta::theta(Ball(u), Ball(omega), delta);
  const Ball mirrored = theta::theta(Ball(Rational(-u)), Ball(omega), delta);
  const Ball shifted = theta::theta(Ball(Rational(u + delta)), Ball(omega), delta);
  RC_ASSERT(within(value, mirrored, identity_tolerance(value, 200)) == Certainty::kTrue);
  RC_ASSERT(within(value, shifted, identity_tolerance(value, 200)) == Certainty::kTrue);
}

// |theta - 1| <= Theta and 2q <= Theta <= 2q/(1-q) (A.2). omega = s delta^2 with s in [1/20, 5]
// keeps q = e^{-2 pi^2 s} in [e^-99, e^-0.98]; the relative gaps (q^3 below, q above, so at least
// 2^-429) are resolvable at 1024 bits.
RC_GTEST_PROP(Theta, DeviationBoundedByTailSum, ()) {
  const PrecisionScope scope(1024);
  const Rational delta = *lattice_spacing();
  const Rational s = *testing::rational_in(Rational(1, 20), Rational(5));
  const Rational omega = s * delta * delta;
  const Rational u = *testing::rational_in(Rational(-1), Rational(1));
  const Ball deviation = abs(theta::theta(Ball(u), Ball(omega), delta) - Ball(1));
  const Ball big_theta = theta::tail_sum(Ball(omega), delta);
  const Ball q = theta::nome(Ball(omega), delta);
  RC_ASSERT(le(deviation, big_theta) != Certainty::kFalse);
  RC_ASSERT(le(Ball(2) * q, big_theta) == Certainty::kTrue);
  RC_ASSERT(le(big_theta, Ball(2) * q / (Ball(1) - q)) == Certainty::kTrue);
}

// theta_du is the derivative of theta: a symmetric difference quotient with h = 2^-40 differs from
// theta' by at most h^2/6 max|theta'''| < 2^-70 on these parameters, far below the 2^-40 allowed.
RC_GTEST_PROP(Theta, DerivativeMatchesDifferenceQuotient, ()) {
  const Rational delta = *lattice_spacing();
  const Rational omega = *testing::rational_in(Rational(1, 100), Rational(1));
  const Rational u = *testing::rational_in(Rational(-1), Rational(1));
  const PrecisionScope scope(256);
  const Rational h(1, Integer(1) << 40);
  const Ball quotient = (theta::theta(Ball(Rational(u + h)), Ball(omega), delta) -
                         theta::theta(Ball(Rational(u - h)), Ball(omega), delta)) /
                        Ball(Rational(2 * h));
  const Ball derivative = theta::theta_du(Ball(u), Ball(omega), delta);
  RC_ASSERT(within(quotient, derivative, Ball(Rational(1, Integer(1) << 40))) == Certainty::kTrue);
}

TEST(Theta, DefaultNormaliserValue) {
  // Z_b = (sqrt(2 pi)/delta) theta(theta_b; 1) at delta = 1/20; theta(.;1) - 1 ~ 1e-3428, so
  // Z_b = 20 sqrt(2 pi) = 50.132565492620010048315305696220905060139734812198... (20 x OEIS A019727).
  const Rational delta(1, 20);
  for (int b = 0; b < 2; ++b) {
    const Ball z = theta::lattice_gaussian_sum(Ball(Rational(b * delta / 2)), Ball(0), Ball(1), delta);
    EXPECT_EQ(within(z, Ball(parse_rational("50.1325654926200100483153056962209050601397348122")),
                     Ball(parse_rational("1e-45"))),
              Certainty::kTrue)
        << z.str(50);
  }
}

TEST(Theta, TailSumAtDefaultSwitch) {
  // C.5 table: Theta(v*) = 2.24e-34 at kappa* = 2 delta, delta = 1/20.
  const Rational delta(1, 20);
  const Rational kappa(1, 10);
  const Ball v(Rational(kappa * kappa / (1 + kappa * kappa)));
  const Ball big_theta = theta::tail_sum(v, delta);
  EXPECT_EQ(within(big_theta, Ball(parse_rational("2.2388e-34")), Ball(parse_rational("0.0001e-34"))),
            Certainty::kTrue)
      << big_theta.str(10);
}

TEST(Theta, NonPositiveOmegaGivesNoInformation) {
  const Ball result = theta::theta(Ball(0), Ball(0), Rational(1, 20));
  EXPECT_FALSE(result.is_finite());
  EXPECT_FALSE(theta::lattice_gaussian_sum(Ball(0), Ball(0), Ball(-1), Rational(1, 20)).is_finite());
}

}  // namespace
}  // namespace dpsi
