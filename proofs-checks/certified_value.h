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

// The certified upper (lower) end of an enclosure, rounded outward. Upper bounds below 1e-100 are raised
// to 1e-100 and positive lower bounds below it lowered to 0 (still bounds; 2.9e-22173 would otherwise carry a
// 22,000-digit denominator into report.json).
inline Rational tiny_bound() {
  Rational tiny(1);
  for (int k = 0; k < 100; ++k) tiny /= 10;
  return tiny;
}
inline Rational certified_upper(const Ball& value, int digits = 12) {
  const Rational upper = round_up(value.upper_rational(), digits);
  return upper >= 0 && upper < tiny_bound() ? tiny_bound() : upper;
}
inline Rational certified_lower(const Ball& value, int digits = 12) {
  const Rational lower = round_down(value.lower_rational(), digits);
  return lower > 0 && lower < tiny_bound() ? Rational(0) : lower;
}

}  // namespace dpsi::checks
