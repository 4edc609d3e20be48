// Tests of cli::run_command_line in-process: Dispatch::kParseOnly parses and reports exactly as a run
// does, and runs nothing (the mode fuzz/command_line_fuzz.cc relies on).
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/instance_options.h"

namespace {

namespace fs = std::filesystem;
using dpsi::cli::Dispatch;
using dpsi::cli::run_command_line;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome parse_only(std::vector<std::string> words) {
  words.insert(words.begin(), "dpsi");
  std::vector<const char*> argv;
  for (const std::string& word : words) argv.push_back(word.c_str());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  std::streambuf* const old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* const old_err = std::cerr.rdbuf(err.rdbuf());
  const int code = run_command_line(static_cast<int>(words.size()), argv.data(), Dispatch::kParseOnly);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

TEST(CommandLine, ParseOnlyAcceptsACommandWithoutRunningIt) {
  const fs::path out = fs::temp_directory_path() / "dpsi-command-line-test-report";
  fs::remove_all(out);
  // A full audit would take minutes and write a report: parsed only, it returns at once and writes nothing.
  const Outcome outcome = parse_only({"audit", "--out", out.string(), "--seed", "7"});
  EXPECT_EQ(outcome.code, dpsi::cli::kExitOk);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "");
  EXPECT_FALSE(fs::exists(out));
}

TEST(CommandLine, ParseOnlyReportsUsageErrorsAsARunDoes) {
  const Outcome unknown = parse_only({"frobnicate"});
  EXPECT_EQ(unknown.code, dpsi::cli::kExitUsage);
  EXPECT_EQ(unknown.err.rfind("dpsi: error: unknown command 'frobnicate'", 0), 0u) << unknown.err;
  const Outcome extras = parse_only({"params", "--n", "8", "9", "10"});
  EXPECT_EQ(extras.code, dpsi::cli::kExitUsage);
  EXPECT_NE(extras.err.find("unexpected arguments '9' '10'"), std::string::npos) << extras.err;
  const Outcome missing = parse_only({});
  EXPECT_EQ(missing.code, dpsi::cli::kExitUsage);
  EXPECT_EQ(missing.err.rfind("dpsi: error: ", 0), 0u) << missing.err;
}

TEST(CommandLine, ParseOnlyPrintsHelp) {
  const Outcome help = parse_only({"params", "--help"});
  EXPECT_EQ(help.code, dpsi::cli::kExitOk);
  EXPECT_NE(help.out.find("--kappa-star"), std::string::npos) << help.out;
}

}  // namespace
