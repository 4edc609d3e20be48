#include "dpsi/instance/lattice_tails.h"

#include <gmp.h>

#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::instance {
namespace {

void require_lattice(const Rational& delta, int b, const char* who) {
  if (delta <= 0) throw std::invalid_argument(std::string(who) + ": delta must be positive");
  if (b != 0 && b != 1) throw std::invalid_argument(std::string(who) + ": b must be 0 or 1");
}

// The lattice point (2k + b) delta / 2 of Lambda_b.
Rational lattice_point(const Rational& delta, int b, const Integer& k) { return Rational((2 * k + b) * delta / 2); }

// exp(-W^2/2) / (1 - exp(-W delta)): bound on sum_{w in Lambda_b, w > W} exp(-w^2/2), W > 0.
Ball one_sided_remainder(const Rational& W, const Rational& delta) {
  return exp(-Ball(Rational(W * W / 2))) / -expm1(-Ball(Rational(W * delta)));
}

// [0, x] for x >= 0 (a non-negative omitted remainder).
Ball zero_to(const Ball& x) { return Ball::hull(Ball(0), x); }

// sum_{w in Lambda_b, lo <= w <= hi} f(w).
template <typename F>
Ball lattice_range_sum(const Rational& delta, int b, const Rational& lo, const Rational& hi, F&& f) {
  const Integer first = ceil_of(Rational(lo / delta - Rational(b, 2)));
  const Integer last = floor_of(Rational(hi / delta - Rational(b, 2)));
  Ball sum;
  for (Integer k = first; k <= last; ++k) sum += f(lattice_point(delta, b, k));
  return sum;
}

}  // namespace

Ball lattice_normaliser(const Rational& delta, int b) {
  require_lattice(delta, b, "lattice_normaliser");
  return theta::lattice_gaussian_sum(Ball(Rational(b * delta / 2)), Ball(0), Ball(1), delta);
}

Ball big_theta_one(const Rational& delta) {
  if (delta <= 0) throw std::invalid_argument("big_theta_one: delta must be positive");
  return theta::tail_sum(Ball(1), delta);
}

Ball variance_excess(const Rational& delta, int b) {
  require_lattice(delta, b, "variance_excess");
  const Ball phase(DPSI_FAULT("instance.variance-excess-phase-b-delta") ? Rational(b * delta) : Rational(b * delta / 2));
  const Ball excess = theta::theta_du2(phase, Ball(1), delta) / (Ball(1) + theta::theta_minus_one(phase, Ball(1), delta));
  if (DPSI_FAULT("instance.variance-excess-returns-variance")) return Ball(1) + excess;  // Var(D_b), the 1 not subtracted
  return excess;
}

Ball variance_direct(const Rational& delta, int b, long cutoff) {
  require_lattice(delta, b, "variance_direct");
  if (cutoff < 2) throw std::invalid_argument("variance_direct: cutoff must be at least 2");
  const Rational W(cutoff);
  const Ball shrink = sqr(Ball(1) + Ball(Rational(delta / W))) * exp(-Ball(Rational(W * delta)));
  if (!is_certainly_true(lt(shrink, Ball(1)))) {
    throw std::invalid_argument("variance_direct: cutoff too small for a geometric remainder");
  }
  Ball second_moment = lattice_range_sum(delta, b, Rational(-W), W, [](const Rational& w) {
    return Ball(Rational(w * w)) * exp(-Ball(Rational(w * w / 2)));
  });
  const Ball one_side = Ball(Rational(W * W)) * exp(-Ball(Rational(W * W / 2))) / (Ball(1) - shrink);
  second_moment += zero_to(Ball(2) * one_side);
  return second_moment / lattice_normaliser(delta, b);
}

Ball lattice_tail(const Rational& delta, int b, const Rational& K, long cutoff) {
  require_lattice(delta, b, "lattice_tail");
  if (K <= 0 || cutoff <= 0) throw std::invalid_argument("lattice_tail: K and cutoff must be positive");
  const Rational W = K + cutoff;
  Ball one_side = lattice_range_sum(delta, b, K, W, [](const Rational& w) { return exp(-Ball(Rational(w * w / 2))); });
  one_side += zero_to(one_sided_remainder(W, delta));
  return Ball(2) * one_side / lattice_normaliser(delta, b);
}

Ball lattice_tail_bound(const Rational& delta, const Rational& K) {
  if (delta <= 0 || K <= 0) throw std::invalid_argument("lattice_tail_bound: delta and K must be positive");
  const Ball one_minus_theta = Ball(1) - big_theta_one(delta);
  if (!is_certainly_true(gt(one_minus_theta, Ball(0)))) return Ball::whole_line();
  // Both sides of the lattice (|w| >= K): the factor 2.
  const Ball sides = DPSI_FAULT("instance.lattice-tail-bound-one-side") ? Ball(1) : Ball(2);
  // exp(-K^2/2); the fault drops the square (exp(-K/2)).
  const Rational exponent = DPSI_FAULT("instance.lattice-tail-bound-exponent-k") ? Rational(K / 2) : Rational(K * K / 2);
  const Ball numerator = sides * Ball(delta) * exp(-Ball(exponent));
  const Ball denominator = sqrt(Ball(2) * Ball::pi()) * one_minus_theta * -expm1(-Ball(Rational(K * delta)));
  return numerator / denominator;
}

Ball theta_deviation(const Rational& delta, int b, const Ball& omega) {
  require_lattice(delta, b, "theta_deviation");
  return theta::theta_minus_one(Ball(Rational(b * delta / 2)), omega, delta);
}

namespace {

Rational moment_omega(const Rational& lambda) {
  if (lambda < 0 || lambda >= Rational(1, 2)) {
    throw std::invalid_argument("exponential moment: lambda must lie in [0, 1/2)");
  }
  return Rational(1 / (1 - 2 * lambda));
}

}  // namespace

Ball exponential_moment(const Rational& delta, int b, const Rational& lambda) {
  const Rational omega = moment_omega(lambda);
  return sqrt(Ball(omega)) * (Ball(1) + theta_deviation(delta, b, Ball(omega))) /
         (Ball(1) + theta_deviation(delta, b, Ball(1)));
}

Ball exponential_moment_log_excess(const Rational& delta, int b, const Rational& lambda) {
  const Rational omega = moment_omega(lambda);
  return log1p(theta_deviation(delta, b, Ball(omega))) - log1p(theta_deviation(delta, b, Ball(1)));
}

Ball log_c_theta(const Rational& delta) {
  const Ball big_theta = big_theta_one(delta);
  if (DPSI_FAULT("instance.log-c-theta-sign")) return log1p(big_theta) + log1p(-big_theta);
  return log1p(big_theta) - log1p(-big_theta);
}

Ball exponential_moment_bound(const Rational& delta, const Rational& lambda) {
  const Rational omega = moment_omega(lambda);
  const Ball big_theta = big_theta_one(delta);
  return sqrt(Ball(omega)) * (Ball(1) + big_theta) / (Ball(1) - big_theta);
}

Ball exponential_moment_direct(const Rational& delta, int b, const Rational& lambda) {
  require_lattice(delta, b, "exponential_moment_direct");
  const Rational omega = moment_omega(lambda);
  const Ball phase(Rational(b * delta / 2));
  return theta::lattice_gaussian_sum(phase, Ball(0), Ball(omega), delta) /
         theta::lattice_gaussian_sum(phase, Ball(0), Ball(1), delta);
}

Ball blurred_tail(const Rational& delta, int b, const Ball& kappa, const Rational& B, long cutoff) {
  require_lattice(delta, b, "blurred_tail");
  if (!is_certainly_true(gt(kappa, Ball(0))) || B <= 0 || cutoff <= 0) {
    throw std::invalid_argument("blurred_tail: kappa, B and cutoff must be positive");
  }
  const Rational W = B + cutoff;
  const Ball B_ball(B);
  Ball sum = lattice_range_sum(delta, b, Rational(-W), W, [&](const Rational& w) {
    const Ball wb(w);
    return exp(-Ball(Rational(w * w / 2))) * normal_tail((B_ball - wb) / kappa);
  });
  sum += zero_to(Ball(2) * one_sided_remainder(W, delta));
  return Ball(2) * sum / lattice_normaliser(delta, b);
}

Ball blurred_tail(const Rational& delta, int b, const Rational& kappa, const Rational& B, long cutoff) {
  if (kappa <= 0) throw std::invalid_argument("blurred_tail: kappa, B and cutoff must be positive");
  return blurred_tail(delta, b, Ball(kappa), B, cutoff);
}

Ball blurred_tail_bound(const Rational& delta, int b, const Rational& kappa, const Rational& B, const Rational& r) {
  if (kappa <= 0 || r <= 0 || r >= B) throw std::invalid_argument("blurred_tail_bound: need kappa > 0, 0 < r < B");
  const Rational radius = DPSI_FAULT("instance.blurred-tail-bound-b-plus-r") ? Rational(B + r) : Rational(B - r);
  return lattice_tail(delta, b, radius) + Ball(2) * normal_tail(Ball(Rational(r / kappa)));
}

Ball blurred_tail_bound_via_i(const Rational& delta, const Rational& kappa, const Rational& B, const Rational& r) {
  if (kappa <= 0 || r <= 0 || r >= B) {
    throw std::invalid_argument("blurred_tail_bound_via_i: need kappa > 0, 0 < r < B");
  }
  return lattice_tail_bound(delta, Rational(B - r)) + Ball(2) * normal_tail(Ball(Rational(r / kappa)));
}

}  // namespace dpsi::instance
