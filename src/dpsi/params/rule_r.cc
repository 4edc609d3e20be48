#include "dpsi/params/rule_r.h"

#include <stdexcept>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::params {

RuleR rule_r(long n, const Rational& epsilon) {
  if (n < 3) throw std::invalid_argument("rule R needs n >= 3");
  if (epsilon <= 0 || epsilon > Rational(1, 2)) throw std::invalid_argument("rule R needs 0 < eps <= 1/2");
  RuleR rule;
  rule.n = n;
  rule.epsilon = epsilon;
  const Ball n_ball(n);
  const Ball eps(epsilon);
  rule.a = Ball(1);
  rule.gamma = Ball(Rational(1, 10));
  rule.L = log(n_ball / eps);
  rule.kappa_star = Ball(1) / (Ball(4) * sqrt(rule.L));
  if (DPSI_FAULT("rule-r.kappa-star-2-sqrt-l")) rule.kappa_star = Ball(1) / (Ball(2) * sqrt(rule.L));
  if (DPSI_FAULT("rule-r.kappa-star-precedence")) rule.kappa_star = Ball(1) / Ball(4) * sqrt(rule.L);  // sqrt(L)/4
  const Ball eight_l = Ball(DPSI_FAULT("rule-r.delta-4l") ? 4 : 8) * rule.L;
  const Integer ceiling = ceil_of(eight_l.lower_rational());
  if (ceil_of(eight_l.upper_rational()) != ceiling) throw std::invalid_argument("rule R: ceil(8L) undecided at this precision");
  rule.delta = Rational(1) / Rational(ceiling);
  rule.z_n = sqrt(Ball(2) * log(Ball(400) * n_ball));
  if (DPSI_FAULT("rule-r.z-n-sqrt-n")) rule.z_n = sqrt(Ball(2) * log(Ball(400) * sqrt(n_ball)));
  const Ball delta(rule.delta);
  rule.tau = delta / (Ball(4) * sqrt(Ball(2)) * rule.z_n);
  rule.nu = delta / (Ball(4) * rule.z_n);
  rule.B = sqrt(Ball(8) * log(Ball(1024) * n_ball * sqr(rule.z_n) / sqr(eps)));
  return rule;
}

RuleRFailureTerms rule_r_failure_terms(const RuleR& rule) {
  const Ball n(rule.n);
  const Ball m(rule.n);
  const Ball factor(DPSI_FAULT("rule-r.k1-factor-4-dropped") ? 1 : 4);
  return {factor * m * normal_tail(Ball(rule.delta) / (Ball(4) * rule.nu)), n * normal_tail(rule.a / rule.tau)};
}

RuleROverlapTerms rule_r_overlap_terms(const RuleR& rule) {
  RuleROverlapTerms terms;
  const Ball n(rule.n);
  const Ball m(rule.n);
  const Ball delta(rule.delta);
  const Ball kappa2 = sqr(rule.kappa_star);
  const relu::SmallRegimeTerms small = relu::small_regime_terms(rule.a, delta, rule.gamma, n, m, rule.kappa_star);
  terms.ov_s_first = (small.t1 + small.t2) / kappa2;
  // A.3(i)'s bound of the lattice tail P_{D_b}(|w| >= K) (uniform in b) decreases in K, so at K = B/2
  // (irrational) it lies between its values at the rational ends of B/2's enclosure.
  const Ball half_b = mul_2exp(rule.B, -1);
  const Ball lattice = Ball::hull(instance::lattice_tail_bound(rule.delta, half_b.upper_rational()),
                                  instance::lattice_tail_bound(rule.delta, half_b.lower_rational()));
  terms.pbar_b = lattice + Ball(2) * normal_tail(half_b / rule.kappa_star);
  terms.pbar_b_reference = Ball(2) * exp(-sqr(rule.B) / Ball(8));
  terms.ov_s_second = Ball(2) * m * sqr(delta) * terms.pbar_b / sqr(rule.tau);
  const density::PhaseBounds phase = density::phase_bounds(rule.kappa_star, rule.delta, rule.n);
  const Ball large_ratio = phase.s1_v / (Ball(1) - phase.theta_v);
  terms.ov_l = n * sqr(rule.a) * sqr(phase.rho) / kappa2 + m * sqr(Ball(4) * Ball::pi() / delta) * sqr(large_ratio);
  terms.log_q_v_star = -Ball(2) * sqr(Ball::pi()) * phase.v / sqr(delta);
  terms.log_q_reference = Ball(-74) * rule.L;
  return terms;
}

std::vector<long> rule_r_n_grid() {
  std::vector<long> grid{3};
  for (int k = 2; k <= 30; ++k) {
    Integer power(1);
    for (int j = 0; j < k; ++j) power *= 10;
    Integer root = boost::multiprecision::sqrt(power);  // floor(sqrt(10^k))
    if (power - root * root > root) root += 1;           // round half up: 10^k >= r^2 + r + 1 iff sqrt(10^k) > r + 1/2
    grid.push_back(root.convert_to<long>());
  }
  return grid;
}

std::vector<Rational> rule_r_epsilon_grid() {
  return {Rational(1, 2), Rational(1, 10), Rational(1, 1000), Rational(1, 1000000), Rational(1, 1000000000),
          Rational(1, 1000000000000000LL)};
}

}  // namespace dpsi::params
