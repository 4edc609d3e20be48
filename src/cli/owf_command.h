// File: cli/owf_command.h
// `dpsi owf`: evaluate f_{n,m} on a seed; export its Boolean circuit.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_owf_command(CLI::App& app);

}  // namespace dpsi::cli
