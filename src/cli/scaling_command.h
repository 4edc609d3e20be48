// File: cli/scaling_command.h
// `dpsi scaling`: the scaling experiment of issue 6 item 4 (dpsi/posterior/scaling_experiment.h).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_scaling_command(CLI::App& app);

}  // namespace dpsi::cli
