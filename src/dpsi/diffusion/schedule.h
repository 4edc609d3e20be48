// File: dpsi/diffusion/schedule.h
// The time grid of the exponential-integrator sampler (spec F.2):
//   0 = t_0 < t_1 < ... < t_N = T - t_min,  h_k = t_{k+1} - t_k <= lambda min{1, T - t_{k+1}},
// uniform while T - t >= 1 and geometric below.
//
// The grid is stored as the remaining times r_k = T - t_k (r_0 = T, r_N = t_min), not as t_k: at the
// defaults r_N = 2.5e-9 next to T = 8, and T - r in double would keep only about 6 of r's digits (the
// ulp of 8 is 1.8e-15). The sampler needs exactly r_k (the OU time of the score) and h_k = r_k - r_{k+1}.
//
// Construction, with K_1 = ceil((T - 1)/lambda) uniform steps when T > 1:
//   r_k = T - k (T - 1)/K_1 for k = 0..K_1 (so r_{K_1} = 1 and h = (T - 1)/K_1 <= lambda <= lambda r_{k+1}),
//   then K_2 = ceil(ln(r_start/t_min)/ln(1 + lambda)) geometric steps r_{k+1} = r_k q, q = (t_min/r_start)^(1/K_2),
//   r_start = min(T, 1), so h_k = r_{k+1}(1/q - 1) <= lambda r_{k+1} because 1/q <= 1 + lambda.
// The last remaining time is set to t_min exactly. Double rounding of r_k (a few ulps of r_k) can
// exceed the bound by a relative few 1e-16; ratio_of_step_to_bound() reports the worst ratio.
//
// Defaults (spec F.2): T = 8, t_min = 2.5e-9; lambda = 0.1 (dpsi's choice: the smoke checks decode
// with probability ~1 at 0.1; a finer grid costs proportionally more score evaluations), giving
// K_1 = 70, K_2 = ceil(ln(4e8)/ln(1.1)) = 208, N = 278 steps.
#pragma once

#include <cstddef>
#include <vector>

namespace dpsi::diffusion {

inline constexpr double kDefaultHorizon = 8.0;
inline constexpr double kDefaultEarlyStop = 2.5e-9;
inline constexpr double kDefaultStepFactor = 0.1;  // lambda

class TimeGrid {
 public:
  // Throws std::invalid_argument unless T, t_min, lambda are finite, 0 < t_min < min(T, 1), 0 < lambda <= 1,
  // and the grid has at most 10^6 steps.
  TimeGrid(double horizon, double early_stop, double step_factor);
  static TimeGrid defaults() { return TimeGrid(kDefaultHorizon, kDefaultEarlyStop, kDefaultStepFactor); }

  double horizon() const { return horizon_; }        // T
  double early_stop() const { return early_stop_; }  // t_min
  double step_factor() const { return step_factor_; }  // lambda
  std::size_t steps() const { return remaining_.size() - 1; }  // N
  std::size_t uniform_steps() const { return uniform_steps_; }  // K_1
  // r_k = T - t_k, k = 0..N: r_0 = T, r_N = t_min, strictly decreasing.
  const std::vector<double>& remaining() const { return remaining_; }
  double step(std::size_t k) const { return remaining_[k] - remaining_[k + 1]; }  // h_k, k < N
  // max_k h_k / (lambda min{1, r_{k+1}}): <= 1 up to double rounding (see above).
  double ratio_of_step_to_bound() const;

 private:
  double horizon_;
  double early_stop_;
  double step_factor_;
  std::size_t uniform_steps_ = 0;
  std::vector<double> remaining_;
};

}  // namespace dpsi::diffusion
