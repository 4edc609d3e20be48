// File: dpsi/posterior/seed_posterior.h
// The fast (double precision) path of recipe R5 step 1 and of the acceptance probability of spec
// E.2: for a measurement y in R^m of the instance (A = [0 | I_m], nu^2 = tau^2 + sigma_y^2),
//
//   p(s | y) = prod_i h^(nu)_{f(s)_i}(y_i) / sum_s' prod_i h^(nu)_{f(s')_i}(y_i)      (spec A.5)
//   log p_Y(y) = log(2^-n sum_s prod_i h^(nu)_{f(s)_i}(y_i))
//   log a(y)   = (m/2) log(2 pi sigma_y^2) + log p_Y(y)                                (spec E.2)
//
// by enumerating all 2^n seeds (n <= 20). The certified route is density::VertexMixture::posterior
// (Arb balls, spec R.4); this one is what samplers use, and the checks compare the two.
//
// Method. log h^(nu)_b(t) by the lattice form of C.5(a) in the log domain (recipe R2): every point of
// Lambda_b within R_53 = 3 delta/2 + sqrt(2 v 53 ln 2) of mu = t/(1+nu^2), v = nu^2/(1+nu^2), summed
// relative to the nearest one, and log Z_b by its lattice sum over |w| <= 40 (terms beyond are below
// e^-800). Seeds are summed with byte tables of partial log-likelihoods (8 output bits per entry) and
// a max-shifted log-sum-exp, so nothing underflows however small p_Y(y) is.
//
// Error bound (absolute, on every log returned): each log h carries at most 64 |log h| ulp from
// the exp/log calls and the window truncation (relative remainder below 2^-53, spec R.1); m of
// them are added; the 2^n-term sum adds a relative error of at most 2^n 2^-53. For every valid
// instance with n <= 20 and |y_i| <= 10^3 this is far below kLogErrorBound = 1e-8, which callers
// use as a deliberately loose band: a decision closer than that to a threshold is re-decided with
// the certified route.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dpsi/params/instance.h"

namespace dpsi::posterior {

inline constexpr double kLogErrorBound = 1e-8;

// log h^(nu)_b(t) for b in {0, 1}, at nu^2 = tau^2 + sigma_y^2 of the instance.
class MeasurementLikelihood {
 public:
  explicit MeasurementLikelihood(const Instance& instance);
  // t finite, b in {0, 1}; throws std::invalid_argument otherwise.
  double log_h(int b, double t) const;
  double nu() const { return nu_; }

 private:
  double delta_;
  double nu_;
  double mode_factor_;  // 1 / (1 + nu^2)
  double lattice_var_;  // nu^2 / (1 + nu^2)
  double window_;       // R_53
  double log_normalisers_[2];
};

struct SeedPosteriorValues {
  std::vector<double> weights;  // p(s | y), indexed by OneWayFunction seed index, summing to 1
  double log_evidence = 0;      // log p_Y(y)
  double log_acceptance = 0;    // log a(y)
};

class SeedPosteriorTable {
 public:
  // Tabulates f(s) for all 2^n seeds; throws std::invalid_argument if n > 20 or m > 64.
  explicit SeedPosteriorTable(const Instance& instance);
  // y has m finite entries (throws std::invalid_argument otherwise).
  SeedPosteriorValues operator()(std::span<const double> y) const;
  // log p_Y(y) and log a(y) only (no weight vector).
  double log_acceptance(std::span<const double> y) const;

  const Instance& instance() const { return instance_; }
  // Bit i of f(seed with this index), i = 0..m-1 (i.e. f(s)_{i+1}).
  int image_bit(std::uint64_t seed_index, int i) const { return static_cast<int>((images_[seed_index] >> i) & 1U); }
  std::uint64_t seed_count() const { return images_.size(); }

 private:
  // Per measurement: byte tables T_k[v] = sum_{i in byte k} log h_{bit of v}(y_i).
  std::vector<double> byte_tables(std::span<const double> y) const;
  double log_likelihood(const std::vector<double>& tables, std::uint64_t image) const;

  Instance instance_;
  MeasurementLikelihood likelihood_;
  std::vector<std::uint64_t> images_;  // f(s) with b_{i+1} at bit i
  double log_acceptance_offset_;  // (m/2) log(2 pi sigma_y^2) - n log 2
};

}  // namespace dpsi::posterior
