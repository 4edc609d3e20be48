// File: cli/command_line.h
// The dpsi command's argument layer: builds the CLI11 app with every subcommand, parses argv and
// runs the chosen command. main() is run_command_line(argc, argv); the fuzz target fuzz/cli_fuzz.cc
// calls it with Dispatch::kParseOnly.
#pragma once

namespace dpsi::cli {

enum class Dispatch {
  kRun,        // parse, then run the chosen command (what main() does)
  kParseOnly,  // parse and report errors as kRun does, then return kExitOk without running anything
};

// Returns the process exit code: 0 success, 1 a check failed, 2 bad usage or input (one line
// "dpsi: error: ..." on stderr), 3 an internal error. --help and --version print and return 0.
int run_command_line(int argc, const char* const* argv, Dispatch mode = Dispatch::kRun);

}  // namespace dpsi::cli
