// Exact binomial tails (see binomial.h).
#include "dpsi/stats/binomial.h"

#include <boost/math/special_functions/beta.hpp>
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace dpsi::stats {

namespace {
void validate(std::uint64_t trials, std::uint64_t successes, double p) {
  if (successes > trials || !(p >= 0) || !(p <= 1)) {
    throw std::invalid_argument(fmt::format("binomial: need successes <= trials and 0 <= p <= 1, got {}/{} and p = {}",
                                            successes, trials, p));
  }
}
}  // namespace

double binomial_upper_tail(std::uint64_t trials, std::uint64_t successes, double p) {
  validate(trials, successes, p);
  if (successes == 0) return 1.0;
  if (p == 0) return 0.0;
  if (p == 1) return 1.0;
  // P(X >= k) = I_p(k, T - k + 1), the regularized incomplete beta.
  return boost::math::ibeta(static_cast<double>(successes), static_cast<double>(trials - successes + 1), p);
}

double binomial_lower_tail(std::uint64_t trials, std::uint64_t successes, double p) {
  validate(trials, successes, p);
  if (successes == trials) return 1.0;
  if (p == 0) return 1.0;
  if (p == 1) return 0.0;
  // P(X <= k) = 1 - I_p(k + 1, T - k) = I_{1-p}(T - k, k + 1).
  return boost::math::ibetac(static_cast<double>(successes + 1), static_cast<double>(trials - successes), p);
}

ProportionInterval clopper_pearson(std::uint64_t trials, std::uint64_t successes, double alpha) {
  validate(trials, successes, 0.5);
  if (!(alpha > 0) || !(alpha < 1)) throw std::invalid_argument(fmt::format("Clopper-Pearson: alpha = {} is not in (0, 1)", alpha));
  ProportionInterval interval;
  if (trials == 0) return interval;
  const auto k = static_cast<double>(successes);
  const auto t = static_cast<double>(trials);
  interval.low = successes == 0 ? 0.0 : boost::math::ibeta_inv(k, t - k + 1, alpha / 2);
  interval.high = successes == trials ? 1.0 : boost::math::ibeta_inv(k + 1, t - k, 1 - alpha / 2);
  return interval;
}

}  // namespace dpsi::stats
