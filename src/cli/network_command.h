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

// Parses --sigma and --epsilon (one-line UsageError on bad input: not a decimal, too long an exact
// number (parse_exact), sigma <= 0, eps <= 0).
Rational parse_positive(const std::string& flag, const std::string& text);

// The most knots per coordinate a score network may need: about 2 delta/eta period knots (C.4) or
// 2a/eta seed knots (C.7), eta = eps kappa/(2 sqrt(m or n)); 10^5 knots take about a minute to build
// and certify (the C.7 certificate grows faster than linearly).
inline constexpr double kMaxNetworkKnots = 1e5;

// Throws UsageError naming --epsilon, the estimated knot count, the limit and the smallest --epsilon
// within it, when the network at (sigma, epsilon) would need more than kMaxNetworkKnots knots.
void check_network_size(const Instance& instance, const Rational& sigma, const Rational& epsilon);

}  // namespace dpsi::cli
