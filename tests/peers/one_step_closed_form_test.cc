// Each sampler's update rule in d = 3 with a general 2 x 3 matrix A, against its formula evaluated
// independently here (the one-dimensional moment tests cannot tell A from A^T). With one step (one
// level for Langevin) the output is a closed-form function of the sampler's normals, which the test
// regenerates from the same seed in the same order (the RandomSource contract). Deterministic: the
// tolerance 1e-9 (relative to the size of the numbers, ~1..10) covers only rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dpsi/peers/dps_sampler.h"
#include "dpsi/peers/langevin_sampler.h"
#include "dpsi/peers/pigdm_sampler.h"
#include "dpsi/peers/tds_sampler.h"
#include "dpsi/sampling/normal.h"
#include "gaussian_chain_oracle.h"
#include "gaussian_test_prior.h"

namespace dpsi::peers {
namespace {

using Vector = std::vector<double>;

constexpr std::size_t kD = 3;
constexpr std::size_t kM = 2;
const Vector kMatrix{1.0, 2.0, 0.0, 0.0, -1.0, 3.0};  // rows (1, 2, 0) and (0, -1, 3)
const Vector kY{0.5, -1.0};
constexpr double kSigmaY = 0.3;
const Vector kPriorMean{0.5, -1.0, 2.0};
constexpr double kPriorVariance = 1.5;
constexpr std::uint64_t kSeed = 77;

const testing::IsotropicGaussianPrior& prior() {
  static const testing::IsotropicGaussianPrior instance(kPriorMean, kPriorVariance);
  return instance;
}
const LinearMeasurement& measurement() {
  static const LinearMeasurement instance(static_cast<int>(kM), static_cast<int>(kD), kMatrix, kY, kSigmaY);
  return instance;
}

Vector times_a(const Vector& x) {
  return {kMatrix[0] * x[0] + kMatrix[1] * x[1] + kMatrix[2] * x[2], kMatrix[3] * x[0] + kMatrix[4] * x[1] + kMatrix[5] * x[2]};
}
Vector times_a_transpose(const Vector& r) {
  return {kMatrix[0] * r[0] + kMatrix[3] * r[1], kMatrix[1] * r[0] + kMatrix[4] * r[1], kMatrix[2] * r[0] + kMatrix[5] * r[1]};
}
Vector residual(const Vector& x) {
  const Vector fitted = times_a(x);
  return {kY[0] - fitted[0], kY[1] - fitted[1]};
}
// (c A A^T + s I)^{-1} r by Cramer's rule on the 2 x 2 matrix.
Vector solve_shifted_gram(double c, double s, const Vector& r) {
  const double g00 = kMatrix[0] * kMatrix[0] + kMatrix[1] * kMatrix[1] + kMatrix[2] * kMatrix[2];
  const double g01 = kMatrix[0] * kMatrix[3] + kMatrix[1] * kMatrix[4] + kMatrix[2] * kMatrix[5];
  const double g11 = kMatrix[3] * kMatrix[3] + kMatrix[4] * kMatrix[4] + kMatrix[5] * kMatrix[5];
  const double m00 = c * g00 + s;
  const double m01 = c * g01;
  const double m11 = c * g11 + s;
  const double det = m00 * m11 - m01 * m01;
  return {(m11 * r[0] - m01 * r[1]) / det, (m00 * r[1] - m01 * r[0]) / det};
}
// E[x0 | z] for the prior N(mu, v I) and z = x0 + sigma N(0, I).
Vector denoised(const Vector& z, double sigma) {
  const double s2 = sigma * sigma;
  Vector out(kD);
  for (std::size_t i = 0; i < kD; ++i) out[i] = (kPriorVariance * z[i] + s2 * kPriorMean[i]) / (kPriorVariance + s2);
  return out;
}
Vector normals(sampling::RandomSource& source) {
  Vector out(kD);
  sampling::fill_standard_normals(source, out);
  return out;
}
void expect_close(const Vector& actual, const Vector& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-9 * (1 + std::abs(expected[i]))) << i;
}

TEST(OneStepClosedForm, PigdmWithMatchingDataVarianceOutputsTheExactConditionalMean) {
  // One step from x_N: x0hat' = E[x0 | z_N, y] = m + r^2 A^T (r^2 A A^T + sigma_y^2 I)^{-1} (y - A m),
  // m = E[x0 | z_N], r^2 = v sigma^2 / (v + sigma^2): Gaussian conditioning, written independently.
  PigdmOptions options;
  options.steps = 1;
  options.data_variance = kPriorVariance;
  sampling::RandomSource source(kSeed);
  const PeerDraw draw = PigdmSampler(options).sample(prior(), measurement(), source);
  const VpSchedule schedule = VpSchedule::defaults();
  sampling::RandomSource replay(kSeed);
  Vector z = normals(replay);
  for (double& value : z) value /= schedule.a(1000);
  const double s2 = schedule.sigma(1000) * schedule.sigma(1000);
  const double r2 = kPriorVariance * s2 / (kPriorVariance + s2);
  const Vector m = denoised(z, schedule.sigma(1000));
  const Vector correction = times_a_transpose(solve_shifted_gram(r2, kSigmaY * kSigmaY, residual(m)));
  Vector expected = m;
  for (std::size_t i = 0; i < kD; ++i) expected[i] += r2 * correction[i];
  expect_close(draw.x, expected);
  EXPECT_EQ(draw.score_calls, 3U);
}

TEST(OneStepClosedForm, DpsAddsTheNormalizedGradientThroughTheTweedieJacobian) {
  // x_0 = x0hat(x_N) + scale J^T A^T r / ||r||, J = d x0hat / d x_N = v / ((v + sigma^2) a_N) I.
  DpsOptions options;
  options.steps = 1;
  options.scale = 0.7;
  sampling::RandomSource source(kSeed);
  const PeerDraw draw = DpsSampler(options).sample(prior(), measurement(), source);
  const VpSchedule schedule = VpSchedule::defaults();
  sampling::RandomSource replay(kSeed);
  Vector z = normals(replay);
  for (double& value : z) value /= schedule.a(1000);
  const double s2 = schedule.sigma(1000) * schedule.sigma(1000);
  const Vector m = denoised(z, schedule.sigma(1000));
  const Vector r = residual(m);
  const double norm = std::hypot(r[0], r[1]);
  const Vector pull = times_a_transpose(r);
  const double jacobian = kPriorVariance / ((kPriorVariance + s2) * schedule.a(1000));
  Vector expected = m;
  for (std::size_t i = 0; i < kD; ++i) expected[i] += 0.7 * jacobian * pull[i] / norm;
  expect_close(draw.x, expected);
}

TEST(OneStepClosedForm, LangevinTakesOneStepOnTheAnnealedPosteriorScore) {
  // x = sigma xi_0;  x + eta [-(x - mu)/(v + sigma^2) + A^T (y - A x)/(sigma_y^2 + sigma^2)] + sqrt(2 eta) xi_1,
  // eta = epsilon (one level: sigma_1 = sigma_L).
  LangevinOptions options;
  options.levels = 1;
  options.steps_per_level = 1;
  options.sigma_first = options.sigma_last = 0.8;
  options.epsilon = 0.05;
  sampling::RandomSource source(kSeed);
  const PeerDraw draw = LangevinSampler(options).sample(prior(), measurement(), source);
  sampling::RandomSource replay(kSeed);
  Vector x = normals(replay);
  for (double& value : x) value *= 0.8;
  const Vector noise = normals(replay);
  const Vector pull = times_a_transpose(residual(x));
  Vector expected(kD);
  for (std::size_t i = 0; i < kD; ++i) {
    expected[i] = x[i] + 0.05 * (-(x[i] - kPriorMean[i]) / (kPriorVariance + 0.64) + pull[i] / (kSigmaY * kSigmaY + 0.64)) +
                  std::sqrt(0.1) * noise[i];
  }
  expect_close(draw.x, expected);
  EXPECT_EQ(draw.score_calls, 1U);
}

TEST(OneStepClosedForm, TdsWithOneParticleProposesFromTheTwistedMeanAndOutputsTheTweedieMean) {
  // Timesteps {1000, 1}: x_N = xi_0; twisted x0hat = m + sigma^2 J A^T r / (sigma_y^2 + sigma^2) (J = v/(v+sigma^2));
  // x_1 = DDPM posterior mean from it (Ho et al. coefficients) + its standard deviation xi_1; output
  // x0hat(x_1). The words between: one per systematic resampling (t = 1000 and t = 1) and one for the
  // final choice, none of which can change the single particle.
  TdsOptions options;
  options.steps = 2;
  options.particles = 1;
  sampling::RandomSource source(kSeed);
  const PeerDraw draw = TdsSampler(options).sample(prior(), measurement(), source);
  const VpSchedule schedule = VpSchedule::defaults();
  sampling::RandomSource replay(kSeed);
  const Vector x_n = normals(replay);
  replay.word();  // resampling at t = 1000
  const Vector noise = normals(replay);
  Vector z = x_n;
  for (double& value : z) value /= schedule.a(1000);
  const double s2 = schedule.sigma(1000) * schedule.sigma(1000);
  const Vector m = denoised(z, schedule.sigma(1000));
  const Vector pull = times_a_transpose(residual(m));
  const testing::DdpmStep step = testing::ddpm_step(schedule, 1000, 1);
  Vector z_1(kD);
  for (std::size_t i = 0; i < kD; ++i) {
    const double twisted = m[i] + s2 * kPriorVariance / (kPriorVariance + s2) * pull[i] / (kSigmaY * kSigmaY + s2);
    z_1[i] = (step.on_x0hat * twisted + step.on_state * x_n[i] + std::sqrt(step.variance) * noise[i]) / schedule.a(1);
  }
  expect_close(draw.x, denoised(z_1, schedule.sigma(1)));
  EXPECT_EQ(draw.score_calls, 6U);
  EXPECT_EQ(draw.min_relative_ess, 1.0);
}

}  // namespace
}  // namespace dpsi::peers
