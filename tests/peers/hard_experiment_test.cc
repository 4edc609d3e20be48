// The hard-instance experiment of spec E.P (dpsi/peers/hard_experiment.h): claim (ii) checked bit for
// bit on the samplers themselves, the table's determinism, the exact rows, and the tests' twins.
#include "dpsi/peers/hard_experiment.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "dpsi/diffusion/oracle_score.h"
#include "dpsi/peers/hard_instance_prior.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::peers {
namespace {

// Short runs: the properties below hold for every step count, so small ones suffice.
PeerOptions short_options() {
  PeerOptions options;
  options.dps.steps = 40;
  options.pigdm.steps = 20;
  options.tds.steps = 40;
  options.langevin.levels = 40;
  return options;
}

// Claim E.P(ii): a local sampler's seed block never reads y. Two very different measurements, the same
// sampler seed: the seed blocks of the outputs agree bit for bit (while the f-blocks follow y).
TEST(HardExperiment, LocalSamplersSeedBlockIgnoresY) {
  const Instance instance = hard_instance(8);
  const diffusion::AnalyticOracleScore oracle(instance);
  const HardInstancePrior prior(oracle);
  const double sigma_y = instance.sigma_y().convert_to<double>();
  sampling::RandomSource measurement_source(7);
  const sampling::InstanceSampler sampler(instance);
  const std::vector<double> y_true = sampling::measure(instance, sampler.draw(measurement_source).x, measurement_source);
  std::vector<double> y_far(y_true.size());
  for (std::size_t i = 0; i < y_far.size(); ++i) y_far[i] = (i % 2 == 0 ? 1.7 : -2.3) + 0.01 * static_cast<double>(i);
  const LinearMeasurement near_problem = LinearMeasurement::coordinate_selection(8, 8, y_true, sigma_y);
  const LinearMeasurement far_problem = LinearMeasurement::coordinate_selection(8, 8, y_far, sigma_y);
  for (const std::string name : {"dps", "pigdm", "langevin"}) {
    const auto peer = make_peer_sampler(name, short_options());
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      sampling::RandomSource first(seed), second(seed);
      const PeerDraw near_draw = peer->sample(prior, near_problem, first);
      const PeerDraw far_draw = peer->sample(prior, far_problem, second);
      for (int j = 0; j < 8; ++j) EXPECT_EQ(near_draw.x[static_cast<std::size_t>(j)], far_draw.x[static_cast<std::size_t>(j)]) << name << " seed coordinate " << j;
      double f_block_difference = 0;
      for (int i = 8; i < 16; ++i) f_block_difference += std::abs(near_draw.x[static_cast<std::size_t>(i)] - far_draw.x[static_cast<std::size_t>(i)]);
      EXPECT_GT(f_block_difference, 1.0) << name << ": the f-block should follow y";
    }
  }
}

HardOptions small_options(int threads) {
  HardOptions options;
  options.sizes = {8};
  options.trials = 6;
  options.methods = {"pigdm", "tds", "exact", "seed-rejection", "rejection"};
  options.peers = short_options();
  options.rejection_cap = 2000;
  options.threads = threads;
  options.seed = 11;
  options.exact_bound = [](const Instance&) { return 0.9998; };
  return options;
}

TEST(HardExperiment, ResultsDoNotDependOnThreadsAndExactRowsInvert) {
  const HardReport one = run_hard_experiment(small_options(1));
  const HardReport two = run_hard_experiment(small_options(2));
  ASSERT_EQ(one.rows.size(), 5U);
  ASSERT_EQ(two.rows.size(), 5U);
  for (std::size_t k = 0; k < one.rows.size(); ++k) {
    EXPECT_EQ(one.rows[k].method, two.rows[k].method);
    EXPECT_EQ(one.rows[k].successes, two.rows[k].successes);
    EXPECT_EQ(one.rows[k].predicted, two.rows[k].predicted);
    EXPECT_EQ(one.rows[k].median_residual, two.rows[k].median_residual);
    EXPECT_EQ(one.rows[k].work_per_output, two.rows[k].work_per_output);
    EXPECT_TRUE(one.rows[k].passed) << one.rows[k].method;
  }
  // Exact samplers invert every trial (a failure has probability ~1e-4 per trial; the seed is fixed).
  EXPECT_EQ(one.rows[2].successes, 6);
  EXPECT_EQ(one.rows[3].successes, 6);
  // Exact posterior draws fit y; capped x-space rejection gives up (1/a(y) ~ 1e20 at n = 8).
  EXPECT_LT(one.rows[2].median_residual, 3.0);
  EXPECT_EQ(one.rows[4].gave_up, 6);
  EXPECT_GT(one.rows[4].median_log10_inverse_acceptance, 5.0);
  // Chance level at n = 8 is a few 2^-8.
  EXPECT_GT(one.rows[0].chance, 0.0);
  EXPECT_LT(one.rows[0].chance, 0.05);
  EXPECT_TRUE(one.passed());
}

// Each test's twin: a doctored count is refused.
TEST(HardExperiment, DoctoredCountsFailTheirTests) {
  HardReport report = run_hard_experiment(small_options(2));
  const double gamma = 1e-9;
  // Rows: 0 pigdm (chance ~1e-2: 6/6 impossible), 1 tds (<= 4 chance), 2 exact (>= 0.9998: 0/6 impossible),
  // 4 capped rejection (<= 2000 a(y) ~ 1e-16: one success impossible).
  const struct {
    std::size_t row;
    int successes;
  } doctored[] = {{0, 6}, {1, 6}, {2, 0}, {4, 1}};
  for (const auto& [index, successes] : doctored) {
    HardRow row = report.rows[index];
    row.successes = successes;
    decide_row(row, gamma);
    EXPECT_FALSE(row.passed) << row.method << " with " << successes << "/" << row.trials;
  }
  // A chance row is two-sided: at an inflated chance (0.9), zero successes out of 64 is refused too.
  HardRow low = report.rows[0];
  low.trials = 64;
  low.successes = 0;
  low.predicted = 0.9;
  decide_row(low, gamma);
  EXPECT_FALSE(low.passed);
}

TEST(HardExperiment, RenderingsNameEveryRow) {
  const HardReport report = run_hard_experiment(small_options(2));
  const std::string markdown = hard_markdown(report, "peers-hard");
  for (const HardRow& row : report.rows) EXPECT_NE(markdown.find("| " + row.method + " |"), std::string::npos) << row.method;
  EXPECT_NE(markdown.find("peers-hard.svg"), std::string::npos);
  EXPECT_NE(hard_gnuplot(report, "peers-hard").find("'peers-hard.dat' index 4"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(hard_json(report));
  EXPECT_EQ(json["rows"].size(), 5U);
  EXPECT_EQ(json["rows"][2]["inverted"], 6);
}

TEST(HardExperiment, RejectsBadOptions) {
  HardOptions options = small_options(1);
  options.methods = {"dps", "guess"};
  EXPECT_THROW(run_hard_experiment(options), std::invalid_argument);
  options = small_options(1);
  options.sizes = {0};
  EXPECT_THROW(run_hard_experiment(options), std::invalid_argument);
  options = small_options(1);
  options.trials = 0;
  EXPECT_THROW(run_hard_experiment(options), std::invalid_argument);
  options = small_options(1);
  options.scores = "exact";
  EXPECT_THROW(run_hard_experiment(options), std::invalid_argument);
  options = small_options(1);
  options.peers.tds.particles = 0;
  EXPECT_THROW(run_hard_experiment(options), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::peers
