// The F.2 time grid: endpoints, the step bound h_k <= lambda min{1, T - t_(k+1)}, the uniform and
// geometric parts, the step count N, and the one-line errors on bad input.
#include "dpsi/diffusion/schedule.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::diffusion {
namespace {

TEST(TimeGrid, DefaultsHave278StepsEndpointsAndStepBound) {
  const TimeGrid grid = TimeGrid::defaults();
  EXPECT_EQ(grid.horizon(), 8.0);
  EXPECT_EQ(grid.early_stop(), 2.5e-9);
  EXPECT_EQ(grid.step_factor(), 0.1);
  EXPECT_EQ(grid.uniform_steps(), 70U);
  EXPECT_EQ(grid.steps(), 278U);  // 70 uniform + ceil(ln(4e8)/ln(1.1)) = 208 geometric
  EXPECT_EQ(grid.remaining().front(), 8.0);
  EXPECT_EQ(grid.remaining().back(), 2.5e-9);
  EXPECT_LE(grid.ratio_of_step_to_bound(), 1 + 1e-12);
  // Uniform while T - t >= 1 (h = 0.1 exactly up to rounding), then geometric with ratio <= 1.1.
  for (std::size_t k = 0; k < grid.uniform_steps(); ++k) EXPECT_NEAR(grid.step(k), 0.1, 1e-14) << k;
  EXPECT_NEAR(grid.remaining()[grid.uniform_steps()], 1.0, 1e-15);
  const double ratio = grid.remaining()[grid.uniform_steps()] / grid.remaining()[grid.uniform_steps() + 1];
  for (std::size_t k = grid.uniform_steps(); k + 1 < grid.remaining().size(); ++k) {
    EXPECT_NEAR(grid.remaining()[k] / grid.remaining()[k + 1], ratio, 1e-12) << k;
  }
  EXPECT_LE(ratio, 1.1);
}

TEST(TimeGrid, FalseBoundTwinOneStepFewerViolatesTheBound) {
  // With one geometric step fewer the ratio exceeds 1 + lambda: the step count is the least that works.
  const double steps = std::ceil(std::log(1 / 2.5e-9) / std::log1p(0.1)) - 1;
  const double ratio = std::exp(std::log(1 / 2.5e-9) / steps);
  EXPECT_GT(ratio - 1, 0.1);
}

RC_GTEST_PROP(TimeGrid, StepBoundAndEndpointsHoldForRandomParameters, ()) {
  const double horizon = *rc::gen::inRange(1, 200) / 10.0 + 0.05;        // 0.15 .. 20
  const double early_stop = std::pow(10.0, -*rc::gen::inRange(2, 12));   // 1e-2 .. 1e-11
  const double lambda = *rc::gen::inRange(1, 100) / 100.0;               // 0.01 .. 1
  RC_PRE(early_stop < std::min(horizon, 1.0));
  const TimeGrid grid(horizon, early_stop, lambda);
  RC_ASSERT(grid.remaining().front() == horizon);
  RC_ASSERT(grid.remaining().back() == early_stop);
  for (std::size_t k = 0; k < grid.steps(); ++k) RC_ASSERT(grid.step(k) > 0);
  RC_ASSERT(grid.ratio_of_step_to_bound() <= 1 + 1e-12);
}

TEST(TimeGrid, BadInputIsAOneLineInvalidArgument) {
  const auto expect_one_line = [](double horizon, double early_stop, double lambda) {
    try {
      const TimeGrid grid(horizon, early_stop, lambda);
      ADD_FAILURE() << "accepted T = " << horizon << ", t_min = " << early_stop << ", lambda = " << lambda;
    } catch (const std::invalid_argument& error) {
      EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    }
  };
  expect_one_line(8, 0, 0.1);
  expect_one_line(8, -1e-9, 0.1);
  expect_one_line(8, 2, 0.1);        // t_min >= min(T, 1)
  expect_one_line(0.5, 0.6, 0.1);
  expect_one_line(8, 1e-9, 0);
  expect_one_line(8, 1e-9, 1.5);
  expect_one_line(8, 1e-9, std::nan(""));
  expect_one_line(std::nan(""), 1e-9, 0.1);
  expect_one_line(1e7, 1e-9, 0.001);  // too many steps
}

}  // namespace
}  // namespace dpsi::diffusion
