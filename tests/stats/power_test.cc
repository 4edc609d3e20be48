#include "dpsi/stats/power.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace dpsi::stats {
namespace {

TEST(Power, NormalCdfMatchesTabulatedValues) {
  // Abramowitz & Stegun, Table 26.1.
  EXPECT_NEAR(normal_cdf(0.0), 0.5, 1e-15);
  EXPECT_NEAR(normal_cdf(1.96), 0.9750021048517795, 1e-12);
  EXPECT_NEAR(normal_cdf(-2.326347874), 0.01, 1e-9);
}

TEST(Power, ShiftPowersHaveTheirClosedForms) {
  // No shift: a two-sided radius of 1.96 se fails with probability 0.05.
  EXPECT_NEAR(two_sided_shift_power(0, 1.96, 1), 0.05, 1e-4);
  // A shift of radius + 2.326 se: one-sided power 0.99; two-sided adds the far tail (negligible).
  EXPECT_NEAR(one_sided_shift_power(3 + 2.326347874, 3, 1), 0.99, 1e-8);
  EXPECT_NEAR(two_sided_shift_power(-(3 + 2.326347874), 3, 1), 0.99, 1e-8);
  // Power grows with the shift and falls with the standard error.
  EXPECT_LT(two_sided_shift_power(1, 2, 1), two_sided_shift_power(2, 2, 1));
  EXPECT_GT(one_sided_shift_power(2, 1, 0.5), one_sided_shift_power(2, 1, 1));
  EXPECT_THROW(two_sided_shift_power(1, 1, 0), std::invalid_argument);
  EXPECT_THROW(one_sided_shift_power(1, -1, 1), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::stats
