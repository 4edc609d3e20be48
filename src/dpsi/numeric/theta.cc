#include "dpsi/numeric/theta.h"

#include <cmath>

#include "dpsi/fault/fault_point.h"

namespace dpsi::theta {
namespace {

enum class Weight { kCos, kSin, kNone };

// The radius of a ball, as an exact ball.
Ball radius_of(const Ball& x) {
  Ball radius;
  arb_get_rad_arb(radius.raw(), x.raw());
  return radius;
}

// How far a series is summed. kAbsolute: until the remainder is below 2^-prec max(1, |x|) for the
// partial sum x (enough where the series is added to 1, as in theta, or may vanish, as theta_du at
// u = 0). kRelative: until it is below 2^-prec max(|x|, 2^-prec A), A = sum_{j<=J} j^power q^{j^2}
// (the terms without their weights, a positive series, so A certainly > 0): relative accuracy 2^-prec whenever the terms do not cancel to
// below 2^-prec of their size (true for the weights +-1 at u in (delta/2) Z, where |x| >= A (1 -
// 2 q^3)), and termination after a few terms when they do. For the positive series (kNone) A = x,
// so kRelative is plain relative accuracy.
enum class Stopping { kAbsolute, kRelative };

// sum_{j>=1} j^power q^{j^2} w_j with w_j = cos(2 pi j u / delta), sin(...), or 1, plus remainder.
Ball weighted_series(const Ball& q, const Ball& u, const Rational& delta, unsigned power, Weight weight,
                     Stopping stopping) {
  if (!is_certainly_true(lt(q, Ball(1))) || !is_certainly_true(ge(q, Ball(0)))) {
    return Ball::whole_line();
  }
  const Ball angle_step = Ball(2) * Ball::pi() * u / Ball(delta);
  Ball sum;
  Ball unweighted_sum;  // sum of j^power q^{j^2}: the scale of the series for kRelative
  for (long j = 1; j <= kMaxTerms; ++j) {
    const Ball jb(j);
    // The exponent j^2 (a j(j+1) here is the fault "theta.exponent-j-j-plus-1").
    const unsigned long exponent = DPSI_FAULT("theta.exponent-j-j-plus-1")
                                       ? static_cast<unsigned long>(j) * static_cast<unsigned long>(j + 1)
                                       : static_cast<unsigned long>(j) * static_cast<unsigned long>(j);
    Ball term = pow(jb, power) * pow(q, exponent);
    unweighted_sum += term;
    if (weight == Weight::kCos) term *= cos(angle_step * jb);
    if (weight == Weight::kSin) term *= sin(angle_step * jb);
    sum += term;
    // Remainder bound for j' > j.
    const Ball next(j + 1);
    const Ball ratio = pow(Ball(j + 2) / next, power) * pow(q, static_cast<unsigned long>(2 * j + 3));
    if (!is_certainly_true(lt(ratio, Ball(1)))) continue;
    const Ball remainder =
        pow(next, power) * pow(q, static_cast<unsigned long>((j + 1) * (j + 1))) / (Ball(1) - ratio);
    const Ball scale = stopping == Stopping::kAbsolute
                           ? max(Ball(1), abs(sum))
                           : max(abs(sum), working_precision_threshold(unweighted_sum));
    // Also stop once the remainder is below 2^-prec times the partial sum's own radius: more terms
    // cannot sharpen an enclosure that wide (boxes whose q reaches 0 would otherwise never meet
    // the relative rule, whose scale A then has lower bound 0).
    if (is_certainly_true(le(remainder, working_precision_threshold(scale))) ||
        is_certainly_true(le(remainder, working_precision_threshold(radius_of(sum)))) || j == kMaxTerms) {
      if (DPSI_FAULT("theta.series-drops-last-term")) sum -= term;
      add_error(sum, remainder);
      return sum;
    }
  }
  return Ball::whole_line();  // the ratio never dropped below 1: no certified remainder
}

Ball two_pi_squared_over(const Rational& delta) {
  const Ball pi = Ball::pi();
  if (DPSI_FAULT("theta.nome-pi2-for-2pi2")) return pi * pi / Ball(Rational(delta * delta));
  return Ball(2) * pi * pi / Ball(Rational(delta * delta));
}

}  // namespace

Ball nome(const Ball& omega, const Rational& delta) { return exp(-two_pi_squared_over(delta) * omega); }

Ball theta(const Ball& u, const Ball& omega, const Rational& delta) {
  return Ball(1) + Ball(2) * weighted_series(nome(omega, delta), u, delta, 0, Weight::kCos, Stopping::kAbsolute);
}

Ball theta_minus_one(const Ball& u, const Ball& omega, const Rational& delta) {
  return Ball(2) * weighted_series(nome(omega, delta), u, delta, 0, Weight::kCos, Stopping::kRelative);
}

Ball theta_du(const Ball& u, const Ball& omega, const Rational& delta) {
  const Ball factor = Ball(DPSI_FAULT("theta.derivative-2pi-for-4pi") ? 2 : 4) * Ball::pi() / Ball(delta);
  return -factor * weighted_series(nome(omega, delta), u, delta, 1, Weight::kSin, Stopping::kAbsolute);
}

Ball theta_du2(const Ball& u, const Ball& omega, const Rational& delta) {
  const Ball pi = Ball::pi();
  const Ball factor = Ball(8) * pi * pi / Ball(Rational(delta * delta));
  return -factor * weighted_series(nome(omega, delta), u, delta, 2, Weight::kCos, Stopping::kRelative);
}

Ball tail_sum(const Ball& omega, const Rational& delta) {
  return Ball(DPSI_FAULT("theta.tail-sum-without-factor-2") ? 1 : 2) * weighted_series(nome(omega, delta), Ball(0), delta, 0, Weight::kNone, Stopping::kRelative);
}

Ball s1(const Ball& omega, const Rational& delta) {
  return weighted_series(nome(omega, delta), Ball(0), delta, 1, Weight::kNone, Stopping::kRelative);
}

LatticeMoments lattice_gaussian_moments(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta) {
  const LatticeMoments no_information{Ball::whole_line(), Ball::whole_line()};
  if (!is_certainly_true(gt(omega, Ball(0))) || !mu.is_finite() || !c.is_finite()) return no_information;
  const Ball delta_ball(delta);
  const Ball two_omega = Ball(2) * omega;
  // Index of the lattice point w_k = c + k delta nearest the midpoint of mu.
  const double k_center = std::nearbyint((mu.mid_double() - c.mid_double()) / (delta_ball.mid_double()));
  if (!std::isfinite(k_center) || std::fabs(k_center) > 1e15) return no_information;
  const long center = static_cast<long>(k_center);
  LatticeMoments sums{Ball(0), Ball(0)};
  auto add_term = [&](long k) {
    const Ball offset = c + Ball(k) * delta_ball - mu;
    const Ball weight = exp(-sqr(offset) / two_omega);
    sums.sum += weight;
    sums.first_moment += offset * weight;
  };
  // Certified bounds on the terms strictly beyond the last summed point on one side, given the
  // distance d > 0 from mu to the first omitted point: with r = exp(-d delta/omega),
  //   sum_j exp(-(d+j delta)^2/(2 omega))           <= exp(-d^2/(2 omega)) / (1 - r),
  //   sum_j (d+j delta) exp(-(d+j delta)^2/(2 omega)) <= exp(-d^2/(2 omega)) (d/(1-r) + delta r/(1-r)^2),
  // since (d + j delta)^2 >= d^2 + 2 d j delta.
  struct SideBounds {
    Ball sum;
    Ball first_moment;
    bool valid;
  };
  auto side_remainder = [&](const Ball& distance) -> SideBounds {
    if (!is_certainly_true(gt(distance, Ball(0)))) return {Ball(), Ball(), false};
    const Ball d(distance.lower_rational());
    const Ball ratio = exp(-d * delta_ball / omega);
    const Ball head = exp(-sqr(d) / two_omega);
    const Ball one_minus = Ball(1) - ratio;
    return {head / one_minus, head * (d / one_minus + delta_ball * ratio / sqr(one_minus)), true};
  };
  add_term(center);
  for (long step = 1; step <= kMaxTerms; ++step) {
    add_term(center + step);
    add_term(center - step);
    const SideBounds right = side_remainder(c + Ball(center + step + 1) * delta_ball - mu);
    const SideBounds left = side_remainder(mu - (c + Ball(center - step - 1) * delta_ball));
    if (!right.valid || !left.valid) continue;
    const Ball sum_remainder = right.sum + left.sum;
    const Ball moment_remainder = right.first_moment + left.first_moment;
    // Stop on criteria relative to the (positive) sum: 2^-prec sum, and 2^-prec sum delta for the
    // first moment (which may vanish by symmetry).
    const Ball threshold = working_precision_threshold(sums.sum);
    if ((is_certainly_true(le(sum_remainder, threshold)) &&
         is_certainly_true(le(moment_remainder, threshold * delta_ball))) ||
        step == kMaxTerms) {
      add_error(sums.sum, sum_remainder);
      add_error(sums.first_moment, moment_remainder);
      return sums;
    }
  }
  return no_information;
}

Ball lattice_gaussian_sum(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta) {
  return lattice_gaussian_moments(c, mu, omega, delta).sum;
}

}  // namespace dpsi::theta
