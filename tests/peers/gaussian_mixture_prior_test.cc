// Tests of dpsi/peers/gaussian_mixture_prior.h: the smoothed score and its exact Hessian-vector
// product against finite differences and an independently written dense formula (also far from every
// mean, where each component's exp underflows), the closed-form posterior against numerical
// integration of Bayes' rule, and Matheron sampling against the closed-form moments (with twins: a
// sampler that forgets the measurement noise and one that keeps the prior means must fail).
#include "dpsi/peers/gaussian_mixture_prior.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dpsi/sampling/normal.h"

namespace dpsi::peers {
namespace {

using sampling::RandomSource;

std::vector<double> normals(RandomSource& source, std::size_t count, double scale = 1.0) {
  std::vector<double> values(count);
  sampling::fill_standard_normals(source, values);
  for (double& v : values) v *= scale;
  return values;
}

// A 4-component mixture in d = 3 with unequal weights and variance 0.7.
GaussianMixturePrior small_mixture() {
  RandomSource source(11);
  return GaussianMixturePrior(3, {0.1, 0.4, 0.2, 0.3}, normals(source, 12, 3.0), 0.7);
}

// Independent dense formula: responsibilities in long double with their own max shift, then
// H = sum_k pi_k (-I/c + g_k g_k^T) - s s^T (the reference's uncentred form).
struct DenseDerivatives {
  std::vector<long double> score;
  std::vector<long double> hessian;  // d x d
};
DenseDerivatives dense_derivatives(const GaussianMixturePrior& prior, double sigma, const std::vector<double>& x) {
  const std::size_t d = x.size();
  const std::size_t count = prior.components();
  const long double c = prior.component_variance() + static_cast<long double>(sigma) * sigma;
  std::vector<long double> logs(count);
  long double largest = -INFINITY;
  for (std::size_t k = 0; k < count; ++k) {
    long double distance = 0;
    for (std::size_t i = 0; i < d; ++i) distance += (x[i] - static_cast<long double>(prior.mean(k)[i])) * (x[i] - static_cast<long double>(prior.mean(k)[i]));
    logs[k] = std::log(static_cast<long double>(prior.weights()[k])) - distance / (2 * c);
    largest = std::max(largest, logs[k]);
  }
  long double total = 0;
  for (long double& l : logs) total += (l = std::exp(l - largest));
  DenseDerivatives result{std::vector<long double>(d, 0), std::vector<long double>(d * d, 0)};
  for (std::size_t k = 0; k < count; ++k) {
    const long double pi = logs[k] / total;
    std::vector<long double> g(d);
    for (std::size_t i = 0; i < d; ++i) g[i] = -(x[i] - static_cast<long double>(prior.mean(k)[i])) / c;
    for (std::size_t i = 0; i < d; ++i) {
      result.score[i] += pi * g[i];
      for (std::size_t j = 0; j < d; ++j) result.hessian[i * d + j] += pi * ((i == j ? -1 / c : 0) + g[i] * g[j]);
    }
  }
  for (std::size_t i = 0; i < d; ++i) {
    for (std::size_t j = 0; j < d; ++j) result.hessian[i * d + j] -= result.score[i] * result.score[j];
  }
  return result;
}

// Deterministic accuracy checks (no sampling error): central differences of log p_sigma with step
// h = 1e-4 sqrt(c) have truncation error h^2/6 |d^3 log p| <~ 1e-8 |score| scale and rounding error
// ~ 1e-16 |log p| / h; the tolerance 1e-5 (1 + |s|) covers both with a wide margin.
TEST(GaussianMixturePrior, ScoreMatchesFiniteDifferencesOfLogDensity) {
  const GaussianMixturePrior prior = small_mixture();
  RandomSource source(12);
  for (double sigma : {0.0, 0.05, 0.5, 2.0, 20.0}) {
    for (int trial = 0; trial < 10; ++trial) {
      const std::vector<double> x = normals(source, 3, 5.0);
      std::vector<double> score(3);
      prior.score(sigma, x, score);
      const double h = 1e-4 * std::sqrt(0.7 + sigma * sigma);
      for (std::size_t i = 0; i < 3; ++i) {
        std::vector<double> up = x, down = x;
        up[i] += h;
        down[i] -= h;
        const double difference = (prior.log_density(sigma, up) - prior.log_density(sigma, down)) / (2 * h);
        EXPECT_NEAR(score[i], difference, 1e-5 * (1 + std::abs(score[i]))) << "sigma " << sigma << " trial " << trial;
      }
    }
  }
}

TEST(GaussianMixturePrior, ScoreAndHessianMatchTheDenseFormula) {
  const GaussianMixturePrior prior = small_mixture();
  RandomSource source(13);
  for (double sigma : {0.0, 0.05, 0.5, 2.0, 20.0}) {
    for (int trial = 0; trial < 10; ++trial) {
      const std::vector<double> x = normals(source, 3, 5.0);
      const std::vector<double> u = normals(source, 3);
      const DenseDerivatives dense = dense_derivatives(prior, sigma, x);
      std::vector<double> score(3), hu(3), hu_difference(3);
      prior.score(sigma, x, score);
      prior.hessian_vector(sigma, x, u, hu);
      if (sigma > 0) prior.DiffusionPrior::hessian_vector(sigma, x, u, hu_difference);  // the base class's difference
      const double c = 0.7 + sigma * sigma;
      for (std::size_t i = 0; i < 3; ++i) {
        long double expected = 0;
        for (std::size_t j = 0; j < 3; ++j) expected += dense.hessian[i * 3 + j] * u[j];
        EXPECT_NEAR(score[i], static_cast<double>(dense.score[i]), 1e-12 * (1 + std::abs(score[i])));
        // Rounding of the uncentred dense form: |g|^2 ~ (|x| + |mu|)^2 / c^2 terms cancel down to H.
        EXPECT_NEAR(hu[i], static_cast<double>(expected), 1e-10 * (1 + 100 / (c * c)));
        // The base class's difference (relative ~1e-6 of |H| |u| by its header).
        if (sigma > 0) {
          EXPECT_NEAR(hu[i], hu_difference[i], 1e-4 * (1 / c + 100 / (c * c)));
        }
      }
    }
  }
}

// Far out (|x| ~ 1e4, sigma = 0.01): every exp(-|x - mu_k|^2 / 2c) underflows to 0, so a naive
// ratio would be 0/0. The log-sum-exp answer is the nearest component's score -(x - mu_k*)/c, and
// the Hessian is -u/c (the other components' responsibilities are < exp(-1e4)).
TEST(GaussianMixturePrior, FarOutPointsAreExact) {
  const GaussianMixturePrior prior = small_mixture();
  const std::vector<double> x = {1e4, -2e4, 5e3};
  const double sigma = 0.01;
  const double c = 0.7 + sigma * sigma;
  double naive_total = 0;
  for (std::size_t k = 0; k < prior.components(); ++k) {
    double distance = 0;
    for (std::size_t i = 0; i < 3; ++i) distance += (x[i] - prior.mean(k)[i]) * (x[i] - prior.mean(k)[i]);
    naive_total += prior.weights()[k] * std::exp(-distance / (2 * c));
  }
  ASSERT_EQ(naive_total, 0.0);  // the naive formula would fail here
  std::size_t nearest = 0;
  double best = INFINITY;
  for (std::size_t k = 0; k < prior.components(); ++k) {
    double distance = 0;
    for (std::size_t i = 0; i < 3; ++i) distance += (x[i] - prior.mean(k)[i]) * (x[i] - prior.mean(k)[i]);
    if (distance - 2 * c * std::log(prior.weights()[k]) < best) {
      best = distance - 2 * c * std::log(prior.weights()[k]);
      nearest = k;
    }
  }
  std::vector<double> score(3), hu(3);
  const std::vector<double> u = {0.3, -1.0, 2.0};
  prior.score(sigma, x, score);
  prior.hessian_vector(sigma, x, u, hu);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(score[i], -(x[i] - prior.mean(nearest)[i]) / c, 1e-9 * std::abs(score[i]));
    EXPECT_NEAR(hu[i], -u[i] / c, 1e-12);
  }
  const double log_density = prior.log_density(sigma, x);
  EXPECT_TRUE(std::isfinite(log_density));
  // log w_k* - |x - mu_k*|^2 / 2c - (d/2) log(2 pi c), i.e. -best / 2c - (d/2) log(2 pi c).
  EXPECT_NEAR(log_density, -best / (2 * c) - 1.5 * std::log(2 * std::numbers::pi * c), 1e-12 * std::abs(log_density));
}

// Brute force: d = 1, two components, A = [a]. Bayes' rule by trapezoid integration of
// w_k N(x; mu_k, v) N(y; a x, sigma_y^2) on [-40, 40] with 80001 nodes (the integrands are smooth and
// negligible at the ends, so the trapezoid error is far below the 1e-9 tolerance).
TEST(GaussianMixturePosterior, MatchesNumericalBayesInOneDimension) {
  const double v = 1.3, a = 0.8, sigma_y = 0.6, y = 2.1;
  const GaussianMixturePrior prior(1, {0.35, 0.65}, {-2.0, 3.0}, v);
  const LinearMeasurement measurement(1, 1, {a}, {y}, sigma_y);
  const GaussianMixturePosterior posterior = prior.posterior(measurement);
  double mass[2] = {0, 0}, first[2] = {0, 0}, second[2] = {0, 0};
  const double step = 80.0 / 80000;
  for (int node = 0; node <= 80000; ++node) {
    const double x = -40.0 + node * step;
    const double end_weight = (node == 0 || node == 80000) ? 0.5 : 1.0;
    const double likelihood = std::exp(-(y - a * x) * (y - a * x) / (2 * sigma_y * sigma_y));
    for (int k = 0; k < 2; ++k) {
      const double mu = prior.mean(static_cast<std::size_t>(k))[0];
      const double value = end_weight * prior.weights()[static_cast<std::size_t>(k)] * std::exp(-(x - mu) * (x - mu) / (2 * v)) /
                           std::sqrt(2 * std::numbers::pi * v) * likelihood;
      mass[k] += value;
      first[k] += value * x;
      second[k] += value * x * x;
    }
  }
  const double total = mass[0] + mass[1];
  for (int k = 0; k < 2; ++k) {
    const auto kk = static_cast<std::size_t>(k);
    const double mean = first[k] / mass[k];
    EXPECT_NEAR(posterior.weights()[kk], mass[k] / total, 1e-9);
    EXPECT_NEAR(posterior.mean(kk)[0], mean, 1e-9);
    EXPECT_NEAR(posterior.component_covariance()[0], second[k] / mass[k] - mean * mean, 1e-9);
  }
}

// Matheron sampling against the closed form. Two exact-variance CLT checks at 6 sigma:
//  (1) one component (a Gaussian posterior), d = 4, m = 2, N = 20000 draws: the sample mean of each
//      coordinate has variance Sigma~_ii / N; the mean of (X_i - mu_i)(X_j - mu_j) (true mean) has
//      variance (Sigma~_ii Sigma~_jj + Sigma~_ij^2) / N (Isserlis). 4 + 10 checks;
//  (2) a 3-component mixture, d = 3, m = 2, N = 20000: the sample mean of each coordinate against
//      the mixture mean, variance Var(X_i) / N with Var(X_i) = Sigma~_ii + sum_k w~_k (mu~_ki - m_i)^2. 3 checks.
// Each check fails with probability <= 2e-9 under the CLT (the products in (1) are sub-exponential,
// N = 2e4 puts their skewness correction below 1%), so all 17 together <= 4e-8.
// Twins at the same tolerances: a sampler that omits sigma_y xi (covariance v (I - v A^T G^{-1} A)^2,
// too small along A's rows) fails (1); one centred at the prior means mu_k fails (2).
struct MomentCheck {
  int failures = 0;
  void near(double value, double expected, double standard_deviation) {
    if (std::abs(value - expected) > 6 * standard_deviation) ++failures;
  }
};

enum class Variant { kMatheron, kNoNoise, kPriorMeans };

std::vector<double> draw(const GaussianMixturePrior& prior, const GaussianMixturePosterior& posterior,
                         const LinearMeasurement& measurement, Variant variant, RandomSource& source) {
  if (variant == Variant::kMatheron) return posterior.sample(source);
  const std::size_t k = detail::pick_component(posterior.weights(), source);
  const std::size_t d = static_cast<std::size_t>(prior.dimension());
  std::vector<double> x = normals(source, d, std::sqrt(prior.component_variance()));
  const double v = prior.component_variance();
  std::vector<double> pseudo = measurement.apply(x);
  if (variant == Variant::kPriorMeans) {
    const std::vector<double> xi = normals(source, pseudo.size());
    for (std::size_t i = 0; i < pseudo.size(); ++i) pseudo[i] += measurement.sigma_y() * xi[i];
  }
  const std::vector<double> shift =
      measurement.apply_transpose(measurement.solve_shifted_gram(v, measurement.sigma_y() * measurement.sigma_y(), pseudo));
  const auto mean = variant == Variant::kPriorMeans ? prior.mean(k) : posterior.mean(k);
  for (std::size_t i = 0; i < d; ++i) x[i] = mean[i] + x[i] - v * shift[i];
  return x;
}

int gaussian_moment_failures(Variant variant) {
  RandomSource setup(21);
  const GaussianMixturePrior prior(4, {1.0}, normals(setup, 4, 2.0), 1.5);
  // Rows of norm ~1 and sigma_y = 0.8: the posterior variance along them is about half the prior's.
  const LinearMeasurement measurement(2, 4, normals(setup, 8, 0.6), normals(setup, 2, 2.0), 0.8);
  const GaussianMixturePosterior posterior = prior.posterior(measurement);
  const std::vector<double> cov = posterior.component_covariance();
  const auto mu = posterior.mean(0);
  const std::size_t n = 20000, d = 4;
  std::vector<double> sum(d, 0.0), products(d * d, 0.0);
  RandomSource source(22);
  for (std::size_t s = 0; s < n; ++s) {
    const std::vector<double> x = draw(prior, posterior, measurement, variant, source);
    for (std::size_t i = 0; i < d; ++i) {
      sum[i] += x[i];
      for (std::size_t j = 0; j < d; ++j) products[i * d + j] += (x[i] - mu[i]) * (x[j] - mu[j]);
    }
  }
  MomentCheck check;
  for (std::size_t i = 0; i < d; ++i) {
    check.near(sum[i] / n, mu[i], std::sqrt(cov[i * d + i] / n));
    for (std::size_t j = i; j < d; ++j) {
      const double variance = cov[i * d + i] * cov[j * d + j] + cov[i * d + j] * cov[i * d + j];
      check.near(products[i * d + j] / n, cov[i * d + j], std::sqrt(variance / n));
    }
  }
  return check.failures;
}

int mixture_mean_failures(Variant variant) {
  RandomSource setup(31);
  const GaussianMixturePrior prior(3, {0.5, 0.3, 0.2}, normals(setup, 9, 4.0), 1.0);
  const LinearMeasurement measurement(2, 3, normals(setup, 6, 0.8), normals(setup, 2, 3.0), 0.5);
  const GaussianMixturePosterior posterior = prior.posterior(measurement);
  const std::vector<double> cov = posterior.component_covariance();
  const std::vector<double> mean = posterior.overall_mean();
  const std::size_t n = 20000, d = 3;
  std::vector<double> sum(d, 0.0);
  RandomSource source(32);
  for (std::size_t s = 0; s < n; ++s) {
    const std::vector<double> x = draw(prior, posterior, measurement, variant, source);
    for (std::size_t i = 0; i < d; ++i) sum[i] += x[i];
  }
  MomentCheck check;
  for (std::size_t i = 0; i < d; ++i) {
    double variance = cov[i * d + i];
    for (std::size_t k = 0; k < 3; ++k) variance += posterior.weights()[k] * (posterior.mean(k)[i] - mean[i]) * (posterior.mean(k)[i] - mean[i]);
    check.near(sum[i] / n, mean[i], std::sqrt(variance / n));
  }
  return check.failures;
}

TEST(GaussianMixturePosterior, MatheronSamplingMatchesTheClosedFormMoments) {
  EXPECT_EQ(gaussian_moment_failures(Variant::kMatheron), 0);
  EXPECT_EQ(mixture_mean_failures(Variant::kMatheron), 0);
}

TEST(GaussianMixturePosterior, TwinsWithWrongSamplersFail) {
  EXPECT_GT(gaussian_moment_failures(Variant::kNoNoise), 0);
  EXPECT_GT(mixture_mean_failures(Variant::kPriorMeans), 0);
}

// The posterior's responsibilities use Sigma~^{-1} = I/v + A^T A / sigma_y^2: check it against the
// dense covariance (Sigma~ Sigma~^{-1} = I).
TEST(GaussianMixturePosterior, PrecisionFormulaInvertsTheCovariance) {
  RandomSource setup(41);
  const GaussianMixturePrior prior(3, {1.0}, normals(setup, 3), 0.9);
  const LinearMeasurement measurement(2, 3, normals(setup, 6), normals(setup, 2), 0.4);
  const std::vector<double> cov = prior.posterior(measurement).component_covariance();
  const std::vector<double>& a = measurement.matrix();
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      double product = 0;
      for (std::size_t q = 0; q < 3; ++q) {
        double precision = (q == j ? 1 / 0.9 : 0.0);
        for (std::size_t r = 0; r < 2; ++r) precision += a[r * 3 + q] * a[r * 3 + j] / (0.4 * 0.4);
        product += cov[i * 3 + q] * precision;
      }
      EXPECT_NEAR(product, i == j ? 1.0 : 0.0, 1e-12);
    }
  }
}

TEST(GaussianMixturePrior, DrawsHaveTheMixtureMean) {
  // CLT at 6 sigma on each of 3 coordinates, N = 20000, exact variance v + sum_k w_k (mu_ki - m_i)^2:
  // false failure <= 6e-9. Twin: the unweighted mean of the component means is off by many sigmas.
  const GaussianMixturePrior prior = small_mixture();
  RandomSource source(51);
  const std::size_t n = 20000;
  std::vector<double> sum(3, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    const std::vector<double> x = prior.draw(source);
    for (std::size_t i = 0; i < 3; ++i) sum[i] += x[i];
  }
  int failures = 0, twin_failures = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    double mean = 0, unweighted = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      mean += prior.weights()[k] * prior.mean(k)[i];
      unweighted += prior.mean(k)[i] / 4;
    }
    double variance = prior.component_variance();
    for (std::size_t k = 0; k < 4; ++k) variance += prior.weights()[k] * (prior.mean(k)[i] - mean) * (prior.mean(k)[i] - mean);
    const double radius = 6 * std::sqrt(variance / n);
    failures += std::abs(sum[i] / n - mean) > radius;
    twin_failures += std::abs(sum[i] / n - unweighted) > radius;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(twin_failures, 0);
}

TEST(GaussianMixturePrior, RejectsBadInput) {
  EXPECT_THROW(GaussianMixturePrior(0, {1.0}, {}, 1.0), std::invalid_argument);
  EXPECT_THROW(GaussianMixturePrior(2, {}, {}, 1.0), std::invalid_argument);
  EXPECT_THROW(GaussianMixturePrior(2, {1.0}, {0.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(GaussianMixturePrior(1, {-1.0, 2.0}, {0.0, 1.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(GaussianMixturePrior(1, {0.0, 0.0}, {0.0, 1.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(GaussianMixturePrior(1, {1.0}, {0.0}, 0.0), std::invalid_argument);
  const GaussianMixturePrior prior = small_mixture();
  std::vector<double> out(3);
  EXPECT_THROW(prior.score(-1.0, std::vector<double>(3, 0.0), out), std::invalid_argument);
  EXPECT_THROW(prior.score(1.0, std::vector<double>(2, 0.0), out), std::invalid_argument);
  EXPECT_THROW(prior.posterior(LinearMeasurement(1, 2, {1.0, 0.0}, {0.0}, 1.0)), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::peers
