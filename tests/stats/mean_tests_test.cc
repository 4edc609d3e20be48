// Tests of dpsi/stats/mean_tests.h against exact rational arithmetic and the radii printed in
// spec/README.md and spec C.2.
#include "dpsi/stats/mean_tests.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "support/generators.h"

namespace dpsi::stats {
namespace {

RC_GTEST_PROP(MeanAccumulator, MeanAndVarianceMatchExactRationals, ()) {
  const auto values = *rc::gen::resize(
      30, rc::gen::nonEmpty(rc::gen::container<std::vector<Rational>>(testing::rational_in(Rational(0), Rational(5)))));
  RC_PRE(values.size() >= 2);
  MeanAccumulator accumulator;
  Rational sum = 0;
  for (const Rational& value : values) {
    accumulator.add(Ball(value));
    sum += value;
  }
  const Rational n(static_cast<long>(values.size()));
  const Rational mean = sum / n;
  Rational squares = 0;
  for (const Rational& value : values) squares += (value - mean) * (value - mean);
  RC_ASSERT(accumulator.mean().contains(mean));
  RC_ASSERT(accumulator.sample_variance().contains(squares / (n - 1)));
}

// spec/README.md: r_2 = sqrt(ln(2/gamma_MC)/(2N)) = 0.02314 at N = 2e4 (spec C.2), ln(2/gamma_MC) = 21.4164.
TEST(MeanTests, RadiiMatchTheSpec) {
  const Ball radius = hoeffding_radius(20'000, gamma_mc());
  EXPECT_TRUE(is_certainly_true(gt(radius, Ball::from_decimal("0.023135"))));
  EXPECT_TRUE(is_certainly_true(lt(radius, Ball::from_decimal("0.023145"))));
  // Bernstein deviation with V = 0, range 1, N = 2: 7 ln(2e9) / 3 = 49.97...
  const Ball deviation = bernstein_deviation(Ball(0), Ball(1), 2, gamma_mc());
  EXPECT_TRUE(is_certainly_true(gt(deviation, Ball::from_decimal("49.97"))));
  EXPECT_TRUE(is_certainly_true(lt(deviation, Ball::from_decimal("49.98"))));
  // V = 1/4, range 1, N = 10001: sqrt(2 * 0.25 * 21.4164 / 10001) + 7 * 21.4164 / 30000 = 0.0327225 + 0.0049972
  const Ball mixed = bernstein_deviation(Ball(Rational(1, 4)), Ball(1), 10'001, gamma_mc());
  EXPECT_TRUE(is_certainly_true(gt(mixed, Ball::from_decimal("0.03771"))));
  EXPECT_TRUE(is_certainly_true(lt(mixed, Ball::from_decimal("0.03773"))));
}

TEST(MeanTests, RejectsTooFewObservations) {
  MeanAccumulator accumulator;
  EXPECT_THROW(accumulator.mean(), std::logic_error);
  accumulator.add(Ball(1));
  EXPECT_THROW(accumulator.sample_variance(), std::logic_error);
  EXPECT_THROW(bernstein_deviation(Ball(0), Ball(1), 1, gamma_mc()), std::invalid_argument);
  EXPECT_THROW(hoeffding_radius(0, gamma_mc()), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::stats
