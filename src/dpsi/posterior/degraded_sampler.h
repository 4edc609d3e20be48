// File: dpsi/posterior/degraded_sampler.h
// An (alpha, beta)-posterior sampler built from a good one, to exercise B.2's bound (spec A.6(a)):
//   * a "bad" set of measurements of p_Y-mass about beta: y is bad iff the first 8 bytes of
//     SHA-256 of its m doubles (little-endian bytes), read as a uniform in [0, 1), are below beta.
//     On a bad y the sampler always returns garbage (it is wrong there, whatever its TV budget);
//   * on every other y, with probability alpha (a Bernoulli with 53-bit resolution) it returns
//     garbage, otherwise a draw of the inner sampler.
// Garbage is x ~ N(0, I_d), whose seed-block signs are uniform and independent of y.
// If the inner sampler is exact, TV(output law | y, p(. | y)) <= alpha on good y, so the wrapper is an
// (alpha, beta')-sampler with beta' the p_Y-mass of the bad set; the bad set is pseudo-random, so
// beta' = beta up to the (unproven but standard) assumption that SHA-256 behaves like a random
// function on this input distribution. With beta = 0 the claim is exact.
#pragma once

#include "dpsi/posterior/posterior_sampler.h"

namespace dpsi::posterior {

class DegradedSampler final : public PosteriorSampler {
 public:
  // 0 <= alpha, beta <= 1 (throws std::invalid_argument otherwise); `inner` must outlive this.
  DegradedSampler(const PosteriorSampler& inner, int d, double alpha, double beta);
  std::string_view name() const override { return "degraded"; }
  // Consumption: one word (the alpha coin) on good y, then either the inner sampler's or d normals.
  PosteriorDraw sample(std::span<const double> y, sampling::RandomSource& source) const override;
  // Whether y is in the bad set (deterministic).
  bool is_bad_measurement(std::span<const double> y) const;

 private:
  const PosteriorSampler& inner_;
  int d_;
  double alpha_;
  double beta_;
};

}  // namespace dpsi::posterior
