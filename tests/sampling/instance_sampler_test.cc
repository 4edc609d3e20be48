// R6: the instance sampler. Properties (RapidCheck): the image is f(seed), every w_i lies on
// Lambda_{f(s)_i} (w = k delta/2, k = f(s)_i mod 2, decided exactly), x is (a u(s), w) + blur xi;
// reproducibility; and the two routes of A.5 given the same seed agree in law (two-sample KS with a
// stated false-failure probability), with a flipped image bit as negative control.
#include "dpsi/sampling/instance_sampler.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/sampling/continuous_ks.h"

namespace dpsi::sampling {
namespace {

Instance instance_with(int n, int m, const Rational& delta = Rational(1, 20)) {
  ParameterValues values;
  values.n = n;
  values.m = m;
  values.delta = delta;
  if (delta != Rational(1, 20)) values.kappa_star = Rational(1, 2);  // P.8 at the coarse spacings (Erratum 9)
  return Instance::from(values);
}

RC_GTEST_PROP(InstanceSampler, ImageIsFOfSeedAndLatticePointsHaveTheRightParity, (std::uint64_t engine_seed)) {
  const int n = *rc::gen::element(3, 8, 16, 40);
  const int m = *rc::gen::element(1, 5, 16, 64);
  const Rational delta = *rc::gen::element(Rational(1, 20), Rational(1, 2), Rational(1));
  const Instance instance = instance_with(n, m, delta);
  const InstanceSampler sampler(instance);
  RandomSource source(engine_seed);
  const InstanceDraw draw = sampler.draw(source);
  RC_ASSERT(draw.seed.size() == static_cast<std::size_t>(n));
  RC_ASSERT(draw.image == owf::OneWayFunction(n, m)(draw.seed));
  RC_ASSERT(draw.lattice.size() == static_cast<std::size_t>(m));
  RC_ASSERT(draw.x.size() == static_cast<std::size_t>(n + m));
  for (int i = 0; i < m; ++i) {
    const Rational k = 2 * draw.lattice[static_cast<std::size_t>(i)] / delta;
    RC_ASSERT(is_integer(k));
    const Integer parity = numerator(k) % 2;
    RC_ASSERT((parity != 0) == (draw.image[static_cast<std::size_t>(i)] == 1));
  }
  // Given (s, w), x - (a u(s), w) = tau xi: |xi| < 12 fails with probability < 1e-32 per coordinate.
  for (int j = 0; j < n; ++j) {
    const double center = draw.seed[static_cast<std::size_t>(j)] != 0 ? 1.0 : -1.0;
    RC_ASSERT(std::abs(draw.x[static_cast<std::size_t>(j)] - center) < 12 * sampler.tau());
  }
  for (int i = 0; i < m; ++i) {
    const double w = draw.lattice[static_cast<std::size_t>(i)].convert_to<double>();
    RC_ASSERT(std::abs(draw.x[static_cast<std::size_t>(n + i)] - w) < 12 * sampler.tau() + 1e-15);
  }
}

// With blur 0 the draw is g itself: x_S = a u(s) and x_F = w exactly (w rounded once to double).
RC_GTEST_PROP(InstanceSampler, ZeroBlurGivesTheLatticePointsExactly, (std::uint64_t engine_seed)) {
  const Instance instance = instance_with(8, 8);
  const InstanceSampler sampler(instance);
  RandomSource source(engine_seed);
  const InstanceDraw draw = sampler.draw(source, 0.0);
  for (int j = 0; j < 8; ++j) RC_ASSERT(draw.x[static_cast<std::size_t>(j)] == (draw.seed[static_cast<std::size_t>(j)] ? 1.0 : -1.0));
  for (int i = 0; i < 8; ++i) {
    const Rational& w = draw.lattice[static_cast<std::size_t>(i)];
    const double nearest = static_cast<double>(numerator(w).convert_to<long>()) / static_cast<double>(denominator(w).convert_to<long>());
    RC_ASSERT(draw.x[static_cast<std::size_t>(8 + i)] == nearest);
  }
}

TEST(InstanceSampler, SameSeedSameDrawsDifferentSeedsDiffer) {
  const InstanceSampler sampler(Instance::defaults());
  RandomSource a(7);
  RandomSource b(7);
  RandomSource c(8);
  for (int t = 0; t < 20; ++t) {
    const InstanceDraw first = sampler.draw(a);
    const InstanceDraw second = sampler.draw(b);
    EXPECT_EQ(first.seed, second.seed);
    EXPECT_EQ(first.lattice, second.lattice);
    EXPECT_EQ(first.x, second.x);
    EXPECT_NE(first.x, sampler.draw(c).x);
  }
}

// draw() is: n bits, then draw_given_seed with the same source (the documented consumption order).
TEST(InstanceSampler, DrawIsSeedBitsThenDrawGivenSeed) {
  const InstanceSampler sampler(Instance::defaults());
  RandomSource a(11);
  RandomSource b(11);
  for (int t = 0; t < 10; ++t) {
    const InstanceDraw direct = sampler.draw(a, 0.25);
    owf::Bits seed(16);
    for (auto& bit : seed) bit = b.bit() ? 1 : 0;
    const InstanceDraw given = sampler.draw_given_seed(b, seed, 0.25);
    EXPECT_EQ(direct.seed, given.seed);
    EXPECT_EQ(direct.image, given.image);
    EXPECT_EQ(direct.lattice, given.lattice);
    EXPECT_EQ(direct.x, given.x);
  }
}

TEST(InstanceSampler, SmoothedBlurAndNoise) {
  const InstanceSampler sampler(Instance::defaults());
  EXPECT_EQ(sampler.tau(), 0.001);
  EXPECT_EQ(sampler.smoothed_blur(Rational(0)), 0.001);
  EXPECT_DOUBLE_EQ(sampler.smoothed_blur(Rational(1, 10)), std::sqrt(0.01 + 1e-6));
  EXPECT_DOUBLE_EQ(measurement_noise(Instance::defaults()), std::sqrt(7.25e-6));
}

TEST(InstanceSampler, BadInputThrows) {
  const Instance instance = Instance::defaults();
  const InstanceSampler sampler(instance);
  RandomSource source(1);
  EXPECT_THROW(sampler.draw(source, -1.0), std::invalid_argument);
  EXPECT_THROW(sampler.draw(source, std::nan("")), std::invalid_argument);
  EXPECT_THROW(sampler.draw_given_seed(source, owf::Bits(15, 0), 0.001), std::invalid_argument);
  EXPECT_THROW(sampler.draw_given_seed(source, owf::Bits(16, 2), 0.001), std::invalid_argument);
  EXPECT_THROW(sampler.smoothed_blur(Rational(-1)), std::invalid_argument);
  EXPECT_THROW(measure(instance, std::vector<double>(31, 0.0), source), std::invalid_argument);
  EXPECT_THROW(simulate_measurement(instance, std::vector<std::uint8_t>(15, 0), source), std::invalid_argument);
  EXPECT_THROW(simulate_measurement(instance, std::vector<std::uint8_t>(16, 3), source), std::invalid_argument);
}

TEST(InstanceSampler, MeasureAddsNoiseToTheFBlockOnly) {
  const Instance instance = Instance::defaults();
  std::vector<double> x(32, 0.0);
  for (int i = 0; i < 16; ++i) x[static_cast<std::size_t>(16 + i)] = i;
  RandomSource source(3);
  const std::vector<double> y = measure(instance, x, source);
  ASSERT_EQ(y.size(), 16U);
  for (int i = 0; i < 16; ++i) EXPECT_LT(std::abs(y[static_cast<std::size_t>(i)] - i), 12 * 0.0025);
}

// Route 1 (x ~ g~ given s, then y = A x + sigma_y xi) and route 2 (simulate_measurement(f(s))) for one
// fixed seed s, N draws each, per coordinate i: the KS distance of y_i and of frac(y_i/delta).
// 2m claims, each at gamma/(2m) (Bonferroni): false-failure probability <= gamma = 1e-9 in total.
struct RouteComparison {
  bool all_within = true;
  Rational worst_phase = 0;
};

RouteComparison compare_routes(const Instance& instance, const owf::Bits& seed, const owf::Bits& z, int draws) {
  const InstanceSampler sampler(instance);
  const auto m = static_cast<std::size_t>(instance.m());
  const double delta = instance.delta().convert_to<double>();
  RandomSource source(0x524f55544553);  // "ROUTES"
  std::vector<std::vector<double>> route1(m);
  std::vector<std::vector<double>> route2(m);
  for (int t = 0; t < draws; ++t) {
    const InstanceDraw draw = sampler.draw_given_seed(source, seed, sampler.tau());
    const std::vector<double> y = measure(instance, draw.x, source);
    for (std::size_t i = 0; i < m; ++i) route1[i].push_back(y[i]);
  }
  for (int t = 0; t < draws; ++t) {
    const std::vector<double> y = simulate_measurement(instance, z, source);
    for (std::size_t i = 0; i < m; ++i) route2[i].push_back(y[i]);
  }
  const Rational gamma = Rational(1, 1'000'000'000) / (2 * static_cast<long>(m));
  const Rational radius =
      two_sample_ks_radius(static_cast<std::uint64_t>(draws), static_cast<std::uint64_t>(draws), gamma).upper_rational();
  const auto phase = [delta](std::vector<double> values) {
    for (double& v : values) v = v / delta - std::floor(v / delta);
    return values;
  };
  RouteComparison result;
  for (std::size_t i = 0; i < m; ++i) {
    const Rational value_ks = two_sample_ks(route1[i], route2[i]).distance;
    const Rational phase_ks = two_sample_ks(phase(route1[i]), phase(route2[i])).distance;
    if (value_ks > radius || phase_ks > radius) result.all_within = false;
    if (phase_ks > result.worst_phase) result.worst_phase = phase_ks;
  }
  std::printf("routes: N = %d per route, radius %s, worst phase KS %s\n", draws, to_decimal(radius, 6).c_str(),
              to_decimal(result.worst_phase, 6).c_str());
  return result;
}

TEST(InstanceSampler, MeasureAndSimulateMeasurementAgreeInLawGivenTheSeed) {
  const Instance instance = instance_with(16, 8);
  const owf::Bits seed = owf::parse_bits("1011001110001011");
  const owf::Bits z = owf::OneWayFunction(16, 8)(seed);
  EXPECT_TRUE(compare_routes(instance, seed, z, 20'000).all_within);
}

// Negative control: route 2 fed f(s) with bit 1 flipped; the phase of y_1 then sits half a period
// away: half of route 1 sits below 1/4 and none of route 2 (KS distance about 1/2, radius 0.05).
TEST(InstanceSampler, RouteComparisonRejectsAFlippedImageBit) {
  const Instance instance = instance_with(16, 8);
  const owf::Bits seed = owf::parse_bits("1011001110001011");
  owf::Bits z = owf::OneWayFunction(16, 8)(seed);
  z[0] ^= 1;
  const RouteComparison result = compare_routes(instance, seed, z, 20'000);
  EXPECT_FALSE(result.all_within);
  EXPECT_GT(result.worst_phase, Rational(2, 5));
}

}  // namespace
}  // namespace dpsi::sampling
