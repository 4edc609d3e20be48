// Tests of dpsi/density/lattice_convolution.h: the term-by-term lattice sum of h_b and h_b' agrees
// with the C.5(a) forms (h and h psi; theta series or completed-square lattice sum), independent formulas.
#include "dpsi/density/lattice_convolution.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "dpsi/density/smoothed_lattice.h"
#include "support/generators.h"

namespace dpsi::density {
namespace {

RC_GTEST_PROP(LatticeConvolution, AgreesWithThetaForm, ()) {
  const Rational delta(1, *rc::gen::element(2, 4, 20));
  const int b = *rc::gen::inRange(0, 2);
  const Ball kappa(*testing::rational_in(Rational(1, 500), Rational(1)));
  const Ball t(*testing::rational_in(Rational(-3), Rational(3)));
  const ValueAndDerivative direct = lattice_convolution(b, kappa, t, delta, normaliser(b, delta));
  // The C.5(a) form that converges fast at this v (R.1): theta series for large v, lattice otherwise.
  const Ball v = sqr(kappa) / (Ball(1) + sqr(kappa));
  const bool theta_regime = is_certainly_true(ge(v, sqr(Ball(delta)) / (Ball(2) * Ball::pi())));
  const SmoothedLattice theta = theta_regime ? theta_form(b, kappa, t, delta) : lattice_form(b, kappa, t, delta);
  RC_ASSERT(within(direct.value, theta.density, mul_2exp(abs(theta.density), -100)) == Certainty::kTrue);
  const Ball derivative = theta.density * theta.score;
  RC_ASSERT(within(direct.derivative, derivative, mul_2exp(max(abs(derivative), abs(theta.density)), -100)) ==
            Certainty::kTrue);
}

// A wrong normaliser or phase is detected: the identity is not vacuous.
TEST(LatticeConvolution, DetectsWrongPhase) {
  const Rational delta(1, 20);
  const Ball kappa(Rational(1, 100));
  const Ball t(Rational(1, 40));
  const ValueAndDerivative phase_one = lattice_convolution(1, kappa, t, delta, normaliser(1, delta));
  const SmoothedLattice phase_zero = theta_form(0, kappa, t, delta);
  EXPECT_EQ(within(phase_one.value, phase_zero.density, mul_2exp(abs(phase_zero.density), -100)), Certainty::kFalse);
}

TEST(LatticeConvolution, RejectsBadInput) {
  const Rational delta(1, 20);
  EXPECT_THROW(lattice_convolution(2, Ball(1), Ball(0), delta, Ball(1)), std::invalid_argument);
  EXPECT_THROW(lattice_convolution(0, Ball(0), Ball(0), delta, Ball(1)), std::invalid_argument);
  EXPECT_THROW(lattice_convolution(0, Ball(1), Ball::whole_line(), delta, Ball(1)), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::density
