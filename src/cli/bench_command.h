// File: cli/bench_command.h
// `dpsi bench owf`: evaluations per second of f_{n,m} three ways, in one run (Google Benchmark).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_bench_command(CLI::App& app);

}  // namespace dpsi::cli
