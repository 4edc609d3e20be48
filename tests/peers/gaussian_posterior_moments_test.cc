// Each practical sampler against the closed-form posterior of a one-dimensional Gaussian problem:
// prior N(1, 1), y = x + 0.5 n observed as y = 3, posterior N(2.6, 0.2). Draws of a sampler must match
// the posterior mean and variance within the tolerance of moment_check.h: a 6-sigma CLT radius
// (false-failure probability 2.0e-9 per inequality, two inequalities per comparison, at most two
// comparisons per test: < 1e-8 per test) plus a bias allowance, computed in closed form from the
// sampler's own linear-Gaussian chain where it is one (PiGDM, annealed Langevin, TDS's discretized
// model) and measured once, with the measurement stated, otherwise (DPS, TDS's finite-K part).
// Twins: the same sampler solving the problem for a wrong observation (y = 1.5: posterior mean 1.4,
// 1.2 away) fails the same tolerance, so none of these tests passes for a sampler that ignores y.
// Sample sizes: 4000 draws (2000 for Langevin at its 6933 steps per draw) make the mean radius
// ~0.04, a fifth of the posterior's standard deviation, while the binary runs in a few seconds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "dpsi/peers/ddim_transition.h"
#include "dpsi/peers/dps_sampler.h"
#include "dpsi/peers/langevin_sampler.h"
#include "dpsi/peers/pigdm_sampler.h"
#include "dpsi/peers/tds_sampler.h"
#include "gaussian_chain_oracle.h"
#include "gaussian_test_prior.h"
#include "moment_check.h"

namespace dpsi::peers {
namespace {

using testing::Moments;
using testing::ScalarProblem;

constexpr ScalarProblem kProblem{1.0, 1.0, 1.0, 3.0, 0.5};
constexpr double kWrongY = 1.5;

const testing::IsotropicGaussianPrior& prior() {
  static const testing::IsotropicGaussianPrior instance({kProblem.prior_mean}, kProblem.prior_variance);
  return instance;
}

LinearMeasurement measurement(double y) { return LinearMeasurement(1, 1, {kProblem.a}, {y}, kProblem.sigma_y); }

testing::SampleSummary draw_summary(const PeerSampler& sampler, double y, std::size_t n, std::uint64_t seed) {
  const LinearMeasurement problem = measurement(y);
  return testing::summarize(testing::scalar_draws(n, seed, [&](sampling::RandomSource& source) {
    return sampler.sample(prior(), problem, source).x[0];
  }));
}

Moments difference(const Moments& law, const Moments& target) {
  return {std::abs(law.mean - target.mean), std::abs(law.variance - target.variance)};
}

TEST(DdimTransition, EtaOneIsTheDdpmPosteriorAndEtaZeroIsDeterministic) {
  const VpSchedule schedule = VpSchedule::defaults();
  for (const auto& [t, s] : std::vector<std::pair<std::size_t, std::size_t>>{{1000, 999}, {1000, 990}, {500, 250}, {2, 1}, {1, 0}, {40, 0}}) {
    const DdimTransition ddim = ddim_transition(schedule, t, s, 1.0);
    const testing::DdpmStep ddpm = testing::ddpm_step(schedule, t, s);
    EXPECT_NEAR(ddim.x0hat_coefficient, ddpm.on_x0hat, 1e-12) << t << " -> " << s;
    EXPECT_NEAR(ddim.state_coefficient, ddpm.on_state, 1e-12) << t << " -> " << s;
    EXPECT_NEAR(ddim.stddev * ddim.stddev, ddpm.variance, 1e-12 * (1 + ddpm.variance)) << t << " -> " << s;
    const DdimTransition deterministic = ddim_transition(schedule, t, s, 0.0);
    EXPECT_EQ(deterministic.stddev, 0.0);
    // eta = 0 keeps the predicted noise: x_s = a_s x0hat + sqrt(v_s) (x_t - a_t x0hat) / sqrt(v_t).
    EXPECT_NEAR(deterministic.state_coefficient, std::sqrt(schedule.v(s) / schedule.v(t)), 1e-12);
  }
  EXPECT_THROW(ddim_transition(schedule, 5, 5, 1.0), std::invalid_argument);
  EXPECT_THROW(ddim_transition(schedule, 1001, 5, 1.0), std::invalid_argument);
  EXPECT_THROW(ddim_transition(schedule, 5, 1, 1.5), std::invalid_argument);
}

// ---- PiGDM: exact guidance for a Gaussian prior with matching data_variance; the DDIM discretization
// bias is the difference between the chain's exact law (oracle) and the posterior.
TEST(PigdmSampler, MatchesTheGaussianPosteriorWithinItsComputedDiscretizationBias) {
  const PigdmOptions options;  // published defaults: 100 steps, eta 1, weight 1, data_variance 1 (= prior's v)
  const PigdmSampler sampler(options);
  const VpSchedule schedule = VpSchedule::defaults();
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const Moments law = testing::pigdm_output_law(schedule, schedule.descending_steps(options.steps), kProblem, 1.0, 1.0);
  const Moments bias = difference(law, posterior);
  // Near-exact: the guidance is exact for this prior, so the mean is right (2.59998) and only the
  // variance lost by 100 "fixed small" DDPM steps remains (0.1731 instead of 0.2: each coarse step
  // drops Cov[x0 | x_t, y]); it shrinks with the step count (1000 steps: see the bound below).
  EXPECT_LT(bias.mean, 1e-3);
  EXPECT_LT(bias.variance, 0.03);
  const Moments fine = testing::pigdm_output_law(schedule, schedule.descending_steps(1000), kProblem, 1.0, 1.0);
  EXPECT_LT(difference(fine, posterior).variance, bias.variance / 4);
  const testing::SampleSummary draws = draw_summary(sampler, kProblem.y, 4000, 101);
  EXPECT_TRUE(testing::matches_moments(draws, posterior, bias));
  EXPECT_TRUE(testing::matches_moments(draws, law, {0, 0}));  // and its own exact law, without allowance
}

TEST(PigdmSampler, TwinForAWrongObservationFailsTheSameTolerance) {
  const PigdmSampler sampler{PigdmOptions{}};
  const VpSchedule schedule = VpSchedule::defaults();
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const Moments bias = difference(testing::pigdm_output_law(schedule, schedule.descending_steps(100), kProblem, 1.0, 1.0), posterior);
  EXPECT_FALSE(testing::matches_moments(draw_summary(sampler, kWrongY, 4000, 101), posterior, bias));
}

// ---- Annealed Langevin at the published defaults (6933 score calls per draw): the chain is
// linear-Gaussian, so its bias (annealed likelihood variance sigma_y^2 + sigma_L^2, plus the lag of a
// finite chain) is computed exactly.
TEST(LangevinSampler, MatchesTheGaussianPosteriorWithinItsComputedAnnealingBias) {
  const LangevinOptions options;
  const LangevinSampler sampler(options);
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const Moments law = testing::langevin_output_law(options.sigma_first, options.sigma_last, options.levels,
                                                   options.steps_per_level, options.epsilon, kProblem);
  const Moments bias = difference(law, posterior);
  // The chain's law is N(2.5720, 0.2105): mean bias -0.028, variance bias +0.0105. Almost all of it is
  // the lag of the finite chain (at the last levels eta ~ 1e-6, too small to re-equilibrate); the
  // annealed target's own bias at sigma_L (likelihood variance sigma_y^2 + sigma_L^2, prior smoothed by
  // sigma_L^2) is ~ sigma_L^2 = 4e-5, checked here in closed form.
  const double s2 = options.sigma_last * options.sigma_last;
  const Moments annealed = testing::gaussian_posterior({kProblem.prior_mean, kProblem.prior_variance + s2}, kProblem.a,
                                                       kProblem.y, std::sqrt(kProblem.sigma_y * kProblem.sigma_y + s2));
  EXPECT_LT(difference(annealed, posterior).mean, 1e-4);
  EXPECT_LT(difference(annealed, posterior).variance, 1e-4);
  EXPECT_LT(bias.mean, 0.04);
  EXPECT_LT(bias.variance, 0.02);
  const testing::SampleSummary draws = draw_summary(sampler, kProblem.y, 2000, 202);
  EXPECT_TRUE(testing::matches_moments(draws, posterior, bias));
  EXPECT_TRUE(testing::matches_moments(draws, law, {0, 0}));
}

TEST(LangevinSampler, TwinForAWrongObservationFailsTheSameTolerance) {
  const LangevinOptions options;
  const LangevinSampler sampler(options);
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const Moments bias = difference(testing::langevin_output_law(options.sigma_first, options.sigma_last, options.levels,
                                                               options.steps_per_level, options.epsilon, kProblem),
                                  posterior);
  EXPECT_FALSE(testing::matches_moments(draw_summary(sampler, kWrongY, 1000, 202), posterior, bias));
}

// ---- TDS: targets the posterior of the discretized model (computed exactly: N(2.5730, 0.1966) for
// 100 steps), plus a finite-K bias. 100 steps instead of 1000 keep the test fast; the model posterior
// is the K -> infinity target for any step count and the oracle accounts for it.
// Finite-K bias at the default K = 4, measured once (PeerSamplerBias.DISABLED_MeasureOnce, 40000
// draws): mean -0.0527 (standard error 0.0022), variance -0.0036 (0.0014); it falls like 1/K
// (K = 1: -0.228, K = 16: -0.016 +- 0.007, K = 64: +0.009 +- 0.014) as the SMC theory says: the twist's
// variance sigma_y^2 + sigma_t^2 is far flatter than the exact sigma_y^2 + v sigma_t^2/(v + sigma_t^2)
// at large t, so the proposal under-guides early and the weights must correct it late.
// Allowance = model bias (computed) + (0.065, 0.01) (the measured particle bias plus > 5 standard errors).
constexpr Moments kTdsParticleBiasAllowance{0.065, 0.01};

Moments tds_allowance(const Moments& posterior, std::size_t steps) {
  const VpSchedule schedule = VpSchedule::defaults();
  const Moments model = testing::ddpm_model_posterior(schedule, schedule.descending_steps(steps), kProblem);
  const Moments model_bias = difference(model, posterior);
  return {model_bias.mean + kTdsParticleBiasAllowance.mean, model_bias.variance + kTdsParticleBiasAllowance.variance};
}

TEST(TdsSampler, MatchesTheGaussianPosteriorWithinModelBiasAndMeasuredParticleBias) {
  TdsOptions options;
  options.steps = 100;
  const TdsSampler sampler(options);
  const Moments posterior = testing::gaussian_posterior(kProblem);
  EXPECT_TRUE(testing::matches_moments(draw_summary(sampler, kProblem.y, 4000, 303), posterior,
                                       tds_allowance(posterior, options.steps)));
}

TEST(TdsSampler, TwinForAWrongObservationFailsTheSameTolerance) {
  TdsOptions options;
  options.steps = 100;
  const TdsSampler sampler(options);
  const Moments posterior = testing::gaussian_posterior(kProblem);
  EXPECT_FALSE(testing::matches_moments(draw_summary(sampler, kWrongY, 4000, 303), posterior,
                                        tds_allowance(posterior, options.steps)));
}

// ---- DPS at the published defaults (1000 steps, scale 0.5). Biased even for a Gaussian, and the bias
// is explained: near t = 0 the normalized step scale J^T A^T r / ||r|| has length ~ scale |A| whatever
// the residual, i.e. DPS does sign-gradient descent on |y - A x0hat| and never uses sigma_y. Its output
// therefore centres on the maximum-likelihood point y / A = 3 (not the posterior mean 2.6) and spreads
// like the last oscillation, ~ Uniform(3 - scale, 3 + scale) of variance scale^2 / 3 = 1/12 (not 0.2).
// Measured once (40000 draws): mean 3.0014 (se 0.0015), variance 0.0836 (se 0.0004), i.e. bias
// +0.401 and -0.116. Allowance = (0.42, 0.125): the measured bias plus > 13 and > 20 standard errors.
constexpr Moments kDpsBiasAllowance{0.42, 0.125};

TEST(DpsSampler, MatchesTheGaussianPosteriorWithinItsMeasuredBias) {
  const DpsSampler sampler{DpsOptions{}};
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const testing::SampleSummary draws = draw_summary(sampler, kProblem.y, 4000, 404);
  EXPECT_TRUE(testing::matches_moments(draws, posterior, kDpsBiasAllowance));
  // The explanation, checked: mean y / A and variance scale^2 / 3 (within 0.01 of each plus the radius).
  EXPECT_TRUE(testing::matches_moments(draws, {kProblem.y / kProblem.a, 0.25 / 3}, {0.01, 0.01}));
}

TEST(DpsSampler, TwinForAWrongObservationFailsTheSameTolerance) {
  const DpsSampler sampler{DpsOptions{}};
  const Moments posterior = testing::gaussian_posterior(kProblem);
  EXPECT_FALSE(testing::matches_moments(draw_summary(sampler, kWrongY, 4000, 404), posterior, kDpsBiasAllowance));
}

// How the measured allowances were obtained (run with --gtest_also_run_disabled_tests; ~1 min).
TEST(PeerSamplerBias, DISABLED_MeasureOnce) {
  const Moments posterior = testing::gaussian_posterior(kProblem);
  const VpSchedule schedule = VpSchedule::defaults();
  for (std::size_t steps : {100, 200, 1000}) {
    TdsOptions options;
    options.steps = steps;
    const Moments model = testing::ddpm_model_posterior(schedule, schedule.descending_steps(steps), kProblem);
    const testing::SampleSummary draws = draw_summary(TdsSampler(options), kProblem.y, steps == 1000 ? 10000 : 40000, 9);
    std::printf("tds K = 4, %zu steps: model posterior %.5f %.5f, draws %.5f %.5f (se %.5f %.5f)\n", steps, model.mean,
                model.variance, draws.mean, draws.variance, draws.mean_radius() / 6, draws.variance_radius() / 6);
  }
  for (std::size_t particles : {1, 16, 64}) {
    TdsOptions options;
    options.steps = 100;
    options.particles = particles;
    const Moments model = testing::ddpm_model_posterior(schedule, schedule.descending_steps(100), kProblem);
    const testing::SampleSummary draws = draw_summary(TdsSampler(options), kProblem.y, 64000 / particles, 9);
    std::printf("tds K = %zu, 100 steps: model posterior %.5f %.5f, draws %.5f %.5f (se %.5f %.5f)\n", particles, model.mean,
                model.variance, draws.mean, draws.variance, draws.mean_radius() / 6, draws.variance_radius() / 6);
  }
  const testing::SampleSummary dps = draw_summary(DpsSampler(DpsOptions{}), kProblem.y, 40000, 9);
  std::printf("dps defaults: draws %.5f %.5f (se %.5f %.5f) vs posterior %.5f %.5f\n", dps.mean, dps.variance,
              dps.mean_radius() / 6, dps.variance_radius() / 6, posterior.mean, posterior.variance);
}

}  // namespace
}  // namespace dpsi::peers
