// File: dpsi/density/score_error_bounds.h
// The closed-form error bounds of the two score surrogates (spec C.2 and C.6), as enclosures.
//
//   C.2 (vertex-orthant score, small noise): p = Phibar(a/kappa),
//       misclassification 1 - (1-p)^n, computed as -expm1(n log1p(-p)) so it keeps its digits
//       when p is 1e-24;
//       E_S(kappa) = (4 a^2 n p + (m delta^2/4)(1 - (1-p)^n)) / kappa^4;
//       pointwise factor M(kappa) = (4 a^2 n + m delta^2/4) / kappa^4, so that
//       |s_sigma - s_vert|^2 <= (1 - w_sbar)^2 M.
// Error bound: Arb ball arithmetic throughout; the results enclose the exact values for every
// point of the input balls.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"

namespace dpsi::density {

struct OrthantBounds {
  Ball p;                   // Phibar(a/kappa): P(a seed coordinate lands in the wrong orthant)
  Ball misclassification;   // 1 - (1-p)^n = P(sbar(x) != s)
  Ball expected_error;      // E_S(kappa)
  Ball pointwise_factor;    // (4 a^2 n + m delta^2/4) / kappa^4
};

// kappa > 0 (certainly; throws std::invalid_argument otherwise). Uses n, m, a, delta of `instance`.
OrthantBounds orthant_bounds(const Instance& instance, const Ball& kappa);

}  // namespace dpsi::density
