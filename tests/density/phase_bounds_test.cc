// Tests for dpsi/density/phase_bounds.h: each constant against an independent MPFR computation of
// the defining series (direct sums, no log1p/expm1, no certified remainders), and the input checks.
#include "dpsi/density/phase_bounds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "dpsi/numeric/reference_ball.h"
#include "dpsi/numeric/reference_real.h"

namespace dpsi::density {
namespace {

struct Reference {
  ReferenceReal v, q_v, theta_v, theta_1, s1_v, xi, ratio_lower, ratio_upper, r_minus, r_plus, rho, tv_bound;
};

ReferenceReal to_reference(const Rational& value) {
  ReferenceReal result;
  mpfr_set_q(result.backend().data(), value.backend().data(), MPFR_RNDN);
  return result;
}

// Direct sums to 60 terms: the omitted terms are below q^3721, far under 2^-333 for every case here.
Reference reference(const Rational& kappa, const Rational& delta, int m) {
  using boost::multiprecision::exp;
  using boost::multiprecision::pow;
  const ReferenceReal pi = boost::math::constants::pi<ReferenceReal>();
  const ReferenceReal k = to_reference(kappa);
  const ReferenceReal d = to_reference(delta);
  Reference r;
  r.v = k * k / (1 + k * k);
  r.q_v = exp(-2 * pi * pi * r.v / (d * d));
  const ReferenceReal q_1 = exp(-2 * pi * pi / (d * d));
  r.theta_v = 0;
  r.theta_1 = 0;
  r.s1_v = 0;
  for (int j = 1; j <= 60; ++j) {
    r.theta_v += 2 * pow(r.q_v, j * j);
    r.theta_1 += 2 * pow(q_1, j * j);
    r.s1_v += j * pow(r.q_v, j * j);
  }
  r.xi = 4 * pi * r.s1_v / (d * (1 + k * k) * (1 - r.theta_v));
  r.ratio_lower = (1 - r.theta_v) / (1 + r.theta_1);
  r.ratio_upper = (1 + r.theta_v) / (1 - r.theta_1);
  r.r_minus = pow(r.ratio_lower, m);
  r.r_plus = pow(r.ratio_upper, m);
  r.rho = r.r_plus / r.r_minus - 1;
  r.tv_bound = std::min(ReferenceReal(1 - r.r_minus), ReferenceReal(r.r_plus - 1));
  return r;
}

// The reference quantities rho, 1 - r_minus and r_plus - 1 are differences of numbers near 1 and
// lose log2(1/value) bits of the reference's 333: compare them at 2^-(333 - 260) for the smallest
// rho here (~1e-74, 245 bits lost); the other fields at 2^-300.
TEST(PhaseBounds, MatchesDirectMpfrSeries) {
  const Rational delta(1, 20);
  for (const Rational& ratio : {Rational(1, 2), Rational(3, 5), Rational(3, 4), Rational(1), Rational(3, 2),
                                Rational(3)}) {
    const Rational kappa = ratio * delta;
    const PrecisionScope scope(512);
    const PhaseBounds bounds = phase_bounds(Ball(kappa), delta, 16);
    const Reference r = reference(kappa, delta, 16);
    SCOPED_TRACE(to_decimal(ratio, 4));
    EXPECT_TRUE(encloses_reference(bounds.v, r.v, 300));
    EXPECT_TRUE(encloses_reference(bounds.q_v, r.q_v, 300));
    EXPECT_TRUE(encloses_reference(bounds.theta_v, r.theta_v, 300));
    EXPECT_TRUE(encloses_reference(bounds.theta_1, r.theta_1, 300));
    EXPECT_TRUE(encloses_reference(bounds.s1_v, r.s1_v, 300));
    EXPECT_TRUE(encloses_reference(bounds.xi, r.xi, 300));
    EXPECT_TRUE(encloses_reference(bounds.ratio_lower, r.ratio_lower, 300));
    EXPECT_TRUE(encloses_reference(bounds.ratio_upper, r.ratio_upper, 300));
    EXPECT_TRUE(encloses_reference(bounds.r_minus, r.r_minus, 300));
    EXPECT_TRUE(encloses_reference(bounds.r_plus, r.r_plus, 300));
    EXPECT_TRUE(encloses_reference(bounds.rho, r.rho, 60));
    EXPECT_TRUE(encloses_reference(bounds.tv_bound, r.tv_bound, 60));
    // Relative accuracy survives for the tiny quantities (log1p/expm1): at least 200 bits.
    EXPECT_GE(bounds.rho.rel_accuracy_bits(), 200);
    EXPECT_GE(bounds.tv_bound.rel_accuracy_bits(), 200);
  }
}

// Two rows of spec C.5's table (delta = 1/20, m = 16) at their printed 4 digits.
TEST(PhaseBounds, SpecTableRows) {
  const Rational delta(1, 20);
  const PhaseBounds row_06 = phase_bounds(Ball(Rational(3, 5) * delta), delta, 16);
  EXPECT_NEAR(row_06.q_v.mid_double(), 8.253e-4, 0.5e-7);
  EXPECT_NEAR(row_06.xi.mid_double(), 0.2076, 0.5e-4);
  EXPECT_NEAR(row_06.rho.mid_double(), 5.424e-2, 0.5e-5);
  EXPECT_NEAR(row_06.tv_bound.mid_double(), 2.609e-2, 0.5e-5);
  const PhaseBounds row_1 = phase_bounds(Ball(delta), delta, 16);
  EXPECT_NEAR(row_1.theta_v.mid_double(), 5.621e-9, 0.5e-12);
  EXPECT_NEAR(row_1.tv_bound.mid_double(), 8.993e-8, 0.5e-11);
}

// An interval kappa gives an enclosure containing the point values at its ends.
TEST(PhaseBounds, IntervalKappaEnclosesEndpoints) {
  const Rational delta(1, 20);
  const Ball kappa = Ball::interval(Rational(3, 100), Rational(31, 1000));
  const PhaseBounds wide = phase_bounds(kappa, delta, 16);
  for (const Rational& end : {Rational(3, 100), Rational(31, 1000)}) {
    const PhaseBounds point = phase_bounds(Ball(end), delta, 16);
    EXPECT_TRUE(wide.xi.contains(point.xi));
    EXPECT_TRUE(wide.rho.contains(point.rho));
    EXPECT_TRUE(wide.tv_bound.contains(point.tv_bound));
  }
}

TEST(PhaseBounds, RejectsBadInput) {
  const Rational delta(1, 20);
  EXPECT_THROW(phase_bounds(Ball(0), delta, 16), std::invalid_argument);
  EXPECT_THROW(phase_bounds(Ball(Rational(1, 20)), Rational(0), 16), std::invalid_argument);
  EXPECT_THROW(phase_bounds(Ball(Rational(1, 20)), delta, 0), std::invalid_argument);
  // kappa = delta/10: v ~ delta^2/100, q_v ~ 0.82, Theta(v) > 1.
  EXPECT_THROW(phase_bounds(Ball(Rational(1, 200)), delta, 16), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::density
