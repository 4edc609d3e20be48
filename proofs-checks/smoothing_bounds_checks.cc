// C.5(b)-(e) and the C.5 table: central cell, posterior variance, density ratio, score deviation
// (spec/C-score-networks.md, C.5). Every claim is certified by branch and bound (dpsi/certify) on
// enclosures valid on whole boxes; the forms used and why they are exact are in the spec's
// "Check details" for each check.
#include "proofs-checks/smoothing_bounds_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/numeric/theta.h"
#include "proofs-checks/budget_json.h"
#include "proofs-checks/identity_comparison.h"
#include "proofs-checks/log_domain.h"

namespace dpsi::checks {
namespace smoothing {
namespace {

// ---- Enclosure helpers ------------------------------------------------------------------------

// The enclosure [lo, hi + tail] of x + e for an unknown e in [0, tail] (an omitted nonnegative tail).
Ball add_nonnegative(const Ball& x, const Ball& tail) {
  if (!x.is_finite() || !tail.is_finite()) return Ball::whole_line();
  return Ball::hull(x, x + upper_end(tail));
}

// The intersection of two enclosures of one number (either may be indeterminate).
Ball intersect(const Ball& a, const Ball& b) {
  if (!a.is_finite()) return b;
  if (!b.is_finite()) return a;
  const Ball lo = max(lower_end(a), lower_end(b));
  const Ball hi = min(upper_end(a), upper_end(b));
  if (is_certainly_true(gt(lo, hi))) return Ball::whole_line();  // cannot happen for valid enclosures
  return Ball::hull(lo, hi);
}

// g(y) = (1 - e^{-y})/y, decreasing on [0, inf) with g(0) = 1: [g(upper), g(lower)] for y >= 0.
Ball one_minus_exp_ratio(const Ball& y) {
  if (!y.is_finite()) return Ball::interval(Rational(0), Rational(1));
  auto at = [](const Ball& point) {
    if (!is_certainly_true(gt(point, Ball(0)))) return Ball(1);
    return -expm1(-point) / point;
  };
  return Ball::hull(at(upper_end(y)), at(max(Ball(0), lower_end(y))));
}

// Tail of a one-sided lattice sum at distance D >= 2 sqrt(v) from mu, spacing delta:
//   sum_{j>=0} (D + j delta)^p e^{-(D + j delta)^2/(2v)} <= D^p e^{-D^2/(2v)} / (1 - e^{-D delta/(2v)})
// for p in {0, 1, 2}, because u^p e^{-u^2/(4v)} is nonincreasing for u >= 2 sqrt(v) and
// (D + j delta)^2 >= D^2 + 2 D j delta. Indeterminate if D >= 2 sqrt(v) is not certain.
Ball lattice_tail(const Ball& distance, const Ball& v, const Ball& delta, unsigned p) {
  if (!is_certainly_true(ge(sqr(distance), Ball(4) * v)) || !is_certainly_true(gt(distance, Ball(0)))) {
    return Ball::whole_line();
  }
  return upper_end(pow(distance, p) * exp_monotone(-sqr(distance) / (Ball(2) * v)) /
                   (Ball(1) - exp_monotone(-distance * delta / (Ball(2) * v))));
}

// Number of lattice offsets to sum on each side: out to distance 2 delta + 40 sqrt(v_max), where
// the tail is below e^{-800} of the nearest term's weight at any v.
long offsets_needed(const Ball& v, const Ball& delta) {
  const double reach = 2.0 + 40.0 * std::sqrt(std::max(upper_end(v).mid_double(), 0.0)) / delta.mid_double();
  return static_cast<long>(std::ceil(reach)) + 2;
}


// ---- C.5(b): the mean slope A_c ------------------------------------------------------------------

// With Lambda_b symmetric about c, its positive offsets d = w - c > 0 are d_k = (k - phase) delta,
// k >= 1, phase in {0, 1/2}; and
//   m_b - c = s A_c,  A_c = N / S,  s = mu - c,
//   N = sum_{d>0} (2 d^2/v) e^{-(d - |s|)^2/(2v)} g(2 d |s| / v),
//   S = sum_{w in Lambda_b} e^{-(w - mu)^2/(2v)}
//     = [phase = 0] e^{-s^2/(2v)} + sum_{d>0} (e^{-(d - |s|)^2/(2v)} + e^{-(d + |s|)^2/(2v)}).
// (Pair w = c + d with c - d: d (e^{-(d-s)^2/2v} - e^{-(d+s)^2/2v}) = s (2d^2/v) e^{-(d-|s|)^2/2v} g(2d|s|/v).)
// Every term is positive; the omitted ones only raise the upper ends. Returns an enclosure of log A_c.
Ball log_mean_slope(const Ball& v, const Ball& s_abs, const Rational& phase, const Rational& delta) {
  const Ball delta_ball(delta);
  const Ball two_v = Ball(2) * v;
  const Ball log_v = log(v);
  const long terms = offsets_needed(v, delta_ball);
  LogRange numerator{true, false, Ball(), Ball()};
  LogRange normaliser = phase == 0 ? from_log(-sqr(s_abs) / two_v) : LogRange{true, false, Ball(), Ball()};
  for (long k = 1; k <= terms; ++k) {
    const Ball d(Rational((Rational(k) - phase) * delta));
    const Ball near = -sqr(d - s_abs) / two_v;
    const Ball far = -sqr(d + s_abs) / two_v;
    numerator = numerator + from_log(log(Ball(2) * sqr(d)) - log_v + near) *
                                log_range_of(one_minus_exp_ratio(Ball(2) * d * s_abs / v));
    normaliser = normaliser + from_log(near) + from_log(far);
  }
  // Omitted offsets d > d_terms: d - |s| >= D = d_{terms+1} - |s|_max; d <= 2 (d - |s|) there, so the
  // numerator's terms are at most (8/v) u^2 e^{-u^2/(2v)} with u = d - |s| (lattice_tail, p = 2).
  const Ball distance = Ball(Rational((Rational(terms + 1) - phase) * delta)) - upper_end(s_abs);
  numerator = numerator + at_most(log(Ball(8) / v * lattice_tail(distance, v, delta_ball, 2)));
  normaliser = normaliser + at_most(log(Ball(2) * lattice_tail(distance, v, delta_ball, 0)));
  if (!normaliser.has_lower) return Ball::whole_line();
  return log_ratio(numerator, Ball::hull(lower_end(normaliser.lower), upper_end(normaliser.upper)));
}

// The phase of Lambda_b about c: Lambda_b - c = delta Z + phase delta.
Rational phase_about(int b, const Rational& c, const Rational& delta) {
  Rational phase = Rational(b, 2) - c / delta;
  phase -= Rational(floor_of(phase));
  return phase;  // 0 or 1/2
}

// ---- C.5(c): posterior variance ----------------------------------------------------------------

// v = delta^2 10^x, by monotonicity in x (stays positive on wide boxes).
Ball variance_from_log_v(const Ball& log_v, const Rational& delta) {
  return Ball(Rational(delta * delta)) * exp_monotone(log_v * log(Ball(10)));
}

// The spec's mu-free bound (lattice regime): Var <= delta^2/4 + 2 delta^2 sum_{k>=1} (k^2 + k) e^{-k^2 delta^2/(2v)}.
// Tail after K terms: (K+1)(K+2) r^{(K+1)^2} / (1 - ((K+3)/(K+1)) r^{2K+3}), r = e^{-delta^2/(2v)}.
Ball variance_upper_bound(const Ball& v, const Rational& delta) {
  const Ball delta2(Rational(delta * delta));
  const Ball r = exp_monotone(-delta2 / (Ball(2) * v));
  constexpr long kTerms = 12;
  Ball sum(0);
  for (long k = 1; k <= kTerms; ++k) sum += Ball(k * k + k) * pow(r, static_cast<unsigned long>(k * k));
  const Ball ratio = Ball(Rational(kTerms + 3, kTerms + 1)) * pow(r, 2 * kTerms + 3);
  if (!is_certainly_true(lt(ratio, Ball(1)))) return Ball::whole_line();
  sum = add_nonnegative(sum, Ball((kTerms + 1) * (kTerms + 2)) * pow(r, static_cast<unsigned long>((kTerms + 1) * (kTerms + 1))) /
                                 (Ball(1) - ratio));
  return delta2 / Ball(4) + Ball(2) * delta2 * sum;
}

// Var_b(w | t) by direct lattice moments about mu: S = sum e, M1 = sum (w-mu) e, M2 = sum (w-mu)^2 e,
// Var = M2/S - (M1/S)^2, with the lattice_tail bounds for the omitted points on each side.
Ball variance_direct(const Ball& v, const Ball& mu, int b, const Rational& delta) {
  if (!v.is_finite() || !mu.is_finite()) return Ball::whole_line();
  const Ball delta_ball(delta);
  const Ball two_v = Ball(2) * v;
  const Rational offset(b, 2);
  const long centre = static_cast<long>(std::floor(mu.mid_double() / delta_ball.mid_double()));
  const long terms = offsets_needed(v, delta_ball) + static_cast<long>(std::ceil(2 * mu.radius_double() / delta_ball.mid_double()));
  Ball s0(0), s1(0), s2(0);
  for (long k = centre - terms; k <= centre + terms; ++k) {
    const Ball diff = Ball(Rational((Rational(k) + offset) * delta)) - mu;
    const Ball weight = exp(-sqr(diff) / two_v);
    s0 += weight;
    s1 += diff * weight;
    s2 += sqr(diff) * weight;
  }
  const Ball right = Ball(Rational((Rational(centre + terms + 1) + offset) * delta)) - mu;
  const Ball left = mu - Ball(Rational((Rational(centre - terms - 1) + offset) * delta));
  const Ball right_distance = lower_end(right);
  const Ball left_distance = lower_end(left);
  s0 = add_nonnegative(s0, lattice_tail(right_distance, v, delta_ball, 0) + lattice_tail(left_distance, v, delta_ball, 0));
  s2 = add_nonnegative(s2, lattice_tail(right_distance, v, delta_ball, 2) + lattice_tail(left_distance, v, delta_ball, 2));
  add_error(s1, lattice_tail(right_distance, v, delta_ball, 1) + lattice_tail(left_distance, v, delta_ball, 1));
  return s2 / s0 - sqr(s1 / s0);
}

// Var - v = v^2 (log theta)''(u; v) = v^2 (theta'' theta - theta'^2)/theta^2, u = mu - b delta/2.
Ball variance_excess_theta(const Ball& v, const Ball& mu, int b, const Rational& delta) {
  const Ball u = mu - Ball(Rational(b * delta / 2));
  const Ball t0 = theta::theta(u, v, delta);
  const Ball t1 = theta::theta_du(u, v, delta);
  const Ball t2 = theta::theta_du2(u, v, delta);
  return sqr(v) * (t2 * t0 - sqr(t1)) / sqr(t0);
}

// ---- C.5(d), (e): deviation series ------------------------------------------------------------

// sum_{j>=1} factor j^power q^{j^2} weight_j as a log-range, for weights in [0, 1] (squares of sines
// or cosines) and log_q = log q; the omitted j > J add at most
// factor (J+1)^power q^{(J+1)^2} / (1 - ((J+2)/(J+1))^power q^{2J+3}) (consecutive terms shrink by that ratio).
template <typename Weight>
LogRange nonnegative_series(const Ball& log_q, long power, const Ball& factor, Weight weight) {
  const Ball q = exp(log_q);
  if (!is_certainly_true(lt(q, Ball(1)))) return at_most(Ball::whole_line());
  // J with q^{(J+1)^2} <= 2^-(prec + 16) q^4 (resolves the j = 2 term), at least 3.
  const double minus_log_q = std::max(-upper_end(log_q).mid_double(), 1e-300);
  const double target = (static_cast<double>(working_precision()) + 16.0) * std::log(2.0) / minus_log_q + 4.0;
  const long J = std::max(3L, static_cast<long>(std::ceil(std::sqrt(std::max(target, 1.0)))));
  const Ball log_factor = log(factor);
  LogRange sum{true, false, Ball(), Ball()};
  for (long j = 1; j <= J; ++j) {
    const Ball log_coefficient = log_factor + Ball(power) * log(Ball(j)) + Ball(j * j) * log_q;
    sum = sum + from_log(log_coefficient) * log_range_of(nonnegative(weight(j)));
  }
  const Ball ratio = pow(Ball(Rational(J + 2, J + 1)), static_cast<unsigned long>(power)) * pow(q, static_cast<unsigned long>(2 * J + 3));
  if (!is_certainly_true(lt(ratio, Ball(1)))) return at_most(Ball::whole_line());
  const Ball log_tail = log_factor + Ball(power) * log(Ball(J + 1)) + Ball((J + 1) * (J + 1)) * log_q - log1p(-ratio);
  return sum + at_most(log_tail);
}

// The quantities at (kappa, b) that do not depend on t.
struct PhaseConstants {
  Ball v, log_q_v, log_q_1, theta_v, theta_1, s1_v;
  Ball theta_b1;                 // theta(theta_b; 1)
  LogRange q_term, q_prime;      // Q = Theta(1) - (theta_b1 - 1), Q' = theta_b1 - 1 + Theta(1)
};

PhaseConstants phase_constants(int b, const Rational& kappa, const Rational& delta) {
  const density::PhaseBounds bounds = density::phase_bounds(Ball(kappa), delta, 1);
  const Ball two_pi2_over_delta2 = Ball(2) * sqr(Ball::pi()) / Ball(Rational(delta * delta));
  PhaseConstants c{bounds.v, -two_pi2_over_delta2 * bounds.v, -two_pi2_over_delta2, bounds.theta_v, bounds.theta_1,
                   bounds.s1_v, Ball(), LogRange(), LogRange()};
  c.theta_b1 = theta::theta(Ball(Rational(b * delta / 2)), Ball(1), delta);
  // theta(theta_b; 1) = 1 + 2 sum q1^{j^2} cos(pi j b): Q = sum 4 q1^{j^2} sin^2(pi j b/2), Q' with cos^2.
  const Ball half_angle = Ball::pi() * Ball(b) / Ball(2);
  c.q_term = nonnegative_series(c.log_q_1, 0, Ball(4), [&](long j) { return sqr(sin(half_angle * Ball(j))); });
  c.q_prime = nonnegative_series(c.log_q_1, 0, Ball(4), [&](long j) { return sqr(cos(half_angle * Ball(j))); });
  return c;
}

// x_j = pi j u / delta with u = mu - b delta/2 and mu = y delta.
Ball angle(const Ball& y, int b) { return Ball::pi() * (y - Ball(Rational(b, 2))); }

// log of (R_b - L)/(1 - L) (lower) or (U - R_b)/(U - 1) (upper), from
//   R_b - L = [(1 - Theta_v) Q + P (1 + Theta_1)] / (theta_b1 (1 + Theta_1)),  1 - L = (Theta_v + Theta_1)/(1 + Theta_1),
//   U - R_b = [P' theta_b1 + theta_u Q'] / (theta_b1 (1 - Theta_1)),           U - 1 = (Theta_v + Theta_1)/(1 - Theta_1),
// P = theta_u - 1 + Theta_v = sum 4 q^{j^2} cos^2(x_j), P' = 1 + Theta_v - theta_u = sum 4 q^{j^2} sin^2(x_j).
Ball log_ratio_slack(const PhaseConstants& c, const Ball& y, int b, bool upper) {
  const Ball x = angle(y, b);
  const Ball log_denominator = log(c.theta_b1 * (c.theta_v + c.theta_1));
  const LogRange p = nonnegative_series(c.log_q_v, 0, Ball(4), [&](long j) { return sqr(cos(x * Ball(j))); });
  if (!upper) {
    const LogRange numerator = from_log(log1p(-c.theta_v)) * c.q_term + p * from_log(log1p(c.theta_1));
    return log_ratio(numerator, log_denominator);
  }
  const LogRange p_prime = nonnegative_series(c.log_q_v, 0, Ball(4), [&](long j) { return sqr(sin(x * Ball(j))); });
  // theta_u = 1 - Theta_v + P, between 1 - Theta_v and 1 + Theta_v.
  const Ball theta_u_low = Ball(1) - c.theta_v;
  const LogRange theta_u{false, true, log(theta_u_low), log(Ball(1) + c.theta_v)};
  const LogRange numerator = p_prime * from_log(log(c.theta_b1)) + theta_u * c.q_prime;
  return log_ratio(numerator, log_denominator);
}

// log of (Xi - |psi_b + t/(1+kappa^2)|)/Xi = min(D_+, D_-) / (S1 theta_u), with
//   D_pm = S1 P + (1 - Theta_v) sum 2 j q^{j^2} sin^2(pi/4 pm x_j)   (= S1 theta_u +/- sigma (1 - Theta_v)),
//   sigma = sum j q^{j^2} sin(2 x_j), theta'(u; v) = -(4 pi/delta) sigma, theta_u <= 1 + Theta_v.
Ball log_score_slack(const PhaseConstants& c, const Ball& y, int b) {
  const Ball x = angle(y, b);
  const Ball quarter = Ball::pi() / Ball(4);
  const LogRange p = nonnegative_series(c.log_q_v, 0, Ball(4), [&](long j) { return sqr(cos(x * Ball(j))); });
  const LogRange plus = nonnegative_series(c.log_q_v, 1, Ball(2), [&](long j) { return sqr(sin(quarter + x * Ball(j))); });
  const LogRange minus = nonnegative_series(c.log_q_v, 1, Ball(2), [&](long j) { return sqr(sin(quarter - x * Ball(j))); });
  const LogRange s1p = from_log(log(c.s1_v)) * p;
  const LogRange one_minus = from_log(log1p(-c.theta_v));
  const LogRange slack = minimum(s1p + one_minus * plus, s1p + one_minus * minus);
  // Denominator S1 theta_u with theta_u in [1 - Theta_v, 1 + Theta_v].
  const Ball log_denominator = log(c.s1_v) + Ball::hull(log1p(-c.theta_v), log1p(c.theta_v));
  return log_ratio(slack, log_denominator);
}

// A point enclosure of a log-range (narrow at a point: only the omitted series tails widen it).
Ball to_ball(const LogRange& range) {
  if (range.zero) return Ball(0);
  if (!range.upper.is_finite()) return Ball::whole_line();
  const Ball upper = exp(upper_end(range.upper));
  return range.has_lower ? Ball::hull(exp(lower_end(range.lower)), upper) : Ball::hull(Ball(0), upper);
}

// The certified lower bound for a slack that the lemma only needs positive: e^{-kLogFloor}.
constexpr long kLogFloor = 100'000;

// log(1 - scale) for a tightened bound (scale < 1), else -kLogFloor (the lemma: slack > 0).
Ball log_threshold(const Rational& scale) {
  if (scale >= 1) return Ball(-kLogFloor);
  return log(Ball(Rational(1 - scale)));
}

void validate_phase(int b) {
  if (b != 0 && b != 1) throw std::invalid_argument("phase b must be 0 or 1");
}

}  // namespace

Rational log_v_lower() { return Rational(-5); }
Rational log_v_upper() { return Rational(14772, 10000); }
Rational log_v_switch() { return Rational(-13, 10); }

certify::Result central_cell(int b, bool upper_end_side, const Rational& delta, const Rational& inset,
                             const certify::Budget& budget) {
  validate_phase(b);
  if (inset < 0) throw std::invalid_argument("inset must be >= 0");
  const Rational c = upper_end_side ? delta / 2 : Rational(0);
  const Rational phase = phase_about(b, c, delta);
  const auto log_slope = [delta, c, phase](std::span<const Ball> x) {
    const Ball v = variance_from_log_v(x[0], delta);
    const Ball s_abs = abs(Ball(Rational(delta)) * x[1] - Ball(c));
    return std::pair{log_mean_slope(v, s_abs, phase, delta), s_abs};
  };
  // Claims in the log domain (A_c spans thousands of orders of magnitude on a box).
  certify::Inequality claim;
  if (inset == 0) {
    claim = {[](std::span<const Ball>) { return Ball(-kLogFloor); },
             [log_slope](std::span<const Ball> x) { return log_slope(x).first; }};
  } else {
    claim = {[inset](std::span<const Ball>) { return log(Ball(inset)); },
             [log_slope](std::span<const Ball> x) {
               const auto [log_a, s_abs] = log_slope(x);
               return log(s_abs) + log_a;
             }};
  }
  const certify::Box domain = {{log_v_lower(), log_v_upper()}, {Rational(0), Rational(1, 2)}};
  return certify::certify_le(claim, domain, budget);
}

certify::Result variance_excess(int b, bool lattice_regime, const Rational& delta, const Rational& bound,
                                const certify::Budget& budget) {
  validate_phase(b);
  const Ball delta2(Rational(delta * delta));
  certify::Inequality claim;
  claim.rhs = [bound](std::span<const Ball>) { return Ball(bound); };
  if (lattice_regime) {
    claim.lhs = [delta, delta2, b](std::span<const Ball> x) {
      const Ball v = variance_from_log_v(x[0], delta);
      const Ball mu = Ball(Rational(delta)) * x[1];
      // Var is in [0, mu-free bound] and in the direct enclosure: both contain the true value.
      const Ball a_priori = Ball::hull(Ball(0), upper_end(variance_upper_bound(v, delta)));
      return (intersect(a_priori, variance_direct(v, mu, b, delta)) - v) / delta2;
    };
  } else {
    claim.lhs = [delta, delta2, b](std::span<const Ball> x) {
      const Ball v = variance_from_log_v(x[0], delta);
      return variance_excess_theta(v, Ball(Rational(delta)) * x[1], b, delta) / delta2;
    };
  }
  const certify::Box domain = {lattice_regime ? certify::Interval{log_v_lower(), log_v_switch()}
                                              : certify::Interval{log_v_switch(), log_v_upper()},
                               {Rational(b, 2), Rational(b, 2) + 1}};
  return certify::certify_le(claim, domain, budget);
}

certify::Result variance_positive(const Rational& delta, const certify::Budget& budget) {
  // log of the lower bound: -delta^2/(2v) - 2 log(2 + sqrt(2 pi v)/delta) >= -kLogFloor.
  const certify::Inequality claim{
      [](std::span<const Ball>) { return Ball(-kLogFloor); },
      [delta](std::span<const Ball> x) {
        const Ball v = variance_from_log_v(x[0], delta);
        const Ball delta_ball(delta);
        const Ball normaliser = Ball(2) + sqrt(Ball(2) * Ball::pi() * v) / delta_ball;
        return -sqr(delta_ball) / (Ball(2) * v) - Ball(2) * log(normaliser);
      }};
  return certify::certify_le(claim, {{log_v_lower(), log_v_upper()}}, budget);
}

DecomposedValues decomposed_values(int b, const Rational& kappa, const Rational& delta, const Rational& y) {
  validate_phase(b);
  const PhaseConstants c = phase_constants(b, kappa, delta);
  const Ball yb(y);
  const Ball x = angle(yb, b);
  const Ball quarter = Ball::pi() / Ball(4);
  const Ball p = to_ball(nonnegative_series(c.log_q_v, 0, Ball(4), [&](long j) { return sqr(cos(x * Ball(j))); }));
  const Ball p_prime = to_ball(nonnegative_series(c.log_q_v, 0, Ball(4), [&](long j) { return sqr(sin(x * Ball(j))); }));
  const Ball theta_u = Ball(1) - c.theta_v + p;
  const Ball lower_bound = (Ball(1) - c.theta_v) / (Ball(1) + c.theta_1);
  const Ball upper_bound = (Ball(1) + c.theta_v) / (Ball(1) - c.theta_1);
  DecomposedValues values;
  values.ratio_from_lower = lower_bound + ((Ball(1) - c.theta_v) * to_ball(c.q_term) + p * (Ball(1) + c.theta_1)) /
                                              (c.theta_b1 * (Ball(1) + c.theta_1));
  values.ratio_from_upper = upper_bound - (p_prime * c.theta_b1 + theta_u * to_ball(c.q_prime)) /
                                              (c.theta_b1 * (Ball(1) - c.theta_1));
  // D_pm = S1 P + (1 - Theta_v) sum 2 j q^{j^2} sin^2(pi/4 pm x_j) = S1 theta_u +/- sigma (1 - Theta_v)
  // (2 sin^2(pi/4 pm x) = 1 pm sin 2x), and
  // psi_b + t/(1+kappa^2) = theta'/((1+kappa^2) theta) = -(4 pi/delta) sigma / ((1+kappa^2) theta_u); t/(1+kappa^2) = mu.
  const Ball d_plus = c.s1_v * p + (Ball(1) - c.theta_v) * to_ball(nonnegative_series(c.log_q_v, 1, Ball(2), [&](long j) {
                        return sqr(sin(quarter + x * Ball(j)));
                      }));
  const Ball d_minus = c.s1_v * p + (Ball(1) - c.theta_v) * to_ball(nonnegative_series(c.log_q_v, 1, Ball(2), [&](long j) {
                         return sqr(sin(quarter - x * Ball(j)));
                       }));
  const Ball one_plus = Ball(1) + Ball(Rational(kappa * kappa));
  const Ball factor = Ball(4) * Ball::pi() / Ball(delta) / (one_plus * theta_u);
  const Ball mu = yb * Ball(delta);
  const Ball sigma_plus = (d_plus - c.s1_v * theta_u) / (Ball(1) - c.theta_v);
  const Ball sigma_minus = (c.s1_v * theta_u - d_minus) / (Ball(1) - c.theta_v);
  values.score_from_plus = -factor * sigma_plus - mu;
  values.score_from_minus = -factor * sigma_minus - mu;
  return values;
}

DirectValues direct_values(int b, const Rational& kappa, const Rational& delta, const Rational& y) {
  validate_phase(b);
  const Ball one_plus = Ball(1) + Ball(Rational(kappa * kappa));
  const Ball t = Ball(Rational(y * delta)) * one_plus;
  const density::SmoothedLattice direct = density::theta_form(b, Ball(kappa), t, delta);
  const Ball gaussian = exp(-sqr(t) / (Ball(2) * one_plus)) / sqrt(Ball(2) * Ball::pi() * one_plus);
  return {direct.density / gaussian, direct.score};
}

long phase_precision(const Rational& kappa, const Rational& delta) {
  // q_v^4 = e^{-8 pi^2 v/delta^2}: 8 pi^2 (v/delta^2) log2(e) bits below 1, plus 96 guard bits.
  const double k = static_cast<double>(kappa / delta);
  const double v_over_delta2 = k * k / (1.0 + static_cast<double>(kappa * kappa));
  const double bits = 8.0 * M_PI * M_PI * v_over_delta2 / std::log(2.0) + 96.0;
  return std::max<long>(256, static_cast<long>(std::ceil(bits / 64.0)) * 64);
}

certify::Result density_ratio(int b, bool upper, const Rational& kappa, const Rational& delta, const Rational& scale,
                              const certify::Budget& budget) {
  validate_phase(b);
  certify::Budget precise = budget;
  precise.precision = std::max(budget.precision, phase_precision(kappa, delta));
  precise.witness_precision = std::max(budget.witness_precision, precise.precision + 256);
  const certify::Inequality claim{
      [scale](std::span<const Ball>) { return log_threshold(scale); },
      [b, upper, kappa, delta](std::span<const Ball> y) {
        return log_ratio_slack(phase_constants(b, kappa, delta), y[0], b, upper);
      }};
  return certify::certify_le(claim, {{Rational(0), Rational(1)}}, precise);
}

certify::Result score_deviation(int b, const Rational& kappa, const Rational& delta, const Rational& scale,
                                const certify::Budget& budget) {
  validate_phase(b);
  certify::Budget precise = budget;
  precise.precision = std::max(budget.precision, phase_precision(kappa, delta));
  precise.witness_precision = std::max(budget.witness_precision, precise.precision + 256);
  const certify::Inequality claim{
      [scale](std::span<const Ball>) { return log_threshold(scale); },
      [b, kappa, delta](std::span<const Ball> y) {
        return log_score_slack(phase_constants(b, kappa, delta), y[0], b);
      }};
  return certify::certify_le(claim, {{Rational(0), Rational(1)}}, precise);
}

PrintedVerdict printed_value_verdict(const Ball& value, std::string_view printed) {
  // Digits after the point in the mantissa and the exponent give the last digit's place.
  const std::string text(printed);
  const std::size_t e_pos = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e_pos);
  const long exponent = e_pos == std::string::npos ? 0 : std::stol(text.substr(e_pos + 1));
  const std::size_t point = mantissa.find('.');
  const long decimals = point == std::string::npos ? 0 : static_cast<long>(mantissa.size() - point - 1);
  const Rational centre = parse_rational(text);
  const long place = exponent - decimals;
  Rational half_unit(1, 2);
  for (long i = 0; i < std::labs(place); ++i) half_unit = place > 0 ? half_unit * 10 : half_unit / 10;
  if (!value.is_finite()) return PrintedVerdict::kUndecided;
  const Rational lo = value.lower_rational();
  const Rational hi = value.upper_rational();
  if (lo >= centre - half_unit && hi <= centre + half_unit) return PrintedVerdict::kContains;
  if (hi < centre - half_unit || lo > centre + half_unit) return PrintedVerdict::kExcludes;
  return PrintedVerdict::kUndecided;
}

}  // namespace smoothing

namespace {

using audit::CheckContext;
using audit::CheckResult;

// The kappa/delta rows of the C.5 table (spec/C-score-networks.md).
struct TableRow {
  Rational kappa_over_delta;
  std::array<const char*, 6> printed;  // q_v, Theta(v), Xi, kappa^2 Xi, rho, TV bound
};
const std::vector<TableRow>& table_rows() {
  static const std::vector<TableRow> rows = {
      {Rational(1, 2), {"7.214e-3", "1.443e-2", "1.838", "1.149e-3", "0.5868", "0.2075"}},
      {Rational(3, 5), {"8.253e-4", "1.651e-3", "0.2076", "1.868e-4", "5.424e-2", "2.609e-2"}},
      {Rational(3, 4), {"1.530e-5", "3.060e-5", "3.840e-3", "5.400e-6", "9.796e-4", "4.895e-4"}},
      {Rational(4, 5), {"3.329e-6", "6.658e-6", "8.353e-4", "1.336e-6", "2.131e-4", "1.065e-4"}},
      {Rational(1), {"2.810e-9", "5.621e-9", "7.045e-7", "1.761e-9", "1.799e-7", "8.993e-8"}},
      {Rational(3, 2), {"6.599e-20", "1.320e-19", "1.649e-17", "9.277e-20", "4.223e-18", "2.112e-18"}},
      {Rational(2), {"1.119e-34", "2.239e-34", "2.786e-32", "2.786e-34", "7.164e-33", "3.582e-33"}},
      {Rational(3), {"3.500e-76", "7.000e-76", "8.603e-74", "1.936e-75", "2.240e-74", "1.120e-74"}},
  };
  return rows;
}

// Keeps the smallest proven margin and the first failure of a series of certifier runs.
struct Tally {
  bool all_proven = true;
  std::size_t boxes = 0;
  Ball worst_margin = Ball::whole_line();
  std::string worst_at;
  std::vector<std::string> failures;  // "what: summary" of every claim not proven
  void add(const certify::Result& outcome, const std::string& what, CheckResult& result, const char* tag) {
    boxes += outcome.boxes_evaluated;
    result.log.push_back(fmt::format("{}: {}: {}", tag, what, outcome.summary()));
    if (!outcome.proven()) {
      all_proven = false;
      failures.push_back(fmt::format("{}: NOT proven ({})", what, outcome.summary()));
      return;
    }
    const Ball& margin = *outcome.margin_lower_bound;
    if (!worst_margin.is_finite() || is_certainly_true(lt(margin, worst_margin))) {
      worst_margin = margin;
      worst_at = what;
    }
  }
};

std::string sci(const Ball& value) { return value.is_finite() ? value.mid_str(4) : std::string("(none)"); }

// A proven log-domain claim "log(slack) >= -kLogFloor" with margin M certifies slack >= e^{M - kLogFloor}.
std::string exp_of_log_margin(const Ball& margin) {
  if (!margin.is_finite()) return "(none)";
  return fmt::format("e^{:.1f}", std::floor((margin - Ball(smoothing::kLogFloor)).lower_double() * 10) / 10);
}

certify::Budget bisection_budget() {
  certify::Budget budget;
  budget.max_boxes = 20'000;
  budget.max_depth = 40;
  budget.precision = 128;
  budget.witness_precision = 512;
  return budget;
}

// The decomposed forms certified by (d) (score = false) or (e) (score = true) against the direct
// theta form at grid points: per kappa/delta row and b, mu/delta = j/(points - 1), j = 0..points-1.
IdentityComparison decomposition_cross_check(const Rational& delta, bool score, int points, CheckResult& result) {
  IdentityComparison identity(score ? "C.5(e)" : "C.5(d)");
  for (const auto& row : table_rows()) {
    const Rational kappa = row.kappa_over_delta * delta;
    const PrecisionScope scope(smoothing::phase_precision(kappa, delta));
    for (int b = 0; b < 2; ++b) {
      for (int j = 0; j < points; ++j) {
        const Rational y(j, points - 1);
        const smoothing::DecomposedValues decomposed = smoothing::decomposed_values(b, kappa, delta, y);
        const smoothing::DirectValues direct = smoothing::direct_values(b, kappa, delta, y);
        const std::string where = fmt::format("kappa/delta = {}, b = {}, mu/delta = {}", to_decimal(row.kappa_over_delta, 4),
                                              b, to_fraction(y));
        if (score) {
          identity.compare(decomposed.score_from_plus, direct.score, where + ", via D_+");
          identity.compare(decomposed.score_from_minus, direct.score, where + ", via D_-");
        } else {
          identity.compare(decomposed.ratio_from_lower, direct.ratio, where + ", L + (R_b - L)");
          identity.compare(decomposed.ratio_from_upper, direct.ratio, where + ", U - (U - R_b)");
        }
      }
    }
  }
  for (const std::string& line : identity.failure_log()) result.log.push_back(line);
  result.log.push_back(fmt::format("{}: decomposed form vs direct theta form ({}), {} mu values per row and b: {}",
                                   score ? "C.5(e)" : "C.5(d)", score ? "psi_b" : "R_b = h_b / phi", points,
                                   identity.summary()));
  return identity;
}

CheckResult central_cell_check(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const certify::Budget budget = bisection_budget();
  CheckResult result;
  Tally tally;
  for (int b = 0; b < 2; ++b) {
    for (bool upper : {false, true}) {
      const certify::Result outcome = smoothing::central_cell(b, upper, delta, Rational(0), budget);
      tally.add(outcome, fmt::format("b = {}, {} end: log A_c >= -1e5", b, upper ? "upper (c = delta/2)" : "lower (c = 0)"),
                result, "C.5(b)");
    }
    if (context.progress) context.progress(0.4 * (b + 1));
  }
  // The factorisation m_b - c = (mu - c) A_c against the independent lattice form of m_b, at grid
  // points (exact log10(v/delta^2), mu): agreement within 2^-100 delta.
  const int grid = context.quick ? 4 : 9;
  std::size_t compared = 0, agreed = 0;
  std::string first_disagreement;
  {
    const PrecisionScope scope(256);
    for (int i = 0; i < grid; ++i) {
      const Rational log_v = smoothing::log_v_lower() + (smoothing::log_v_upper() - smoothing::log_v_lower()) * Rational(i, grid - 1);
      const Ball v = Ball(Rational(delta * delta)) * exp(Ball(log_v) * log(Ball(10)));
      const Ball kappa = sqrt(v / (Ball(1) - v));
      for (int k = 0; k <= grid; ++k) {
        const Rational mu = delta / 2 * Rational(k, grid);
        const Ball t = Ball(mu) / (Ball(1) - v);
        for (int b = 0; b < 2; ++b) {
          const Ball lattice_mean = density::lattice_form(b, kappa, t, delta).posterior_mean;
          for (const Rational& c : {Rational(0), Rational(delta / 2)}) {
            const Ball s(Rational(mu - c));
            const Ball slope = exp(smoothing::log_mean_slope(v, abs(s), smoothing::phase_about(b, c, delta), delta));
            ++compared;
            const Ball factorised = Ball(c) + s * slope;
            if (is_certainly_true(within(factorised, lattice_mean, mul_2exp(Ball(delta), -100)))) {
              ++agreed;
            } else if (first_disagreement.empty()) {
              first_disagreement = fmt::format("b = {}, log10(v/delta^2) = {}, mu = {}, c = {}: c + (mu - c) A_c = {} vs lattice m_b = {}",
                                               b, to_decimal(log_v, 4), to_fraction(mu), to_fraction(c), factorised.mid_str(8),
                                               lattice_mean.mid_str(8));
            }
          }
        }
      }
    }
  }
  result.log.push_back(fmt::format(
      "C.5(b): identity m_b - c = (mu - c) A_c vs the lattice form: {}/{} grid points agree within 2^-100 delta", agreed,
      compared));
  result.passed = tally.all_proven && agreed == compared;
  if (!result.passed) {
    std::vector<std::string> failed = tally.failures;
    if (agreed != compared) {
      failed.push_back(fmt::format("m_b - c = (mu - c) A_c NOT within 2^-100 delta of the lattice form at {}/{} grid points (first: {})",
                                   compared - agreed, compared, first_disagreement));
    }
    result.margin = fmt::format("FAILED: {}", fmt::join(failed, "; "));
  } else {
    result.margin = fmt::format(
        "m_b - c = (mu - c) A_c with A_c >= {} > 0 on the domain (both b, both cell ends) => m_b in the closed cell "
        "of mu, |m_0 - m_1| <= delta/2; identity at {}/{} points",
        exp_of_log_margin(tally.worst_margin), agreed, compared);
  }
  result.log.push_back(fmt::format("C.5(b): domain log10(v/delta^2) in [-5, 1.4772] x mu in [0, delta/2], delta = {}; {} boxes",
                                   to_fraction(delta), tally.boxes));
  result.parameters = {{"budget", budget_json(budget)}, {"grid", grid}, {"delta", to_fraction(delta)}};
  return result;
}

CheckResult posterior_variance_check(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const certify::Budget budget = bisection_budget();
  const Rational bound(52, 100);
  CheckResult result;
  Tally tally;
  Ball max_excess = Ball::whole_line();  // certified upper bound of max (Var - v)/delta^2 = bound - margin
  for (int b = 0; b < 2; ++b) {
    for (bool lattice : {true, false}) {
      const certify::Result outcome = smoothing::variance_excess(b, lattice, delta, bound, budget);
      tally.add(outcome,
                fmt::format("b = {}, {} regime: (Var - v)/delta^2 <= 0.52", b, lattice ? "lattice (log10 v/d^2 <= -1.3)" : "theta"),
                result, "C.5(c)");
    }
    if (context.progress) context.progress(0.45 * (b + 1));
  }
  if (tally.all_proven) max_excess = Ball(bound) - tally.worst_margin;
  // A sharper certified supremum for the log (the primary claim above is what passes or fails):
  // (Var - v)/delta^2 <= 0.2503 in both regimes; the supremum 1/4 is approached as v -> 0.
  const Rational sharp(2503, 10000);
  bool sharp_proven = true;
  for (int b = 0; b < 2; ++b) {
    for (bool lattice : {true, false}) {
      const certify::Result outcome = smoothing::variance_excess(b, lattice, delta, sharp, budget);
      sharp_proven = sharp_proven && outcome.proven();
      result.log.push_back(fmt::format("C.5(c): sharper: b = {}, {} regime: (Var - v)/delta^2 <= 0.2503: {}", b,
                                       lattice ? "lattice" : "theta", outcome.summary()));
    }
  }
  if (sharp_proven) max_excess = Ball(sharp);
  const certify::Result positive = smoothing::variance_positive(delta, budget);
  result.log.push_back("C.5(c): log of the lower bound e^{-delta^2/(2v)}/(2 + sqrt(2 pi v)/delta)^2 of Var/delta^2 >= -1e5: " +
                       positive.summary());
  result.passed = tally.all_proven && positive.proven();
  if (result.passed) {
    result.margin = fmt::format("max (Var - v)/delta^2 <= {} vs bound 0.52 (margin >= {}); min Var/delta^2 >= {} > 0",
                                sci(max_excess), sci(Ball(bound) - max_excess), exp_of_log_margin(*positive.margin_lower_bound));
  } else {
    std::vector<std::string> failed = tally.failures;
    if (!positive.proven()) failed.push_back("Var > 0 lower bound: NOT proven (" + positive.summary() + ")");
    result.margin = fmt::format("FAILED: {}", fmt::join(failed, "; "));
  }
  result.log.push_back(fmt::format(
      "C.5(c): domain log10(v/delta^2) in [-5, 1.4772] x mu over one period, both b, delta = {}; {} boxes; "
      "smallest margin at {}",
      to_fraction(delta), tally.boxes + positive.boxes_evaluated, tally.worst_at));
  result.parameters = {{"budget", budget_json(budget)}, {"bound", "0.52"}, {"delta", to_fraction(delta)}};
  return result;
}

CheckResult density_ratio_check(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const certify::Budget budget = bisection_budget();
  CheckResult result;
  Tally tally;
  std::size_t row_index = 0;
  for (const auto& row : table_rows()) {
    const Rational kappa = row.kappa_over_delta * delta;
    for (int b = 0; b < 2; ++b) {
      for (bool upper : {false, true}) {
        const certify::Result outcome = smoothing::density_ratio(b, upper, kappa, delta, Rational(1), budget);
        tally.add(outcome,
                  fmt::format("kappa/delta = {}, b = {}: {}", to_decimal(row.kappa_over_delta, 4), b,
                              upper ? "log (U - R_b)/(U - 1) >= -1e5" : "log (R_b - L)/(1 - L) >= -1e5"),
                  result, "C.5(d)");
      }
    }
    ++row_index;
    if (context.progress) context.progress(static_cast<double>(row_index) / table_rows().size());
  }
  const IdentityComparison identity = decomposition_cross_check(delta, false, context.quick ? 5 : 9, result);
  result.passed = tally.all_proven && identity.passed();
  if (!result.passed) {
    std::vector<std::string> failed = tally.failures;
    if (!identity.passed()) failed.push_back("decomposition vs direct R_b: " + identity.summary());
    result.margin = fmt::format("FAILED: {}", fmt::join(failed, "; "));
  } else {
    result.margin = fmt::format(
        "(1-Theta(v))/(1+Theta(1)) <= R_b <= (1+Theta(v))/(1-Theta(1)) on one period, {} kappa/delta x 2 b: "
        "min relative slack (R_b - L)/(1 - L), (U - R_b)/(U - 1) >= {} > 0 (at {}); decomposition vs direct R_b: {}/{} "
        "within the identity tolerance",
        table_rows().size(), exp_of_log_margin(tally.worst_margin), tally.worst_at, identity.compared() - identity.failures(),
        identity.compared());
  }
  result.log.push_back(fmt::format("C.5(d): delta = {}; {} boxes; precision per row: 64 * ceil((8 pi^2 v/delta^2 log2 e + 96)/64) bits",
                                   to_fraction(delta), tally.boxes));
  result.parameters = {{"budget", budget_json(budget)}, {"delta", to_fraction(delta)}};
  return result;
}

CheckResult score_deviation_check(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const certify::Budget budget = bisection_budget();
  CheckResult result;
  Tally tally;
  std::size_t row_index = 0;
  for (const auto& row : table_rows()) {
    const Rational kappa = row.kappa_over_delta * delta;
    for (int b = 0; b < 2; ++b) {
      const certify::Result outcome = smoothing::score_deviation(b, kappa, delta, Rational(1), budget);
      tally.add(outcome,
                fmt::format("kappa/delta = {}, b = {}: log (Xi - |psi_b + t/(1+kappa^2)|)/Xi >= -1e5", to_decimal(row.kappa_over_delta, 4), b),
                result, "C.5(e)");
    }
    ++row_index;
    if (context.progress) context.progress(static_cast<double>(row_index) / table_rows().size());
  }
  const IdentityComparison identity = decomposition_cross_check(delta, true, context.quick ? 5 : 9, result);
  result.passed = tally.all_proven && identity.passed();
  if (!result.passed) {
    std::vector<std::string> failed = tally.failures;
    if (!identity.passed()) failed.push_back("decomposition vs direct psi_b: " + identity.summary());
    result.margin = fmt::format("FAILED: {}", fmt::join(failed, "; "));
  } else {
    result.margin = fmt::format(
        "|psi_b + t/(1+kappa^2)| <= Xi(kappa) on one period, {} kappa/delta x 2 b: min (Xi - |.|)/Xi >= {} > 0 (at {}); "
        "decomposition vs direct psi_b: {}/{} within the identity tolerance",
        table_rows().size(), exp_of_log_margin(tally.worst_margin), tally.worst_at, identity.compared() - identity.failures(),
        identity.compared());
  }
  result.log.push_back(fmt::format("C.5(e): delta = {}; {} boxes", to_fraction(delta), tally.boxes));
  result.parameters = {{"budget", budget_json(budget)}, {"delta", to_fraction(delta)}};
  return result;
}

CheckResult table_defaults_check(const CheckContext& context) {
  // The table is stated at delta = 1/20 and m = 16 (the defaults), whatever the audited instance.
  (void)context;
  const Rational delta(1, 20);
  constexpr int kM = 16;
  const PrecisionScope scope(512);
  CheckResult result;
  std::size_t contained = 0, total = 0;
  std::string first_mismatch;
  static constexpr std::array<const char*, 6> kColumns = {"q_v", "Theta(v)", "Xi", "kappa^2 Xi", "rho", "TV bound"};
  for (const auto& row : table_rows()) {
    const Rational kappa = row.kappa_over_delta * delta;
    const density::PhaseBounds bounds = density::phase_bounds(Ball(kappa), delta, kM);
    const std::array<Ball, 6> values = {bounds.q_v, bounds.theta_v, bounds.xi, Ball(Rational(kappa * kappa)) * bounds.xi,
                                        bounds.rho, bounds.tv_bound};
    for (std::size_t i = 0; i < values.size(); ++i) {
      ++total;
      const smoothing::PrintedVerdict verdict = smoothing::printed_value_verdict(values[i], row.printed[i]);
      if (verdict == smoothing::PrintedVerdict::kContains) {
        ++contained;
      } else {
        if (first_mismatch.empty()) {
          first_mismatch = fmt::format("kappa/delta = {}, {}: printed {} vs enclosure {}", to_decimal(row.kappa_over_delta, 4),
                                       kColumns[i], row.printed[i], values[i].str(8));
        }
        result.log.push_back(fmt::format("C.5 table: kappa/delta = {}, {}: printed {} but enclosure {} ({})",
                                         to_decimal(row.kappa_over_delta, 4), kColumns[i], row.printed[i], values[i].str(8),
                                         verdict == smoothing::PrintedVerdict::kExcludes ? "excluded" : "undecided"));
      }
    }
  }
  result.passed = contained == total;
  result.margin = result.passed
                      ? fmt::format("{}/{} printed entries are the enclosures rounded to nearest at their last digit", contained, total)
                      : fmt::format("FAILED: {}/{} printed entries are NOT the enclosures rounded at their last digit; first: {}",
                                    total - contained, total, first_mismatch);
  result.log.push_back("C.5 table: delta = 1/20, m = 16, 512-bit enclosures; rule: value in [p - ulp/2, p + ulp/2]");
  result.parameters = {{"delta", "1/20"}, {"m", kM}, {"precision_bits", 512}};
  return result;
}

}  // namespace

void register_smoothing_bounds_checks(audit::Registry& registry) {
  registry.add({"C.5:central-cell", spec::CheckKind::kCertified, central_cell_check});
  registry.add({"C.5:posterior-variance", spec::CheckKind::kCertified, posterior_variance_check});
  registry.add({"C.5:density-ratio", spec::CheckKind::kCertified, density_ratio_check});
  registry.add({"C.5:score-deviation", spec::CheckKind::kCertified, score_deviation_check});
  registry.add({"C.5:table-defaults", spec::CheckKind::kCertified, table_defaults_check});
}

}  // namespace dpsi::checks
