// File: proofs-checks/printed_value.h
// "The enclosure matches the value the spec prints": every point of the ball rounds to the printed
// decimal at the printed number of significant digits, i.e. lies in [p - u/2, p + u/2] with u one
// unit in the last printed digit (e.g. "4.88890e-18": 6 digits, u = 1e-23). Decided exactly on the
// ball's rational endpoints.
#pragma once

#include <string>
#include <string_view>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

// One unit in the last digit of a printed decimal ("0.02103" -> 1e-5, "2.851" -> 1e-3,
// "7.285e-3" -> 1e-6); throws ParseError like parse_rational for malformed text.
inline Rational last_digit_unit(std::string_view printed) {
  const std::size_t exponent_at = printed.find_first_of("eE");
  const std::string_view mantissa = printed.substr(0, exponent_at);
  const long exponent = exponent_at == std::string_view::npos ? 0 : std::stol(std::string(printed.substr(exponent_at + 1)));
  const std::size_t point = mantissa.find('.');
  const long decimals = point == std::string_view::npos ? 0 : static_cast<long>(mantissa.size() - point - 1);
  const long power = exponent - decimals;  // unit = 10^power
  Rational unit(1);
  for (long k = 0; k < (power < 0 ? -power : power); ++k) unit = power < 0 ? unit / 10 : unit * 10;
  return unit;
}

// kTrue iff the whole ball lies within half a unit of the printed value, kFalse iff no point does.
inline Certainty rounds_to(const Ball& value, std::string_view printed) {
  const Rational centre = parse_rational(printed);
  const Rational half_unit = last_digit_unit(printed) / 2;
  const Ball window = Ball::interval(centre - half_unit, centre + half_unit);
  if (!value.is_finite()) return Certainty::kUndecided;
  if (value.lower_rational() >= centre - half_unit && value.upper_rational() <= centre + half_unit) return Certainty::kTrue;
  if (!value.overlaps(window)) return Certainty::kFalse;
  return Certainty::kUndecided;
}

}  // namespace dpsi::checks
