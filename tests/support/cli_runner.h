// File: tests/support/cli_runner.h
// Running the dpsi binary as a user would (DPSI_CLI_PATH), capturing exit code, stdout and stderr,
// and the expectations every command shares (a usage error is one line with exit code 2).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dpsi::testing {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A fresh empty directory named after this process, the running test and `purpose`.
inline std::filesystem::path scratch(const std::string& purpose = "scratch") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("dpsi-cli-test-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
       "-" + purpose);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `dpsi args...` with stdin from /dev/null.
inline CliRun dpsi(const std::vector<std::string>& args) {
  const std::filesystem::path dir = scratch("io");
  std::string command = shell_quote(DPSI_CLI_PATH);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " >" + shell_quote((dir / "out").string()) + " 2>" + shell_quote((dir / "err").string()) + " </dev/null";
  const int status = std::system(command.c_str());
  CliRun run{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(dir / "out"), slurp(dir / "err")};
  std::filesystem::remove_all(dir);
  return run;
}

inline int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

// A usage error is exactly one line on stderr, prefixed, with exit code 2 and nothing on stdout.
inline void expect_usage_error(const CliRun& run, const std::string& must_mention) {
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(line_count(run.err), 1) << run.err;
  EXPECT_EQ(run.err.rfind("dpsi: error: ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find(must_mention), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

}  // namespace dpsi::testing
