// File: dpsi/instance/lattice_tails.h
// Tails and the exponential moment of the discrete Gaussian D_b (spec A.3), and the tail of its
// blurred law h_b^(kappa) = D_b * N(0, kappa^2), as certified enclosures at the working precision.
//
// D_b is the law on Lambda_b = delta Z + b delta/2 with P(w) = exp(-w^2/2)/Z_b, Z_b = sum_w exp(-w^2/2)
// (enclosed by theta::lattice_gaussian_sum). delta > 0 is exact, b in {0, 1}; Lambda_b = -Lambda_b.
//
// Exact tails are enclosed as finite sums over the lattice points up to a cutoff plus a certified
// remainder: the points w > W satisfy exp(-w^2/2) <= exp(-W^2/2) exp(-W k delta) (k = 0, 1, ...), so
// their sum is at most exp(-W^2/2)/(1 - exp(-W delta)) per side (the geometric argument of A.3(i)).
// Every function throws std::invalid_argument on delta <= 0, b not in {0, 1}, or a parameter outside
// its stated domain.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::instance {

// Default distance beyond the threshold up to which lattice points are summed explicitly.
inline constexpr long kTailCutoff = 40;

// Z_b (A.2), enclosed.
Ball lattice_normaliser(const Rational& delta, int b);

// Theta(1) = 2 sum_{j>=1} q^{j^2}, q = exp(-2 pi^2/delta^2) (A.2).
Ball big_theta_one(const Rational& delta);

// Var(D_b) - 1 = theta''(theta_b; 1) / theta(theta_b; 1) (A.2; theta_0 = 0, theta_1 = delta/2), with
// relative accuracy ~2^-prec (theta::theta_du2 stops relative to its sum), so that the tiny excess
// (-2.80328e-3425 for b = 0 at delta = 1/20) is resolved.
Ball variance_excess(const Rational& delta, int b);
// Var(D_b) = sum_{w in Lambda_b} w^2 exp(-w^2/2) / Z_b by direct summation over |w| <= cutoff; the points
// beyond W = cutoff (>= 2) add at most W^2 exp(-W^2/2) / (1 - r) per side, r = (1 + delta/W)^2 exp(-W delta)
// (w^2 e^{-w^2/2} decreases for w >= sqrt 2 and consecutive terms shrink by at least r; r < 1 is
// required). An independent enclosure, accurate to ~2^-prec absolute.
Ball variance_direct(const Rational& delta, int b, long cutoff = kTailCutoff);

// P_{D_b}(|w| >= K), K > 0: the points K <= |w| <= K + cutoff summed, the rest bounded as above.
Ball lattice_tail(const Rational& delta, int b, const Rational& K, long cutoff = kTailCutoff);

// A.3(i): 2 delta exp(-K^2/2) / (sqrt(2 pi) (1 - Theta(1)) (1 - exp(-K delta))), K > 0. Indeterminate if
// Theta(1) is not certainly < 1.
Ball lattice_tail_bound(const Rational& delta, const Rational& K);

// A.3(ii). omega = 1/(1 - 2 lambda), 0 <= lambda < 1/2. With E_b(omega) = theta(theta_b; omega) - 1
// = 2 sum_{j>=1} q(omega)^{j^2} cos(pi j b) (theta_0 = 0, theta_1 = delta/2), by theta::theta_minus_one,
// whose relative accuracy survives |E| << 2^-prec:
//   E_{D_b} exp(lambda w^2) = sqrt(omega) (1 + E_b(omega)) / (1 + E_b(1))            (A.2 sums)
//   log excess  L_b(lambda) = log E exp(lambda w^2) + (1/2) log(1 - 2 lambda)
//                           = log1p(E_b(omega)) - log1p(E_b(1))
//   c_Theta = (1 + Theta(1))/(1 - Theta(1)),  log c_Theta = log1p(Theta(1)) - log1p(-Theta(1)).
// The claim E exp(lambda w^2) <= (1 - 2 lambda)^{-1/2} c_Theta is equivalent to L_b <= log c_Theta.
Ball theta_deviation(const Rational& delta, int b, const Ball& omega);  // E_b(omega)
Ball exponential_moment(const Rational& delta, int b, const Rational& lambda);
Ball exponential_moment_log_excess(const Rational& delta, int b, const Rational& lambda);
Ball exponential_moment_bound(const Rational& delta, const Rational& lambda);  // (1-2 lambda)^{-1/2} c_Theta
Ball log_c_theta(const Rational& delta);
// The same moment as the ratio of two direct lattice sums (theta::lattice_gaussian_sum at omega and
// at 1): an independent enclosure, accurate only to ~2^-prec relative.
Ball exponential_moment_direct(const Rational& delta, int b, const Rational& lambda);

// P_{t ~ h_b^(kappa)}(|t| > B), kappa > 0, B > 0:
//   (2/Z_b) sum_{w in Lambda_b} exp(-w^2/2) Phibar((B - w)/kappa)       (Lambda_b symmetric)
// summed over |w| <= B + cutoff; the rest is at most (2/Z_b) 2 exp(-W^2/2)/(1 - exp(-W delta)),
// W = B + cutoff, since Phibar <= 1.
Ball blurred_tail(const Rational& delta, int b, const Rational& kappa, const Rational& B, long cutoff = kTailCutoff);
// The same with an enclosed kappa (certainly > 0), e.g. nu = sqrt(tau^2 + sigma_y^2) (spec E.T); the
// rational overload calls this one.
Ball blurred_tail(const Rational& delta, int b, const Ball& kappa, const Rational& B, long cutoff = kTailCutoff);

// A.3(iii) with the exact lattice tail: P_{D_b}(|w| >= B - r) + 2 Phibar(r/kappa), 0 < r < B, kappa > 0.
Ball blurred_tail_bound(const Rational& delta, int b, const Rational& kappa, const Rational& B, const Rational& r);
// A.3(iii) with A.3(i) for the lattice tail: lattice_tail_bound(delta, B - r) + 2 Phibar(r/kappa) (the
// default P_B of spec notation: 2.83695e-19 at delta = 1/20, kappa = 0.1, B = 10, r = 1).
Ball blurred_tail_bound_via_i(const Rational& delta, const Rational& kappa, const Rational& B, const Rational& r);

}  // namespace dpsi::instance
