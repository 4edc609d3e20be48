// Sliced Wasserstein-2 between point clouds (see sliced_wasserstein.h).
#include "dpsi/stats/sliced_wasserstein.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "dpsi/sampling/normal.h"

namespace dpsi::stats {

double wasserstein2_squared_sorted(std::span<const double> first, std::span<const double> second) {
  if (first.empty() || second.empty()) throw std::invalid_argument("wasserstein2: empty sample");
  const std::uint64_t n1 = first.size();
  const std::uint64_t n2 = second.size();
  // Quantile t in units of 1/(n1 n2): first's i-th value covers (i n2, (i+1) n2], second's j-th
  // covers (j n1, (j+1) n1].
  std::uint64_t i = 0, j = 0, position = 0;
  double sum = 0;
  while (i < n1 && j < n2) {
    const std::uint64_t end_first = (i + 1) * n2;
    const std::uint64_t end_second = (j + 1) * n1;
    const std::uint64_t end = std::min(end_first, end_second);
    const double diff = first[i] - second[j];
    sum += static_cast<double>(end - position) * diff * diff;
    position = end;
    if (end == end_first) ++i;
    if (end == end_second) ++j;
  }
  return sum / (static_cast<double>(n1) * static_cast<double>(n2));
}

double wasserstein2_squared_1d(std::span<const double> first, std::span<const double> second) {
  std::vector<double> a(first.begin(), first.end());
  std::vector<double> b(second.begin(), second.end());
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return wasserstein2_squared_sorted(a, b);
}

std::vector<double> random_direction(int d, sampling::RandomSource& source) {
  if (d < 1) throw std::invalid_argument(fmt::format("random_direction: need d >= 1, got {}", d));
  std::vector<double> theta(static_cast<std::size_t>(d));
  for (;;) {
    sampling::fill_standard_normals(source, theta);
    double norm = 0;
    for (double value : theta) norm += value * value;
    // The polar method never returns exactly 0 in practice; redraw rather than divide by zero.
    if (norm > 0) {
      norm = std::sqrt(norm);
      for (double& value : theta) value /= norm;
      return theta;
    }
  }
}

namespace {

void project_sorted(std::span<const double> cloud, std::span<const double> theta, std::vector<double>& out) {
  const std::size_t d = theta.size();
  const std::size_t n = cloud.size() / d;
  out.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    double sum = 0;
    const double* row = cloud.data() + p * d;
    for (std::size_t i = 0; i < d; ++i) sum += row[i] * theta[i];
    out[p] = sum;
  }
  std::sort(out.begin(), out.end());
}

void require_cloud(std::span<const double> cloud, int d, const char* what) {
  if (cloud.empty() || cloud.size() % static_cast<std::size_t>(d) != 0) {
    throw std::invalid_argument(fmt::format("sliced_wasserstein2: {} has {} entries, not a positive multiple of d = {}", what,
                                            cloud.size(), d));
  }
}

}  // namespace

std::vector<SlicedWasserstein> sliced_wasserstein2_many(std::span<const double> reference,
                                                        const std::vector<std::span<const double>>& clouds, int d,
                                                        std::size_t directions, sampling::RandomSource& source) {
  if (d < 1) throw std::invalid_argument(fmt::format("sliced_wasserstein2: need d >= 1, got {}", d));
  if (directions < 1) throw std::invalid_argument("sliced_wasserstein2: need at least one direction");
  require_cloud(reference, d, "the reference");
  for (const auto& cloud : clouds) require_cloud(cloud, d, "a cloud");
  const std::size_t count = clouds.size();
  std::vector<double> sums(count, 0.0);
  std::vector<double> sums_of_squares(count, 0.0);
  std::vector<double> projected_reference;
  std::vector<double> projected;
  for (std::size_t l = 0; l < directions; ++l) {
    const std::vector<double> theta = random_direction(d, source);
    project_sorted(reference, theta, projected_reference);
    for (std::size_t c = 0; c < count; ++c) {
      project_sorted(clouds[c], theta, projected);
      const double term = wasserstein2_squared_sorted(projected_reference, projected);
      sums[c] += term;
      sums_of_squares[c] += term * term;
    }
  }
  std::vector<SlicedWasserstein> results(count);
  const auto l = static_cast<double>(directions);
  for (std::size_t c = 0; c < count; ++c) {
    SlicedWasserstein& result = results[c];
    result.directions = directions;
    result.mean_square = sums[c] / l;
    result.distance = std::sqrt(result.mean_square);
    if (directions > 1) {
      const double variance = std::max(0.0, (sums_of_squares[c] - l * result.mean_square * result.mean_square) / (l - 1));
      result.mean_square_standard_error = std::sqrt(variance / l);
    }
  }
  return results;
}

SlicedWasserstein sliced_wasserstein2(std::span<const double> first, std::span<const double> second, int d,
                                      std::size_t directions, sampling::RandomSource& source) {
  return sliced_wasserstein2_many(first, {second}, d, directions, source).front();
}

}  // namespace dpsi::stats
