// File: cli/score_command.h
// `dpsi score`: the exact smoothed log-density and score of the instance at a point (spec A.4, R.4).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_score_command(CLI::App& app);

}  // namespace dpsi::cli
