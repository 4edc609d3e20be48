// File: dpsi/instance/decoder.h
// The phase decoder of spec B.1: dec(y)_i = round(2 y_i / delta) mod 2, with round(t) = floor(t + 1/2)
// and the non-negative residue mod 2.
//
// The exact versions work on Rationals and are what every check uses: B.1(i) (the decoder identity
// dec(w + e) = b xor (round(2e/delta) mod 2) for w in Lambda_b = delta Z + b delta/2, ties included)
// is decided with them. The double versions are fast paths for Monte Carlo (statistical checks,
// samplers); they are NOT exact: 2y/delta + 1/2 is rounded to double, so within a few ulps of a tie
// (|2y/delta - (k + 1/2)| <~ 2^-52 |2y/delta|) they may return the other bit, and for |2y/delta| >= 2^53
// the result is meaningless. Ties have probability zero under the model's continuous noise.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dpsi/numeric/rational.h"

namespace dpsi::instance {

// floor(t + 1/2), exactly, for every rational t (ties round up: round(-1/2) = 0, round(1/2) = 1).
Integer round_half_up(const Rational& t);

// round(2y/delta) mod 2 in {0, 1} (non-negative residue, also for negative y), exactly.
// Requires delta > 0; throws std::invalid_argument otherwise.
int decode_bit(const Rational& y, const Rational& delta);

// dec(y): decode_bit of every coordinate (same contract).
std::vector<std::uint8_t> decode(std::span<const Rational> y, const Rational& delta);

// Fast path (not exact near ties, see above): floor(2y/delta + 1/2) mod 2 in double arithmetic.
// Requires delta > 0 and finite y; throws std::invalid_argument otherwise.
int decode_bit(double y, double delta);
std::vector<std::uint8_t> decode(std::span<const double> y, double delta);

}  // namespace dpsi::instance
