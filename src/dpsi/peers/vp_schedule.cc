// The DDPM schedule (see vp_schedule.h).
#include "dpsi/peers/vp_schedule.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace dpsi::peers {

VpSchedule::VpSchedule(std::size_t steps, double beta_first, double beta_last) {
  if (steps < 1 || steps > 1000000) throw std::invalid_argument(fmt::format("VP schedule: {} steps is not in [1, 10^6]", steps));
  if (!(beta_first > 0) || !(beta_first <= beta_last) || !(beta_last < 1)) {
    throw std::invalid_argument(
        fmt::format("VP schedule: need 0 < beta_first <= beta_last < 1, got {} and {}", beta_first, beta_last));
  }
  beta_.assign(steps + 1, 0.0);
  abar_.assign(steps + 1, 1.0);
  a_.assign(steps + 1, 1.0);
  v_.assign(steps + 1, 0.0);
  sigma_.assign(steps + 1, 0.0);
  double log_abar = 0;
  for (std::size_t t = 1; t <= steps; ++t) {
    const double fraction = steps == 1 ? 0.0 : static_cast<double>(t - 1) / static_cast<double>(steps - 1);
    beta_[t] = beta_first + (beta_last - beta_first) * fraction;
    log_abar += std::log1p(-beta_[t]);
    abar_[t] = std::exp(log_abar);
    a_[t] = std::exp(log_abar / 2);
    v_[t] = -std::expm1(log_abar);
    sigma_[t] = std::sqrt(v_[t] / abar_[t]);
  }
}

std::vector<std::size_t> VpSchedule::descending_steps(std::size_t count) const {
  const std::size_t n = steps();
  if (count < 1 || count > n) throw std::invalid_argument(fmt::format("VP schedule: {} of {} steps", count, n));
  std::vector<std::size_t> result;
  result.reserve(count);
  if (count == 1) return {n};
  for (std::size_t k = 0; k < count; ++k) {
    const double position = static_cast<double>(n - 1) * static_cast<double>(k) / static_cast<double>(count - 1);
    result.push_back(n - static_cast<std::size_t>(std::llround(position)));
  }
  return result;
}

}  // namespace dpsi::peers
