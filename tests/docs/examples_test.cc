// File: tests/docs/examples_test.cc
// The examples of README.md and docs/*.md print what they show. A fenced block whose info string is
// `console-test` holds commands (lines starting with "$ ") each followed by its expected output. The
// command must start with `./run dpsi ` or `build/release/bin/dpsi ` (both stand for the built dpsi);
// it runs in a fresh directory (shared by the commands of one block) with stdin from /dev/null, and
// its stdout followed by its stderr must match the expected lines: a line that is exactly "(...)"
// stands for any number of lines (also none), and "(...)" inside a line for any text (timings,
// long columns). Trailing blanks are ignored. The exit status must be 0, or 2 when the expected output
// starts with "dpsi: error:". Other fenced blocks are not run, but none may call a bare `dpsi`
// (it is not on PATH after the build: write `./run dpsi` or `build/release/bin/dpsi`).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
const std::string kOmitted = "(...)";

std::string rstrip(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(rstrip(text.substr(start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

// One line against a pattern in which each "(...)" matches any text.
bool line_matches(const std::string& pattern, const std::string& line) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (std::size_t at; (at = pattern.find(kOmitted, start)) != std::string::npos; start = at + kOmitted.size())
    pieces.push_back(pattern.substr(start, at - start));
  pieces.push_back(pattern.substr(start));
  if (pieces.size() == 1) return pattern == line;
  if (line.size() < pieces.front().size() + pieces.back().size()) return false;
  if (line.compare(0, pieces.front().size(), pieces.front()) != 0) return false;
  if (line.compare(line.size() - pieces.back().size(), pieces.back().size(), pieces.back()) != 0) return false;
  std::size_t position = pieces.front().size();
  const std::size_t limit = line.size() - pieces.back().size();
  for (std::size_t k = 1; k + 1 < pieces.size(); ++k) {  // leftmost placement of the middle pieces is optimal
    const std::size_t found = line.find(pieces[k], position);
    if (found == std::string::npos || found + pieces[k].size() > limit) return false;
    position = found + pieces[k].size();
  }
  return position <= limit;
}

// Expected lines (a line "(...)" = any number of lines) against the actual lines.
bool lines_match(const std::vector<std::string>& expected, std::size_t e, const std::vector<std::string>& actual,
                 std::size_t a) {
  if (e == expected.size()) return a == actual.size();
  if (expected[e] == kOmitted) {
    for (std::size_t skip = a; skip <= actual.size(); ++skip)
      if (lines_match(expected, e + 1, actual, skip)) return true;
    return false;
  }
  return a < actual.size() && line_matches(expected[e], actual[a]) && lines_match(expected, e + 1, actual, a + 1);
}

bool output_matches(const std::vector<std::string>& expected, const std::string& output) {
  std::vector<std::string> actual = split_lines(output);
  return lines_match(expected, 0, actual, 0);
}

struct Example {
  std::string where;  // file:line of the command
  std::string command;
  std::vector<std::string> expected;
};

struct Block {
  std::string where;
  std::vector<Example> examples;
};

struct Fence {
  std::string where;
  std::string info;
  std::vector<std::string> lines;
};

std::vector<fs::path> documentation_files() {
  std::vector<fs::path> files{fs::path(DPSI_SOURCE_DIR) / "README.md"};
  std::vector<fs::path> docs;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(DPSI_SOURCE_DIR) / "docs"))
    if (entry.path().extension() == ".md") docs.push_back(entry.path());
  std::sort(docs.begin(), docs.end());
  files.insert(files.end(), docs.begin(), docs.end());
  return files;
}

std::vector<Fence> fences(const fs::path& file) {
  const std::vector<std::string> lines = split_lines(dpsi::testing::slurp(file));
  const std::string name = fs::relative(file, DPSI_SOURCE_DIR).string();
  std::vector<Fence> result;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("```", 0) != 0) continue;
    Fence fence{name + ":" + std::to_string(i + 1), lines[i].substr(3), {}};
    std::size_t j = i + 1;
    for (; j < lines.size() && lines[j] != "```"; ++j) fence.lines.push_back(lines[j]);
    result.push_back(fence);
    i = j;
  }
  return result;
}

// "$ ./run dpsi args" or "$ build/release/bin/dpsi args" -> the shell words after "dpsi", or "" if neither.
bool dpsi_arguments(const std::string& command, std::string& arguments) {
  for (const std::string prefix : {"./run dpsi", "build/release/bin/dpsi"}) {
    if (command == prefix || command.rfind(prefix + " ", 0) == 0) {
      arguments = command.substr(prefix.size());
      return true;
    }
  }
  return false;
}

std::vector<Block> console_test_blocks(std::vector<std::string>& errors) {
  std::vector<Block> blocks;
  for (const fs::path& file : documentation_files()) {
    for (const Fence& fence : fences(file)) {
      if (fence.info != "console-test") continue;
      Block block{fence.where, {}};
      for (std::size_t k = 0; k < fence.lines.size(); ++k) {
        const std::string& line = fence.lines[k];
        if (line.rfind("$ ", 0) == 0) {
          block.examples.push_back({fence.where + "+" + std::to_string(k + 1), line.substr(2), {}});
        } else if (block.examples.empty()) {
          errors.push_back(fence.where + ": a console-test block must start with a \"$ \" command line");
        } else {
          block.examples.back().expected.push_back(line);
        }
      }
      if (block.examples.empty()) errors.push_back(fence.where + ": an empty console-test block");
      blocks.push_back(block);
    }
  }
  return blocks;
}

int run_in(const fs::path& dir, const std::string& arguments, std::string& output) {
  const std::string command = "cd " + dpsi::testing::shell_quote(dir.string()) + " && " +
                              dpsi::testing::shell_quote(DPSI_CLI_PATH) + arguments + " </dev/null >.stdout 2>.stderr";
  const int status = std::system(command.c_str());
  output = dpsi::testing::slurp(dir / ".stdout") + dpsi::testing::slurp(dir / ".stderr");
  fs::remove(dir / ".stdout");
  fs::remove(dir / ".stderr");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(DocsExamples, MatcherOmitsLinesAndTextAndNothingElse) {
  EXPECT_TRUE(output_matches({"a", "b"}, "a\nb\n"));
  EXPECT_TRUE(output_matches({"a", "b"}, "a  \nb"));
  EXPECT_FALSE(output_matches({"a", "b"}, "a\nb\nc\n"));
  EXPECT_FALSE(output_matches({"a", "b"}, "a\n"));
  EXPECT_TRUE(output_matches({"a", "(...)", "d"}, "a\nb\nc\nd\n"));
  EXPECT_TRUE(output_matches({"a", "(...)", "d"}, "a\nd\n"));
  EXPECT_FALSE(output_matches({"a", "(...)", "d"}, "a\nb\nc\n"));
  EXPECT_TRUE(output_matches({"(...)"}, ""));
  EXPECT_TRUE(output_matches({"built in (...) s, (...) units"}, "built in 4.2 s, 10 units"));
  EXPECT_FALSE(output_matches({"built in (...) s, (...) units"}, "built in 4.2 s, 10 unit"));
  EXPECT_FALSE(output_matches({"x (...) x"}, "x"));
  EXPECT_TRUE(output_matches({"x (...) x"}, "x  x"));
  EXPECT_FALSE(output_matches({"0.99"}, "0.98"));
}

TEST(DocsExamples, EveryConsoleTestBlockPrintsWhatItShows) {
  std::vector<std::string> errors;
  const std::vector<Block> blocks = console_test_blocks(errors);
  for (const std::string& error : errors) ADD_FAILURE() << error;
  const auto in = [&](const std::string& file) {
    return std::count_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.where.rfind(file + ":", 0) == 0; });
  };
  EXPECT_GE(in("README.md"), 1) << "README.md shows no console-test example";
  EXPECT_GE(blocks.size(), 10u) << "the docs show fewer console-test examples than they did";
  const fs::path root = fs::temp_directory_path() / ("dpsi-docs-examples-" + std::to_string(::getpid()));
  int index = 0;
  for (const Block& block : blocks) {
    const fs::path dir = root / std::to_string(index++);
    fs::create_directories(dir);
    for (const Example& example : block.examples) {
      std::string arguments;
      if (!dpsi_arguments(example.command, arguments)) {
        ADD_FAILURE() << example.where << ": not a dpsi command (write ./run dpsi or build/release/bin/dpsi): "
                      << example.command;
        continue;
      }
      std::string output;
      const int status = run_in(dir, arguments, output);
      const bool error_expected = !example.expected.empty() && example.expected.front().rfind("dpsi: error:", 0) == 0;
      EXPECT_EQ(status, error_expected ? 2 : 0) << example.where << ": $ " << example.command << "\n" << output;
      EXPECT_TRUE(output_matches(example.expected, output))
          << example.where << ": $ " << example.command << "\n--- the docs show:\n"
          << joined(example.expected) << "--- it prints:\n" << output;
    }
  }
  fs::remove_all(root);
}

TEST(DocsExamples, NoExampleCallsABareDpsi) {
  int commands = 0;
  for (const fs::path& file : documentation_files()) {
    for (const Fence& fence : fences(file)) {
      for (const std::string& line : fence.lines) {
        if (line.rfind("$ ", 0) != 0) continue;
        ++commands;
        EXPECT_NE(line.rfind("$ dpsi", 0), 0u) << fence.where << ": dpsi is not on PATH; write ./run dpsi or "
                                                 "build/release/bin/dpsi: " << line;
      }
    }
  }
  EXPECT_GE(commands, 10) << "no \"$ \" command lines found in README.md and docs/*.md";
}

}  // namespace
