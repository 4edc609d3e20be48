// `dpsi peers` as a user runs it: the hard table as JSON (independent of --threads, exact samplers
// inverting, tests passing), the easy table, --out files and plot, sampler flags reaching the samplers,
// and bad input as a one-line error with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;

using dpsi::testing::CliRun;
using dpsi::testing::dpsi;
using dpsi::testing::expect_usage_error;
using dpsi::testing::scratch;
using dpsi::testing::slurp;

CliRun hard_run(const std::string& threads) {
  return dpsi({"peers", "--instance", "hard", "--sizes", "8", "--trials", "4", "--methods", "pigdm,tds,exact",
               "--pigdm-steps", "20", "--tds-steps", "50", "--threads", threads, "--seed", "2", "--json"});
}

TEST(CliPeers, HardJsonIsReproducibleAcrossThreads) {
  const CliRun one = hard_run("1");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const nlohmann::json a = nlohmann::json::parse(one.out);
  EXPECT_TRUE(a["passed"].get<bool>());
  ASSERT_EQ(a["rows"].size(), 3U);
  EXPECT_EQ(a["rows"][2]["method"], "exact");
  EXPECT_EQ(a["rows"][2]["inverted"], 4);
  EXPECT_EQ(a["rows"][0]["work_per_output"], 20 * 3);  // PiGDM: score + Hessian-vector product per step
  const CliRun two = hard_run("2");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const nlohmann::json b = nlohmann::json::parse(two.out);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(a["rows"][k]["inverted"], b["rows"][k]["inverted"]);
    EXPECT_EQ(a["rows"][k]["median_fit"], b["rows"][k]["median_fit"]);
    EXPECT_EQ(a["rows"][k]["predicted"], b["rows"][k]["predicted"]);
  }
}

TEST(CliPeers, HardMarkdownAndOutDirectory) {
  const fs::path dir = scratch("peers-out");
  const CliRun run = dpsi({"peers", "--instance", "hard", "--sizes", "8", "--trials", "2", "--methods", "pigdm,exact",
                           "--pigdm-steps", "10", "--out", dir.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("| 8 | exact | 2/2 |"), std::string::npos) << run.out;
  EXPECT_NE(slurp(dir / "peers-hard.gp").find("peers-hard.svg.tmp"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "peers-hard.md"));
  EXPECT_TRUE(nlohmann::json::parse(slurp(dir / "peers-hard.json"))["passed"].get<bool>());
  if (std::system("command -v gnuplot >/dev/null 2>&1") == 0) {
    EXPECT_TRUE(fs::exists(dir / "peers-hard.svg")) << run.err;
  }
  EXPECT_FALSE(fs::exists(dir / "peers-hard.svg.tmp"));
  fs::remove_all(dir);
}

// The ReLU networks drive the samplers too; claims (ii)-(iii) are proved for the oracle only, so the
// practical samplers' rows are reported, not tested. (n = m = 4 and 3 PiGDM steps: a few networks.)
TEST(CliPeers, NetworkScoresAreReportedNotTested) {
  const CliRun run = dpsi({"peers", "--instance", "hard", "--scores", "network", "--sizes", "4", "--trials", "1", "--methods",
                           "pigdm", "--pigdm-steps", "3", "--threads", "1", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json table = nlohmann::json::parse(run.out);
  EXPECT_EQ(table["scores"], "network");
  EXPECT_FALSE(table["rows"][0]["tested"].get<bool>());
  EXPECT_EQ(table["rows"][0]["work_per_output"], 3 * 3);
}

TEST(CliPeers, EasyTableHasEveryRow) {
  const CliRun run = dpsi({"peers", "--instance", "easy", "--dims", "8", "--dys", "1", "--problems", "1", "--samples", "20",
                           "--reference", "200", "--directions", "50", "--methods", "pigdm,dps", "--dps-steps", "50", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json table = nlohmann::json::parse(run.out);
  const std::string text = table.dump();
  for (const char* method : {"\"exact\"", "\"prior\"", "\"pigdm\"", "\"dps\""}) EXPECT_NE(text.find(method), std::string::npos) << method;
}

TEST(CliPeers, BadInputIsOneLineExitTwo) {
  expect_usage_error(dpsi({"peers"}), "--instance");
  expect_usage_error(dpsi({"peers", "--instance", "medium"}), "--instance");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--sizes", "8,0"}), "--sizes");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--sizes", "21"}), "--sizes");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--trials", "0"}), "--trials");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--methods", "dps,magic"}), "magic");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--scores", "exact"}), "--scores");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--tds-particles", "0"}), "--tds-particles");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--dps-scale", "nan"}), "--dps-scale");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--langevin-epsilon", "-1"}), "--langevin-epsilon");
  expect_usage_error(dpsi({"peers", "--instance", "easy", "--dims", "7"}), "even");
  expect_usage_error(dpsi({"peers", "--instance", "easy", "--methods", "exact"}), "exact");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--out", "/proc/dpsi-no-such-dir"}), "/proc/dpsi-no-such-dir");
}

}  // namespace

namespace {

// Issue 19: list options treated empty and repeated items inconsistently (--methods "" ran all 7
// methods, --sizes 4,4 ran n = 4 twice); every list option now refuses both, with one parser.
TEST(CliPeers, EmptyAndDuplicateListItemsAreErrors) {
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--methods", ""}), "--methods: empty list");
  expect_usage_error(dpsi({"peers", "--instance", "easy", "--methods", ""}), "--methods: empty list");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--methods", "dps,,tds"}), "--methods: empty item in 'dps,,tds'");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--methods", "dps,tds,dps"}), "--methods: duplicate item dps");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--sizes", "4,4"}), "--sizes: duplicate item 4");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--sizes", "4,04"}), "--sizes: duplicate item 04");
  expect_usage_error(dpsi({"peers", "--instance", "hard", "--sizes", "4,"}), "--sizes: empty item");
  expect_usage_error(dpsi({"peers", "--instance", "easy", "--dims", "8,8"}), "--dims: duplicate item 8");
  expect_usage_error(dpsi({"peers", "--instance", "easy", "--dys", ",1"}), "--dys: empty item");
  expect_usage_error(dpsi({"bench", "network", "--sigma", "1,1/1"}), "--sigma: duplicate item 1/1");
  expect_usage_error(dpsi({"bench", "network", "--sigma", "1,,2"}), "--sigma: empty item");
  expect_usage_error(dpsi({"bench", "network", "--sigma", ""}), "--sigma: empty list");
}

}  // namespace
