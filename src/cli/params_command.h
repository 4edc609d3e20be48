// File: cli/params_command.h
// `dpsi params`: print and validate the instance parameters.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

// Adds the subcommand; the returned function runs it (after parsing) and returns the exit code.
std::function<int()> add_params_command(CLI::App& app);

}  // namespace dpsi::cli
