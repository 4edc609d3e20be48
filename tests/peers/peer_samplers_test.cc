// The sampler table and factory, option validation, size checks, reproducibility, score-call
// accounting and run time per draw at d = 8 (deterministic tests: no statistical tolerance), and the
// SMC building blocks of TDS (systematic resampling, relative ESS).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "dpsi/peers/dps_sampler.h"
#include "dpsi/peers/peer_sampler.h"
#include "dpsi/peers/tds_sampler.h"
#include "gaussian_test_prior.h"

namespace dpsi::peers {
namespace {

// Options small enough that a draw takes well under a millisecond.
PeerOptions fast_options() {
  PeerOptions options;
  options.dps.steps = 20;
  options.pigdm.steps = 20;
  options.tds.steps = 20;
  options.tds.particles = 8;
  options.langevin.levels = 30;
  options.langevin.sigma_first = 10;
  options.langevin.sigma_last = 0.1;
  options.langevin.epsilon = 1e-3;
  return options;
}

testing::IsotropicGaussianPrior gaussian_prior(int d) { return testing::IsotropicGaussianPrior(std::vector<double>(static_cast<std::size_t>(d), 0.5), 1.0); }

// A = the last m coordinates of d, y = 1.
LinearMeasurement selection(int d, int m) {
  return LinearMeasurement::coordinate_selection(d - m, m, std::vector<double>(static_cast<std::size_t>(m), 1.0), 0.5);
}

void expect_one_line_invalid_argument(const std::function<void()>& action, const std::string& mention) {
  try {
    action();
    ADD_FAILURE() << "no exception; expected one mentioning " << mention;
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find(mention), std::string::npos) << message;
  }
}

TEST(PeerSamplers, TableNamesTheFourSamplersAndTheFactoryBuildsEach) {
  EXPECT_EQ(peer_sampler_names(), (std::vector<std::string>{"dps", "pigdm", "tds", "langevin"}));
  for (const std::string& name : peer_sampler_names()) {
    EXPECT_EQ(make_peer_sampler(name, PeerOptions{})->name(), name);
  }
  expect_one_line_invalid_argument([] { make_peer_sampler("ddrm", PeerOptions{}); }, "dps, pigdm, tds, langevin");
}

TEST(PeerSamplers, OptionsOutOfRangeAreOneLineErrorsNamingTheFlag) {
  const auto expect_rejected = [](const std::string& sampler, const std::function<void(PeerOptions&)>& spoil,
                                  const std::string& flag) {
    PeerOptions options;
    spoil(options);
    expect_one_line_invalid_argument([&] { make_peer_sampler(sampler, options); }, flag);
  };
  expect_rejected("dps", [](PeerOptions& o) { o.dps.steps = 0; }, "--dps-steps");
  expect_rejected("dps", [](PeerOptions& o) { o.dps.steps = 1001; }, "--dps-steps");
  expect_rejected("dps", [](PeerOptions& o) { o.dps.scale = 0; }, "--dps-scale");
  expect_rejected("dps", [](PeerOptions& o) { o.dps.scale = NAN; }, "--dps-scale");
  expect_rejected("pigdm", [](PeerOptions& o) { o.pigdm.steps = 0; }, "--pigdm-steps");
  expect_rejected("pigdm", [](PeerOptions& o) { o.pigdm.eta = 1.5; }, "--pigdm-eta");
  expect_rejected("pigdm", [](PeerOptions& o) { o.pigdm.weight = -1; }, "--pigdm-weight");
  expect_rejected("pigdm", [](PeerOptions& o) { o.pigdm.data_variance = 0; }, "--pigdm-data-variance");
  expect_rejected("tds", [](PeerOptions& o) { o.tds.steps = 0; }, "--tds-steps");
  expect_rejected("tds", [](PeerOptions& o) { o.tds.particles = 0; }, "--tds-particles must be >= 1");
  expect_rejected("langevin", [](PeerOptions& o) { o.langevin.sigma_last = 0; }, "--langevin-sigma-last");
  expect_rejected("langevin", [](PeerOptions& o) { o.langevin.sigma_first = 0.001; }, "--langevin-sigma-first");
  expect_rejected("langevin", [](PeerOptions& o) { o.langevin.levels = 0; }, "--langevin-levels");
  expect_rejected("langevin", [](PeerOptions& o) { o.langevin.steps_per_level = 0; }, "--langevin-steps-per-level");
  expect_rejected("langevin", [](PeerOptions& o) { o.langevin.epsilon = -1; }, "--langevin-epsilon");
}

TEST(PeerSamplers, MeasurementOfAnotherDimensionIsAnInvalidArgument) {
  const testing::IsotropicGaussianPrior prior = gaussian_prior(3);
  const LinearMeasurement wrong = selection(4, 1);
  for (const std::string& name : peer_sampler_names()) {
    const auto sampler = make_peer_sampler(name, fast_options());
    sampling::RandomSource source(1);
    expect_one_line_invalid_argument([&] { sampler->sample(prior, wrong, source); }, "d = 4");
  }
}

TEST(PeerSamplers, SameSeedGivesIdenticalDrawsAndAnotherSeedOthers) {
  const testing::IsotropicGaussianPrior prior = gaussian_prior(4);
  const LinearMeasurement measurement = selection(4, 2);
  for (const std::string& name : peer_sampler_names()) {
    const auto sampler = make_peer_sampler(name, fast_options());
    const auto draws = [&](std::uint64_t seed) {
      sampling::RandomSource source(seed);
      std::vector<double> all;
      for (int k = 0; k < 3; ++k) {
        const PeerDraw draw = sampler->sample(prior, measurement, source);
        EXPECT_EQ(draw.x.size(), 4U);
        all.insert(all.end(), draw.x.begin(), draw.x.end());
      }
      return all;
    };
    const std::vector<double> first = draws(7);
    EXPECT_EQ(first, draws(7)) << name;  // bit for bit
    EXPECT_NE(first, draws(8)) << name;
    for (double value : first) EXPECT_TRUE(std::isfinite(value)) << name;
  }
}

// Score calls at the published defaults (HVP = 2) and the time per draw at d = 8 (reported, not
// asserted: the machine is shared). DPS and PiGDM: 3 per step; TDS: 3 per particle per step;
// Langevin: one per inner step, 2311 * 3.
TEST(PeerSamplers, DefaultOptionsCountScoreCallsAndReportTimePerDrawAtD8) {
  const testing::IsotropicGaussianPrior prior = gaussian_prior(8);
  const LinearMeasurement measurement = selection(8, 2);
  const std::vector<std::uint64_t> expected_calls{3 * 1000, 3 * 100, 3 * 4 * 1000, 2311 * 3};
  for (std::size_t i = 0; i < peer_sampler_names().size(); ++i) {
    const auto sampler = make_peer_sampler(peer_sampler_names()[i], PeerOptions{});
    sampling::RandomSource source(11);
    constexpr int kDraws = 5;
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < kDraws; ++k) {
      const PeerDraw draw = sampler->sample(prior, measurement, source);
      EXPECT_EQ(draw.score_calls, expected_calls[i]) << sampler->name();
      EXPECT_GT(draw.min_relative_ess, 0.0);
      EXPECT_LE(draw.min_relative_ess, 1.0);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-8s d = 8, default options: %.3f ms per draw\n", std::string(sampler->name()).c_str(), 1e3 * seconds / kDraws);
  }
}

TEST(DpsSampler, ZeroResidualGivesNoGuidanceStep) {
  // A = 0, y = 0: the residual is exactly 0 at every step, so DPS is the unguided DDPM sampler (no
  // VJP, hence one score call per step) and stays finite (no 0/0).
  const testing::IsotropicGaussianPrior prior = gaussian_prior(2);
  const LinearMeasurement blind(1, 2, {0.0, 0.0}, {0.0}, 0.5);
  DpsOptions options;
  options.steps = 50;
  const DpsSampler sampler(options);
  sampling::RandomSource source(3);
  const PeerDraw draw = sampler.sample(prior, blind, source);
  EXPECT_EQ(draw.score_calls, 50U);
  for (double value : draw.x) EXPECT_TRUE(std::isfinite(value));
}

TEST(SystematicResampling, EachParticleIsCopiedFloorOrCeilOfKTimesItsWeight) {
  const std::vector<double> weights{0.5, 0.05, 0.3, 0.15};
  std::vector<double> log_weights;
  for (double w : weights) log_weights.push_back(std::log(w) + 700);  // a shift log-sum-exp must absorb
  sampling::RandomSource source(5);
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<std::size_t> ancestors = detail::systematic_resample(log_weights, source);
    ASSERT_EQ(ancestors.size(), 4U);
    std::vector<int> copies(4, 0);
    for (std::size_t j : ancestors) ++copies.at(j);
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_GE(copies[j], static_cast<int>(std::floor(4 * weights[j] - 1e-12)));
      EXPECT_LE(copies[j], static_cast<int>(std::ceil(4 * weights[j] + 1e-12)));
    }
    for (std::size_t k = 1; k < 4; ++k) EXPECT_LE(ancestors[k - 1], ancestors[k]);
  }
  EXPECT_THROW(detail::systematic_resample(std::vector<double>{}, source), std::invalid_argument);
}

TEST(RelativeEffectiveSampleSize, IsOneForEqualWeightsAndOneOverKForOneDominantParticle) {
  EXPECT_DOUBLE_EQ(detail::relative_effective_sample_size(std::vector<double>(8, -3.0)), 1.0);
  EXPECT_NEAR(detail::relative_effective_sample_size(std::vector<double>{0, -800, -800, -800}), 0.25, 1e-12);
  EXPECT_NEAR(detail::relative_effective_sample_size(std::vector<double>{0, std::log(3.0)}), 16.0 / 20.0, 1e-12);
}

}  // namespace
}  // namespace dpsi::peers
