// The analytic oracle of C.8 in double against the certified (Ball) routes it must agree with:
// psi_b by the lattice form of dpsi/density/smoothed_lattice.h, the vertex score by
// VertexMixture::component_score of the orthant seed, s_large by its C.6 formula in ball arithmetic;
// and the regime switch at kappa*.
#include "dpsi/diffusion/oracle_score.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"

namespace dpsi::diffusion {
namespace {

Instance small_instance() {
  ParameterValues values = ParameterValues::defaults();
  values.n = 4;
  values.m = 4;
  return Instance::from(values);
}

// |double - ball| <= tolerance * scale, the ball's own radius included.
void expect_close(double value, const Ball& exact, double scale, const char* what) {
  const double distance = std::max(std::abs(value - exact.lower_double()), std::abs(value - exact.upper_double()));
  EXPECT_LE(distance, 1e-12 * scale) << what << ": double " << value << " vs ball " << exact.str(20);
}

TEST(LatticeScore, AgreesWithTheBallLatticeFormAcrossTheVertexRegime) {
  const PrecisionScope scope(128);
  const Rational delta(1, 20);
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 300; ++trial) {
    const int b = trial % 2;
    const double kappa = 1e-3 * std::pow(100.0, unit(engine));  // tau .. kappa* = 0.1
    const double t = (unit(engine) - 0.5) * 8;                  // most of the envelope, both signs
    const double value = lattice_score(b, kappa, t, 0.05);
    const density::SmoothedLattice exact = density::lattice_form(b, Ball(Rational(kappa)), Ball(Rational(t)), delta);
    const double scale = std::abs(t) / (1 + kappa * kappa) + 0.05 / (kappa * kappa);
    expect_close(value, exact.score, scale, "psi_b");
  }
}

TEST(LatticeScore, FalseTwinThePhaseMatters) {
  // At the midpoint between two points of Lambda_0 (a point of Lambda_1), at small kappa the two
  // scores differ by about (delta/2)/kappa^2: swapping b is detectable, which the smoke checks rely on.
  const double kappa = 0.005;
  const double t = 0.025 + 0.002;
  EXPECT_GT(std::abs(lattice_score(0, kappa, t, 0.05) - lattice_score(1, kappa, t, 0.05)), 0.02 / (kappa * kappa));
}

TEST(LatticeScore, BadInputThrows) {
  EXPECT_THROW(lattice_score(2, 0.1, 0, 0.05), std::invalid_argument);
  EXPECT_THROW(lattice_score(0, 0, 0, 0.05), std::invalid_argument);
  EXPECT_THROW(lattice_score(0, 0.1, std::nan(""), 0.05), std::invalid_argument);
  EXPECT_THROW(lattice_score(0, 0.1, 0, -1), std::invalid_argument);
}

TEST(AnalyticOracleScore, VertexScoreIsTheComponentScoreOfTheOrthantSeed) {
  const PrecisionScope scope(128);
  const Instance instance = small_instance();
  const AnalyticOracleScore oracle(instance);
  const density::VertexMixture mixture(instance);
  std::mt19937_64 engine(11);
  std::normal_distribution<double> normal(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    const double kappa = 0.002 + 0.002 * trial;  // up to 0.08 < kappa*
    std::vector<double> x(8);
    std::vector<Ball> x_ball;
    std::uint64_t orthant = 0;
    for (int j = 0; j < 8; ++j) {
      x[static_cast<std::size_t>(j)] = j < 4 ? (trial % 3 == 0 ? 0.3 : 1.0) * normal(engine) : normal(engine);
      x_ball.emplace_back(Rational(x[static_cast<std::size_t>(j)]));
      if (j < 4) orthant = (orthant << 1) | (x[static_cast<std::size_t>(j)] > 0 ? 1U : 0U);
    }
    std::vector<double> score(8);
    oracle.vertex_score(kappa, x, score);
    const std::vector<Ball> exact = mixture.component_score(x_ball, Ball(Rational(kappa)), orthant);
    for (std::size_t k = 0; k < 8; ++k) {
      const double scale = (std::abs(x[k]) + 1 + 0.05) / (kappa * kappa);
      expect_close(score[k], exact[k], scale, k < 4 ? "seed coordinate" : "f-coordinate");
    }
  }
}

TEST(AnalyticOracleScore, LargeNoiseScoreIsTheC6Formula) {
  const PrecisionScope scope(128);
  const Instance instance = small_instance();
  const AnalyticOracleScore oracle(instance);
  std::mt19937_64 engine(13);
  std::normal_distribution<double> normal(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    const double kappa = 0.1 + 0.1 * trial;
    std::vector<double> x(8);
    for (double& value : x) value = 2 * normal(engine);
    std::vector<double> score(8);
    oracle.large_noise_score(kappa, x, score);
    const Ball kappa2 = Ball(Rational(kappa)) * Ball(Rational(kappa));
    for (std::size_t k = 0; k < 8; ++k) {
      const Ball xk(Rational(x[k]));
      const Ball exact = k < 4 ? (-xk + tanh(xk / kappa2)) / kappa2 : -xk / (Ball(1) + kappa2);  // a = 1
      expect_close(score[k], exact, (std::abs(x[k]) + 1) / (kappa * kappa), "s_large");
    }
  }
}

TEST(AnalyticOracleScore, EvaluateSwitchesAtKappaStarAndChecksSizes) {
  const Instance instance = small_instance();
  const AnalyticOracleScore oracle(instance);
  EXPECT_TRUE(oracle.vertex_regime(0.0999));   // kappa^2 = 1e-6 + 0.00998 < 0.01
  EXPECT_FALSE(oracle.vertex_regime(0.1));     // kappa^2 = 0.010001 > 0.01
  const std::vector<double> x = {0.9, -1.1, 1.0, -0.95, 0.01, -0.3, 0.7, 0.02};
  std::vector<double> via_evaluate(8);
  std::vector<double> direct(8);
  oracle.evaluate(0.05, x, 1, via_evaluate);
  oracle.vertex_score(oracle.kappa_of(0.05), x, direct);
  EXPECT_EQ(via_evaluate, direct);
  oracle.evaluate(0.5, x, 1, via_evaluate);
  oracle.large_noise_score(oracle.kappa_of(0.5), x, direct);
  EXPECT_EQ(via_evaluate, direct);
  std::vector<double> short_scores(7);
  EXPECT_THROW(oracle.evaluate(0.5, x, 1, short_scores), std::invalid_argument);
  EXPECT_THROW(oracle.evaluate(0, x, 1, via_evaluate), std::invalid_argument);
}

TEST(AnalyticOracleScore, ImageOfSignsIsFOfTheOrthant) {
  const Instance instance = Instance::defaults();
  const AnalyticOracleScore oracle(instance);
  const owf::OneWayFunction f(16, 16);
  std::mt19937_64 engine(17);
  std::normal_distribution<double> normal(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> x(16);
    owf::Bits signs(16);
    for (std::size_t j = 0; j < 16; ++j) {
      x[j] = normal(engine);
      signs[j] = x[j] > 0 ? 1 : 0;
    }
    EXPECT_EQ(oracle.image_of_signs(x), f(signs));
  }
}

}  // namespace
}  // namespace dpsi::diffusion
