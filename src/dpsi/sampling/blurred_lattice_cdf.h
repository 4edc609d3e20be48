// File: dpsi/sampling/blurred_lattice_cdf.h
// The CDF of the blurred lattice law h_b^(kappa) = D_b * N(0, kappa^2) of spec A.1, enclosed:
//     H_b^(kappa)(t) = P(w + kappa xi <= t) = sum_{w in Lambda_b} D_b(w) Phi((t - w)/kappa).
//
// Enclosure. With w = k delta/2 (k ~ N_Z(0, 4/delta^2) conditioned on k = b mod 2, spec R.3) and a
// rational window r >= R kappa (R = kWindowStandardDeviations), the points split into
//   k < k_lo = ceil(2(t - r)/delta):   t - w >= r, so Phi((t - w)/kappa) in [1 - Phibar(R), 1];
//   k_lo <= k <= k_hi = floor(2(t + r)/delta): summed term by term, Phi enclosed by Arb;
//   k > k_hi:                            t - w < -r, so Phi((t - w)/kappa) in [0, Phibar(R)];
// and P(k < k_lo), P(k > k_hi), P(k = j) come from LatticeGaussianCdf, whose tail beyond its cutoff
// is the geometric bound of A.3(i) in the k-coordinate. Hence
//     H(t) in P(k < k_lo) [1 - Phibar(R), 1] + sum_near P(k) Phi((t - w)/kappa) + P(k > k_hi) [0, Phibar(R)],
// every quantity a Ball: the returned enclosure contains the exact H(t) for the exact double t.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/sampling/lattice_cdf.h"

namespace dpsi::sampling {

class BlurredLatticeCdf {
 public:
  // Phibar(20) = 2.75e-89: the truncated Phi's are enclosed within that, far below any DKW radius.
  static constexpr long kWindowStandardDeviations = 20;

  // delta > 0, b in {0, 1}, kappa^2 > 0 (all exact); throws std::invalid_argument otherwise.
  BlurredLatticeCdf(const Rational& delta, int b, const Rational& kappa_squared, long precision = 128);

  // Enclosure of H_b^(kappa)(t) for a finite double t (throws std::invalid_argument otherwise).
  Ball cdf(double t) const;

  const Rational& delta() const { return delta_; }
  int parity() const { return b_; }
  const Ball& kappa() const { return kappa_; }

 private:
  Rational delta_;
  int b_;
  long precision_;
  LatticeGaussianCdf lattice_;
  Ball kappa_;
  Rational window_;           // r = R * upper(kappa), rational
  Ball truncation_interval_;  // [0, Phibar(R)] (upper end rounded up)
  Ball one_minus_truncation_; // [1 - Phibar(R), 1]
};

}  // namespace dpsi::sampling
