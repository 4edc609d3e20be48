// Kolmogorov-Smirnov statistics for continuous laws: the one-sample bound against brute force on small
// samples (with and without the monotone-grid shortcut), the exact two-sample distance, the radii.
#include "dpsi/sampling/continuous_ks.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace dpsi::sampling {
namespace {

// The uniform CDF on [0, 1] (exact at doubles).
Ball uniform_cdf(double t) {
  if (t <= 0) return Ball(0);
  if (t >= 1) return Ball(1);
  return Ball(Rational(t));
}

// sup_t |F_N(t) - t| by brute force in exact rationals: at each sample value, before and after the jump.
Rational brute_force(std::vector<double> sample) {
  std::sort(sample.begin(), sample.end());
  const auto n = static_cast<long>(sample.size());
  Rational best = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const Rational t(sample[i]);
    const auto below = static_cast<long>(std::lower_bound(sample.begin(), sample.end(), sample[i]) - sample.begin());
    const auto upto = static_cast<long>(std::upper_bound(sample.begin(), sample.end(), sample[i]) - sample.begin());
    for (const Rational& gap : {Rational(below, n) - t, t - Rational(below, n), Rational(upto, n) - t, t - Rational(upto, n)}) {
      best = std::max(best, gap);
    }
  }
  return best;
}

RC_GTEST_PROP(ContinuousKs, OneSampleMatchesBruteForceAndStrideOnlyLoosens, ()) {
  const auto size = *rc::gen::inRange<std::size_t>(1, 60);
  std::vector<double> sample;
  for (std::size_t i = 0; i < size; ++i) sample.push_back(*rc::gen::inRange(0, 16) / 16.0);  // ties on purpose
  const Rational exact = brute_force(sample);
  const OneSampleKs every = one_sample_ks(sample, uniform_cdf, 1);
  // Rigorous and tight: c/N - t is enclosed by a ball, whose upper end may exceed it by rounding.
  RC_ASSERT(every.upper >= exact);
  RC_ASSERT(every.upper <= exact + Rational(1, Integer(1) << 100));
  const auto stride = *rc::gen::inRange<std::size_t>(2, 9);
  const OneSampleKs coarse = one_sample_ks(sample, uniform_cdf, stride);
  RC_ASSERT(coarse.upper >= exact);
}

TEST(ContinuousKs, TwoSampleDistanceIsExact) {
  EXPECT_EQ(two_sample_ks({1, 2, 3}, {1, 2, 3}).distance, Rational(0));
  EXPECT_EQ(two_sample_ks({1, 2, 3}, {4, 5}).distance, Rational(1));
  // F1 jumps by 1/4 at 1, 2, 2, 3; F2 by 1/2 at 2, 5: at t = 1 the gap is 1/4, at 2 it is 3/4 - 1/2, at 3 it is 1 - 1/2.
  const TwoSampleKs ks = two_sample_ks({2, 1, 3, 2}, {5, 2});
  EXPECT_EQ(ks.distance, Rational(1, 2));
  EXPECT_EQ(ks.at, 3.0);
  EXPECT_THROW(two_sample_ks({}, {1}), std::invalid_argument);
}

TEST(ContinuousKs, RadiiAndRounding) {
  const PrecisionScope scope(128);
  // The spec's A.5 threshold (Erratum 1): 0.0210283 at N = 1e5 per sample, 0.02103 rounded up.
  const Ball radius = two_sample_ks_radius(100'000, 100'000, Rational(1, 1'000'000'000));
  EXPECT_TRUE(is_certainly_true(gt(radius, Ball(Rational(210282, 10'000'000)))));
  EXPECT_TRUE(is_certainly_true(lt(radius, Ball(Rational(210284, 10'000'000)))));
  EXPECT_EQ(round_up_decimals(radius.upper_rational(), 5), Rational(2103, 100'000));
  EXPECT_EQ(round_up_decimals(Rational(1, 4), 1), Rational(3, 10));
  EXPECT_EQ(round_up_decimals(Rational(3, 10), 1), Rational(3, 10));
  EXPECT_THROW(two_sample_ks_radius(0, 1, Rational(1, 2)), std::invalid_argument);
  EXPECT_THROW(one_sample_ks({}, uniform_cdf), std::invalid_argument);
  EXPECT_THROW(one_sample_ks({0.5}, uniform_cdf, 0), std::invalid_argument);
  EXPECT_THROW(one_sample_ks({std::nan("")}, uniform_cdf), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::sampling
