// File: proofs-checks/reduction_constants_checks.h
// Certified constants of the reduction and of the rejection bound at the defaults (spec
// B.2:bound-defaults, E.3:ell-defaults, E.T:parameters-defaults): pieces of issue 6.
#pragma once

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

void register_reduction_constants_checks(audit::Registry& registry);

namespace detail {
// B.2's inversion success bound 1 - alpha - beta - 4 m Phibar(z) - n Phibar(a/tau) (alpha = beta = 1/10)
// and the sharper 1 - alpha - beta - 2 P_dec - P_sgn, at `instance`.
struct InversionBounds {
  Ball coarse;
  Ball sharp;
};
InversionBounds inversion_bounds(const Instance& instance);
// E.3(b)'s ell(beta) at `instance`.
Ball ell(const Instance& instance, const Rational& beta);
// Theorem E's parameters (spec E.T) at `instance`: the least R with m max_b P_{h_b^(nu)}(|y| > R) <= beta/4
// enclosed by certified bisection (r_lower certainly fails the inequality, r_upper certainly satisfies
// it; the tail is decreasing in R), t = (beta/4)(sqrt(2 pi) sigma_y/(2R))^m and T_max = ceil(ln(2/alpha)/t)
// over that enclosure, and eps_p's bound alpha beta/12 (exact). Bisection stops once r_upper - r_lower
// <= `width`; throws std::runtime_error if a midpoint is undecided or [3, 4] does not (certifiably) bracket
// the root.
struct TheoremEParameters {
  Rational r_lower;
  Rational r_upper;
  Ball r;        // [r_lower, r_upper]
  Ball t;
  Ball t_max;    // ln(2/alpha)/t (before the ceiling; the ceiling moves it by < 1)
  Rational epsilon_p;
  int bisection_steps = 0;
};
TheoremEParameters theorem_e_parameters(const Instance& instance, const Rational& alpha, const Rational& beta,
                                        const Rational& width);
}  // namespace detail

}  // namespace dpsi::checks
