// File: dpsi/numeric/rational.h
// Exact rationals and integers: the one project-wide alias for each, and exact decimal parsing.
//
// Rational is Boost.Multiprecision over GMP's mpq_t with expression templates OFF: with them on,
// `auto x = a * b;` is a dangling expression object, not a number (boostorg/multiprecision #175).
#pragma once

#include <boost/multiprecision/gmp.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace dpsi {

using Rational = boost::multiprecision::number<boost::multiprecision::gmp_rational,
                                               boost::multiprecision::et_off>;
using Integer = boost::multiprecision::number<boost::multiprecision::gmp_int,
                                              boost::multiprecision::et_off>;

// Thrown by parse_rational; what() is a one-line message naming the offending text.
class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses `text` exactly. Accepted forms (no spaces):
//   integer      "-12"
//   decimal      "0.05", "-.5", "3."      (value is exact: "0.1" is 1/10, never the double 0.1)
//   scientific   "2.5e-3", "1E6"          (exponent |e| <= 10000)
//   fraction     "1/20", "-3/4"           (denominator must be non-zero)
// Throws ParseError otherwise (including empty text, "nan", "inf", "1/0").
Rational parse_rational(std::string_view text);

// Decimal rendering with `significant_digits` significant digits, rounded to nearest (for reports;
// not exact unless the value is a short decimal). Example: to_decimal(1/3, 5) == "0.33333".
std::string to_decimal(const Rational& value, int significant_digits = 17);

// Exact rendering "p/q" (or "p" when the denominator is 1).
std::string to_fraction(const Rational& value);

// True iff `value` is an integer.
bool is_integer(const Rational& value);

// The largest integer <= value, and the smallest integer >= value (exact).
Integer floor_of(const Rational& value);
Integer ceil_of(const Rational& value);

}  // namespace dpsi
