// File: cli/peers_command.h
// `dpsi peers`: the practical posterior samplers (DPS, PiGDM, TDS, annealed Langevin) on the easy
// Gaussian-mixture instance and on the hard instance (spec E.P; dpsi/peers/).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_peers_command(CLI::App& app);

}  // namespace dpsi::cli
