// `dpsi network` and `dpsi score --method network` as a user runs them: --stats prints the fields,
// --export writes a file that reads back to the same network (same units, same double outputs bit
// for bit), --json parses, and bad input is a one-line error with exit code 2. All cases run at
// n = m = 5 and, where the regime does not matter, at large sigma (C.7: no circuit in the network,
// built in milliseconds; a small-sigma network takes seconds).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/network.h"
#include "dpsi/relu/network_export.h"
#include "dpsi/relu/score_network.h"
#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;

using dpsi::testing::CliRun;
using dpsi::testing::dpsi;
using dpsi::testing::expect_usage_error;
using dpsi::testing::scratch;

const std::vector<std::string> kSmall = {"--n", "5", "--m", "5"};

std::vector<std::string> with_small(std::vector<std::string> args) {
  args.insert(args.end(), kSmall.begin(), kSmall.end());
  return args;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The network `dpsi network --sigma 1` builds at n = m = 5, built here in-process.
dpsi::relu::ScoreNetwork reference_network(const dpsi::Rational& sigma) {
  dpsi::ParameterValues values = dpsi::ParameterValues::defaults();
  values.n = 5;
  values.m = 5;
  const dpsi::Instance instance = dpsi::Instance::from(values);
  return dpsi::relu::ScoreNetwork(instance, dpsi::owf::owf_circuit(5, 5), sigma, dpsi::Rational(1, 10));
}

TEST(CliNetwork, StatsPrintsRegimeSizeKnotsAndBound) {
  const CliRun run = dpsi(with_small({"network", "--sigma", "1", "--stats"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const dpsi::relu::ScoreNetwork reference = reference_network(dpsi::Rational(1));
  EXPECT_TRUE(contains(run.out, "score network of spec C.7 at sigma = 1 (n = 5, m = 5, eps = 0.1)")) << run.out;
  for (const char* field : {"regime           large sigma", "kappa^2          ", "eta              ", "network          ",
                            "knots            ", "bound            E|s_hat - s_sigma|^2 <= ", "target           eps^2/sigma^2 = "}) {
    EXPECT_TRUE(contains(run.out, field)) << field << "\n" << run.out;
  }
  EXPECT_TRUE(contains(run.out, "network          " + std::to_string(reference.network().num_units()) + " units, depth 1"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "(certified)")) << run.out;
  EXPECT_TRUE(contains(run.out, ": met")) << run.out;
}

TEST(CliNetwork, ExportReadsBackToTheSameNetworkBitForBit) {
  const fs::path dir = scratch("export");
  const fs::path file = dir / "net.safetensors";
  const fs::path exact = dir / "net.json";
  const CliRun run = dpsi(with_small({"network", "--sigma", "1", "--export", file.string(), "--exact-weights", exact.string()}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "exported C.7")) << run.out;
  const dpsi::relu::LoadedNetwork loaded = dpsi::relu::read_safetensors(file);
  const dpsi::relu::ScoreNetwork reference = reference_network(dpsi::Rational(1));
  ASSERT_EQ(loaded.network.num_units(), reference.network().num_units());
  EXPECT_EQ(loaded.network.depth(), reference.network().depth());
  EXPECT_EQ(loaded.parameters.at("regime").get<std::string>(), "C.7");
  const dpsi::relu::FastEvaluator from_file(loaded.network);
  const dpsi::relu::FastEvaluator original(reference.network());
  const std::vector<std::vector<double>> points = {
      {1, -1, 1, 1, -1, 0.025, 0, 0.05, 0.3, -0.7},
      {0.93, -1.2, 0.0, 2.5, -0.01, 1e-3, -0.4, 0.11, 7.5, -3.25},
      {-1, -1, -1, -1, -1, 0, 0, 0, 0, 0}};
  for (const std::vector<double>& x : points) {
    const std::vector<double> a = from_file.evaluate(x);
    const std::vector<double> b = original.evaluate(x);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) EXPECT_EQ(a[k], b[k]) << k;  // bit for bit
  }
  const auto weights = nlohmann::json::parse(dpsi::testing::slurp(exact));
  EXPECT_EQ(weights.at("units").size(), reference.network().num_units());
  fs::remove_all(dir);
}

TEST(CliNetwork, JsonParsesWithTheNetworkParameters) {
  const CliRun run = dpsi(with_small({"network", "--sigma", "1", "--stats", "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  const dpsi::relu::ScoreNetwork reference = reference_network(dpsi::Rational(1));
  EXPECT_EQ(out.at("regime").get<std::string>(), "C.7");
  EXPECT_EQ(out.at("units").get<std::size_t>(), reference.network().num_units());
  EXPECT_EQ(out.at("depth").get<std::size_t>(), 1u);
  EXPECT_EQ(out.at("instance").at("n").get<int>(), 5);
  EXPECT_EQ(out.at("sigma").get<std::string>(), "1");
  for (const char* key : {"kappa2", "eta", "bound", "knots", "max_abs_weight", "build_seconds"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
}

TEST(CliNetwork, BadInputIsAOneLineErrorWithExitCodeTwo) {
  expect_usage_error(dpsi(with_small({"network", "--stats"})), "--sigma");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "0", "--stats"})), "--sigma must be positive");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "-1", "--stats"})), "--sigma must be positive");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "abc", "--stats"})), "--sigma");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "1", "--stats", "--exact-weights", "/tmp/x.json"})),
                     "--exact-weights needs --export");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "1", "--export", "/nonexistent/dir/x"})),
                     "cannot write /nonexistent/dir/x");
  expect_usage_error(dpsi(with_small({"network", "--sigma", "1"})), "--stats and/or --export");
}

// Issue 19: an --epsilon whose network would need absurdly many knots is refused before building,
// naming the limit and the smallest --epsilon within it (1e-17 was an internal error, exit 3).
TEST(CliNetwork, TinyEpsilonIsRefusedWithTheKnotLimit) {
  for (const char* epsilon : {"1e-17", "1e-30", "1e-300"}) {
    for (const char* sigma : {"1", "0.01"}) {
      const CliRun run = dpsi(with_small({"network", "--sigma", sigma, "--epsilon", epsilon, "--stats"}));
      expect_usage_error(run, "--epsilon");
      EXPECT_TRUE(contains(run.err, "the limit is 100000")) << run.err;
      EXPECT_TRUE(contains(run.err, "use --epsilon >= ")) << run.err;
    }
  }
  expect_usage_error(dpsi(with_small({"score", "--method", "network", "--sigma", "1", "--epsilon", "1e-17", "--x",
                                      "1,-1,1,1,-1,0.025,0,0.05,0.3,-0.7"})),
                     "the limit is 100000");
  expect_usage_error(dpsi(with_small({"diffuse", "--count", "1", "--scores", "network", "--epsilon", "1e-9"})), "the limit is 100000");
}

// Issue 19: sigma = 1e-10000 (a 33,000-bit exact number) took 17.5 s and 2.7 GB; exact inputs are
// limited to 1024 bits, and the refusal is immediate.
TEST(CliNetwork, OverlongExactSigmaIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const CliRun run = dpsi(with_small({"network", "--sigma", "1e-10000", "--stats"}));
  expect_usage_error(run, "--sigma: '1e-10000' is too long an exact number");
  EXPECT_TRUE(contains(run.err, "the limit is 1024 bits")) << run.err;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  expect_usage_error(dpsi(with_small({"network", "--sigma", "1", "--tau", "1e-10000", "--stats"})), "--tau");
}

// Issue 19: --export FILE --exact-weights UNWRITABLE left FILE and FILE.json behind and blamed FILE;
// now nothing is written and the error names the file that could not be written.
TEST(CliNetwork, ExportIsAllOrNothing) {
  const fs::path dir = scratch("all-or-nothing");
  const fs::path file = dir / "net.safetensors";
  const fs::path unwritable = dir / "missing-dir" / "weights.json";
  const CliRun run = dpsi(with_small({"network", "--sigma", "1", "--export", file.string(), "--exact-weights", unwritable.string()}));
  expect_usage_error(run, "cannot write " + unwritable.string());
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir)) left.push_back(entry.path().filename().string());
  EXPECT_TRUE(left.empty()) << left.size() << " files left, e.g. " << (left.empty() ? "" : left.front());
  fs::remove_all(dir);
}

const std::string kPoint = "1,-1,1,1,-1,0.025,0,0.05,0.3,-0.7";

TEST(CliScoreNetwork, PrintsEachScoreBesideTheExactOneAndTheSquaredError) {
  const CliRun run = dpsi(with_small({"score", "--method", "network", "--sigma", "0.5", "--x", kPoint}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  int score_lines = 0;
  int squared_lines = 0;
  for (const std::string& line : lines_of(run.out)) {
    if (line.rfind("score ", 0) == 0) {
      ++score_lines;
      EXPECT_TRUE(contains(line, " exact ")) << line;
      EXPECT_TRUE(contains(line, "+/-")) << line;
    }
    if (line.rfind("squared_error ", 0) == 0) ++squared_lines;
  }
  EXPECT_EQ(score_lines, 10) << run.out;  // d = n + m
  EXPECT_EQ(squared_lines, 1) << run.out;
  EXPECT_TRUE(contains(run.out, "spec C.7")) << run.out;
}

TEST(CliScoreNetwork, JsonHasScoreErrorBoundsAndExactScore) {
  const CliRun run = dpsi(with_small({"score", "--method", "network", "--sigma", "0.5", "--x", kPoint, "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out.at("score").size(), 10u);
  ASSERT_EQ(out.at("evaluation_error_bound").size(), 10u);
  ASSERT_EQ(out.at("exact_score").size(), 10u);
  for (std::size_t k = 0; k < 10; ++k) {
    // C.7 at kappa^2 = 0.250001: |m_hat_S - a tanh(a x/kappa^2)| <= eta = 0.02236, so a seed score is
    // within eta/kappa^2 = 0.0894 of s^large (here it is off by 0.042); the f block is -x/(1 + kappa^2),
    // within ~1e-7 of the exact score at this point. 0.1 covers both (a sanity check, not a lemma).
    // strtod, not stod: exact scores can underflow a double (e.g. 1.4e-760), which stod rejects.
    const double exact = std::strtod(out.at("exact_score")[k].get<std::string>().c_str(), nullptr);
    EXPECT_NEAR(out.at("score")[k].get<double>(), exact, 0.1) << k;
    EXPECT_GE(out.at("evaluation_error_bound")[k].get<double>(), 0.0) << k;
  }
  EXPECT_EQ(out.at("method").get<std::string>(), "network");
}

TEST(CliScoreNetwork, BadMethodAndZeroSigmaAreOneLineErrors) {
  expect_usage_error(dpsi(with_small({"score", "--method", "bogus", "--sigma", "0.5", "--x", kPoint})), "bogus");
  expect_usage_error(dpsi(with_small({"score", "--method", "network", "--sigma", "0", "--x", kPoint})), "--sigma > 0");
}

// Issue 19: at x_F1 = 1e308 the network's double output is not finite and GMP aborted converting it
// (SIGFPE, exit 136); a coordinate beyond double range is refused; neither prints inf or nan.
TEST(CliScoreNetwork, NonFiniteNetworkOutputIsAnErrorNotACrash) {
  const std::vector<std::string> base = {"score", "--method", "network", "--n", "4", "--m", "4", "--sigma", "0.01", "--x"};
  auto with_point = [&](const std::string& point, bool json) {
    std::vector<std::string> args = base;
    args.push_back(point);
    if (json) args.push_back("--json");
    return args;
  };
  for (const bool json : {false, true}) {
    expect_usage_error(dpsi(with_point("1,-1,1,1,1e308,0,0.05,0.3", json)), "overflows at this point (output F1");
    expect_usage_error(dpsi(with_point("1,-1,1,1,1e400,0,0.05,0.3", json)), "--x: coordinate 5");
  }
}

// Issue 19: at x_F1 = 1e18 the exact score beside the network's was computed in one 256-bit pass and
// printed as 'exact nan' with a nan squared error; it is now certified to 17 digits or an error.
TEST(CliScoreNetwork, ExactComparisonIsCertifiedOrAnError) {
  const std::vector<std::string> args = {"score", "--method", "network", "--n", "4", "--m", "4", "--sigma", "0.01", "--x",
                                         "1,-1,1,1,1e18,0,0.05,0.3"};
  const CliRun run = dpsi(args);
  EXPECT_FALSE(contains(run.out, "nan")) << run.out;
  EXPECT_FALSE(contains(run.out, "inf")) << run.out;
  if (run.exit_code != 0) expect_usage_error(run, "could not be computed to 17 digits");
  // At an ordinary point the comparison is printed, finite.
  const CliRun ok = dpsi(with_small({"score", "--method", "network", "--sigma", "0.5", "--x", kPoint, "--json"}));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto out = nlohmann::json::parse(ok.out);
  for (const auto& value : out.at("score")) EXPECT_TRUE(value.is_number()) << value;
  EXPECT_FALSE(contains(out.at("squared_error").get<std::string>(), "nan"));
}

}  // namespace
