// The DDIM(eta) transition (see ddim_transition.h).
#include "dpsi/peers/ddim_transition.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::peers {

DdimTransition ddim_transition(const VpSchedule& schedule, std::size_t t, std::size_t s, double eta) {
  if (!(s < t) || t > schedule.steps()) {
    throw std::invalid_argument(fmt::format("DDIM transition: need 0 <= s < t <= {}, got t = {}, s = {}",
                                            schedule.steps(), t, s));
  }
  if (!(eta >= 0 && eta <= 1)) throw std::invalid_argument(fmt::format("DDIM transition: eta = {} is not in [0, 1]", eta));
  const double v_t = schedule.v(t);
  const double v_s = schedule.v(s);
  // 1 - abar_t / abar_s = beta_{t|s}; computed as -expm1 of the log ratio so that one step keeps its digits.
  const double beta_ts = -std::expm1(std::log(schedule.abar(t)) - std::log(schedule.abar(s)));
  const double stddev = eta * std::sqrt(v_s / v_t * beta_ts);
  const double noise_part = std::sqrt(std::max(0.0, v_s - stddev * stddev));
  DdimTransition result;
  result.state_coefficient = noise_part / std::sqrt(v_t);
  result.x0hat_coefficient = schedule.a(s) - result.state_coefficient * schedule.a(t);
  result.stddev = stddev;
  return result;
}

}  // namespace dpsi::peers
