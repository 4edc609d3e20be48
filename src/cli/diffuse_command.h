// File: cli/diffuse_command.h
// `dpsi diffuse`: unconditional draws of the instance by the F.2 exponential-integrator sampler,
// driven by C.8's analytic oracle or its ReLU score networks.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_diffuse_command(CLI::App& app);

}  // namespace dpsi::cli
