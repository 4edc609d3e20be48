// File: proofs-checks/certified_value.h
// Certified values handed to compositions (CheckResult::certified_values, spec D.A, D.B): a proved
// upper (lower) bound, rounded outward to a short decimal so that report.json stays readable and the
// bound stays proved. round_up(x, d) >= x and round_down(x, d) <= x, each with d significant digits.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

namespace detail {
// x = q 10^-p with 10^(digits-1) <= |q| < 10^digits (q rational); returns ceil (up) or floor of q 10^-p.
inline Rational round_to_digits(const Rational& x, int digits, bool up) {
  if (x == 0) return x;
  Rational magnitude = x < 0 ? Rational(-x) : x;
  Rational scale(1);
  Rational low(1);
  for (int k = 1; k < digits; ++k) low *= 10;
  const Rational high = low * 10;
  while (magnitude * scale >= high) scale /= 10;
  while (magnitude * scale < low) scale *= 10;
  const Rational scaled = x * scale;
  return Rational(up ? ceil_of(scaled) : floor_of(scaled)) / scale;
}
}  // namespace detail

inline Rational round_up(const Rational& x, int digits = 12) { return detail::round_to_digits(x, digits, true); }
inline Rational round_down(const Rational& x, int digits = 12) { return detail::round_to_digits(x, digits, false); }

// The certified upper (lower) end of an enclosure, rounded outward.
inline Rational certified_upper(const Ball& value, int digits = 12) { return round_up(value.upper_rational(), digits); }
inline Rational certified_lower(const Ball& value, int digits = 12) { return round_down(value.lower_rational(), digits); }

}  // namespace dpsi::checks
