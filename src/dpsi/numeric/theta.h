// File: dpsi/numeric/theta.h
// Certified theta-type series of the construction (spec A.2, C.5, R.1), all in Ball arithmetic.
//
// Lattice spacing delta > 0 is exact; q(omega) = exp(-2 pi^2 omega / delta^2).
//   theta(u; omega)    = 1 + 2 sum_{j>=1} q^{j^2} cos(2 pi j u / delta)
//   theta_du(u; omega) = -(4 pi / delta) sum_{j>=1} j q^{j^2} sin(2 pi j u / delta)
//   theta_du2(u;omega) = -(8 pi^2 / delta^2) sum_{j>=1} j^2 q^{j^2} cos(2 pi j u / delta)
//   Theta(omega)       = 2 sum_{j>=1} q^{j^2}          (so |theta - 1| <= Theta)
//   S1(omega)          = sum_{j>=1} j q^{j^2}
//   lattice_gaussian_sum(c, mu; omega) = sum_{w in delta Z + c} exp(-(w - mu)^2 / (2 omega))
//                      = sqrt(2 pi omega)/delta * theta(mu - c; omega)      (A.2, Poisson)
//
//   theta_minus_one(u; omega) = theta - 1 = 2 sum_{j>=1} q^{j^2} cos(2 pi j u / delta), with relative accuracy
//
// Error bound. The series are summed to j = J and the remainder is added to the radius:
//   sum_{j>J} j^p q^{j^2} <= (J+1)^p q^{(J+1)^2} / (1 - ((J+2)/(J+1))^p q^{2J+3})   (p = 0, 1, 2),
// valid once the denominator is certainly positive (consecutive terms shrink by at least that
// ratio). J grows until the remainder is below 2^-prec times max(1, |partial sum|) (theta,
// theta_du), or below 2^-prec times |partial sum| (relative accuracy even when the sum is tiny, e.g.
// theta - 1 ~ 1e-3429 at delta = 1/20, omega = 1) for Theta, S1, theta_minus_one and theta_du2;
// for the last two, whose cosines may cancel, the threshold is at least 2^-2prec times the sum of
// the terms' absolute values, so the summation stops even where the sum vanishes (relative accuracy
// 2^-prec holds whenever there is no cancellation below 2^-prec, e.g. at u in (delta/2) Z). J stops
// at kMaxTerms otherwise, in which case the (larger) certified remainder is still added. The lattice sum is
// summed outward from the point nearest mu; beyond distance d > 0 on one side the remaining terms
// are at most exp(-d^2/(2 omega)) / (1 - exp(-d delta / omega)); it stops once both remainders sum
// to at most 2^-prec times the (positive) partial sum. Every result therefore encloses
// the exact value for all points of the input balls. If q is not certainly < 1 (omega not
// certainly > 0) the result is indeterminate (contains every real).
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::theta {

inline constexpr long kMaxTerms = 1'000'000;

Ball nome(const Ball& omega, const Rational& delta);  // q(omega)
Ball theta(const Ball& u, const Ball& omega, const Rational& delta);
Ball theta_minus_one(const Ball& u, const Ball& omega, const Rational& delta);
Ball theta_du(const Ball& u, const Ball& omega, const Rational& delta);
Ball theta_du2(const Ball& u, const Ball& omega, const Rational& delta);
Ball tail_sum(const Ball& omega, const Rational& delta);  // Theta(omega)
Ball s1(const Ball& omega, const Rational& delta);        // S1(omega)
Ball lattice_gaussian_sum(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta);

// The sum above and its first moment about mu, sum_{w in delta Z + c} (w - mu) exp(-(w - mu)^2/(2 omega)),
// in one pass, both with certified remainders (the moment's tail on each side is at most
// exp(-d^2/(2 omega)) (d/(1-r) + delta r/(1-r)^2), r = exp(-d delta/omega)); the pass stops when the
// remainders are below 2^-prec times the sum (times delta for the moment).
struct LatticeMoments {
  Ball sum;
  Ball first_moment;
};
LatticeMoments lattice_gaussian_moments(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta);

}  // namespace dpsi::theta
