// Exact binomial tails and Clopper-Pearson intervals (dpsi/stats/binomial.h) against an independent
// computation: the tails summed term by term in exact rationals.
#include "dpsi/stats/binomial.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "dpsi/numeric/rational.h"

namespace dpsi::stats {
namespace {

Rational choose(int n, int k) {
  Rational value = 1;
  for (int i = 1; i <= k; ++i) value = value * (n - k + i) / i;
  return value;
}

Rational power(const Rational& base, int exponent) {
  Rational value = 1;
  for (int i = 0; i < exponent; ++i) value *= base;
  return value;
}

// P(Bin(n, p) in [low, high]) exactly.
double exact_mass(int n, const Rational& p, int low, int high) {
  Rational sum = 0;
  for (int k = low; k <= high; ++k) sum += choose(n, k) * power(p, k) * power(1 - p, n - k);
  return sum.convert_to<double>();
}

TEST(Binomial, TailsMatchExactRationalSums) {
  for (int n : {1, 5, 20, 64}) {
    for (const Rational& p : {Rational(1, 7), Rational(1, 2), Rational(99, 100), Rational(1, 65536)}) {
      const double pd = p.convert_to<double>();
      for (int k = 0; k <= n; ++k) {
        const double upper = exact_mass(n, p, k, n);
        const double lower = exact_mass(n, p, 0, k);
        EXPECT_NEAR(binomial_upper_tail(n, k, pd), upper, 1e-13 * upper + 1e-300) << n << " " << pd << " " << k;
        EXPECT_NEAR(binomial_lower_tail(n, k, pd), lower, 1e-13 * lower + 1e-300) << n << " " << pd << " " << k;
      }
    }
  }
}

TEST(Binomial, DegenerateProbabilities) {
  EXPECT_EQ(binomial_upper_tail(10, 0, 0.0), 1.0);
  EXPECT_EQ(binomial_upper_tail(10, 1, 0.0), 0.0);
  EXPECT_EQ(binomial_lower_tail(10, 9, 1.0), 0.0);
  EXPECT_EQ(binomial_lower_tail(10, 10, 1.0), 1.0);
}

TEST(Binomial, ClopperPearsonEndsHaveTheirTailMass) {
  for (int n : {8, 64}) {
    for (int k = 0; k <= n; ++k) {
      const ProportionInterval interval = clopper_pearson(n, k, 0.05);
      EXPECT_LE(interval.low, static_cast<double>(k) / n);
      EXPECT_GE(interval.high, static_cast<double>(k) / n);
      if (k > 0) {
        EXPECT_NEAR(binomial_upper_tail(n, k, interval.low), 0.025, 1e-10);
      }
      if (k < n) {
        EXPECT_NEAR(binomial_lower_tail(n, k, interval.high), 0.025, 1e-10);
      }
    }
  }
  // A known value: 0 of 64 gives the upper end 1 - 0.025^(1/64).
  EXPECT_NEAR(clopper_pearson(64, 0, 0.05).high, 1 - std::pow(0.025, 1.0 / 64), 1e-14);
}

TEST(Binomial, RejectsBadInput) {
  EXPECT_THROW(binomial_upper_tail(3, 4, 0.5), std::invalid_argument);
  EXPECT_THROW(binomial_lower_tail(3, 1, 1.5), std::invalid_argument);
  EXPECT_THROW(clopper_pearson(3, 1, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::stats
