// File: dpsi/density/phase_bounds.h
// The constants of spec C.5(d)/(e) and C.6 as certified enclosures of functions of (kappa, delta, m):
//   v        = kappa^2 / (1 + kappa^2)
//   q_v      = exp(-2 pi^2 v / delta^2)                       (the nome at v)
//   Theta(w) = 2 sum_{j>=1} q_w^{j^2}                          (theta_v = Theta(v), theta_1 = Theta(1))
//   S1(v)    = sum_{j>=1} j q_v^{j^2}
//   Xi       = 4 pi S1(v) / (delta (1 + kappa^2) (1 - Theta(v)))   (C.5(e))
//   C.5(d) per-coordinate density-ratio bounds
//            ratio_lower = (1 - Theta(v)) / (1 + Theta(1)),  ratio_upper = (1 + Theta(v)) / (1 - Theta(1))
//   C.6      r_minus = ratio_lower^m,  r_plus = ratio_upper^m,  rho = r_plus / r_minus - 1,
//            tv_bound = min{1 - r_minus, r_plus - 1}             (C.6(i))
// Error bound: every field is a Ball enclosing the exact value for every kappa in the input ball
// (Arb arithmetic, certified series remainders of dpsi/numeric/theta.h). rho, 1 - r_minus and
// r_plus - 1 are formed with log1p/expm1, so they keep relative accuracy when tiny (down to
// Theta(v) ~ 1e-76 and below at kappa/delta = 3); call under a PrecisionScope for more bits.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::density {

struct PhaseBounds {
  Ball v;            // kappa^2 / (1 + kappa^2)
  Ball q_v;          // exp(-2 pi^2 v / delta^2)
  Ball theta_v;      // Theta(v)
  Ball theta_1;      // Theta(1)
  Ball s1_v;         // S1(v)
  Ball xi;           // Xi(kappa), C.5(e)
  Ball ratio_lower;  // (1 - Theta(v)) / (1 + Theta(1)), C.5(d)
  Ball ratio_upper;  // (1 + Theta(v)) / (1 - Theta(1)), C.5(d)
  Ball r_minus;      // ratio_lower^m, C.6
  Ball r_plus;       // ratio_upper^m, C.6
  Ball rho;          // r_plus / r_minus - 1, C.6
  Ball tv_bound;     // min{1 - r_minus, r_plus - 1}, C.6(i)
};

// kappa certainly > 0, delta > 0, m >= 1 (a long: rule R of spec D.R goes up to m = 1e15), and Theta(v) < 1, Theta(1) < 1 certainly (the
// hypotheses of C.5(d)/(e) and C.6); throws std::invalid_argument otherwise.
PhaseBounds phase_bounds(const Ball& kappa, const Rational& delta, long m);

}  // namespace dpsi::density
