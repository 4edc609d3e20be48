// The common score interface (see diffusion_prior.h).
#include "dpsi/peers/diffusion_prior.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::peers {

namespace {
void require_sizes(const DiffusionPrior& prior, std::size_t a, std::size_t b, std::string_view what) {
  const auto d = static_cast<std::size_t>(prior.dimension());
  if (a != d || b != d) {
    throw std::invalid_argument(fmt::format("{}: prior '{}' has d = {}, got vectors of {} and {} entries", what,
                                            prior.name(), d, a, b));
  }
}
}  // namespace

void DiffusionPrior::hessian_vector(double sigma, std::span<const double> x, std::span<const double> u,
                                   std::span<double> out) const {
  require_sizes(*this, x.size(), u.size(), "hessian_vector");
  require_sizes(*this, out.size(), u.size(), "hessian_vector");
  double u_max = 1.0;
  for (double value : u) u_max = std::max(u_max, std::abs(value));
  const double h = kDifferenceStep * sigma / u_max;
  const std::size_t d = x.size();
  std::vector<double> shifted(d);
  std::vector<double> upper(d);
  std::vector<double> lower(d);
  for (std::size_t i = 0; i < d; ++i) shifted[i] = x[i] + h * u[i];
  score(sigma, shifted, upper);
  for (std::size_t i = 0; i < d; ++i) shifted[i] = x[i] - h * u[i];
  score(sigma, shifted, lower);
  for (std::size_t i = 0; i < d; ++i) out[i] = (upper[i] - lower[i]) / (2 * h);
}

std::vector<double> tweedie_mean(const DiffusionPrior& prior, double sigma, std::span<const double> z) {
  require_sizes(prior, z.size(), z.size(), "tweedie_mean");
  std::vector<double> result(z.size());
  prior.score(sigma, z, result);
  const double variance = sigma * sigma;
  for (std::size_t i = 0; i < z.size(); ++i) result[i] = z[i] + variance * result[i];
  return result;
}

std::vector<double> tweedie_jacobian_transpose(const DiffusionPrior& prior, double sigma, std::span<const double> z,
                                               std::span<const double> u) {
  require_sizes(prior, z.size(), u.size(), "tweedie_jacobian_transpose");
  std::vector<double> result(z.size());
  prior.hessian_vector(sigma, z, u, result);
  const double variance = sigma * sigma;
  for (std::size_t i = 0; i < z.size(); ++i) result[i] = u[i] + variance * result[i];
  return result;
}

}  // namespace dpsi::peers
