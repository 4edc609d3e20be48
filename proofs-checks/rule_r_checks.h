// File: proofs-checks/rule_r_checks.h
// Checks of spec D.R (rule R(n, eps)): (K1)-(K2), (K3), (K4) and the "moreover" claims on D.R's grid
// of 180 points (quick mode: 15 points), each a certified comparison of enclosures. Each check hands
// the grid maxima it certified to the compositions D.A, D.B (CheckResult::certified_values):
//   k1-k2: k1_max_lower, k1_max_upper, k2_max_upper        (the maxima of 4 n Phibar(z_n), n Phibar(a/tau))
//   k3:    tau_over_kappa_star_max_upper, kappa_star_squared_max_upper
//   k4:    ov_s_over_eps2_max_upper, ov_l_over_eps2_max_upper (the left sides of OV-S, OV-L over eps^2)
#pragma once

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

void register_rule_r_checks(audit::Registry& registry);

namespace detail {

// The right-hand sides D.R claims; tests tighten one of them (a false bound) and expect a failure.
struct RuleRBounds {
  Rational k1{Rational(1, 200)};             // 4 n Phibar(z_n) <= 0.005
  Rational k2{Rational(1, 200)};             // n Phibar(a/tau) <= 0.005
  Rational kappa_star_squared{Rational(81, 200)};  // kappa*^2 <= ((a - gamma)/sqrt 2)^2
  Rational ov_s{Rational(3, 8)};             // OV-S: the sum of its two terms <= eps^2 * this (C.8, Erratum 24)
  Rational ov_l{Rational(1)};                // OV-L <= eps^2 * this
  Rational pbar_b{Rational(1)};              // Pbar_B <= this * 2 exp(-B^2/8)
  Rational q_exponent{Rational(74)};         // q_{v*} <= (eps/n)^this
};

audit::CheckResult run_k1_k2(const audit::CheckContext& context, const RuleRBounds& bounds);
audit::CheckResult run_k3(const audit::CheckContext& context, const RuleRBounds& bounds);
audit::CheckResult run_k4(const audit::CheckContext& context, const RuleRBounds& bounds);

}  // namespace detail

}  // namespace dpsi::checks
