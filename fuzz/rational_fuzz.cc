// Fuzz target: dpsi::parse_rational, the exact decimal / p/q parser behind every number flag.
// Input: the bytes as the text of one number ("0.05", "-3/4", "2.5e-3", anything else).
// Properties: no crash, leak or UB (ASan, UBSan); a rejection is a ParseError with a one-line bounded
// message; an accepted value round-trips exactly: parse(to_fraction(x)) == x (when that rendering is
// within the parser's 4096-character limit), parse(to_decimal(x)) succeeds (unless its exponent is over
// the parser's limit of 10000), floor <= x <= ceil with
// floor == ceil iff x is an integer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dpsi/numeric/rational.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dpsi::Rational value;
  try {
    value = dpsi::parse_rational(text);
  } catch (const dpsi::ParseError& error) {
    FUZZ_CHECK(dpsi::fuzz::one_line_error(error.what()));
    return 0;
  }
  const std::string fraction = dpsi::to_fraction(value);
  if (fraction.size() <= 4096) FUZZ_CHECK(dpsi::parse_rational(fraction) == value);
  const std::string decimal = dpsi::to_decimal(value);
  try {
    (void)dpsi::parse_rational(decimal);
  } catch (const dpsi::ParseError& error) {
    // Accepted inputs reach 10^(10000 + 4096) ("599993e9999"), whose rendering "5.99993e+10004" is
    // beyond the parser's exponent limit; that, and only that, is a legitimate rejection.
    FUZZ_CHECK(std::string_view(error.what()).find("exponent too large") != std::string_view::npos);
  }
  const dpsi::Integer floor = dpsi::floor_of(value);
  const dpsi::Integer ceil = dpsi::ceil_of(value);
  FUZZ_CHECK(dpsi::Rational(floor) <= value && value <= dpsi::Rational(ceil));
  FUZZ_CHECK((floor == ceil) == dpsi::is_integer(value));
  FUZZ_CHECK(ceil - floor <= 1);
  return 0;
}
