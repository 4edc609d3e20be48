// The enclosed CDF of h_b^(kappa): symmetry, limits, monotonicity, agreement with an independent
// brute-force lattice sum, and with the continuous limit Phi(t/sqrt(1 + kappa^2)) at large kappa
// (where the lattice correction is below 1e-3000 at delta = 1/20, A.2).
#include "dpsi/sampling/blurred_lattice_cdf.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

#include "dpsi/instance/lattice_tails.h"

namespace dpsi::sampling {
namespace {

const Rational kDelta(1, 20);
const Rational kTauSquared(1, 1'000'000);

// sum_{|k| <= 600, k = b mod 2} e^{-w^2/2} Phi((t - w)/kappa) / Z_b, w = k delta/2 (|w| <= 15; the rest
// is below e^{-112}, far under the tolerance used).
Ball brute_force(int b, double t, const Ball& kappa) {
  const Ball z = instance::lattice_normaliser(kDelta, b);
  Ball sum(0);
  for (long k = -600; k <= 600; ++k) {
    if (((k % 2) + 2) % 2 != b) continue;
    const Ball w(Rational(k) * kDelta / 2);
    sum += exp(-sqr(w) / 2) * normal_tail((w - Ball(Rational(t))) / kappa);
  }
  return sum / z;
}

TEST(BlurredLatticeCdf, SymmetricLimitsAndMonotone) {
  const PrecisionScope scope(128);
  for (int b = 0; b <= 1; ++b) {
    const BlurredLatticeCdf cdf(kDelta, b, kTauSquared);
    EXPECT_TRUE(cdf.cdf(0.0).contains(Rational(1, 2))) << b;  // Lambda_b = -Lambda_b
    EXPECT_TRUE(is_certainly_true(lt(cdf.cdf(-12.0), Ball(Rational(1, 1'000'000'000)))));
    EXPECT_TRUE(is_certainly_true(gt(cdf.cdf(12.0), Ball(1) - Ball(Rational(1, 1'000'000'000)))));
    Ball previous = cdf.cdf(-3.0);
    for (double t = -3.0 + 0.0007; t < 3.0; t += 0.0137) {
      const Ball current = cdf.cdf(t);
      EXPECT_NE(le(previous, current), Certainty::kFalse) << t;
      EXPECT_LT(current.radius_double(), 1e-25) << t;
      previous = current;
    }
  }
}

TEST(BlurredLatticeCdf, AgreesWithABruteForceLatticeSum) {
  const PrecisionScope scope(128);
  for (int b = 0; b <= 1; ++b) {
    const BlurredLatticeCdf cdf(kDelta, b, kTauSquared);
    for (const double t : {-2.4751, -0.0251, -0.0249, 0.0, 0.0004, 0.0251, 0.49, 1.3333, 3.07}) {
      EXPECT_TRUE(is_certainly_true(within(cdf.cdf(t), brute_force(b, t, cdf.kappa()), Ball(Rational(1, Integer(1) << 90)))))
          << "b = " << b << ", t = " << t << ": " << cdf.cdf(t).str(20) << " vs " << brute_force(b, t, cdf.kappa()).str(20);
    }
  }
}

TEST(BlurredLatticeCdf, LargeBlurIsTheContinuousGaussian) {
  const PrecisionScope scope(128);
  const Rational kappa_squared(1, 4);
  for (int b = 0; b <= 1; ++b) {
    const BlurredLatticeCdf cdf(kDelta, b, kappa_squared);
    for (const double t : {-1.7, -0.3, 0.1, 0.9, 2.2}) {
      const Ball gaussian = normal_tail(-Ball(Rational(t)) / sqrt(Ball(1) + Ball(kappa_squared)));
      EXPECT_TRUE(is_certainly_true(within(cdf.cdf(t), gaussian, Ball(Rational(1, Integer(1) << 90))))) << t;
    }
  }
}

// A wrong parity is told apart: between lattice points of Lambda_1 the two CDFs differ by about half
// a step, D_0(0)/2 = 0.0099736.
TEST(BlurredLatticeCdf, ParitiesDiffer) {
  const PrecisionScope scope(128);
  const BlurredLatticeCdf even(kDelta, 0, kTauSquared);
  const BlurredLatticeCdf odd(kDelta, 1, kTauSquared);
  const Ball gap = even.cdf(0.01) - odd.cdf(0.01);
  EXPECT_TRUE(is_certainly_true(within(gap, Ball(Rational(9974, 1'000'000)), Ball(Rational(1, 100'000)))));
}

TEST(BlurredLatticeCdf, BadArgumentsThrow) {
  EXPECT_THROW(BlurredLatticeCdf(Rational(0), 0, kTauSquared), std::invalid_argument);
  EXPECT_THROW(BlurredLatticeCdf(kDelta, 2, kTauSquared), std::invalid_argument);
  EXPECT_THROW(BlurredLatticeCdf(kDelta, 0, Rational(0)), std::invalid_argument);
  const BlurredLatticeCdf cdf(kDelta, 0, kTauSquared);
  EXPECT_THROW(cdf.cdf(std::numeric_limits<double>::infinity()), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::sampling
