// `dpsi diffuse` as a user runs it: csv and jsonl, reproducibility per seed, the stderr summary
// (text and --json-summary), --out writes the same bytes atomically, the network scores at a small
// instance, and bad input as a one-line error with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;

using dpsi::testing::CliRun;
using dpsi::testing::dpsi;
using dpsi::testing::expect_usage_error;
using dpsi::testing::scratch;
using dpsi::testing::slurp;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

TEST(CliDiffuse, CsvHasHeaderOneRowPerOutputAndASummary) {
  const CliRun run = dpsi({"diffuse", "--count", "6", "--n", "4", "--m", "4", "--seed", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = split(run.out, '\n');
  ASSERT_EQ(lines.size(), 7U);
  EXPECT_EQ(lines[0], "x1,x2,x3,x4,x5,x6,x7,x8");
  for (std::size_t r = 1; r < lines.size(); ++r) {
    const std::vector<std::string> fields = split(lines[r], ',');
    ASSERT_EQ(fields.size(), 8U) << lines[r];
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(std::abs(std::stod(fields[static_cast<std::size_t>(j)])), 1.0, 0.05) << lines[r];
  }
  EXPECT_NE(run.err.find("diffuse: 6 samples, 278 steps"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("samples/s"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("dec(x_F) = f(sbar(x)) for a fraction"), std::string::npos) << run.err;
}

TEST(CliDiffuse, SameSeedSameBytesDifferentSeedsDifferAndJsonlMatchesCsv) {
  const CliRun a = dpsi({"diffuse", "--count", "4", "--seed", "5"});
  const CliRun b = dpsi({"diffuse", "--count", "4", "--seed", "5"});
  const CliRun c = dpsi({"diffuse", "--count", "4", "--seed", "6"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  const CliRun json = dpsi({"diffuse", "--count", "4", "--seed", "5", "--format", "jsonl"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const std::vector<std::string> csv_lines = split(a.out, '\n');
  const std::vector<std::string> json_lines = split(json.out, '\n');
  ASSERT_EQ(json_lines.size(), 4U);
  for (std::size_t r = 0; r < 4; ++r) {
    const nlohmann::json row = nlohmann::json::parse(json_lines[r]);
    const std::vector<std::string> fields = split(csv_lines[r + 1], ',');
    ASSERT_EQ(row["x"].size(), 32U);
    for (std::size_t k = 0; k < 32; ++k) EXPECT_EQ(row["x"][k].get<double>(), std::stod(fields[k]));
  }
}

TEST(CliDiffuse, JsonSummaryAndOut) {
  const fs::path dir = scratch("out");
  const std::string file = (dir / "draws.csv").string();
  const CliRun run = dpsi({"diffuse", "--count", "5", "--seed", "2", "--out", file, "--json-summary", "--lambda", "0.2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.empty());
  const nlohmann::json summary = nlohmann::json::parse(run.err);
  EXPECT_EQ(summary["samples"], 5);
  EXPECT_EQ(summary["scores"], "oracle");
  EXPECT_EQ(summary["lambda"], 0.2);
  EXPECT_LT(summary["steps"].get<int>(), 278);
  EXPECT_GE(summary["decoded_fraction"].get<double>(), 0.0);
  EXPECT_EQ(slurp(file), dpsi({"diffuse", "--count", "5", "--seed", "2", "--lambda", "0.2"}).out);
}

TEST(CliDiffuse, NetworkScoresAtASmallInstance) {
  // t_min = 0.5 keeps every step in the large-noise regime (C.7 networks, fast to build): 7 + 1 steps.
  const CliRun run = dpsi({"diffuse", "--count", "3", "--n", "3", "--m", "3", "--scores", "network", "--lambda", "1",
                           "--t-min", "0.5", "--json-summary"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> err_lines = split(run.err, '\n');
  ASSERT_FALSE(err_lines.empty());
  const nlohmann::json summary = nlohmann::json::parse(err_lines.back());
  EXPECT_EQ(summary["scores"], "network");
  EXPECT_EQ(summary["steps"], 8);
  EXPECT_EQ(split(run.out, '\n').size(), 4U);
}

TEST(CliDiffuse, BadInputIsOneLineAndExitTwo) {
  expect_usage_error(dpsi({"diffuse"}), "--count");
  expect_usage_error(dpsi({"diffuse", "--count", "0"}), "--count");
  expect_usage_error(dpsi({"diffuse", "--count", "2.5"}), "--count");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--scores", "exact"}), "--scores");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--lambda", "0"}), "--lambda");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--lambda", "2"}), "--lambda");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--lambda", "abc"}), "--lambda");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--epsilon", "-1"}), "--epsilon");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--t-min", "1"}), "--t-min");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--t-min", "0"}), "--t-min");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--seed", "x"}), "--seed");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--format", "xml"}), "--format");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--n", "441"}), "P.1");
  expect_usage_error(dpsi({"diffuse", "--count", "3", "--out", "/proc/dpsi-no-such-dir/x.csv"}), "--out");
}

}  // namespace
