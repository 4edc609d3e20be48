// File: cli/invert_command.h
// `dpsi invert`: the inverter of spec B.2 driven by a chosen posterior sampler, over K random targets.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_invert_command(CLI::App& app);

}  // namespace dpsi::cli
