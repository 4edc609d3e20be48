#include "dpsi/numeric/rational.h"

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "dpsi/numeric/quoted_input.h"
#include "dpsi/numeric/reference_real.h"

namespace dpsi {
namespace {

constexpr long kMaxDecimalExponent = 10000;

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

// Boost/GMP read a leading 0 as an octal prefix ("0025" would be 21), so digits are passed as a
// canonical decimal string.
Integer decimal_integer(std::string_view digits) {
  const auto first_nonzero = digits.find_first_not_of('0');
  if (first_nonzero == std::string_view::npos) return Integer(0);
  return Integer(std::string(digits.substr(first_nonzero)));
}

// The message is one line: a line break inside the quoted text is shown as a space (found by
// fuzz/rational_fuzz.cc: "1\n2" gave a two-line message).
[[noreturn]] void fail(std::string_view text, std::string_view why) {
  std::string quoted = quoted_input(text);
  for (char& c : quoted) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  throw ParseError(fmt::format("{} is not an exact number ({})", quoted, why));
}

Integer pow10(long exponent) {
  Integer result = 1;
  for (long i = 0; i < exponent; ++i) result *= 10;
  return result;
}

Rational parse_decimal(std::string_view original, std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  long exponent = 0;
  if (const auto e = text.find_first_of("eE"); e != std::string_view::npos) {
    std::string_view exponent_text = text.substr(e + 1);
    text = text.substr(0, e);
    bool exponent_negative = false;
    if (!exponent_text.empty() && (exponent_text.front() == '-' || exponent_text.front() == '+')) {
      exponent_negative = exponent_text.front() == '-';
      exponent_text.remove_prefix(1);
    }
    if (exponent_text.empty() || !all_digits(exponent_text)) fail(original, "bad exponent");
    if (exponent_text.size() > 5) fail(original, "exponent too large");
    exponent = std::strtol(std::string(exponent_text).c_str(), nullptr, 10);
    if (exponent > kMaxDecimalExponent) fail(original, "exponent too large");
    if (exponent_negative) exponent = -exponent;
  }
  std::string_view integer_part = text;
  std::string_view fraction_part;
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    integer_part = text.substr(0, dot);
    fraction_part = text.substr(dot + 1);
  }
  if (integer_part.empty() && fraction_part.empty()) fail(original, "no digits");
  if (!all_digits(integer_part) || !all_digits(fraction_part)) fail(original, "unexpected character");
  const std::string digits = std::string(integer_part) + std::string(fraction_part);
  const Integer mantissa = decimal_integer(digits);
  exponent -= static_cast<long>(fraction_part.size());
  Rational value = exponent >= 0 ? Rational(mantissa * pow10(exponent))
                                 : Rational(mantissa, pow10(-exponent));
  return negative ? Rational(-value) : value;
}

}  // namespace

Rational parse_rational(std::string_view text) {
  if (text.empty()) fail(text, "empty");
  if (text.size() > 4096) fail(text.substr(0, 32), "longer than 4096 characters");
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view numerator = text.substr(0, slash);
    std::string_view denominator = text.substr(slash + 1);
    std::string_view numerator_digits = numerator;
    if (!numerator_digits.empty() && (numerator_digits.front() == '-' || numerator_digits.front() == '+')) {
      numerator_digits.remove_prefix(1);
    }
    if (numerator_digits.empty() || denominator.empty() || !all_digits(numerator_digits) ||
        !all_digits(denominator)) {
      fail(text, "a fraction is <integer>/<positive integer>");
    }
    Integer p = decimal_integer(numerator_digits);
    const Integer q = decimal_integer(denominator);
    if (q == 0) fail(text, "zero denominator");
    if (!numerator.empty() && numerator.front() == '-') p = -p;
    return Rational(p, q);
  }
  return parse_decimal(text, text);
}

std::string to_decimal(const Rational& value, int significant_digits) {
  if (value == 0) return "0";
  const ReferenceReal approx(value);
  return approx.str(significant_digits, std::ios_base::fmtflags(0));
}

std::string to_fraction(const Rational& value) {
  if (denominator(value) == 1) return numerator(value).str();
  return numerator(value).str() + "/" + denominator(value).str();
}

bool is_integer(const Rational& value) { return denominator(value) == 1; }

Integer floor_of(const Rational& value) {
  Integer result;
  mpz_fdiv_q(result.backend().data(), mpq_numref(value.backend().data()), mpq_denref(value.backend().data()));
  return result;
}

Integer ceil_of(const Rational& value) {
  Integer result;
  mpz_cdiv_q(result.backend().data(), mpq_numref(value.backend().data()), mpq_denref(value.backend().data()));
  return result;
}

}  // namespace dpsi
