#include "dpsi/numeric/theta.h"

#include <cmath>

namespace dpsi::theta {
namespace {

enum class Weight { kCos, kSin, kNone };

// The stopping threshold for a partial sum x: 2^-prec |x| for series of positive terms (relative
// accuracy even when the sum is tiny), 2^-prec max(1, |x|) for oscillating ones (which may vanish).
Ball stopping_threshold(const Ball& partial, bool positive_terms) {
  Ball threshold = positive_terms ? abs(partial) : max(Ball(1), abs(partial));
  Ball scale(1);
  arb_mul_2exp_si(scale.raw(), scale.raw(), -working_precision());
  return threshold * scale;
}

// sum_{j>=1} j^power q^{j^2} w_j with w_j = cos(2 pi j u / delta), sin(...), or 1, plus remainder.
Ball weighted_series(const Ball& q, const Ball& u, const Rational& delta, unsigned power, Weight weight) {
  if (!is_certainly_true(lt(q, Ball(1))) || !is_certainly_true(ge(q, Ball(0)))) {
    return Ball::whole_line();
  }
  const Ball angle_step = Ball(2) * Ball::pi() * u / Ball(delta);
  Ball sum;
  for (long j = 1; j <= kMaxTerms; ++j) {
    const Ball jb(j);
    Ball term = pow(jb, power) * pow(q, static_cast<unsigned long>(j) * static_cast<unsigned long>(j));
    if (weight == Weight::kCos) term *= cos(angle_step * jb);
    if (weight == Weight::kSin) term *= sin(angle_step * jb);
    sum += term;
    // Remainder bound for j' > j.
    const Ball next(j + 1);
    const Ball ratio = pow(Ball(j + 2) / next, power) * pow(q, static_cast<unsigned long>(2 * j + 3));
    if (!is_certainly_true(lt(ratio, Ball(1)))) continue;
    const Ball remainder =
        pow(next, power) * pow(q, static_cast<unsigned long>((j + 1) * (j + 1))) / (Ball(1) - ratio);
    if (is_certainly_true(le(remainder, stopping_threshold(sum, weight == Weight::kNone))) || j == kMaxTerms) {
      add_error(sum, remainder);
      return sum;
    }
  }
  return Ball::whole_line();  // the ratio never dropped below 1: no certified remainder
}

Ball two_pi_squared_over(const Rational& delta) {
  const Ball pi = Ball::pi();
  return Ball(2) * pi * pi / Ball(Rational(delta * delta));
}

}  // namespace

Ball nome(const Ball& omega, const Rational& delta) { return exp(-two_pi_squared_over(delta) * omega); }

Ball theta(const Ball& u, const Ball& omega, const Rational& delta) {
  return Ball(1) + Ball(2) * weighted_series(nome(omega, delta), u, delta, 0, Weight::kCos);
}

Ball theta_du(const Ball& u, const Ball& omega, const Rational& delta) {
  const Ball factor = Ball(4) * Ball::pi() / Ball(delta);
  return -factor * weighted_series(nome(omega, delta), u, delta, 1, Weight::kSin);
}

Ball theta_du2(const Ball& u, const Ball& omega, const Rational& delta) {
  const Ball pi = Ball::pi();
  const Ball factor = Ball(8) * pi * pi / Ball(Rational(delta * delta));
  return -factor * weighted_series(nome(omega, delta), u, delta, 2, Weight::kCos);
}

Ball tail_sum(const Ball& omega, const Rational& delta) {
  return Ball(2) * weighted_series(nome(omega, delta), Ball(0), delta, 0, Weight::kNone);
}

Ball s1(const Ball& omega, const Rational& delta) {
  return weighted_series(nome(omega, delta), Ball(0), delta, 1, Weight::kNone);
}

Ball lattice_gaussian_sum(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta) {
  if (!is_certainly_true(gt(omega, Ball(0))) || !mu.is_finite() || !c.is_finite()) {
    return Ball::whole_line();
  }
  const Ball delta_ball(delta);
  const Ball two_omega = Ball(2) * omega;
  // Index of the lattice point w_k = c + k delta nearest the midpoint of mu.
  const double k_center = std::nearbyint((mu.mid_double() - c.mid_double()) / (delta_ball.mid_double()));
  if (!std::isfinite(k_center) || std::fabs(k_center) > 1e15) return Ball::whole_line();
  const long center = static_cast<long>(k_center);
  auto term = [&](long k) {
    const Ball w = c + Ball(k) * delta_ball;
    return exp(-sqr(w - mu) / two_omega);
  };
  // Certified bound on the terms strictly beyond the last summed point, given the distance d from
  // mu to the first omitted point (d must be certainly > 0).
  auto side_remainder = [&](const Ball& distance) -> Ball {
    if (!is_certainly_true(gt(distance, Ball(0)))) return Ball::whole_line();
    const Ball d(distance.lower_rational());
    const Ball ratio = exp(-d * delta_ball / omega);
    return exp(-sqr(d) / two_omega) / (Ball(1) - ratio);
  };
  Ball sum = term(center);
  for (long step = 1; step <= kMaxTerms; ++step) {
    sum += term(center + step);
    sum += term(center - step);
    const Ball right = c + Ball(center + step + 1) * delta_ball - mu;
    const Ball left = mu - (c + Ball(center - step - 1) * delta_ball);
    const Ball remainder_right = side_remainder(right);
    const Ball remainder_left = side_remainder(left);
    if (!remainder_right.is_finite() || !remainder_left.is_finite()) continue;
    const Ball remainder = remainder_right + remainder_left;
    // The sum is positive, so stop on a relative criterion (tiny sums keep their accuracy).
    Ball relative_threshold = sum;
    arb_mul_2exp_si(relative_threshold.raw(), relative_threshold.raw(), -working_precision());
    if (is_certainly_true(le(remainder, relative_threshold)) || step == kMaxTerms) {
      add_error(sum, remainder);
      return sum;
    }
  }
  return Ball::whole_line();
}

}  // namespace dpsi::theta
