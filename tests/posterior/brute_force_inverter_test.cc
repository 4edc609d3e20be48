// brute_force_invert: the first preimage in the cyclic order from the offset, with a count that does
// not depend on the thread count; brute_force_moments against all offsets; bad input.
#include <gtest/gtest.h>

#include <vector>

#include "dpsi/owf/one_way_function.h"
#include "dpsi/posterior/brute_force_inverter.h"
#include "dpsi/sampling/exact_sampler.h"

namespace {

using namespace dpsi::posterior;

TEST(BruteForceInverter, FirstPreimageInOrderIndependentOfThreads) {
  dpsi::sampling::RandomSource source(11);
  for (const int n : {5, 12, 17}) {
    const dpsi::owf::OneWayFunction f(n, n);
    for (int trial = 0; trial < 4; ++trial) {
      const std::uint64_t planted = source.word() >> (64 - n);
      const std::uint64_t offset = source.word() >> (64 - n);
      const std::uint64_t target = f.evaluate_index(planted);
      const InversionResult one = brute_force_invert(n, n, target, offset, 1);
      ASSERT_TRUE(one.found);
      EXPECT_EQ(f.evaluate_index(one.preimage), target);
      // No earlier seed of the order maps to the target.
      const std::uint64_t size = std::uint64_t{1} << n;
      for (std::uint64_t p = 0; p + 1 < one.evaluations; ++p) ASSERT_NE(f.evaluate_index((offset + p) % size), target);
      EXPECT_EQ((offset + one.evaluations - 1) % size, one.preimage);
      for (const int threads : {2, 3, 8}) {
        const InversionResult many = brute_force_invert(n, n, target, offset, threads);
        EXPECT_EQ(many.preimage, one.preimage);
        EXPECT_EQ(many.evaluations, one.evaluations);
        EXPECT_GE(many.work, many.evaluations);
      }
    }
  }
}

TEST(BruteForceInverter, MomentsMatchEveryOffset) {
  const int n = 8;
  const dpsi::owf::OneWayFunction f(n, 4);  // m < n: several preimages per image
  for (std::uint64_t target = 0; target < 16; ++target) {
    std::vector<std::uint64_t> preimages;
    for (std::uint64_t s = 0; s < 256; ++s)
      if (f.evaluate_index(s) == target) preimages.push_back(s);
    if (preimages.empty()) continue;
    double mean = 0, second = 0;
    for (std::uint64_t offset = 0; offset < 256; ++offset) {
      const double c = static_cast<double>(brute_force_invert(n, 4, target, offset, 1).evaluations);
      mean += c / 256;
      second += c * c / 256;
    }
    const InversionMoments moments = brute_force_moments(n, preimages);
    EXPECT_NEAR(moments.mean, mean, 1e-9);
    EXPECT_NEAR(moments.second_moment, second, 1e-7);
  }
  EXPECT_DOUBLE_EQ(brute_force_moments(3, {5}).mean, 4.5);  // one preimage: uniform on 1..8
}

TEST(BruteForceInverter, UnreachableTargetAndBadInput) {
  const dpsi::owf::OneWayFunction f(6, 20);
  std::vector<bool> hit(1U << 20, false);
  for (std::uint64_t s = 0; s < 64; ++s) hit[f.evaluate_index(s)] = true;
  std::uint64_t missing = 0;
  while (hit[missing]) ++missing;
  const InversionResult result = brute_force_invert(6, 20, missing, 17, 2);
  EXPECT_FALSE(result.found);
  EXPECT_EQ(result.evaluations, 64U);
  EXPECT_THROW(brute_force_invert(0, 4, 0, 0, 1), std::invalid_argument);
  EXPECT_THROW(brute_force_invert(4, 4, 16, 0, 1), std::invalid_argument);
  EXPECT_THROW(brute_force_invert(4, 4, 0, 16, 1), std::invalid_argument);
  EXPECT_THROW(brute_force_invert(4, 4, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(brute_force_moments(4, {}), std::invalid_argument);
  EXPECT_THROW(brute_force_moments(4, {3, 2}), std::invalid_argument);
  EXPECT_GT(image_evaluation_rate(16, 16, 1000), 0);
}

}  // namespace
