// File: proofs-checks/diffusion_constants_checks.h
// Checks of spec F.1 (the OU marginal q_t as an explicit instance-type mixture vs sigma-smoothing) and
// F.2's certified corollary constants (sigma_min^2, the blur term, the bracket, (d + M_2) e^{-2T}, and
// the two elementary inequalities of the corollary on boxes).
#pragma once

#include <span>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

void register_diffusion_constants_checks(audit::Registry& registry);

namespace detail {

// log q_t(y) and grad log q_t(y) for the OU marginal of X_0 ~ g~ (spec F.1).
struct OuMarginal {
  Ball log_density;
  std::vector<Ball> score;  // d = n + m coordinates, seed block first
};

// The blur of F.1's explicit mixture, sqrt(e^{-2t} tau^2 + 1 - e^{-2t}).
Ball ou_blur(const Instance& instance, const Ball& t);

// q_t as the explicit instance-type mixture of F.1: amplitude e^{-t} a, lattices e^{-t} Lambda_b with the
// weights of D_b, blur `blur`, enumerating the 2^n seeds of `mixture` (f(s) from its table). The 1-D
// lattice factors are direct sums over |w| <= 20 with the certified remainder
// sum_{|w| > W} e^{-w^2/2} <= 2 e^{-W^2/2}/(1 - e^{-W delta}) times sup phi_blur (density) or
// sup |z phi_blur(z)|/blur^2 = 1/(blur^2 sqrt(2 pi e)) (derivative). Enclosures at the working precision.
OuMarginal ou_marginal_explicit(const density::VertexMixture& mixture, std::span<const Ball> y, const Ball& t, const Ball& blur);

// The same by F.1's identities: log q_t(y) = t d + log g~_{sigma_t}(e^t y), grad log q_t(y) = e^t s_{sigma_t}(e^t y),
// sigma_t^2 = e^{2t} - 1, with g~_sigma and s_sigma by the R.4 enumeration (vertex_mixture.h).
OuMarginal ou_marginal_by_smoothing(const density::VertexMixture& mixture, std::span<const Ball> y, const Ball& t);

// F.2's corollary inequality 1/(1 - e^{-2u}) <= 1 + h/u on u in [u_lo, u_hi] (true for h = 1/2), in the
// form g(2u) <= 1 + (h - 1/2)/u with g(x) = 1/(1 - e^{-x}) - 1/x; for x <= 1, g = chi(x)/omega(x) with
// chi = (e^{-x} - 1 + x)/x^2 and omega = (1 - e^{-x})/x by their Taylor series (alternating, decreasing
// terms: the first omitted term bounds the remainder), so no cancellation; for x > 1 directly.
certify::Result certify_score_weight_inequality(const Rational& h, const Rational& u_lo, const Rational& u_hi,
                                                const certify::Budget& budget);

// F.2's telescoping inequality c x <= -ln(1 - x) on x in [x_lo, x_hi] (0 < x_lo <= x_hi < 1; true for
// c = 1; x = h_k/(T - t_k) lies in (0, 1), and at x = 0 both sides vanish), as c <= S(x) = -ln(1 - x)/x.
// S has positive Taylor coefficients, so it is increasing and on a box lies between its values at the
// ends (each a point evaluation); x_lo > 0 keeps S(x_lo) - 1 ~ x_lo/2 above the rounding of the hull.
certify::Result certify_log_inequality(const Rational& c, const Rational& x_lo, const Rational& x_hi, const certify::Budget& budget);

// F.2's printed constants at the defaults with T = 8, t_min = 2.5e-9.
struct CorollaryConstants {
  Ball sigma_min_squared;  // e^{2 t_min} - 1
  Ball blur_term;          // (sigma_min^2/tau^2) sqrt(d/8)
  Ball bracket;            // (T - t_min) + (1/2) ln(T/t_min)
  Ball second_moment;      // M_2 = n(a^2 + tau^2) + m tau^2 + sum_i E_s Var(D_{f(s)_i}), enclosed over f
  Ball initial_term;       // (d + M_2) e^{-2T}
};
CorollaryConstants corollary_constants(const Instance& instance, const Rational& T, const Rational& t_min);

}  // namespace detail

}  // namespace dpsi::checks
