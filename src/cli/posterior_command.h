// File: cli/posterior_command.h
// `dpsi posterior`: the exact law of a measurement y (spec A.5, E.2): log p_Y(y), the rejection
// acceptance probability a(y) and the posterior mass on preimages of decode(y), certified (R.4).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_posterior_command(CLI::App& app);

}  // namespace dpsi::cli
