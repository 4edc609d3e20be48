// File: dpsi/peers/gaussian_mixture_prior.h
// The easy instance's prior: an isotropic Gaussian mixture p = sum_k w_k N(mu_k, v I_d) (v = 1 in the
// MCGdiff benchmark, Cardoso et al. 2024, arXiv:2308.07983), with everything the
// practical samplers need in closed form:
//  * its Gaussian smoothings p_sigma = sum_k w_k N(mu_k, c I), c = v + sigma^2 (VE units), their
//    scores and exact Hessian-vector products, computed with log-sum-exp responsibilities so that
//    points far from every mean (where each exp underflows) still get the right answer;
//  * exact prior draws;
//  * the exact posterior for a linear measurement y = A x + sigma_y xi (GaussianMixturePosterior),
//    with exact sampling by Matheron's rule.
//
// Formulas (c = v + sigma^2, pi_k = w_k N(x; mu_k, c I) / p_sigma(x), mbar = sum_k pi_k mu_k):
//   score   s = -(x - mbar) / c;
//   Hessian H = sum_k pi_k (-I/c + g_k g_k^T) - s s^T with g_k = -(x - mu_k)/c, which equals
//           -I/c + (1/c^2) sum_k pi_k (mu_k - mbar)(mu_k - mbar)^T  (the responsibility-weighted
//           covariance of the means; this centred form avoids the cancellation of g g^T - s s^T).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "dpsi/peers/diffusion_prior.h"
#include "dpsi/peers/linear_measurement.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::peers {

class GaussianMixturePosterior;

class GaussianMixturePrior : public DiffusionPrior {
 public:
  // K = weights.size() >= 1 components in dimension d >= 1; `means` holds K*d entries (row k is
  // mu_k); weights are finite, >= 0, not all zero, and are normalized here; the component variance
  // v > 0 is finite. Throws std::invalid_argument otherwise.
  GaussianMixturePrior(int d, std::vector<double> weights, std::vector<double> means, double component_variance = 1.0);

  std::string_view name() const override { return "gaussian-mixture"; }
  int dimension() const override { return d_; }
  std::size_t components() const { return weights_.size(); }
  const std::vector<double>& weights() const { return weights_; }  // normalized, sum 1
  const std::vector<double>& means() const { return means_; }      // K x d, row-major
  std::span<const double> mean(std::size_t k) const;
  double component_variance() const { return variance_; }

  // grad log p_sigma(x). Accepts sigma >= 0 (sigma = 0 is the prior itself: its components are
  // non-degenerate). Throws std::invalid_argument for sizes != d or sigma < 0 / non-finite.
  void score(double sigma, std::span<const double> x, std::span<double> out) const override;
  // The exact (Hessian of log p_sigma at x) u, the centred formula of the header. O(K d).
  void hessian_vector(double sigma, std::span<const double> x, std::span<const double> u,
                      std::span<double> out) const override;
  // log p_sigma(x) (natural log, normalized density). Finite for every finite x.
  double log_density(double sigma, std::span<const double> x) const;
  // The responsibilities pi_k(x) of p_sigma (sum 1).
  std::vector<double> responsibilities(double sigma, std::span<const double> x) const;

  // One exact draw of p: k with probability w_k (one 53-bit uniform, inverse CDF), then
  // mu_k + sqrt(v) z with z from fill_standard_normals.
  std::vector<double> draw(sampling::RandomSource& source) const;

  // The exact posterior p(x | y) for y = A x + sigma_y xi. Throws std::invalid_argument if A's d
  // differs from the prior's.
  GaussianMixturePosterior posterior(const LinearMeasurement& measurement) const;

 private:
  // sum_k pi_k mu_k (d entries): the component means weighted by responsibilities pi.
  std::vector<double> weighted_mean(std::span<const double> pi) const;
  // log w_k - |x - mu_k|^2 / (2c), the unnormalized log responsibilities, into `out`; returns their
  // log-sum-exp.
  double log_terms(double c, std::span<const double> x, std::vector<double>& out) const;
  double smoothed_variance(double sigma, std::string_view what) const;

  int d_;
  std::vector<double> weights_;
  std::vector<double> log_weights_;
  std::vector<double> means_;
  double variance_;
};

// The posterior of a GaussianMixturePrior under a LinearMeasurement (reference section 9 with
// Sigma_k = v I): with G = v A A^T + sigma_y^2 I_m,
//   w~_k  proportional to w_k N(y; A mu_k, G)   (the log det G term is common to all k and cancels),
//   mu~_k = mu_k + v A^T G^{-1} (y - A mu_k),
//   Sigma~ = v I - v^2 A^T G^{-1} A  (common to all components), whose inverse is I/v + A^T A / sigma_y^2.
class GaussianMixturePosterior {
 public:
  GaussianMixturePosterior(const GaussianMixturePrior& prior, const LinearMeasurement& measurement);

  int dimension() const { return d_; }
  std::size_t components() const { return weights_.size(); }
  const std::vector<double>& weights() const { return weights_; }  // w~, normalized by log-sum-exp
  const std::vector<double>& means() const { return means_; }      // mu~, K x d row-major
  std::span<const double> mean(std::size_t k) const;
  std::vector<double> overall_mean() const;  // sum_k w~_k mu~_k
  // Sigma~ as a dense d x d row-major matrix (O(d^2 m); for tests and small d).
  std::vector<double> component_covariance() const;

  // One exact draw: k with probability w~_k (one 53-bit uniform, inverse CDF), then Matheron's rule
  //   x = mu_k + sqrt(v) z,  z ~ N(0, I_d);  xi ~ N(0, I_m);
  //   return x + v A^T G^{-1} (y - A x - sigma_y xi).
  // Why exact: given k, (x, y' = A x + sigma_y xi) has the joint law of (x0, y) under component k.
  // For jointly Gaussian vectors E[x | y'] = mu_k + v A^T G^{-1} (y' - A mu_k) is linear in y' and the
  // residual x - E[x | y'] is independent of y' with law N(0, Cov(x | y')), a covariance that does not
  // depend on y'. So x - E[x | y'] + E[x | y] = x + v A^T G^{-1} (y - y') has law
  // N(E[x | y], Cov(x | y)) = N(mu~_k, Sigma~), with no d x d matrix ever formed: cost O(m d + m^3).
  std::vector<double> sample(sampling::RandomSource& source) const;

  // log w~_k + log N(x; mu~_k, Sigma~) up to a constant common to all k, and the index of the most
  // responsible component (the mode-weight error's assignment). O(K m d).
  std::vector<double> log_responsibility_terms(std::span<const double> x) const;
  std::size_t most_responsible_component(std::span<const double> x) const;

 private:
  int d_;
  double variance_;
  LinearMeasurement measurement_;
  std::vector<double> weights_;
  std::vector<double> means_;
};

namespace detail {
// Inverse-CDF choice of an index with probability weights[k] / sum(weights) from one 53-bit uniform.
std::size_t pick_component(std::span<const double> weights, sampling::RandomSource& source);
// log sum_k exp(terms[k]) (max-shifted); -inf for an empty or all -inf input.
double log_sum_exp(std::span<const double> terms);
}  // namespace detail

}  // namespace dpsi::peers
