// File: proofs-checks/decoding_checks.h
// Checks of B.1 (decoder identity, decoding error) and A.3 (tails and exponential moment of D_b).
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/certainty.h"

namespace dpsi::checks {

// Registers B.1:decoder-identity (exact), B.1:perr-series-bounds, B.1:perr-defaults,
// A.3:lattice-tail-bound, A.3:exponential-moment, A.3:blurred-tail-bound (certified).
void register_decoding_checks(audit::Registry& registry);

// A certified comparison lhs < rhs (strict) or lhs <= rhs, with the enclosures and the precision
// that decided it.
struct Comparison {
  Certainty holds = Certainty::kUndecided;
  Ball lhs;
  Ball rhs;
  long bits = 0;
};

// Evaluates (lhs, rhs) = evaluate() at start_bits, doubling the working precision (PrecisionScope)
// while the comparison is undecided, up to max_bits; an undecided result at max_bits stays
// kUndecided (a failure for the checks). The decoding checks decide every claim with it.
Comparison compare_adaptively(const std::function<std::pair<Ball, Ball>()>& evaluate, bool strict,
                              long start_bits = 256, long max_bits = 16384);

// The certified margin lower(larger) - upper(smaller), as a short decimal ("n/a" if unbounded).
std::string certified_margin_str(const Ball& smaller, const Ball& larger, int digits = 4);

}  // namespace dpsi::checks
