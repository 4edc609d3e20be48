#include "dpsi/stats/power.h"

#include <cmath>
#include <stdexcept>

namespace dpsi::stats {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double two_sided_shift_power(double shift, double radius, double standard_error) {
  if (!(standard_error > 0) || !(radius >= 0)) throw std::invalid_argument("power: need standard_error > 0 and radius >= 0");
  const double distance = std::abs(shift);
  return normal_cdf((distance - radius) / standard_error) + normal_cdf((-distance - radius) / standard_error);
}

double one_sided_shift_power(double shift, double radius, double standard_error) {
  if (!(standard_error > 0) || !(radius >= 0)) throw std::invalid_argument("power: need standard_error > 0 and radius >= 0");
  return normal_cdf((shift - radius) / standard_error);
}

}  // namespace dpsi::stats
