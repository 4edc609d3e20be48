// Tests of the dpsi command as a user runs it: exit codes, one-line errors, reports.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/density/vertex_mixture.h"
#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;

using dpsi::testing::CliRun;
using dpsi::testing::dpsi;
using dpsi::testing::expect_usage_error;
using dpsi::testing::scratch;
using dpsi::testing::slurp;

TEST(Cli, HelpAndVersion) {
  const CliRun help = dpsi({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* word : {"params", "audit", "check"}) EXPECT_NE(help.out.find(word), std::string::npos) << word;
  const CliRun version = dpsi({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("dpsi 0.", 0), 0u) << version.out;
  const CliRun audit_help = dpsi({"audit", "--help"});
  EXPECT_EQ(audit_help.exit_code, 0);
  for (const char* flag : {"--out", "--seed", "--quick", "--only", "--delta", "--kappa-star"}) {
    EXPECT_NE(audit_help.out.find(flag), std::string::npos) << flag;
  }
}

TEST(Cli, BadUsageIsOneLineAndExitTwo) {
  expect_usage_error(dpsi({}), "subcommand");
  expect_usage_error(dpsi({"frobnicate"}), "frobnicate");
  expect_usage_error(dpsi({"params", "--bogus"}), "--bogus");
  expect_usage_error(dpsi({"params", "--delta"}), "--delta");
  expect_usage_error(dpsi({"params", "--delta", "0.0x5"}), "--delta");
  expect_usage_error(dpsi({"params", "--tau", "nan"}), "--tau");
  expect_usage_error(dpsi({"audit", "--seed", "-3"}), "--seed");
  expect_usage_error(dpsi({"audit", "--seed", "18446744073709551616"}), "--seed");
  expect_usage_error(dpsi({"audit", "--only", "Z.9", "--out", (fs::temp_directory_path() / "dpsi-cli-unused").string()}),
                     "Z.9");
  expect_usage_error(dpsi({"check", "NOPE"}), "NOPE");
}

TEST(Cli, InvalidParametersNameEveryViolatedConstraint) {
  expect_usage_error(dpsi({"params", "--delta", "0.3"}), "P.4");
  const CliRun run = dpsi({"params", "--n", "0", "--tau", "0", "--kappa-star", "0.7"});
  expect_usage_error(run, "P.1");
  for (const char* id : {"P.5", "P.7"}) EXPECT_NE(run.err.find(id), std::string::npos) << run.err;
  expect_usage_error(dpsi({"audit", "--quick", "--m", "300"}), "P.2");
}

TEST(Cli, ParamsPrintsExactValuesAndDerivedQuantities) {
  const CliRun run = dpsi({"params", "--sigma-y", "0.0025"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("1/400"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("P.8"), std::string::npos);
  const CliRun json = dpsi({"params", "--json", "--delta", "1/2", "--kappa-star", "0.6"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("parameters").at("delta").at("exact"), "1/2");
  EXPECT_EQ(parsed.at("constraints").size(), 8u);
}

TEST(Cli, AuditWritesBothReports) {
  const fs::path out = scratch() / "report dir";
  const CliRun run = dpsi({"audit", "--quick", "--only", "K.3", "P", "--out", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("K.3:certifier-refutes"), std::string::npos);
  const auto json = nlohmann::json::parse(slurp(out / "report.json"));
  EXPECT_EQ(json.at("schema"), "dpsi-audit-report/1");
  EXPECT_EQ(json.at("checks").size(), 4u);
  EXPECT_EQ(json.at("summary").at("verdict"), "pass");
  EXPECT_NE(slurp(out / "report.md").find("K.3:certifier-exhausts"), std::string::npos);
  fs::remove_all(out.parent_path());
}

TEST(Cli, AuditOnUnwritableOutputFailsCleanly) {
  const fs::path dir = scratch();
  const fs::path blocker = dir / "file";
  std::ofstream(blocker) << "x";
  const CliRun run = dpsi({"audit", "--quick", "--only", "K.2", "--out", (blocker / "reports").string()});
  expect_usage_error(run, "report");
  EXPECT_FALSE(fs::exists(blocker / "reports"));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1u) << "something besides the blocker was written";
  fs::remove_all(dir);
}

// `audit --list` shows exactly the index's pending checks as pending (none since issue 6; the
// report's handling of pending entries is tested on a synthetic index in report_test), and a check
// that is implemented runs and passes.
TEST(Cli, ListShowsTheIndexStatusOfEveryCheck) {
  std::ifstream file(std::string(DPSI_SOURCE_DIR) + "/spec/lemmas.json");
  const nlohmann::json index = nlohmann::json::parse(file);
  int pending_in_index = 0;
  int checks_in_index = 0;
  for (const auto& lemma : index.at("lemmas")) {
    for (const auto& check : lemma.at("checks")) {
      ++checks_in_index;
      pending_in_index += check.at("status") == "pending" ? 1 : 0;
    }
  }
  const CliRun list = dpsi({"audit", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  int pending_listed = 0;
  int implemented_listed = 0;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, kind, status;
    words >> name >> kind >> status;
    pending_listed += status == "pending" ? 1 : 0;
    implemented_listed += status == "implemented" ? 1 : 0;
  }
  EXPECT_EQ(pending_listed, pending_in_index);
  EXPECT_EQ(pending_listed + implemented_listed, checks_in_index);
  const CliRun check = dpsi({"check", "B.2:bound-defaults", "--quick"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("pass"), std::string::npos) << check.out;
}

TEST(Cli, CheckPrintsTheLemmaLog) {
  const CliRun run = dpsi({"check", "K.3:certifier-refutes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("MPFR re-evaluation"), std::string::npos) << run.out;
}

}  // namespace

namespace {

// spec/G-one-way-function.md worked examples, through the CLI.
TEST(CliOwf, PrintsOutputBits) {
  const CliRun run = dpsi({"owf", "--n", "8", "--m", "8", "--seed", "00000001"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "01001011\n");
  const CliRun json = dpsi({"owf", "--n", "12", "--seed", "101100111000", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("message_hex"), "b380");
  EXPECT_EQ(parsed.at("sha256_hex"), "577ae1dd485ba469bc26b58841c368af5f2e55a7a1d100b2e5cb2dd85a4d4de5");
  EXPECT_EQ(parsed.at("output"), "0101011101111010");
}

TEST(CliOwf, BadSeedsAreOneLineErrors) {
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--seed", "0101"}), "--seed");
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--seed", "0101012a"}), "--seed");
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8"}), "--seed");
  expect_usage_error(dpsi({"owf", "--n", "441", "--seed", "0"}), "P.1");
}

}  // namespace

namespace {

TEST(CliOwf, ExportsBristolAndPrintsStats) {
  const fs::path dir = scratch();
  const fs::path file = dir / "f_8_8.txt";
  const CliRun run = dpsi({"owf", "--n", "8", "--m", "8", "--export-bristol", file.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(file);
  std::size_t gates = 0;
  std::size_t wires = 0;
  in >> gates >> wires;
  EXPECT_GT(gates, 90000u);  // ~37k AND + 62k XOR + NOTs
  EXPECT_GT(wires, gates);
  expect_usage_error(dpsi({"owf", "--export-bristol", (dir / "missing-dir" / "x.txt").string()}), "x.txt");
  const CliRun stats = dpsi({"owf", "--n", "8", "--m", "8", "--stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto parsed = nlohmann::json::parse(stats.out);
  EXPECT_EQ(parsed.at("relu_network").at("units").get<std::size_t>(),
            parsed.at("circuit").at("and").get<std::size_t>() + 2 * parsed.at("circuit").at("xor").get<std::size_t>());
  fs::remove_all(dir);
}

// `dpsi score --method exact` prints what VertexMixture::score_direct (the independent per-seed
// path) computes, to the requested significant digits, at a point with nonzero coordinates.
TEST(CliScore, ExactScoreMatchesTheDirectPathToThirtyDigits) {
  const CliRun run = dpsi({"score", "--n", "3", "--m", "2", "--sigma", "0.02", "--x", "0.7,-1.2,0.05,0.0125,-0.31",
                           "--method", "exact", "--json", "--digits", "32"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out["score"].size(), 5u);
  dpsi::ParameterValues values;
  values.n = 3;
  values.m = 2;
  const dpsi::density::VertexMixture mixture(dpsi::Instance::from(values));
  const std::vector<dpsi::Ball> x = {dpsi::Ball::from_decimal("0.7"), dpsi::Ball::from_decimal("-1.2"),
                                     dpsi::Ball::from_decimal("0.05"), dpsi::Ball::from_decimal("0.0125"),
                                     dpsi::Ball::from_decimal("-0.31")};
  const dpsi::density::ExactScore direct = mixture.score_direct(x, mixture.kappa_of(dpsi::Ball::from_decimal("0.02")));
  auto agrees = [](const nlohmann::json& printed, const dpsi::Ball& value) {
    const std::string text = printed.get<std::string>();
    int digits = 0;  // significant digits printed
    bool leading = true;
    for (char c : text) {
      if (c == 'e') break;
      if (c < '0' || c > '9') continue;
      if (leading && c == '0') continue;
      leading = false;
      ++digits;
    }
    EXPECT_GE(digits, 30) << text;
    // The printed decimal is within one unit of its last digit, relatively 10^-31, of the value.
    const dpsi::Ball parsed = dpsi::Ball::from_decimal(text);
    return dpsi::within(parsed, value, dpsi::abs(value) * dpsi::Ball::from_decimal("1e-30")) == dpsi::Certainty::kTrue;
  };
  EXPECT_TRUE(agrees(out["log_density"], direct.log_density)) << out["log_density"];
  for (int k = 0; k < 5; ++k) EXPECT_TRUE(agrees(out["score"][k], direct.score[k])) << k << " " << out["score"][k];
  const CliRun text = dpsi({"score", "--n", "3", "--m", "2", "--sigma", "0.02", "--x", "0.7,-1.2,0.05,0.0125,-0.31"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("log_density " + out["log_density"].get<std::string>().substr(0, 20)), std::string::npos) << text.out;
}

TEST(CliScore, BadInputIsOneLineAndExitTwo) {
  expect_usage_error(dpsi({"score", "--sigma", "0.1"}), "--x");
  expect_usage_error(dpsi({"score", "--x", "1"}), "--sigma");
  expect_usage_error(dpsi({"score", "--n", "2", "--m", "1", "--sigma", "0.1", "--x", "1,2"}), "d = n + m = 3");
  expect_usage_error(dpsi({"score", "--n", "2", "--m", "1", "--sigma", "-0.1", "--x", "1,2,3"}), "--sigma");
  expect_usage_error(dpsi({"score", "--n", "2", "--m", "1", "--sigma", "0.1", "--x", "1,2,x"}), "coordinate 3");
  expect_usage_error(dpsi({"score", "--n", "21", "--sigma", "0.1", "--x", "1"}), "n <= 20");
  expect_usage_error(dpsi({"score", "--n", "2", "--m", "1", "--sigma", "0.1", "--x", "1,2,3", "--method", "magic"}), "magic");
}

}  // namespace

namespace {

// Issue 19: --min-time nan passed CLI11's range check and the benchmarks never ended.
TEST(CliBench, MinTimeNanIsRefused) {
  expect_usage_error(dpsi({"bench", "owf", "--min-time", "nan"}), "--min-time: 'nan' is not a number in 0.01..60");
  expect_usage_error(dpsi({"bench", "owf", "--min-time", "100"}), "--min-time: '100' is outside 0.01..60");
}

// Issue 19: --min-time abc said "Value abc not in range".
TEST(CliBench, MinTimeThatIsNotANumberSaysSo) {
  expect_usage_error(dpsi({"bench", "owf", "--min-time", "abc"}), "--min-time: 'abc' is not a number");
}

// Issue 19: bench score measures n = 8, 12, 16 and silently accepted (and ignored) --n 0.
TEST(CliBench, ScoreRefusesN) {
  expect_usage_error(dpsi({"bench", "score", "--n", "0"}), "--n is not used");
  expect_usage_error(dpsi({"bench", "score", "--n", "12"}), "--n is not used");
}

// Issue 19: --export-bristol silently ignored --seed and --json.
TEST(CliOwf, ExportBristolRefusesFlagsItWouldIgnore) {
  const fs::path dir = scratch();
  const std::string file = (dir / "f.txt").string();
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--export-bristol", file, "--seed", "00000001"}), "one of --seed");
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--export-bristol", file, "--stats"}), "one of --seed");
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--export-bristol", file, "--json"}), "--json does not apply");
  expect_usage_error(dpsi({"owf", "--n", "8", "--m", "8", "--stats", "--seed", "00000001"}), "one of --seed");
  EXPECT_FALSE(fs::exists(file));
  fs::remove_all(dir);
}

// Issue 19: errors echoed 100 kB inputs; now an input is quoted with at most 60 of its characters
// and its length, whichever parser or command reports it.
TEST(Cli, ErrorsQuoteAtMostEightyCharactersOfInput) {
  const std::string big(100000, '7');
  const std::string bad = "x" + std::string(2000, '7');
  const std::vector<std::vector<std::string>> commands = {
      {"params", "--delta", big},  {"params", "--delta", bad}, {"params", "--n", bad},
      {"invert", "--trials", bad}, {"score", "--n", "2", "--m", "1", "--sigma", "0.1", "--x", "1,2," + bad},
      {"network", "--sigma", bad, "--stats"}, {"peers", "--instance", bad}, {"peers", "--instance", "hard", "--methods", bad},
      {"params", bad},             {bad},                      {"audit", "--only", bad},
      {"score", "--method", bad, "--sigma", "1", "--x", "1"}};
  for (const auto& args : commands) {
    const CliRun run = dpsi(args);
    expect_usage_error(run, "dpsi: error: ");
    EXPECT_LT(run.err.size(), 400u) << args.front() << " " << args.size() << ": " << run.err.substr(0, 400);
  }
  expect_usage_error(dpsi({"params", "--delta", bad}), "'" + bad.substr(0, 60) + "...' (2001 characters)");
}

// Issue 19: CLI11 listed unexpected arguments in reverse ("not expected: 8 --n" for "-- 8 --n").
TEST(Cli, UnexpectedArgumentsAreListedInOrder) {
  expect_usage_error(dpsi({"params", "foo", "bar"}), "unexpected arguments 'foo' 'bar'");
  expect_usage_error(dpsi({"params", "--", "8", "--n"}), "unexpected arguments '8' '--n'");
  expect_usage_error(dpsi({"params", "stray"}), "unexpected argument 'stray'");
}

// The exit codes are in dpsi --help.
TEST(Cli, HelpListsTheExitCodes) {
  const CliRun help = dpsi({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("2 bad usage or input"), std::string::npos) << help.out;
}

}  // namespace
