// File: cli/audit_command.h
// `dpsi audit` (run every registered check, write the reports) and `dpsi check ID`.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace dpsi::cli {

std::function<int()> add_audit_command(CLI::App& app);
std::function<int()> add_check_command(CLI::App& app);

}  // namespace dpsi::cli
