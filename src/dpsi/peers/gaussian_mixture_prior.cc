// The isotropic Gaussian-mixture prior and its closed-form posterior (see gaussian_mixture_prior.h).
#include "dpsi/peers/gaussian_mixture_prior.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace detail {

std::size_t pick_component(std::span<const double> weights, sampling::RandomSource& source) {
  if (weights.empty()) throw std::invalid_argument("pick_component: no weights");
  double total = 0;
  for (double w : weights) total += w;
  const double target = static_cast<double>(source.word() >> 11) * 0x1.0p-53 * total;
  double cumulative = 0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    cumulative += weights[k];
    if (target < cumulative) return k;
  }
  // Rounding can leave target >= the last partial sum; the last positive weight is then correct.
  for (std::size_t k = weights.size(); k-- > 0;) {
    if (weights[k] > 0) return k;
  }
  return weights.size() - 1;
}

double log_sum_exp(std::span<const double> terms) {
  double largest = -std::numeric_limits<double>::infinity();
  for (double t : terms) largest = std::max(largest, t);
  if (!std::isfinite(largest)) return largest;
  double sum = 0;
  for (double t : terms) sum += std::exp(t - largest);
  return largest + std::log(sum);
}

}  // namespace detail

namespace {

void require_size(std::size_t got, int d, std::string_view what) {
  if (got != static_cast<std::size_t>(d)) {
    throw std::invalid_argument(fmt::format("gaussian mixture: {} needs {} entries, got {}", what, d, got));
  }
}

double squared_distance(std::span<const double> a, std::span<const double> b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}

// Normalized exp(terms - lse), in place.
void normalize_log_terms(std::vector<double>& terms, double lse) {
  for (double& t : terms) t = std::exp(t - lse);
}

}  // namespace

GaussianMixturePrior::GaussianMixturePrior(int d, std::vector<double> weights, std::vector<double> means,
                                           double component_variance)
    : d_(d), weights_(std::move(weights)), means_(std::move(means)), variance_(component_variance) {
  if (d < 1) throw std::invalid_argument(fmt::format("gaussian mixture: need d >= 1, got {}", d));
  if (weights_.empty()) throw std::invalid_argument("gaussian mixture: need at least one component");
  if (means_.size() != weights_.size() * static_cast<std::size_t>(d)) {
    throw std::invalid_argument(fmt::format("gaussian mixture: means need K*d = {} entries, got {}",
                                            weights_.size() * static_cast<std::size_t>(d), means_.size()));
  }
  double total = 0;
  for (double w : weights_) {
    if (!std::isfinite(w) || w < 0) throw std::invalid_argument(fmt::format("gaussian mixture: weight {} is not finite and >= 0", w));
    total += w;
  }
  if (!(total > 0) || !std::isfinite(total)) throw std::invalid_argument("gaussian mixture: weights sum to zero or overflow");
  for (double m : means_) {
    if (!std::isfinite(m)) throw std::invalid_argument("gaussian mixture: a mean has a non-finite entry");
  }
  if (!std::isfinite(variance_) || !(variance_ > 0)) {
    throw std::invalid_argument(fmt::format("gaussian mixture: component variance {} is not positive", variance_));
  }
  log_weights_.resize(weights_.size());
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    weights_[k] /= total;
    log_weights_[k] = std::log(weights_[k]);  // -inf for a zero weight: that component never counts
  }
}

std::span<const double> GaussianMixturePrior::mean(std::size_t k) const {
  if (k >= weights_.size()) throw std::invalid_argument(fmt::format("gaussian mixture: no component {}", k));
  const auto d = static_cast<std::size_t>(d_);
  return std::span<const double>(means_).subspan(k * d, d);
}

double GaussianMixturePrior::smoothed_variance(double sigma, std::string_view what) const {
  if (!std::isfinite(sigma) || sigma < 0) {
    throw std::invalid_argument(fmt::format("gaussian mixture: {} needs finite sigma >= 0, got {}", what, sigma));
  }
  return variance_ + sigma * sigma;
}

double GaussianMixturePrior::log_terms(double c, std::span<const double> x, std::vector<double>& out) const {
  out.resize(weights_.size());
  for (std::size_t k = 0; k < weights_.size(); ++k) out[k] = log_weights_[k] - squared_distance(x, mean(k)) / (2 * c);
  return detail::log_sum_exp(out);
}

std::vector<double> GaussianMixturePrior::responsibilities(double sigma, std::span<const double> x) const {
  require_size(x.size(), d_, "x");
  const double c = smoothed_variance(sigma, "responsibilities");
  std::vector<double> terms;
  const double lse = log_terms(c, x, terms);
  normalize_log_terms(terms, lse);
  return terms;
}

std::vector<double> GaussianMixturePrior::weighted_mean(std::span<const double> pi) const {
  const auto d = static_cast<std::size_t>(d_);
  std::vector<double> mbar(d, 0.0);
  for (std::size_t k = 0; k < pi.size(); ++k) {
    if (pi[k] == 0) continue;
    const auto mu = mean(k);
    for (std::size_t i = 0; i < d; ++i) mbar[i] += pi[k] * mu[i];
  }
  return mbar;
}

void GaussianMixturePrior::score(double sigma, std::span<const double> x, std::span<double> out) const {
  require_size(x.size(), d_, "x");
  require_size(out.size(), d_, "out");
  const std::vector<double> pi = responsibilities(sigma, x);
  const double c = variance_ + sigma * sigma;
  const auto d = static_cast<std::size_t>(d_);
  const std::vector<double> mbar = weighted_mean(pi);
  for (std::size_t i = 0; i < d; ++i) out[i] = -(x[i] - mbar[i]) / c;
}

void GaussianMixturePrior::hessian_vector(double sigma, std::span<const double> x, std::span<const double> u,
                                          std::span<double> out) const {
  require_size(x.size(), d_, "x");
  require_size(u.size(), d_, "u");
  require_size(out.size(), d_, "out");
  const std::vector<double> pi = responsibilities(sigma, x);
  const double c = variance_ + sigma * sigma;
  const auto d = static_cast<std::size_t>(d_);
  const std::vector<double> mbar = weighted_mean(pi);
  std::vector<double> spread(d, 0.0);  // sum_k pi_k (mu_k - mbar) <mu_k - mbar, u>
  for (std::size_t k = 0; k < pi.size(); ++k) {
    if (pi[k] == 0) continue;
    const auto mu = mean(k);
    double inner = 0;
    for (std::size_t i = 0; i < d; ++i) inner += (mu[i] - mbar[i]) * u[i];
    const double factor = pi[k] * inner;
    for (std::size_t i = 0; i < d; ++i) spread[i] += factor * (mu[i] - mbar[i]);
  }
  for (std::size_t i = 0; i < d; ++i) out[i] = -u[i] / c + spread[i] / (c * c);
}

double GaussianMixturePrior::log_density(double sigma, std::span<const double> x) const {
  require_size(x.size(), d_, "x");
  const double c = smoothed_variance(sigma, "log_density");
  std::vector<double> terms;
  const double lse = log_terms(c, x, terms);
  return lse - 0.5 * d_ * std::log(2 * std::numbers::pi * c);
}

std::vector<double> GaussianMixturePrior::draw(sampling::RandomSource& source) const {
  const std::size_t k = detail::pick_component(weights_, source);
  std::vector<double> x(static_cast<std::size_t>(d_));
  sampling::fill_standard_normals(source, x);
  const double scale = std::sqrt(variance_);
  const auto mu = mean(k);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = mu[i] + scale * x[i];
  return x;
}

GaussianMixturePosterior GaussianMixturePrior::posterior(const LinearMeasurement& measurement) const {
  return GaussianMixturePosterior(*this, measurement);
}

GaussianMixturePosterior::GaussianMixturePosterior(const GaussianMixturePrior& prior, const LinearMeasurement& measurement)
    : d_(prior.dimension()), variance_(prior.component_variance()), measurement_(measurement) {
  if (measurement.d() != d_) {
    throw std::invalid_argument(fmt::format("gaussian mixture posterior: prior has d = {}, A has d = {}", d_, measurement.d()));
  }
  const std::size_t count = prior.components();
  const auto d = static_cast<std::size_t>(d_);
  const double noise = measurement.sigma_y() * measurement.sigma_y();
  std::vector<double> log_terms(count);
  means_.resize(count * d);
  for (std::size_t k = 0; k < count; ++k) {
    const auto mu = prior.mean(k);
    const std::vector<double> r = measurement.residual(mu);                            // y - A mu_k
    const std::vector<double> solved = measurement.solve_shifted_gram(variance_, noise, r);  // G^{-1} r
    double quadratic = 0;
    for (std::size_t i = 0; i < r.size(); ++i) quadratic += r[i] * solved[i];
    log_terms[k] = std::log(prior.weights()[k]) - 0.5 * quadratic;
    const std::vector<double> shift = measurement.apply_transpose(solved);
    for (std::size_t i = 0; i < d; ++i) means_[k * d + i] = mu[i] + variance_ * shift[i];
  }
  const double lse = detail::log_sum_exp(log_terms);
  weights_.resize(count);
  for (std::size_t k = 0; k < count; ++k) weights_[k] = std::exp(log_terms[k] - lse);
}

std::span<const double> GaussianMixturePosterior::mean(std::size_t k) const {
  if (k >= weights_.size()) throw std::invalid_argument(fmt::format("gaussian mixture posterior: no component {}", k));
  const auto d = static_cast<std::size_t>(d_);
  return std::span<const double>(means_).subspan(k * d, d);
}

std::vector<double> GaussianMixturePosterior::overall_mean() const {
  const auto d = static_cast<std::size_t>(d_);
  std::vector<double> result(d, 0.0);
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    for (std::size_t i = 0; i < d; ++i) result[i] += weights_[k] * means_[k * d + i];
  }
  return result;
}

std::vector<double> GaussianMixturePosterior::component_covariance() const {
  const auto d = static_cast<std::size_t>(d_);
  const auto m = static_cast<std::size_t>(measurement_.m());
  const double noise = measurement_.sigma_y() * measurement_.sigma_y();
  const std::vector<double>& a = measurement_.matrix();
  std::vector<double> result(d * d, 0.0);
  std::vector<double> column(m);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::size_t i = 0; i < m; ++i) column[i] = a[i * d + j];  // A e_j
    const std::vector<double> solved = measurement_.solve_shifted_gram(variance_, noise, column);
    const std::vector<double> back = measurement_.apply_transpose(solved);  // A^T G^{-1} A e_j
    for (std::size_t i = 0; i < d; ++i) result[i * d + j] = (i == j ? variance_ : 0.0) - variance_ * variance_ * back[i];
  }
  return result;
}

std::vector<double> GaussianMixturePosterior::sample(sampling::RandomSource& source) const {
  const std::size_t k = detail::pick_component(weights_, source);
  const auto d = static_cast<std::size_t>(d_);
  const auto m = static_cast<std::size_t>(measurement_.m());
  std::vector<double> x(d);
  sampling::fill_standard_normals(source, x);
  // Matheron's rule x + v A^T G^{-1}(y - A x - sigma_y xi) with x = mu_k + sqrt(v) z, regrouped with
  // the precomputed mu~_k = mu_k + v A^T G^{-1}(y - A mu_k):
  //   = mu~_k + sqrt(v) z - v A^T G^{-1} (A sqrt(v) z + sigma_y xi).
  std::vector<double> xi(m);
  sampling::fill_standard_normals(source, xi);
  const double scale = std::sqrt(variance_);
  for (std::size_t i = 0; i < d; ++i) x[i] *= scale;  // sqrt(v) z
  std::vector<double> pseudo = measurement_.apply(x);   // A sqrt(v) z
  for (std::size_t i = 0; i < m; ++i) pseudo[i] += measurement_.sigma_y() * xi[i];
  const std::vector<double> solved =
      measurement_.solve_shifted_gram(variance_, measurement_.sigma_y() * measurement_.sigma_y(), pseudo);
  const std::vector<double> shift = measurement_.apply_transpose(solved);
  const auto mu = mean(k);
  for (std::size_t i = 0; i < d; ++i) x[i] = mu[i] + x[i] - variance_ * shift[i];
  return x;
}

std::vector<double> GaussianMixturePosterior::log_responsibility_terms(std::span<const double> x) const {
  require_size(x.size(), d_, "x");
  const auto d = static_cast<std::size_t>(d_);
  const double noise = measurement_.sigma_y() * measurement_.sigma_y();
  std::vector<double> terms(weights_.size());
  std::vector<double> diff(d);
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    const auto mu = mean(k);
    for (std::size_t i = 0; i < d; ++i) diff[i] = x[i] - mu[i];
    const std::vector<double> projected = measurement_.apply(diff);
    double along = 0;
    for (double value : projected) along += value * value;
    double total = 0;
    for (double value : diff) total += value * value;
    // Sigma~^{-1} = I/v + A^T A / sigma_y^2.
    terms[k] = std::log(weights_[k]) - 0.5 * (total / variance_ + along / noise);
  }
  return terms;
}

std::size_t GaussianMixturePosterior::most_responsible_component(std::span<const double> x) const {
  const std::vector<double> terms = log_responsibility_terms(x);
  return static_cast<std::size_t>(std::max_element(terms.begin(), terms.end()) - terms.begin());
}

}  // namespace dpsi::peers
