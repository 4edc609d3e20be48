// The MCGdiff Gaussian-mixture benchmark problem (see easy_instance.h).
#include "dpsi/peers/easy_instance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace detail {

std::vector<double> orthonormalize_columns(std::vector<double> matrix, int rows, int cols) {
  if (rows < 1 || cols < 1 || cols > rows || matrix.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols)) {
    throw std::invalid_argument(fmt::format("orthonormalize_columns: need rows >= cols >= 1 and rows*cols entries, got {} x {}", rows, cols));
  }
  const auto r = static_cast<std::size_t>(rows);
  const auto c = static_cast<std::size_t>(cols);
  auto at = [&](std::size_t i, std::size_t j) -> double& { return matrix[i * c + j]; };
  for (std::size_t j = 0; j < c; ++j) {
    double original = 0;
    for (std::size_t i = 0; i < r; ++i) original += at(i, j) * at(i, j);
    // Two passes of modified Gram-Schmidt ("twice is enough", Giraud et al. 2005).
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t q = 0; q < j; ++q) {
        double inner = 0;
        for (std::size_t i = 0; i < r; ++i) inner += at(i, q) * at(i, j);
        for (std::size_t i = 0; i < r; ++i) at(i, j) -= inner * at(i, q);
      }
    }
    double norm = 0;
    for (std::size_t i = 0; i < r; ++i) norm += at(i, j) * at(i, j);
    norm = std::sqrt(norm);
    if (!(norm > 1e-10 * std::sqrt(original))) {
      throw std::invalid_argument("orthonormalize_columns: the columns are linearly dependent");
    }
    for (std::size_t i = 0; i < r; ++i) at(i, j) /= norm;
  }
  return matrix;
}

}  // namespace detail

namespace {

double open_uniform(sampling::RandomSource& source) {
  return (static_cast<double>(source.word() >> 11) + 0.5) * 0x1.0p-53;
}

std::vector<double> normals(sampling::RandomSource& source, std::size_t count) {
  std::vector<double> values(count);
  sampling::fill_standard_normals(source, values);
  return values;
}

}  // namespace

GaussianMixturePrior easy_grid_prior(int d, std::vector<double> weights) {
  if (d < 2 || d % 2 != 0) throw std::invalid_argument(fmt::format("easy instance: d must be even and >= 2, got {}", d));
  const auto du = static_cast<std::size_t>(d);
  std::vector<double> means(static_cast<std::size_t>(kEasyComponents) * du);
  std::size_t k = 0;
  for (int i = -2; i <= 2; ++i) {
    for (int j = -2; j <= 2; ++j, ++k) {
      for (std::size_t p = 0; p < du; p += 2) {
        means[k * du + p] = kEasyGridSpacing * i;
        means[k * du + p + 1] = kEasyGridSpacing * j;
      }
    }
  }
  return GaussianMixturePrior(d, std::move(weights), std::move(means), 1.0);
}

EasyProblem make_easy_problem(int d, int d_y, std::uint64_t seed) {
  if (d < 2 || d > kEasyMaxDimension || d % 2 != 0) {
    throw std::invalid_argument(fmt::format("easy instance: d must be even with 2 <= d <= {}, got {}", kEasyMaxDimension, d));
  }
  if (d_y < 1 || d_y > std::min(d, kEasyMaxMeasurements)) {
    throw std::invalid_argument(fmt::format("easy instance: need 1 <= d_y <= min(d, {}), got d_y = {}", kEasyMaxMeasurements, d_y));
  }
  sampling::RandomSource source(seed);
  const auto du = static_cast<std::size_t>(d);
  const auto m = static_cast<std::size_t>(d_y);

  std::vector<double> weights = normals(source, kEasyComponents);
  for (double& w : weights) w *= w;
  GaussianMixturePrior prior = easy_grid_prior(d, std::move(weights));

  std::vector<double> left = detail::orthonormalize_columns(normals(source, m * m), d_y, d_y);
  std::vector<double> right = detail::orthonormalize_columns(normals(source, du * m), d, d_y);
  std::vector<double> singular(m);
  for (double& s : singular) s = open_uniform(source);
  std::sort(singular.begin(), singular.end(), std::greater<>());
  const double sigma_y = open_uniform(source) * singular.front();

  // A = U diag(s) V^T: A_{ij} = sum_q U_{iq} s_q V_{jq}.
  std::vector<double> matrix(m * du, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t q = 0; q < m; ++q) {
      const double factor = left[i * m + q] * singular[q];
      for (std::size_t j = 0; j < du; ++j) matrix[i * du + j] += factor * right[j * m + q];
    }
  }

  std::vector<double> x_star = prior.draw(source);
  std::vector<double> y(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < du; ++j) y[i] += matrix[i * du + j] * x_star[j];
  }
  const std::vector<double> xi = normals(source, m);
  for (std::size_t i = 0; i < m; ++i) y[i] += sigma_y * xi[i];

  LinearMeasurement measurement(d_y, d, std::move(matrix), std::move(y), sigma_y);
  return EasyProblem{d,           d_y,     seed, std::move(prior), std::move(measurement), std::move(x_star), std::move(left),
                     std::move(right), std::move(singular)};
}

}  // namespace dpsi::peers
