// NetworkScore: the dyadic noise level it builds at, agreement with the analytic oracle within C.8's
// accuracy in the large-noise regime (cheap C.7 networks), the bounded cache, and bad input.
#include "dpsi/diffusion/network_score.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "dpsi/diffusion/oracle_score.h"

namespace dpsi::diffusion {
namespace {

Instance small_instance() {
  ParameterValues values = ParameterValues::defaults();
  values.n = 3;
  values.m = 3;
  return Instance::from(values);
}

TEST(NetworkSigma, RoundsToTwentyFourSignificantBits) {
  for (const double sigma : {1e-5, 0.0123456789, 0.5, 1.0, 3.3, 2981.0}) {
    const Rational rounded = network_sigma(sigma);
    EXPECT_LE(std::abs(rounded.convert_to<double>() - sigma), std::ldexp(sigma, -24)) << sigma;
  }
  EXPECT_EQ(network_sigma(0.5), Rational(1, 2));
  EXPECT_THROW(network_sigma(0), std::invalid_argument);
  EXPECT_THROW(network_sigma(std::nan("")), std::invalid_argument);
}

TEST(NetworkScore, LargeNoiseNetworksTrackTheOracleAndTheCacheIsBounded) {
  const Instance instance = small_instance();
  std::size_t observed = 0;
  const NetworkScore network(instance, Rational(1, 10), [&observed](std::size_t built, double) { observed = built; });
  const AnalyticOracleScore oracle(instance);
  std::mt19937_64 engine(5);
  std::normal_distribution<double> normal(0, 1);
  const std::vector<double> sigmas = {0.3, 1.0, 4.0};
  for (const double sigma : sigmas) {
    const double kappa = oracle.kappa_of(sigma);
    std::vector<double> points(6 * 20);
    for (double& x : points) x = kappa * normal(engine) + (normal(engine) > 0 ? 1 : -1) * 0.5;
    std::vector<double> from_network(points.size());
    std::vector<double> from_oracle(points.size());
    network.evaluate(sigma, points, 20, from_network);
    oracle.evaluate(sigma, points, 20, from_oracle);
    // C.7 interpolates a tanh(a x/kappa^2) with knot error <= eta = eps kappa/(2 sqrt n): the seed
    // coordinates differ from s_large by at most eta/kappa^2 (plus rounding); f-coordinates agree.
    const double eta_bound = 0.1 * kappa / (2 * std::sqrt(3.0)) / (kappa * kappa);
    for (std::size_t k = 0; k < points.size(); ++k) {
      EXPECT_LE(std::abs(from_network[k] - from_oracle[k]), eta_bound * 1.001 + 1e-12) << "sigma " << sigma << ", k " << k;
    }
  }
  EXPECT_EQ(network.networks_built(), 3U);
  EXPECT_EQ(observed, 3U);
  (void)network.network_at(4.0);  // cached
  EXPECT_EQ(network.networks_built(), 3U);
  (void)network.network_at(0.3);  // evicted (the cache keeps the last two): built again
  EXPECT_EQ(network.networks_built(), 4U);
  std::vector<double> wrong(5);
  EXPECT_THROW(network.evaluate(1.0, wrong, 1, wrong), std::invalid_argument);
  EXPECT_THROW(NetworkScore(instance, Rational(0)), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::diffusion
