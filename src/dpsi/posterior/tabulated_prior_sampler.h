// File: dpsi/posterior/tabulated_prior_sampler.h
// A fast ancestral sampler of g~ (spec A.1) for proposal-hungry rejection checks: s from n fair
// bits, f(s) from a table of all 2^n images (n <= 20), w_i ~ D_{f(s)_i} by inverse CDF over the
// atoms of Lambda_b with |w| <= 40 (double probabilities, 53-bit uniform), x = (a u(s), w) + tau xi.
//
// Error bound: TV(law of x, g~) <= 2 (A 2^-52 + e^-790) with A <= 80/delta + 2 atoms per
// coordinate, times m: below 1e-12 for delta >= 1/1000. The exact R6 sampler (AncestralPriorSampler)
// draws D_b with rational arithmetic at about 16 us per draw at n = m = 3; this one takes well under
// 1 us, which is what makes 10^7-proposal rejection checks affordable.
#pragma once

#include <cstdint>
#include <vector>

#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/params/instance.h"

namespace dpsi::posterior {

class TabulatedPriorSampler final : public PriorSampler {
 public:
  // Throws std::invalid_argument if n > 20 or m > 64.
  explicit TabulatedPriorSampler(const Instance& instance);
  std::string_view name() const override { return "exact"; }
  // Consumption: n bits, m words (lattice uniforms), fill_standard_normals(d values).
  PriorDraw draw(sampling::RandomSource& source) const override;

 private:
  int n_;
  int m_;
  double a_;
  double tau_;
  owf::OneWayFunction function_;
  std::vector<std::uint64_t> images_;        // f(s) as evaluate_index returns it
  std::vector<double> atoms_[2];             // points of Lambda_b with |w| <= 40
  std::vector<double> cumulative_[2];        // their cumulative probabilities (last = 1)
};

}  // namespace dpsi::posterior
