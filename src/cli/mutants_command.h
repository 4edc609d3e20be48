// File: cli/mutants_command.h
// dpsi mutants: runs the mutation catalogue (mutants/*.json) against this build's fault points.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace dpsi::cli {

std::function<int()> add_mutants_command(CLI::App& app);

}  // namespace dpsi::cli
