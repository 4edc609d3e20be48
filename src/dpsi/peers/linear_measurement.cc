// The linear inverse problem (see linear_measurement.h).
#include "dpsi/peers/linear_measurement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::peers {

LinearMeasurement::LinearMeasurement(int m, int d, std::vector<double> matrix, std::vector<double> y, double sigma_y)
    : m_(m), d_(d), matrix_(std::move(matrix)), y_(std::move(y)), sigma_y_(sigma_y) {
  if (m < 1 || m > 256 || d < 1) throw std::invalid_argument(fmt::format("measurement: need 1 <= m <= 256 and d >= 1, got m = {}, d = {}", m, d));
  const auto mu = static_cast<std::size_t>(m);
  const auto du = static_cast<std::size_t>(d);
  if (matrix_.size() != mu * du) throw std::invalid_argument(fmt::format("measurement: A needs {} entries, got {}", mu * du, matrix_.size()));
  if (y_.size() != mu) throw std::invalid_argument(fmt::format("measurement: y needs {} entries, got {}", m, y_.size()));
  for (double value : matrix_) if (!std::isfinite(value)) throw std::invalid_argument("measurement: A has a non-finite entry");
  for (double value : y_) if (!std::isfinite(value)) throw std::invalid_argument("measurement: y has a non-finite entry");
  if (!std::isfinite(sigma_y) || !(sigma_y > 0)) throw std::invalid_argument(fmt::format("measurement: sigma_y = {} is not positive", sigma_y));
  gram_.assign(mu * mu, 0.0);
  for (std::size_t i = 0; i < mu; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < du; ++k) sum += matrix_[i * du + k] * matrix_[j * du + k];
      gram_[i * mu + j] = gram_[j * mu + i] = sum;
    }
  }
}

LinearMeasurement LinearMeasurement::coordinate_selection(int n, int m, std::vector<double> y, double sigma_y) {
  if (n < 0 || m < 1) throw std::invalid_argument(fmt::format("measurement: need n >= 0, m >= 1, got n = {}, m = {}", n, m));
  const auto d = static_cast<std::size_t>(n + m);
  std::vector<double> matrix(static_cast<std::size_t>(m) * d, 0.0);
  for (std::size_t i = 0; i < static_cast<std::size_t>(m); ++i) matrix[i * d + static_cast<std::size_t>(n) + i] = 1.0;
  return LinearMeasurement(m, n + m, std::move(matrix), std::move(y), sigma_y);
}

std::vector<double> LinearMeasurement::apply(std::span<const double> x) const {
  const auto du = static_cast<std::size_t>(d_);
  if (x.size() != du) throw std::invalid_argument(fmt::format("measurement: x needs {} entries, got {}", d_, x.size()));
  std::vector<double> result(static_cast<std::size_t>(m_), 0.0);
  for (std::size_t i = 0; i < result.size(); ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < du; ++k) sum += matrix_[i * du + k] * x[k];
    result[i] = sum;
  }
  return result;
}

std::vector<double> LinearMeasurement::apply_transpose(std::span<const double> r) const {
  const auto du = static_cast<std::size_t>(d_);
  if (r.size() != static_cast<std::size_t>(m_)) throw std::invalid_argument(fmt::format("measurement: r needs {} entries, got {}", m_, r.size()));
  std::vector<double> result(du, 0.0);
  for (std::size_t i = 0; i < r.size(); ++i) {
    for (std::size_t k = 0; k < du; ++k) result[k] += matrix_[i * du + k] * r[i];
  }
  return result;
}

std::vector<double> LinearMeasurement::residual(std::span<const double> x) const {
  std::vector<double> result = apply(x);
  for (std::size_t i = 0; i < result.size(); ++i) result[i] = y_[i] - result[i];
  return result;
}

std::vector<double> LinearMeasurement::solve_shifted_gram(double c, double s, std::span<const double> r) const {
  const auto mu = static_cast<std::size_t>(m_);
  if (r.size() != mu) throw std::invalid_argument(fmt::format("measurement: r needs {} entries, got {}", m_, r.size()));
  if (!(c >= 0) || !(s > 0) || !std::isfinite(c) || !std::isfinite(s)) {
    throw std::invalid_argument(fmt::format("measurement: shifted Gram solve needs c >= 0, s > 0, got c = {}, s = {}", c, s));
  }
  // Cholesky L L^T of c G + s I (positive definite since G is semidefinite), then two triangular solves.
  std::vector<double> lower(mu * mu, 0.0);
  for (std::size_t i = 0; i < mu; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = c * gram_[i * mu + j] + (i == j ? s : 0.0);
      for (std::size_t k = 0; k < j; ++k) sum -= lower[i * mu + k] * lower[j * mu + k];
      if (i == j) {
        lower[i * mu + i] = std::sqrt(std::max(sum, s));
      } else {
        lower[i * mu + j] = sum / lower[j * mu + j];
      }
    }
  }
  std::vector<double> result(r.begin(), r.end());
  for (std::size_t i = 0; i < mu; ++i) {
    for (std::size_t k = 0; k < i; ++k) result[i] -= lower[i * mu + k] * result[k];
    result[i] /= lower[i * mu + i];
  }
  for (std::size_t i = mu; i-- > 0;) {
    for (std::size_t k = i + 1; k < mu; ++k) result[i] -= lower[k * mu + i] * result[k];
    result[i] /= lower[i * mu + i];
  }
  return result;
}

}  // namespace dpsi::peers
