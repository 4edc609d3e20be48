#include "dpsi/density/phase_bounds.h"

#include <stdexcept>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::density {

PhaseBounds phase_bounds(const Ball& kappa, const Rational& delta, long m) {
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
  if (delta <= 0) throw std::invalid_argument("delta must be positive");
  if (m < 1) throw std::invalid_argument("m must be at least 1");
  PhaseBounds bounds;
  const Ball kappa2 = sqr(kappa);
  const Ball one_plus = Ball(1) + kappa2;
  // v = kappa^2/(1 + kappa^2); two catalogued faults corrupt it (the shrink dropped; kappa for kappa^2).
  if (DPSI_FAULT("density.phase-bounds-v-without-shrink")) {
    bounds.v = kappa2;
  } else {
    bounds.v = (DPSI_FAULT("density.phase-v-kappa-for-kappa2") ? kappa : kappa2) / one_plus;
  }
  bounds.q_v = theta::nome(bounds.v, delta);
  bounds.theta_v = theta::tail_sum(bounds.v, delta);
  bounds.theta_1 = theta::tail_sum(Ball(1), delta);
  if (!is_certainly_true(lt(bounds.theta_v, Ball(1))) || !is_certainly_true(lt(bounds.theta_1, Ball(1)))) {
    throw std::invalid_argument("phase bounds need Theta(v) < 1 and Theta(1) < 1");
  }
  bounds.s1_v = theta::s1(bounds.v, delta);
  const Ball one_minus_theta_v = Ball(1) - bounds.theta_v;
  const Ball xi_denominator_theta = DPSI_FAULT("density.xi-one-plus-theta") ? Ball(1) + bounds.theta_v : one_minus_theta_v;
  bounds.xi = Ball(4) * Ball::pi() * bounds.s1_v / (Ball(delta) * one_plus * xi_denominator_theta);
  bounds.ratio_lower = one_minus_theta_v / (Ball(1) + bounds.theta_1);
  bounds.ratio_upper = (Ball(1) + bounds.theta_v) / (Ball(1) - bounds.theta_1);
  // Logs of the per-coordinate bounds via log1p: exact to relative 2^-prec even when Theta ~ 1e-76.
  const Ball m_ball(m);
  // r_+ = ratio_upper^m (an exponent m - 1 here is the fault "density.ratio-upper-exponent-m-minus-1").
  const bool upper_exponent_fault = DPSI_FAULT("density.ratio-upper-exponent-m-minus-1");
  const Ball upper_exponent(upper_exponent_fault ? m - 1 : m);
  const Ball log_lower = log1p(-bounds.theta_v) - log1p(bounds.theta_1);
  const Ball log_upper = log1p(bounds.theta_v) - log1p(-bounds.theta_1);
  bounds.r_minus = exp(m_ball * log_lower);
  bounds.r_plus = exp(upper_exponent * log_upper);
  bounds.rho = upper_exponent_fault ? expm1(upper_exponent * log_upper - m_ball * log_lower)
                                    : expm1(m_ball * (log_upper - log_lower));
  bounds.tv_bound = min(-expm1(m_ball * log_lower), expm1(upper_exponent * log_upper));
  return bounds;
}

}  // namespace dpsi::density
