// The check E.P:hard-instance (proofs-checks/peer_checks.h): its verdict follows the rows' tests,
// and its report carries the table and the plot.
#include "proofs-checks/peer_checks.h"

#include <gtest/gtest.h>

namespace dpsi::checks {
namespace {

peers::HardReport small_report() {
  peers::HardOptions options = hard_check_options(true, 5);
  options.sizes = {8};
  options.trials = 8;
  options.methods = {"pigdm", "exact"};
  options.peers.pigdm.steps = 20;
  return peers::run_hard_experiment(options);
}

TEST(PeerChecks, HardInstanceResultCarriesTablePlotAndVerdict) {
  const peers::HardReport report = small_report();
  const audit::CheckResult result = hard_check_result(report);
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_NE(result.margin.find("2/2 predictions hold"), std::string::npos) << result.margin;
  EXPECT_NE(result.markdown.find("| 8 | exact | 8/8 |"), std::string::npos) << result.markdown;
  ASSERT_EQ(result.files.size(), 2U);
  EXPECT_EQ(result.files[1].first, "peers-hard.gp");
  // B.2's certified bound with alpha = beta = 0 at n = m = 8 is above 0.9998.
  EXPECT_GT(report.rows[1].predicted, 0.9998);
  EXPECT_LT(report.rows[1].predicted, 1.0);
}

TEST(PeerChecks, AFailedRowFailsTheCheck) {
  peers::HardReport report = small_report();
  report.rows[1].successes = 0;  // "exact" inverting nothing
  peers::decide_row(report.rows[1], report.gamma_per_test);
  const audit::CheckResult result = hard_check_result(report);
  EXPECT_FALSE(result.passed);
  EXPECT_NE(result.margin.find("1/2 predictions hold"), std::string::npos) << result.margin;
}

// A small E.P:easy-instance run: one d = 8 setting, few samples (the criterion's arithmetic, not its power).
EasyCheckRuns small_easy_runs() {
  peers::EasyExperimentOptions options;
  options.settings = {{8, 1}};
  options.problems = 2;
  options.samples = 30;
  options.reference_samples = 300;
  options.directions = 200;
  options.seed = 3;
  options.threads = 2;
  peers::PeerOptions few;
  few.tds.steps = 200;
  peers::PeerOptions many = few;
  few.tds.particles = 1;
  many.tds.particles = 32;
  const auto tds_few = peers::make_peer_sampler("tds", few);
  const auto tds_many = peers::make_peer_sampler("tds", many);
  EasyCheckRuns runs;
  runs.table = peers::run_easy_experiment(options, {{"tds", tds_few.get()}});
  runs.consistency = peers::run_easy_experiment(options, {{"tds", tds_few.get()}, {"tds-32", tds_many.get()}});
  return runs;
}

TEST(PeerChecks, EasyInstanceDecidesTdsConvergence) {
  EasyCheckRuns runs = small_easy_runs();
  const audit::CheckResult result = easy_check_result(runs);
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_NE(result.markdown.find("| 8 | 1 | tds-32 |"), std::string::npos) << result.markdown;
  // Twin: many particles doing no better than few must fail.
  for (peers::EasyRowSummary& row : runs.consistency.rows) {
    if (row.method != "tds-32") continue;
    row.problems = runs.consistency.row({8, 1}, "tds").problems;
  }
  const audit::CheckResult doctored = easy_check_result(runs);
  EXPECT_FALSE(doctored.passed) << doctored.margin;
}

}  // namespace
}  // namespace dpsi::checks
