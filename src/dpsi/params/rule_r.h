// File: dpsi/params/rule_r.h
// Rule R(n, eps) of spec D.R: the parameters of a family of instances as real functions of
// (n, eps), enclosed in Ball arithmetic, and the quantities its claims (K1)-(K4) compare.
//
// Rule R is checked up to n = 1e15, far beyond what an Instance can hold (P.1, P.2; Erratum 2), so
// the parameters are Balls (delta = 1/ceil(8L) is an exact rational). Every field encloses the exact
// real value at the working precision; the derived terms use certified series (dpsi/numeric/theta.h
// via density::phase_bounds) and certified lattice tails (dpsi/instance/lattice_tails.h). rho is
// formed with log1p/expm1 (spec README, Erratum 16), so it keeps its relative accuracy at 1e-64.
#pragma once

#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::params {

struct RuleR {
  long n = 0;          // m = n, d = 2n
  Rational epsilon;    // 0 < eps <= 1/2
  Ball a;              // 1
  Ball gamma;          // 1/10
  Ball L;              // ln(n/eps)
  Ball kappa_star;     // 1/(4 sqrt L)
  Rational delta;      // 1/ceil(8L), exact
  Ball z_n;            // sqrt(2 ln(400 n))
  Ball tau;            // = sigma_y = delta/(4 sqrt2 z_n)
  Ball nu;             // delta/(4 z_n) = sqrt(tau^2 + sigma_y^2)
  Ball B;              // sqrt(8 ln(1024 n z_n^2/eps^2))
};

// Throws std::invalid_argument unless n >= 3 and 0 < eps <= 1/2, or if ceil(8L) is not decided at
// the working precision.
RuleR rule_r(long n, const Rational& epsilon);

// The failure terms of (K1), (K2) at one point (certified enclosures).
struct RuleRFailureTerms {
  Ball k1;  // 4 m Phibar(delta/(4 nu)) = 4 n Phibar(z_n)      (K1: <= 0.005)
  Ball k2;  // n Phibar(a/tau)                                  (K2: <= 0.005)
};
RuleRFailureTerms rule_r_failure_terms(const RuleR& rule);

// The overlap quantities of (K4) and the "moreover" claims at one point (certified enclosures).
struct RuleROverlapTerms {
  Ball ov_s_first;         // (t1(kappa*) + t2(kappa*))/kappa*^2, C.4's t1, t2       (<= eps^2/4)
  Ball ov_s_second;        // 2 m delta^2 Pbar_B / tau^2 (the t3 term)               (<= eps^2/4)
  Ball ov_l;               // n a^2 rho(kappa*)^2/kappa*^2 + m (4 pi/delta)^2 (S1(v*)/(1-Theta(v*)))^2  (<= eps^2)
  Ball pbar_b;             // A.3(i)'s bound of P_{D_b}(|w| >= B/2) + 2 Phibar(B/(2 kappa*))  (A.3(iii), r = B/2)
  Ball pbar_b_reference;   // 2 exp(-B^2/8)
  Ball log_q_v_star;       // ln q_{v*} = -2 pi^2 v*/delta^2
  Ball log_q_reference;    // 74 ln(eps/n) = -74 L
};
// Pbar_B uses A.3(i)'s analytic bound of the lattice tail (as spec C.8's default P_B does), which holds
// for both b and bounds the exact tail: every claim on it implies the claim for the exact tail.
RuleROverlapTerms rule_r_overlap_terms(const RuleR& rule);

// D.R's grid: n in {3} u {round(10^(k/2)) : 2 <= k <= 30} (30 values) and eps in {1/2, 1e-1, 1e-3,
// 1e-6, 1e-9, 1e-15}.
std::vector<long> rule_r_n_grid();
std::vector<Rational> rule_r_epsilon_grid();

}  // namespace dpsi::params
