// `dpsi scaling` as a user runs it: JSON with slopes, tests and rates; the numbers do not depend on
// --threads; --out writes the .md/.dat/.gp (and .svg when gnuplot is installed); bad input is a
// one-line error with exit 2.
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

TEST(CliScaling, JsonHasFitsTestsAndRatesAndIgnoresThreads) {
  const CliRun one = dpsi({"scaling", "--n-max", "9", "--small-n-max", "2", "--trials", "3", "--threads", "1", "--seed", "4", "--json"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const nlohmann::json a = nlohmann::json::parse(one.out);
  EXPECT_TRUE(a["passed"].get<bool>());
  EXPECT_GE(a["seed_rejection"].size(), 6U * 3U);  // more trials at small n (the trial budget)
  EXPECT_EQ(a["brute_force"].size(), a["seed_rejection"].size());
  EXPECT_EQ(a["small"].size(), 1U * 2U);
  EXPECT_TRUE(a["seed_rejection_fit"].contains("slope_ci95"));
  EXPECT_GT(a["rates"]["raw_f_evaluations_per_s"].get<double>(), 0);
  EXPECT_GT(a["rates"]["ratio"].get<double>(), 0);
  const CliRun two = dpsi({"scaling", "--n-max", "9", "--small-n-max", "2", "--trials", "3", "--threads", "2", "--seed", "4", "--json"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const nlohmann::json b = nlohmann::json::parse(two.out);
  for (std::size_t k = 0; k < a["seed_rejection"].size(); ++k)
    EXPECT_EQ(a["seed_rejection"][k]["proposals"], b["seed_rejection"][k]["proposals"]);
  for (std::size_t k = 0; k < a["brute_force"].size(); ++k)
    EXPECT_EQ(a["brute_force"][k]["evaluations"], b["brute_force"][k]["evaluations"]);
  EXPECT_EQ(a["seed_rejection_fit"]["slope"], b["seed_rejection_fit"]["slope"]);
}

TEST(CliScaling, TextAndOutDirectory) {
  const fs::path dir = scratch("out");
  const CliRun run = dpsi({"scaling", "--n-max", "8", "--small-n-max", "2", "--trials", "2", "--out", dir.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("(b) seed-space rejection: slope"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ratio"), std::string::npos);
  EXPECT_NE(slurp(dir / "scaling.dat").find("block 0"), std::string::npos);
  EXPECT_NE(slurp(dir / "scaling.gp").find("scaling.svg.tmp"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "scaling.md"));
  if (std::system("command -v gnuplot >/dev/null 2>&1") == 0) {
    EXPECT_TRUE(fs::exists(dir / "scaling.svg")) << run.err;
  }
  EXPECT_FALSE(fs::exists(dir / "scaling.svg.tmp"));
  fs::remove_all(dir);
}

TEST(CliScaling, BadInputIsOneLineExitTwo) {
  expect_usage_error(dpsi({"scaling"}), "--n-max");
  expect_usage_error(dpsi({"scaling", "--n-max", "3"}), "--n-max");
  expect_usage_error(dpsi({"scaling", "--n-max", "abc"}), "--n-max");
  expect_usage_error(dpsi({"scaling", "--n-max", "8", "--trials", "0"}), "--trials");
  expect_usage_error(dpsi({"scaling", "--n-max", "8", "--threads", "-1"}), "--threads");
  expect_usage_error(dpsi({"scaling", "--n-max", "8", "--small-n-max", "9"}), "--small-n-max");
  expect_usage_error(dpsi({"scaling", "--n-max", "8", "--out", "/proc/dpsi-no-such-dir"}), "/proc/dpsi-no-such-dir");
}

}  // namespace
