// The scaling experiment: its statistics helpers, determinism across thread counts, its pooled
// tests (which doctored counts must fail: the negative controls), and E.T:scaling-experiment in
// quick mode.
#include <gtest/gtest.h>

#include <cmath>

#include "dpsi/posterior/scaling_experiment.h"
#include "proofs-checks/scaling_checks.h"
#include "support/check_runner.h"

namespace {

using namespace dpsi::posterior;

ScalingOptions tiny(int threads) {
  ScalingOptions options;
  options.seed = 42;
  options.threads = threads;
  options.trials = 6;
  options.small_n_min = 2;
  options.small_n_max = 3;
  options.small_measurements = 2;
  options.small_min_accepted = 60;
  options.small_max_accepted = 200;
  options.small_proposal_budget = 2e4;
  options.seed_n_min = 4;
  options.seed_n_max = 10;
  options.brute_n_min = 4;
  options.brute_n_max = 11;
  options.census_n_max = 11;
  options.trial_budget = 1U << 12;
  options.max_trials_per_n = 64;
  return options;
}

TEST(ScalingStatistics, ChernoffDeviationsStudentTAndFit) {
  const GammaDeviations e = gamma_deviations(100, 1e-6);
  EXPECT_NEAR(std::exp(-100 * (e.high - std::log1p(e.high))), 1e-6, 1e-12);
  EXPECT_NEAR(std::exp(-100 * (-e.low - std::log1p(-e.low))), 1e-6, 1e-12);
  EXPECT_GT(gamma_deviations(1, 1e-9).low, 0.999);  // one term: (almost) no lower test possible
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-3);
  EXPECT_NEAR(student_t_975(10), 2.2281, 1e-3);
  EXPECT_NEAR(bernstein_radius(0, std::exp(-3.0) * 2), 2.0, 1e-12);  // u = 2L/3 with L = 3
  const SlopeFit line = fit_log2_cost({{4, 16}, {5, 32}, {6, 64}, {7, 128}});
  EXPECT_NEAR(line.slope, 1, 1e-12);
  EXPECT_NEAR(line.intercept, 0, 1e-12);
  EXPECT_NEAR(line.slope_low, 1, 1e-9);
  const SlopeFit noisy = fit_log2_cost({{4, 10}, {5, 40}, {6, 50}, {7, 200}, {8, 230}});
  EXPECT_LT(noisy.slope_low, noisy.slope);
  EXPECT_GT(noisy.slope_high, noisy.slope);
}

TEST(ScalingExperiment, DeterministicAcrossThreadCountsAndPasses) {
  const ScalingReport one = run_scaling_experiment(tiny(1));
  const ScalingReport two = run_scaling_experiment(tiny(3));
  ASSERT_EQ(one.seed.size(), two.seed.size());
  for (std::size_t k = 0; k < one.seed.size(); ++k) {
    EXPECT_EQ(one.seed[k].proposals, two.seed[k].proposals);
    EXPECT_EQ(one.seed[k].weight, two.seed[k].weight);
  }
  ASSERT_EQ(one.brute.size(), two.brute.size());
  for (std::size_t k = 0; k < one.brute.size(); ++k) {
    EXPECT_EQ(one.brute[k].evaluations, two.brute[k].evaluations);
    EXPECT_GE(one.brute[k].preimages, 1U);
  }
  for (std::size_t k = 0; k < one.small.size(); ++k) EXPECT_EQ(one.small[k].proposals, two.small[k].proposals);
  EXPECT_TRUE(one.passed()) << scaling_summary(one);
  // Trials per n: 64, 64, 64, 32, 16, 8, 6 for n = 4..10 (2^12 / 2^n, capped), and 6 at n = 11.
  EXPECT_EQ(trials_at(tiny(1), 4), 64);
  EXPECT_EQ(trials_at(tiny(1), 9), 8);
  EXPECT_EQ(trials_at(tiny(1), 11), 6);
  EXPECT_EQ(one.seed_test.terms, 254);
  EXPECT_EQ(one.brute_test.terms, 260);
  // W(y) >= #preimages of the decoded image; at the defaults a wrong bit costs e^-40 unless y_i is
  // unusually far from its lattice point, so W is the preimage count up to a little.
  for (const SeedTrial& trial : one.seed) {
    EXPECT_GE(trial.weight, static_cast<double>(trial.preimages) - 1e-9);
    EXPECT_LT(trial.weight, static_cast<double>(trial.preimages) + 0.05);
  }
  EXPECT_GT(one.raw_rate, 0);
  EXPECT_GT(one.proposal_rate, 0);
  const std::string md = scaling_markdown(one, "scaling");
  EXPECT_NE(md.find("scaling.svg"), std::string::npos);
  EXPECT_NE(scaling_gnuplot(one, "scaling").find("scaling.svg.tmp"), std::string::npos);
  EXPECT_NE(scaling_data(one).find("block 1"), std::string::npos);
}

// Negative controls: a sampler whose proposals are counted twice, or a prediction with half the true
// W(y), fails the pooled test; so does a brute force whose evaluations are off by a factor 2.
TEST(ScalingExperiment, DoctoredCountsFailThePooledTests) {
  const ScalingReport report = run_scaling_experiment(tiny(2));
  ASSERT_TRUE(report.seed_test.passed);
  ASSERT_TRUE(report.brute_test.passed);
  for (const double factor : {2.0, 0.5}) {
    // Counts of 1 cannot be halved, so the low twin halves the prediction's W(y) instead.
    std::vector<SeedTrial> seed = report.seed;
    for (SeedTrial& trial : seed) {
      if (factor > 1) trial.proposals = static_cast<std::uint64_t>(std::ceil(trial.proposals * factor));
      else trial.weight *= factor;
    }
    EXPECT_FALSE(seed_rejection_test(seed, report.gamma_per_test).passed) << factor;
    std::vector<BruteTrial> brute = report.brute;
    for (BruteTrial& trial : brute) trial.evaluations = static_cast<std::uint64_t>(std::ceil(trial.evaluations * factor));
    EXPECT_FALSE(brute_force_test(brute, report.gamma_per_test).passed) << factor;
  }
  // A wrong a(y) in (a): the check result fails when one row fails.
  dpsi::posterior::ScalingReport doctored = report;
  doctored.small[0].passed = false;
  EXPECT_FALSE(dpsi::checks::scaling_check_result(doctored).passed);
}

TEST(ScalingExperiment, BadOptionsThrow) {
  ScalingOptions options = tiny(1);
  options.seed_n_max = 3;
  EXPECT_THROW(run_scaling_experiment(options), std::invalid_argument);
  options = tiny(1);
  options.trials = 0;
  EXPECT_THROW(run_scaling_experiment(options), std::invalid_argument);
  options = tiny(1);
  options.threads = 0;
  EXPECT_THROW(run_scaling_experiment(options), std::invalid_argument);
}

TEST(ScalingCheck, PassesQuick) {
  dpsi::testing::expect_checks_pass_quick(dpsi::checks::register_scaling_checks, dpsi::spec::CheckKind::kStatistical,
                                          {"E.T:scaling-experiment"});
}

}  // namespace
