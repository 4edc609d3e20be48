// File: dpsi/sampling/blurred_lattice_cdf.cc
// The enclosed CDF of h_b^(kappa) (see the header for the truncation argument).
#include "dpsi/sampling/blurred_lattice_cdf.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace dpsi::sampling {
namespace {

Rational validated_sigma2(const Rational& delta) {
  if (delta <= 0) throw std::invalid_argument("BlurredLatticeCdf: delta must be > 0");
  return Rational(4) / (delta * delta);
}

std::int64_t to_int64(const Integer& value) {
  const Integer limit = Integer(1) << 62;
  if (value > limit || value < -limit) throw std::invalid_argument("BlurredLatticeCdf: t out of range");
  return value.convert_to<std::int64_t>();
}

}  // namespace

BlurredLatticeCdf::BlurredLatticeCdf(const Rational& delta, int b, const Rational& kappa_squared, long precision)
    : delta_(delta), b_(b), precision_(precision), lattice_(validated_sigma2(delta), b, precision) {
  if (b != 0 && b != 1) throw std::invalid_argument("BlurredLatticeCdf: b must be 0 or 1");
  if (kappa_squared <= 0) throw std::invalid_argument("BlurredLatticeCdf: kappa^2 must be > 0");
  const PrecisionScope scope(precision);
  kappa_ = sqrt(Ball(kappa_squared));
  window_ = Rational(kWindowStandardDeviations) * kappa_.upper_rational();
  const Rational phibar_upper = normal_tail(Ball(kWindowStandardDeviations)).upper_rational();
  truncation_interval_ = Ball::interval(0, phibar_upper);
  one_minus_truncation_ = Ball::interval(1 - phibar_upper, 1);
}

Ball BlurredLatticeCdf::cdf(double t) const {
  if (!std::isfinite(t)) throw std::invalid_argument("BlurredLatticeCdf::cdf: t must be finite");
  const PrecisionScope scope(precision_);
  const Rational exact_t(t);
  const std::int64_t k_lo = to_int64(ceil_of(2 * (exact_t - window_) / delta_));
  const std::int64_t k_hi = to_int64(floor_of(2 * (exact_t + window_) / delta_));
  Ball value = lattice_.cdf(k_lo - 1) * one_minus_truncation_;
  value += (Ball(1) - lattice_.cdf(k_hi)) * truncation_interval_;
  const Ball t_ball(exact_t);
  for (std::int64_t k = k_lo; k <= k_hi; ++k) {
    if (!lattice_.in_class(k)) continue;
    const Ball w(Rational(k) * delta_ / 2);
    value += lattice_.pmf(k) * normal_tail((w - t_ball) / kappa_);  // Phi((t - w)/kappa)
  }
  return value;
}

}  // namespace dpsi::sampling
