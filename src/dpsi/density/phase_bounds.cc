#include "dpsi/density/phase_bounds.h"

#include <stdexcept>

#include "dpsi/numeric/theta.h"

namespace dpsi::density {

PhaseBounds phase_bounds(const Ball& kappa, const Rational& delta, long m) {
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
  if (delta <= 0) throw std::invalid_argument("delta must be positive");
  if (m < 1) throw std::invalid_argument("m must be at least 1");
  PhaseBounds bounds;
  const Ball kappa2 = sqr(kappa);
  const Ball one_plus = Ball(1) + kappa2;
  bounds.v = kappa2 / one_plus;
  bounds.q_v = theta::nome(bounds.v, delta);
  bounds.theta_v = theta::tail_sum(bounds.v, delta);
  bounds.theta_1 = theta::tail_sum(Ball(1), delta);
  if (!is_certainly_true(lt(bounds.theta_v, Ball(1))) || !is_certainly_true(lt(bounds.theta_1, Ball(1)))) {
    throw std::invalid_argument("phase bounds need Theta(v) < 1 and Theta(1) < 1");
  }
  bounds.s1_v = theta::s1(bounds.v, delta);
  const Ball one_minus_theta_v = Ball(1) - bounds.theta_v;
  bounds.xi = Ball(4) * Ball::pi() * bounds.s1_v / (Ball(delta) * one_plus * one_minus_theta_v);
  bounds.ratio_lower = one_minus_theta_v / (Ball(1) + bounds.theta_1);
  bounds.ratio_upper = (Ball(1) + bounds.theta_v) / (Ball(1) - bounds.theta_1);
  // Logs of the per-coordinate bounds via log1p: exact to relative 2^-prec even when Theta ~ 1e-76.
  const Ball m_ball(m);
  const Ball log_lower = log1p(-bounds.theta_v) - log1p(bounds.theta_1);
  const Ball log_upper = log1p(bounds.theta_v) - log1p(-bounds.theta_1);
  bounds.r_minus = exp(m_ball * log_lower);
  bounds.r_plus = exp(m_ball * log_upper);
  bounds.rho = expm1(m_ball * (log_upper - log_lower));
  bounds.tv_bound = min(-expm1(m_ball * log_lower), expm1(m_ball * log_upper));
  return bounds;
}

}  // namespace dpsi::density
