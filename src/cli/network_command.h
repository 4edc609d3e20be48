// File: cli/network_command.h
// `dpsi network`: the score network of spec C.8 at one noise level: its size and certificate
// (--stats) or its export to safetensors with the instance parameters (--export FILE).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "dpsi/params/instance.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::cli {

std::function<int()> add_network_command(CLI::App& app);

// The parameters stored with an exported network (and printed by --stats --json): the instance, the
// noise level and the construction's hyper-parameters, the bound, and the input/output convention.
nlohmann::json network_parameters(const Instance& instance, const relu::ScoreNetwork& network, const Rational& epsilon);

// Parses --sigma and --epsilon (one-line UsageError on bad input: not a decimal, sigma <= 0, eps <= 0).
Rational parse_positive(const std::string& flag, const std::string& text);

}  // namespace dpsi::cli
