// Tests for dpsi/numeric/rational.h: exact decimal parsing and rendering.
#include "dpsi/numeric/rational.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/generators.h"

namespace dpsi {
namespace {

TEST(ParseRational, DecimalsAreExact) {
  EXPECT_EQ(parse_rational("0.05"), Rational(1, 20));
  EXPECT_EQ(parse_rational("0.1"), Rational(1, 10));  // never the double 0.1
  EXPECT_EQ(parse_rational("-.5"), Rational(-1, 2));
  EXPECT_EQ(parse_rational("3."), Rational(3));
  EXPECT_EQ(parse_rational("+12"), Rational(12));
  EXPECT_EQ(parse_rational("2.5e-3"), Rational(1, 400));
  EXPECT_EQ(parse_rational("1E6"), Rational(1000000));
}

// Regression: GMP reads a leading 0 as octal, so "0.0025" once parsed as 21/10000.
TEST(ParseRational, LeadingZerosAreDecimal) {
  EXPECT_EQ(parse_rational("0.0025"), Rational(1, 400));
  EXPECT_EQ(parse_rational("0010"), Rational(10));
  EXPECT_EQ(parse_rational("010/0012"), Rational(5, 6));
  EXPECT_EQ(parse_rational("0.0"), Rational(0));
}

TEST(ParseRational, Fractions) {
  EXPECT_EQ(parse_rational("1/20"), Rational(1, 20));
  EXPECT_EQ(parse_rational("-3/4"), Rational(-3, 4));
  EXPECT_EQ(parse_rational("6/4"), Rational(3, 2));
}

TEST(ParseRational, RejectsWhatIsNotAnExactNumber) {
  for (const char* bad : {"", "abc", "nan", "inf", "-inf", "1/0", "1/", "/2", "1.2.3", "1e", "1e+", "0x10", " 1",
                          "1 ", "1/-2", "--1", "1e100000", ".", "-", "1,5", "½"}) {
    EXPECT_THROW(parse_rational(bad), ParseError) << "'" << bad << "'";
  }
}

TEST(ParseRational, ErrorNamesTheText) {
  try {
    parse_rational("0.0x5");
    FAIL() << "no exception";
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("0.0x5"), std::string::npos);
  }
}

// Regression (fuzz/rational_fuzz.cc): a line break in the text made the message two lines.
TEST(ParseRational, ErrorIsOneLineWhateverTheText) {
  for (const char* bad : {"1\n2", "\n", "0.5\r\n", "1/\n3"}) {
    try {
      parse_rational(bad);
      ADD_FAILURE() << "no exception for '" << bad << "'";
    } catch (const ParseError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
      EXPECT_NE(message.find("is not an exact number"), std::string::npos) << message;
    }
  }
}

RC_GTEST_PROP(ParseRational, FractionRoundTrips, (const Rational& q)) {
  RC_ASSERT(parse_rational(to_fraction(q)) == q);
}

RC_GTEST_PROP(ParseRational, DecimalDigitsRoundTrip, ()) {
  const auto mantissa = *rc::gen::inRange<std::int64_t>(-1'000'000'000'000, 1'000'000'000'000);
  const auto scale = *rc::gen::inRange<int>(0, 30);
  Integer power = 1;
  for (int i = 0; i < scale; ++i) power *= 10;
  const Rational expected(Integer(mantissa), power);
  // Write mantissa * 10^-scale in scientific notation and parse it back exactly.
  RC_ASSERT(parse_rational(std::to_string(mantissa) + "e-" + std::to_string(scale)) == expected);
}

TEST(ToDecimal, RoundsToSignificantDigits) {
  EXPECT_EQ(to_decimal(Rational(1, 3), 5), "0.33333");
  EXPECT_EQ(to_decimal(Rational(1, 20), 3), "0.05");
  EXPECT_EQ(to_decimal(Rational(0), 5), "0");
}

}  // namespace
}  // namespace dpsi
