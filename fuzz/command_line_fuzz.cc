// Fuzz target: the dpsi command's argument layer in-process, dpsi::cli::run_command_line (what main()
// runs) in Dispatch::kParseOnly mode: the CLI11 app with every subcommand and option is built and
// parses the words, and nothing is run (a parsed command could take hours, and would write files).
// Input: newline-separated argv words after "dpsi" (at most 64 words; a word may contain spaces).
// Properties: no crash, leak or UB; the exit code is 0 (parsed, or --help/--version printed) or 2 (bad
// usage); on 2, stderr is exactly one line "dpsi: error: ..." of bounded length (main() caps messages
// at 600 characters plus a length note), and on 0 stderr is empty.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "cli/instance_options.h"
#include "fuzz_check.h"

namespace {

constexpr std::size_t kMaxWords = 64;

// Sends std::cout and std::cerr to strings for the lifetime of the object.
class CapturedStreams {
 public:
  CapturedStreams() : cout_(std::cout.rdbuf(out_.rdbuf())), cerr_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~CapturedStreams() {
    std::cout.rdbuf(cout_);
    std::cerr.rdbuf(cerr_);
  }
  CapturedStreams(const CapturedStreams&) = delete;
  CapturedStreams& operator=(const CapturedStreams&) = delete;
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_, err_;
  std::streambuf* cout_;
  std::streambuf* cerr_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> words = {"dpsi"};
  std::size_t start = 0;
  while (start < input.size() && words.size() <= kMaxWords) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    words.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  std::vector<const char*> argv;
  for (const std::string& word : words) argv.push_back(word.c_str());
  argv.push_back(nullptr);

  int code = 0;
  std::string err;
  {
    const CapturedStreams captured;
    code = dpsi::cli::run_command_line(static_cast<int>(words.size()), argv.data(), dpsi::cli::Dispatch::kParseOnly);
    err = captured.err();
  }
  FUZZ_CHECK(code == dpsi::cli::kExitOk || code == dpsi::cli::kExitUsage);
  if (code == dpsi::cli::kExitOk) {
    FUZZ_CHECK(err.empty());
  } else {
    constexpr std::string_view kPrefix = "dpsi: error: ";
    FUZZ_CHECK(err.starts_with(kPrefix) && err.size() > kPrefix.size() + 1 && err.back() == '\n');
    FUZZ_CHECK(err.find('\n') == err.size() - 1 && err.find('\r') == std::string::npos);
    FUZZ_CHECK(err.size() <= 700);
  }
  return 0;
}
