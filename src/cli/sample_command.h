// File: cli/sample_command.h
// `dpsi sample`: exact ancestral draws of the instance g~ (or g~_sigma), recipe R6.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_sample_command(CLI::App& app);

}  // namespace dpsi::cli
