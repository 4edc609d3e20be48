// File: dpsi/density/lattice_convolution.h
// h_b^(kappa)(t) = sum_{w in Lambda_b} D_b(w) phi_kappa(t - w) and its t-derivative, summed
// term by term over the lattice (spec A.1's definition, no completing of the square, no theta
// series). It is the independent second route that checks A.4 and A.5 compare the C.5(a) forms
// (dpsi/density/smoothed_lattice.h) against.
//
// Error bound. The points with |t - w| <= R are summed in ball arithmetic, with
// R = kappa sqrt(2 (p + 64) ln 2) + delta, p the working precision. The omitted points have
// phi_kappa(t - w) <= phi_kappa(R) (phi_kappa decreases in |z|) and sum_w D_b(w) <= 1, so the
// value's remainder is at most phi_kappa(R) <= 2^-(p+64)/(kappa sqrt(2 pi)); the derivative's terms
// |z| phi_kappa(z)/kappa^2 decrease for |z| >= kappa, so its remainder is at most R phi_kappa(R)/kappa^2.
// Both are added to the radii: the results enclose the exact values for every point of the input
// balls. The remainder is absolute, so the relative accuracy degrades when h itself is below about
// 2^-p (far tails).
// Cost: 2R/delta + 1 terms (about 400 at kappa = 0.5, delta = 1/20, p = 256), one exponential each.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::density {

struct ValueAndDerivative {
  Ball value;       // h_b^(kappa)(t)
  Ball derivative;  // d/dt h_b^(kappa)(t)
};

// b in {0, 1}, kappa > 0 (certainly), delta > 0; normaliser encloses Z_b (throws
// std::invalid_argument otherwise, or if t is not finite).
ValueAndDerivative lattice_convolution(int b, const Ball& kappa, const Ball& t, const Rational& delta,
                                       const Ball& normaliser);

}  // namespace dpsi::density
