// File: dpsi/posterior/exact_posterior_sampler.h
// Recipe R5 (spec R.5): exact posterior sampling by brute force over the 2^n seeds (n <= 20; the
// issue's range is n <= 16). Step 1: p(s | y) by SeedPosteriorTable (double, log domain), s by
// inverse CDF with a 53-bit uniform; steps 2-3: ConditionalDraw.
//
// Error bound: the law of the output is within TV 2^n 2^-50 + m 1e-14 of p(x | y) (the double
// weights' relative error, the 53-bit uniform, and ConditionalDraw's bound).
// Cost: one table pass over the 2^n seeds per new y (cached: repeated calls with the same y reuse
// it), then O(n + m). Not thread-safe (the cache); use one sampler per thread.
#pragma once

#include <vector>

#include "dpsi/posterior/conditional_draw.h"
#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/posterior/seed_posterior.h"

namespace dpsi::posterior {

class ExactPosteriorSampler final : public PosteriorSampler {
 public:
  explicit ExactPosteriorSampler(const Instance& instance);
  std::string_view name() const override { return "exact"; }
  PosteriorDraw sample(std::span<const double> y, sampling::RandomSource& source) const override;
  // Consumption: one word (the seed's uniform), then ConditionalDraw's.

  const SeedPosteriorTable& table() const { return table_; }

 private:
  SeedPosteriorTable table_;
  owf::OneWayFunction function_;
  ConditionalDraw conditional_;
  mutable std::vector<double> cached_y_;
  mutable std::vector<double> cumulative_;  // cumulative seed weights for cached_y_
};

}  // namespace dpsi::posterior
