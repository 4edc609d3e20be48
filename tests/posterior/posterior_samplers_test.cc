// Tests of the posterior module: the fast seed posterior against the certified route (R.4 with
// kappa = nu), the exact sampler's determinism and output shape, the rejection sampler's cap, the
// degraded sampler's garbage rate, and the inverter on the exact sampler.
#include <gtest/gtest.h>

#include <cmath>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/posterior/ancestral_prior_sampler.h"
#include "dpsi/posterior/degraded_sampler.h"
#include "dpsi/posterior/exact_posterior_sampler.h"
#include "dpsi/posterior/inverter.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/posterior/seed_posterior.h"
#include "dpsi/sampling/instance_sampler.h"
#include "proofs-checks/instance_variants.h"

namespace dpsi::posterior {
namespace {

std::vector<double> model_measurement(const Instance& instance, std::uint64_t seed) {
  sampling::RandomSource source(seed);
  const sampling::InstanceSampler sampler(instance);
  return sampling::measure(instance, sampler.draw(source).x, source);
}

// The fast table agrees with VertexMixture::posterior (Arb balls) on weights and log p_Y, on the
// default parameters at n = m = 6 and on the E test instance, for measurements from the model and
// far in the tails.
TEST(SeedPosteriorTable, MatchesCertifiedPosterior) {
  for (const Instance& instance : {checks::with_size(Instance::defaults(), 6, 6), checks::rejection_test_instance()}) {
    const SeedPosteriorTable table(instance);
    const density::VertexMixture mixture(instance);
    const PrecisionScope scope(128);
    for (std::uint64_t trial = 0; trial < 6; ++trial) {
      std::vector<double> y = model_measurement(instance, trial);
      if (trial == 5) y.assign(static_cast<std::size_t>(instance.m()), 7.3);  // far tail: p_Y tiny
      std::vector<Ball> y_balls;
      for (const double value : y) y_balls.emplace_back(Rational(value));
      const density::SeedPosterior exact = mixture.posterior(y_balls);
      const SeedPosteriorValues fast = table(y);
      EXPECT_NEAR(fast.log_evidence, exact.log_evidence.mid_double(), kLogErrorBound) << trial;
      for (std::uint64_t s = 0; s < table.seed_count(); ++s)
        EXPECT_NEAR(fast.weights[s], exact.weights[s].mid_double(), 1e-12) << trial << " seed " << s;
    }
  }
}

TEST(SeedPosteriorTable, RejectsBadMeasurements) {
  const SeedPosteriorTable table(checks::rejection_test_instance());
  EXPECT_THROW(table(std::vector<double>{0.1, 0.2}), std::invalid_argument);
  EXPECT_THROW(table(std::vector<double>{0.1, NAN, 0.2}), std::invalid_argument);
}

TEST(ExactPosteriorSampler, ReproducibleAndConsistentWithItsSeed) {
  const Instance instance = checks::with_size(Instance::defaults(), 6, 6);
  const ExactPosteriorSampler sampler(instance);
  const std::vector<double> y = model_measurement(instance, 11);
  sampling::RandomSource first(5);
  sampling::RandomSource second(5);
  for (int k = 0; k < 20; ++k) {
    const PosteriorDraw a = sampler.sample(y, first);
    const PosteriorDraw b = sampler.sample(y, second);
    ASSERT_EQ(a.x, b.x);
    ASSERT_TRUE(a.latent_seed.has_value());
    ASSERT_EQ(a.x.size(), 12U);
    for (int j = 0; j < 6; ++j) EXPECT_EQ(a.x[static_cast<std::size_t>(j)] > 0, (*a.latent_seed)[static_cast<std::size_t>(j)] == 1);
    // x_F sits within a few nu of y (the posterior of x_F given the seed is that close).
    for (int i = 0; i < 6; ++i) EXPECT_LT(std::abs(a.x[static_cast<std::size_t>(6 + i)] - y[static_cast<std::size_t>(i)]), 0.05);
  }
}

TEST(RejectionSampler, CapGivesFailAndCountsProposals) {
  const Instance instance = checks::rejection_test_instance();
  const AncestralPriorSampler prior(instance);
  const RejectionSampler capped(instance, prior, 3);
  EXPECT_EQ(capped.name(), "rejection");
  sampling::RandomSource source(1);
  // A measurement far from every point the prior reaches: L_y is below e^-1000, so all 3 fail.
  const PosteriorDraw draw = capped.sample(std::vector<double>{40, 40, 40}, source);
  EXPECT_TRUE(draw.failed);
  EXPECT_EQ(draw.proposals, 3U);
  const RejectionSampler uncapped(instance, prior);
  const PosteriorDraw accepted = uncapped.sample(model_measurement(instance, 3), source);
  EXPECT_FALSE(accepted.failed);
  EXPECT_GE(accepted.proposals, 1U);
  EXPECT_TRUE(accepted.latent_seed.has_value());
}

// alpha = 1 always returns garbage; beta = 1 makes every y bad; (0, 0) is the inner sampler itself.
TEST(DegradedSampler, ExtremesAndValidation) {
  const Instance instance = checks::with_size(Instance::defaults(), 6, 6);
  const ExactPosteriorSampler exact(instance);
  const std::vector<double> y = model_measurement(instance, 2);
  sampling::RandomSource source(3);
  EXPECT_FALSE(DegradedSampler(exact, 12, 1.0, 0.0).sample(y, source).latent_seed.has_value());
  EXPECT_TRUE(DegradedSampler(exact, 12, 0.0, 1.0).is_bad_measurement(y));
  EXPECT_TRUE(DegradedSampler(exact, 12, 0.0, 0.0).sample(y, source).latent_seed.has_value());
  EXPECT_THROW(DegradedSampler(exact, 12, 1.5, 0.0), std::invalid_argument);
  EXPECT_THROW(DegradedSampler(exact, 12, 0.0, -0.1), std::invalid_argument);
}

// With the exact sampler at sigma_y = 0.0025 (n = m = 6) B.2's bound is 0.99995867, so 40 of 40
// inversions succeed unless something is wrong (probability of a false failure < 40 * 5e-5).
TEST(Inverter, ExactSamplerInverts) {
  const Instance instance = checks::with_size(Instance::defaults(), 6, 6);
  const ExactPosteriorSampler exact(instance);
  const Inverter inverter(instance);
  sampling::RandomSource source(17);
  int successes = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const owf::Bits target = inverter.function()(inverter.function().seed_of_index(source.uniform_below(64)));
    successes += inverter.invert(target, exact, source).success ? 1 : 0;
  }
  EXPECT_EQ(successes, 40);
}

}  // namespace
}  // namespace dpsi::posterior
