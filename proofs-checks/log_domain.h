// File: proofs-checks/log_domain.h
// Enclosure helpers for quantities spanning many orders of magnitude, shared by the C.5(b)-(e)
// checks and R.1:remainder-bounds.
//
// A midpoint-radius ball cannot hold [L, U] with 0 < L << U: its radius carries ~30 bits, so the
// lower end falls below 0 once U/L > 2^30. Nonnegative sums whose terms span many orders of
// magnitude are therefore carried as log-ranges (the quantity lies in [exp(lower), exp(upper)]),
// and exp of a wide ball is taken by monotonicity. Every function returns an enclosure valid for
// every point of its input balls; an indeterminate (non-finite) input gives an indeterminate result.
#pragma once

#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

// [lower, upper] ends of a finite ball as exact dyadic (zero-radius) balls.
Ball lower_end(const Ball& x);
Ball upper_end(const Ball& x);

// exp by monotonicity: [exp(lower), exp(upper)], positive on arbitrarily wide finite inputs (Arb's
// midpoint-radius exp is not).
Ball exp_monotone(const Ball& x);

// A ball for a quantity known to be >= 0 (a square): the enclosure intersected with [0, inf).
Ball nonnegative(const Ball& x);

// log(e^a + e^b) = max(a, b) + log1p(e^{-|a - b|}), finite on wide inputs.
Ball log_add_exp(const Ball& a, const Ball& b);

// A nonnegative quantity in [exp(lower), exp(upper)].
struct LogRange {
  bool zero = false;       // the quantity is exactly 0
  bool has_lower = false;  // a positive lower bound exp(lower) is known
  Ball lower;              // log of a lower bound (if has_lower)
  Ball upper;              // log of an upper bound (unless zero)
};

// From an enclosure x of a number known to be >= 0.
LogRange log_range_of(const Ball& x);
// A positive quantity given by (an enclosure of) its log.
LogRange from_log(const Ball& log_value);
// An unknown quantity in [0, exp(log_bound)] (an omitted tail).
LogRange at_most(const Ball& log_bound);

LogRange operator*(const LogRange& a, const LogRange& b);
LogRange operator+(const LogRange& a, const LogRange& b);
// The smaller of two quantities: [min of lowers, min of uppers].
LogRange minimum(const LogRange& a, const LogRange& b);

// An enclosure of log(quantity) - log_denominator; indeterminate without a positive lower bound.
Ball log_ratio(const LogRange& numerator, const Ball& log_denominator);

}  // namespace dpsi::checks
