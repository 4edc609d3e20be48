// Tests for dpsi/density/smoothed_lattice.h (spec C.5): the two exact forms agree at random rational
// points, the score is the derivative of log h, and C.5(b)'s central-cell property holds pointwise.
#include "dpsi/density/smoothed_lattice.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/generators.h"

namespace dpsi::density {
namespace {

Ball scaled(const Ball& x, long bits) {
  Ball result = x;
  arb_mul_2exp_si(result.raw(), result.raw(), -bits);
  return result;
}

rc::Gen<Rational> lattice_spacing() { return rc::gen::element(Rational(1, 20), Rational(1, 10), Rational(1, 2)); }

RC_GTEST_PROP(SmoothedLattice, FormsAgree, ()) {
  const Rational delta = *lattice_spacing();
  const Rational kappa = *testing::rational_in(delta / 8, Rational(2));
  const Rational t = *testing::rational_in(Rational(-4), Rational(4));
  const int b = *rc::gen::inRange(0, 2);
  const PrecisionScope scope(192);
  const SmoothedLattice lattice = lattice_form(b, Ball(kappa), Ball(t), delta);
  const SmoothedLattice theta = theta_form(b, Ball(kappa), Ball(t), delta);
  RC_ASSERT(le(abs(lattice.density - theta.density), scaled(abs(theta.density), 120)) == Certainty::kTrue);
  RC_ASSERT(le(abs(lattice.score - theta.score), scaled(max(Ball(1), abs(theta.score)), 120)) == Certainty::kTrue);
}

// psi_b = d/dt log h_b: a symmetric difference quotient of log h (h = 2^-30) matches within
// h^2 max|(log h)'''| / 6 + rounding, far below the 2^-20 allowed for these parameters.
RC_GTEST_PROP(SmoothedLattice, ScoreIsDerivativeOfLogDensity, ()) {
  const Rational delta = *lattice_spacing();
  const Rational kappa = *testing::rational_in(delta / 2, Rational(1));
  const Rational t = *testing::rational_in(Rational(-2), Rational(2));
  const int b = *rc::gen::inRange(0, 2);
  const PrecisionScope scope(256);
  const Rational h(1, Integer(1) << 30);
  const Ball up = log(theta_form(b, Ball(kappa), Ball(Rational(t + h)), delta).density);
  const Ball down = log(theta_form(b, Ball(kappa), Ball(Rational(t - h)), delta).density);
  const Ball quotient = (up - down) / Ball(Rational(2 * h));
  const Ball score = lattice_form(b, Ball(kappa), Ball(t), delta).score;
  RC_ASSERT(within(quotient, score, Ball(Rational(1, 1 << 20))) == Certainty::kTrue);
}

// C.5(b) at points: m_b(t) and mu(t) lie in one closed cell [k delta/2, (k+1) delta/2], so
// |r_b| <= delta/2 and |m_0 - m_1| <= delta/2.
RC_GTEST_PROP(SmoothedLattice, CentralCellAtPoints, ()) {
  const Rational delta = *lattice_spacing();
  const Rational kappa = *testing::rational_in(delta / 8, Rational(2));
  const Rational t = *testing::rational_in(Rational(-4), Rational(4));
  const Ball mu = Ball(t) / (Ball(1) + sqr(Ball(kappa)));
  const Ball m0 = lattice_form(0, Ball(kappa), Ball(t), delta).posterior_mean;
  const Ball m1 = lattice_form(1, Ball(kappa), Ball(t), delta).posterior_mean;
  const Ball half_cell(Rational(delta / 2));
  RC_ASSERT(le(abs(m0 - mu), half_cell) == Certainty::kTrue);
  RC_ASSERT(le(abs(m1 - mu), half_cell) == Certainty::kTrue);
  RC_ASSERT(le(abs(m0 - m1), half_cell) == Certainty::kTrue);
}

TEST(SmoothedLattice, SymmetricAtZero) {
  // Lambda_b = -Lambda_b, so h_b is even, psi_b(0) = 0 and m_b(0) = 0 (both forms).
  const Rational delta(1, 20);
  for (int b = 0; b < 2; ++b) {
    const SmoothedLattice lattice = lattice_form(b, Ball(Rational(1, 100)), Ball(0), delta);
    const SmoothedLattice theta = theta_form(b, Ball(Rational(1, 100)), Ball(0), delta);
    EXPECT_TRUE(lattice.score.contains(Rational(0)));
    EXPECT_TRUE(theta.score.contains(Rational(0)));
    EXPECT_TRUE(lattice.posterior_mean.contains(Rational(0)));
  }
  EXPECT_THROW(lattice_form(2, Ball(1), Ball(0), delta), std::invalid_argument);
  EXPECT_THROW(theta_form(0, Ball(0), Ball(0), delta), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::density
