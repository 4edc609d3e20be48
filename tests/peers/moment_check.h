// File: tests/peers/moment_check.h
// The statistical comparison the peer-sampler tests share: n independent draws of a scalar against a
// target mean and variance, with the tolerance
//   |mean_hat - m| <= 6 sqrt(var_hat / n) + bias.mean,
//   |var_hat - q|  <= 6 sqrt((m4_hat - var_hat^2) / n) + bias.variance,
// i.e. a 6-sigma CLT radius (plug-in standard errors of the sample mean and of the sample variance) plus
// a stated bias allowance. If the draws' law has exactly the target moments, each inequality fails with
// probability ~ P(|N(0,1)| > 6) = 2.0e-9 (CLT; n >= 1000 in every use, for laws with all moments
// finite; the plug-in error of the standard errors is O(n^-1/2) relative, covered by the 6-sigma margin).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include "dpsi/sampling/exact_sampler.h"
#include "gaussian_chain_oracle.h"

namespace dpsi::peers::testing {

struct SampleSummary {
  std::size_t n = 0;
  double mean = 0;
  double variance = 0;        // unbiased
  double fourth_moment = 0;   // central
  double mean_radius() const { return 6 * std::sqrt(variance / static_cast<double>(n)); }
  double variance_radius() const {
    return 6 * std::sqrt(std::max(fourth_moment - variance * variance, 0.0) / static_cast<double>(n));
  }
};

inline SampleSummary summarize(const std::vector<double>& xs) {
  SampleSummary s;
  s.n = xs.size();
  for (double x : xs) s.mean += x;
  s.mean /= static_cast<double>(s.n);
  for (double x : xs) {
    const double c = x - s.mean;
    s.variance += c * c;
    s.fourth_moment += c * c * c * c;
  }
  s.variance /= static_cast<double>(s.n - 1);
  s.fourth_moment /= static_cast<double>(s.n);
  return s;
}

inline ::testing::AssertionResult matches_moments(const SampleSummary& s, const Moments& target, const Moments& bias) {
  const double mean_error = std::abs(s.mean - target.mean);
  const double variance_error = std::abs(s.variance - target.variance);
  const double mean_tolerance = s.mean_radius() + bias.mean;
  const double variance_tolerance = s.variance_radius() + bias.variance;
  auto result = mean_error <= mean_tolerance && variance_error <= variance_tolerance ? ::testing::AssertionSuccess()
                                                                                      : ::testing::AssertionFailure();
  return result << "n = " << s.n << ": mean " << s.mean << " vs " << target.mean << " (error " << mean_error
                << ", tolerance " << mean_tolerance << "), variance " << s.variance << " vs " << target.variance
                << " (error " << variance_error << ", tolerance " << variance_tolerance << ")";
}

// n draws of coordinate 0 from `draw_one`, all from one RandomSource seeded with `seed`.
inline std::vector<double> scalar_draws(std::size_t n, std::uint64_t seed,
                                        const std::function<double(sampling::RandomSource&)>& draw_one) {
  sampling::RandomSource source(seed);
  std::vector<double> xs(n);
  for (double& x : xs) x = draw_one(source);
  return xs;
}

}  // namespace dpsi::peers::testing
