// `dpsi sample` as a user runs it: csv and jsonl formats, reproducibility, the image is f(seed), the
// lattice points and x round-trip, --out writes atomically, bad input is a one-line error with exit 2.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/numeric/rational.h"
#include "dpsi/owf/one_way_function.h"
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

TEST(CliSample, CsvHasHeaderAndOneRowPerDrawWithFOfSeed) {
  const CliRun run = dpsi({"sample", "--count", "5", "--n", "8", "--m", "4", "--seed", "12"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = split(run.out, '\n');
  ASSERT_EQ(lines.size(), 6U);
  EXPECT_EQ(lines[0], "s,f,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,x11,x12");
  const dpsi::owf::OneWayFunction f(8, 4);
  for (std::size_t r = 1; r < lines.size(); ++r) {
    const std::vector<std::string> fields = split(lines[r], ',');
    ASSERT_EQ(fields.size(), 14U) << lines[r];
    EXPECT_EQ(fields[1], dpsi::owf::to_string(f(dpsi::owf::parse_bits(fields[0])))) << lines[r];
    for (int j = 0; j < 8; ++j) {  // x_S = a u(s) + tau xi, sign given by s_j (|tau xi| < a surely here)
      const double x = std::stod(fields[2 + static_cast<std::size_t>(j)]);
      EXPECT_EQ(x > 0, fields[0][static_cast<std::size_t>(j)] == '1') << lines[r];
    }
  }
}

TEST(CliSample, SameSeedSameBytesDifferentSeedsDiffer) {
  const CliRun a = dpsi({"sample", "--count", "20", "--seed", "5"});
  const CliRun b = dpsi({"sample", "--count", "20", "--seed", "5"});
  const CliRun c = dpsi({"sample", "--count", "20", "--seed", "6"});
  const CliRun d = dpsi({"sample", "--count", "20"});  // default seed 0
  const CliRun e = dpsi({"sample", "--count", "20", "--seed", "0"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  EXPECT_EQ(d.out, e.out);
}

TEST(CliSample, JsonlCarriesExactLatticePointsAndRoundTrippingX) {
  const CliRun csv = dpsi({"sample", "--count", "3", "--seed", "9"});
  const CliRun jsonl = dpsi({"sample", "--count", "3", "--seed", "9", "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  const std::vector<std::string> rows = split(csv.out, '\n');
  const std::vector<std::string> objects = split(jsonl.out, '\n');
  ASSERT_EQ(objects.size(), 3U);
  for (std::size_t r = 0; r < objects.size(); ++r) {
    const auto draw = nlohmann::json::parse(objects[r]);
    const std::vector<std::string> fields = split(rows[r + 1], ',');
    EXPECT_EQ(draw.at("seed").get<std::string>(), fields[0]);
    EXPECT_EQ(draw.at("image").get<std::string>(), fields[1]);
    ASSERT_EQ(draw.at("w").size(), 16U);
    ASSERT_EQ(draw.at("x").size(), 32U);
    for (std::size_t i = 0; i < 16; ++i) {
      // w_i = k/40 with k = image_i mod 2, and x_F,i within 12 tau of it.
      const dpsi::Rational w = dpsi::parse_rational(draw.at("w")[i].get<std::string>());
      const dpsi::Rational k = w * 40;
      ASSERT_TRUE(dpsi::is_integer(k)) << draw.at("w")[i];
      EXPECT_EQ(boost::multiprecision::numerator(k) % 2 != 0, fields[1][i] == '1');
      EXPECT_LT(std::abs(draw.at("x")[16 + i].get<double>() - w.convert_to<double>()), 0.012);
    }
    for (std::size_t j = 0; j < 32; ++j) {
      EXPECT_EQ(draw.at("x")[j].get<double>(), std::stod(fields[2 + j]));  // same double, both formats
    }
  }
}

TEST(CliSample, BlurSigmaWidensTheBlur) {
  const CliRun sharp = dpsi({"sample", "--count", "1", "--seed", "3", "--format", "jsonl"});
  const CliRun smooth = dpsi({"sample", "--count", "1", "--seed", "3", "--format", "jsonl", "--blur-sigma", "0.5"});
  ASSERT_EQ(smooth.exit_code, 0) << smooth.err;
  const auto a = nlohmann::json::parse(sharp.out);
  const auto b = nlohmann::json::parse(smooth.out);
  EXPECT_EQ(a.at("w"), b.at("w"));  // same consumption, same lattice points
  // x - center = blur xi with the same xi: the deviations scale by sqrt(tau^2 + 0.25)/tau.
  const double ratio = std::sqrt(1e-6 + 0.25) / 1e-3;
  const double center = dpsi::parse_rational(a.at("w")[0].get<std::string>()).convert_to<double>();
  EXPECT_NEAR((b.at("x")[16].get<double>() - center), ratio * (a.at("x")[16].get<double>() - center), 1e-9);
}

TEST(CliSample, OutWritesTheSameBytesToAFile) {
  const fs::path dir = scratch("out");
  const fs::path file = dir / "draws.csv";
  const CliRun to_file = dpsi({"sample", "--count", "4", "--seed", "2", "--out", file.string()});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_TRUE(to_file.out.empty());
  EXPECT_EQ(slurp(file), dpsi({"sample", "--count", "4", "--seed", "2"}).out);
  fs::remove_all(dir);
}

TEST(CliSample, BadInputIsOneLineAndExitTwo) {
  expect_usage_error(dpsi({"sample"}), "--count");
  expect_usage_error(dpsi({"sample", "--count", "0"}), "--count");
  expect_usage_error(dpsi({"sample", "--count", "-4"}), "--count");
  expect_usage_error(dpsi({"sample", "--count", "2.5"}), "--count");
  expect_usage_error(dpsi({"sample", "--count", "1000001"}), "--count");
  expect_usage_error(dpsi({"sample", "--count", "3", "--seed", "x"}), "--seed");
  expect_usage_error(dpsi({"sample", "--count", "3", "--format", "xml"}), "--format");
  expect_usage_error(dpsi({"sample", "--count", "3", "--blur-sigma", "-1"}), "--blur-sigma");
  expect_usage_error(dpsi({"sample", "--count", "3", "--blur-sigma", "abc"}), "--blur-sigma");
  expect_usage_error(dpsi({"sample", "--count", "3", "--n", "441"}), "P.1");
  expect_usage_error(dpsi({"sample", "--count", "3", "--out", "/proc/dpsi-no-such-dir/x.csv"}), "--out");
}

}  // namespace
