// The F.2 time grid (see schedule.h).
#include "dpsi/diffusion/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::diffusion {

namespace {
constexpr double kMaxSteps = 1e6;
}

TimeGrid::TimeGrid(double horizon, double early_stop, double step_factor)
    : horizon_(horizon), early_stop_(early_stop), step_factor_(step_factor) {
  if (!std::isfinite(horizon) || !std::isfinite(early_stop) || !(early_stop > 0) || !(early_stop < horizon)) {
    throw std::invalid_argument(fmt::format("time grid: need 0 < t_min < T, got t_min = {}, T = {}", early_stop, horizon));
  }
  if (!std::isfinite(step_factor) || !(step_factor > 0) || step_factor > 1) {
    throw std::invalid_argument(fmt::format("time grid: lambda = {} is not in (0, 1]", step_factor));
  }
  const double geometric_start = std::min(horizon, 1.0);
  if (!(early_stop < geometric_start)) {
    throw std::invalid_argument(fmt::format("time grid: t_min = {} must be below min(T, 1) = {}", early_stop, geometric_start));
  }
  const double uniform_count = horizon > 1 ? std::ceil((horizon - 1) / step_factor) : 0.0;
  const double geometric_count = std::ceil(std::log(geometric_start / early_stop) / std::log1p(step_factor));
  if (uniform_count + geometric_count > kMaxSteps) {
    throw std::invalid_argument(fmt::format("time grid: {} steps exceed the limit 1e6 (raise lambda or t_min)",
                                            uniform_count + geometric_count));
  }
  uniform_steps_ = static_cast<std::size_t>(uniform_count);
  const auto geometric_steps = static_cast<std::size_t>(std::max(1.0, geometric_count));
  remaining_.reserve(uniform_steps_ + geometric_steps + 1);
  for (std::size_t k = 0; k < uniform_steps_; ++k) {
    remaining_.push_back(horizon - static_cast<double>(k) * (horizon - 1) / uniform_count);
  }
  // r = r_start (t_min/r_start)^(k/K_2): exp of a multiple of the log ratio, so no error accumulates.
  const double log_ratio = std::log(early_stop / geometric_start);
  for (std::size_t k = 0; k < geometric_steps; ++k) {
    remaining_.push_back(geometric_start *
                         std::exp(log_ratio * static_cast<double>(k) / static_cast<double>(geometric_steps)));
  }
  remaining_.push_back(early_stop);
}

double TimeGrid::ratio_of_step_to_bound() const {
  double worst = 0;
  for (std::size_t k = 0; k + 1 < remaining_.size(); ++k) {
    worst = std::max(worst, step(k) / (step_factor_ * std::min(1.0, remaining_[k + 1])));
  }
  return worst;
}

}  // namespace dpsi::diffusion
