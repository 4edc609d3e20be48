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

}  // namespace
}  // namespace dpsi::checks
