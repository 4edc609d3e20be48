// File: dpsi/sampling/lattice_cdf.h
// The exact law of the lattice sampler's k, enclosed: the CDF of k ~ N_Z(0, sigma2) on all of Z or
// conditioned on a parity class (spec R.3: k ~ N_Z(0, 4/delta^2) conditioned on k = b mod 2), and the
// goodness-of-fit statistics the R.3 checks use (the DKW distance, decided; Pearson chi^2, reported).
//
// Enclosure. With s = sigma2 and C the class (Z, or the integers of parity b), the weights
// e^{-j^2/(2s)} of j in C with |j| <= M are summed in Ball arithmetic; each one-sided tail beyond M is
// bounded rigorously by
//     sum_{j > M} e^{-j^2/(2s)} <= T = e^{-(M+1)^2/(2s)} / (1 - e^{-(M+1)/s})
// (since (M+1+i)^2 >= (M+1)^2 + 2(M+1)i; the bound covers every integer beyond M, so every class).
// M is chosen so that T <= 2^-(precision+30) (up to the factor 1/(1 - e^{-(M+1)/s})). Then
//     Z in S_fin + [0, 2T],   F(x) = (L + S_fin(x)) / Z with L in [0, T]  (-M <= x < M),
//     F(x) in [0, T]/Z (x < -M),   F(x) in 1 - [0, T]/Z (x >= M),
// every quantity a Ball, so every returned enclosure contains the exact value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::sampling {

// Empirical histogram: value -> number of draws.
using Histogram = std::map<std::int64_t, std::uint64_t>;

class LatticeGaussianCdf {
 public:
  // parity 0 or 1: the class {j : j = parity mod 2}; parity -1: all of Z. sigma2 > 0 rational.
  // Throws std::invalid_argument for bad arguments or a range M above 10^8.
  // Enclosures are computed at `precision` bits.
  LatticeGaussianCdf(const Rational& sigma2, int parity, long precision = 256);

  // Enclosure of F(x) = P(k <= x), for every integer x.
  Ball cdf(std::int64_t x) const;
  // Enclosure of P(k = x) (exactly 0 off the class).
  Ball pmf(std::int64_t x) const;
  // Enclosure of Z = sum_{j in C} e^{-j^2/(2 sigma2)}.
  const Ball& normaliser() const { return normaliser_; }
  // The one-sided tail bound T beyond the cutoff M.
  const Ball& tail_bound() const { return tail_; }
  std::int64_t cutoff() const { return cutoff_; }
  // True iff x lies in the class.
  bool in_class(std::int64_t x) const;
  const Rational& sigma2() const { return sigma2_; }
  int parity() const { return parity_; }

 private:
  std::int64_t index_of(std::int64_t x) const;  // index of the largest tabulated class member <= x

  Rational sigma2_;
  int parity_;
  long precision_;
  std::int64_t cutoff_ = 0;   // M
  std::int64_t first_ = 0;    // smallest tabulated class member (>= -M)
  int step_ = 1;              // 1 (all of Z) or 2 (a parity class)
  std::vector<Ball> weight_;  // e^{-j^2/(2 sigma2)}, j = first_ + step_ * i
  std::vector<Ball> prefix_;  // sum of weight_[0..i]
  Ball tail_;
  Ball normaliser_;
};

// The Kolmogorov-Smirnov / DKW distance sup_x |F_N(x) - F(x)| between the empirical CDF F_N of
// `histogram` (N = total count >= 1) and the enclosed CDF F, as a rigorous upper bound: the maximum,
// over every jump point of F_N or of F (both are right-continuous step functions on the integers,
// constant in between) and over the region left of all of them, of the upper endpoint of the
// enclosure of |F_N(x) - F(x)|.
struct KsDistance {
  Rational upper;          // sup |F_N - F| <= upper (exact rational from the ball endpoint)
  std::int64_t at = 0;     // the point attaining the bound
  std::uint64_t draws = 0; // N
  std::size_t points = 0;  // number of points evaluated
};
KsDistance ks_distance(const Histogram& histogram, const LatticeGaussianCdf& cdf);

// Pearson chi^2 over the class members with expected count N P(k = j) >= min_expected (each its own
// bin), plus one pooled bin of all other values when its expectation is >= min_expected (otherwise
// those values are left out). Double precision; a diagnostic only (spec Erratum 8: never a verdict).
struct ChiSquare {
  double statistic = 0;
  int bins = 0;
  int degrees_of_freedom = 0;  // bins - 1
  double p_value = 0;          // asymptotic (chi^2 with bins - 1 degrees of freedom)
};
ChiSquare pearson_chi_square(const Histogram& histogram, const LatticeGaussianCdf& cdf, double min_expected = 5);

// The DKW / Hoeffding radius sqrt(ln(2/gamma)/(2N)), enclosed.
Ball dkw_radius(std::uint64_t draws, const Rational& gamma);

}  // namespace dpsi::sampling
