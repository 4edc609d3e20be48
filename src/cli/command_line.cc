// The dpsi command's argument layer (see command_line.h). Errors are one line on stderr with exit code 2.
#include "cli/command_line.h"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/audit_command.h"
#include "cli/bench_command.h"
#include "cli/diffuse_command.h"
#include "cli/instance_options.h"
#include "cli/network_command.h"
#include "cli/owf_command.h"
#include "cli/params_command.h"
#include "cli/sample_command.h"
#include "cli/posterior_command.h"
#include "cli/invert_command.h"
#include "cli/mutants_command.h"
#include "cli/peers_command.h"
#include "cli/scaling_command.h"
#include "cli/score_command.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/quoted_input.h"
#include "dpsi/version.h"

namespace dpsi::cli {
namespace {

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Errors quote their input with dpsi::quoted_input; messages composed elsewhere (CLI11's, a library's)
// may not, so every word longer than kMaxWord is shortened the same way (file paths up to that length
// are kept whole), and the whole line is capped.
std::string shorten_long_words(const std::string& text) {
  constexpr std::size_t kMaxWord = 256;
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string_view word(text.data() + start, end - start);
    if (word.size() > kMaxWord) {
      if (word.size() >= 2 && word.front() == '\'' && word.back() == '\'') word = word.substr(1, word.size() - 2);
      out += dpsi::quoted_input(word);
    } else {
      out += word;
    }
    if (end == text.size()) break;
    out += ' ';
    start = end + 1;
  }
  constexpr std::size_t kMaxLine = 600;
  if (out.size() > kMaxLine) out = out.substr(0, kMaxLine) + fmt::format("... ({} characters)", out.size());
  return out;
}

int report_error(const std::string& message) {
  std::cerr << "dpsi: error: " << shorten_long_words(one_line(message)) << "\n";
  return kExitUsage;
}

// CLI11 lists unexpected arguments in reverse order ("not expected: 8 --n" for "--n 8"); name them in
// the order given, a few at most.
std::string extras_message(const CLI::App& app, const CLI::ExtrasError& error) {
  const std::vector<std::string> extras = app.remaining(true);
  if (extras.empty()) return error.what();
  std::string listed;
  constexpr std::size_t kListed = 5;
  for (std::size_t k = 0; k < extras.size() && k < kListed; ++k) listed += (k == 0 ? "" : " ") + dpsi::quoted_input(extras[k]);
  if (extras.size() > kListed) listed += fmt::format(" and {} more", extras.size() - kListed);
  return fmt::format("unexpected argument{} {}", extras.size() == 1 ? "" : "s", listed);
}

}  // namespace

int run_command_line(int argc, const char* const* argv, Dispatch mode) {
  if (!dpsi::fault::announce()) return kExitUsage;
  CLI::App app{"dpsi: an executable audit of 'Diffusion Posterior Sampling is Computationally Intractable'\n"
               "(Gupta, Jalal, Parulekar, Price, Xun; ICML 2024). See README.md and spec/.",
               "dpsi"};
  app.set_version_flag("--version", fmt::format("dpsi {} (revision {})", dpsi::version(), dpsi::git_revision()));
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 a check failed, 2 bad usage or input (a one-line error on stderr), 3 an internal error.");
  const std::vector<std::function<int()>> commands = {
      add_params_command(app),
      add_audit_command(app),
      add_check_command(app),
      add_owf_command(app),
      add_bench_command(app),
      add_sample_command(app),
      add_score_command(app),
      add_network_command(app),
      add_posterior_command(app),
      add_invert_command(app),
      add_diffuse_command(app),
      add_scaling_command(app),
      add_peers_command(app),
      add_mutants_command(app),
  };
  // CLI11 would answer an unknown first word with "A subcommand is required"; name the word instead.
  if (argc > 1 && argv[1][0] != '-') {
    try {
      app.get_subcommand(argv[1]);
    } catch (const CLI::OptionNotFound&) {
      return report_error(fmt::format("unknown command {} (commands: params, audit, check, owf, bench, sample, score, network, posterior, invert, diffuse, scaling, peers, mutants; see dpsi --help)", dpsi::quoted_input(argv[1])));
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& error) {
    return report_error(extras_message(app, error) + " (see dpsi --help)");
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    return report_error(std::string(error.what()) + " (see dpsi --help)");
  }
  if (mode == Dispatch::kParseOnly) return kExitOk;
  try {
    for (const auto& command : commands) {
      const int code = command();
      if (code >= 0) return code;
    }
    return report_error("no subcommand given (see dpsi --help)");
  } catch (const UsageError& error) {
    return report_error(error.what());
  } catch (const std::exception& error) {
    std::cerr << "dpsi: internal error: " << shorten_long_words(one_line(error.what())) << "\n";
    return 3;
  }
}

}  // namespace dpsi::cli
