// Annealed Langevin (see langevin_sampler.h).
#include "dpsi/peers/langevin_sampler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace {

constexpr std::size_t kMaxCount = 1000000;

LangevinOptions validated(const LangevinOptions& options) {
  if (!std::isfinite(options.sigma_last) || !(options.sigma_last > 0)) {
    throw std::invalid_argument(fmt::format("--langevin-sigma-last must be positive and finite, got {}", options.sigma_last));
  }
  if (!std::isfinite(options.sigma_first) || !(options.sigma_first >= options.sigma_last)) {
    throw std::invalid_argument(fmt::format("--langevin-sigma-first must be finite and >= --langevin-sigma-last = {}, got {}",
                                            options.sigma_last, options.sigma_first));
  }
  if (options.levels < 1 || options.levels > kMaxCount) {
    throw std::invalid_argument(fmt::format("--langevin-levels must be in [1, {}], got {}", kMaxCount, options.levels));
  }
  if (options.steps_per_level < 1 || options.steps_per_level > kMaxCount) {
    throw std::invalid_argument(
        fmt::format("--langevin-steps-per-level must be in [1, {}], got {}", kMaxCount, options.steps_per_level));
  }
  if (!std::isfinite(options.epsilon) || !(options.epsilon > 0)) {
    throw std::invalid_argument(fmt::format("--langevin-epsilon must be positive and finite, got {}", options.epsilon));
  }
  return options;
}

std::vector<double> geometric_levels(const LangevinOptions& options) {
  if (options.levels == 1) return {options.sigma_last};
  std::vector<double> sigmas(options.levels);
  const double log_ratio = std::log(options.sigma_last / options.sigma_first);
  const double last = static_cast<double>(options.levels - 1);
  for (std::size_t i = 0; i < options.levels; ++i) {
    sigmas[i] = options.sigma_first * std::exp(log_ratio * static_cast<double>(i) / last);
  }
  sigmas.back() = options.sigma_last;  // exact endpoints: eta_L = epsilon exactly
  return sigmas;
}

}  // namespace

LangevinSampler::LangevinSampler(const LangevinOptions& options)
    : options_(validated(options)), sigmas_(geometric_levels(options_)) {}

PeerDraw LangevinSampler::sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                                 sampling::RandomSource& source) const {
  detail::require_matching_dimensions(prior, measurement, name());
  const auto d = static_cast<std::size_t>(prior.dimension());
  const double noise_variance = measurement.sigma_y() * measurement.sigma_y();
  const double last_variance = sigmas_.back() * sigmas_.back();
  PeerDraw draw;
  std::vector<double> x(d);
  sampling::fill_standard_normals(source, x);
  for (double& value : x) value *= sigmas_.front();
  std::vector<double> score(d);
  std::vector<double> noise(d);
  const auto m = static_cast<std::size_t>(measurement.m());
  const std::vector<double>& matrix = measurement.matrix();
  const std::vector<double>& y = measurement.y();
  std::vector<double> residual(m);
  std::vector<double> pull(d);
  for (double sigma : sigmas_) {
    const double variance = sigma * sigma;
    const double step = options_.epsilon * variance / last_variance;
    const double noise_scale = std::sqrt(2 * step);
    const double likelihood_precision = 1 / (noise_variance + variance);
    for (std::size_t inner = 0; inner < options_.steps_per_level; ++inner) {
      prior.score(sigma, x, score);
      draw.score_calls += 1;
      // pull = A^T (y - A x), on scratch buffers (this loop runs L * steps_per_level times per draw).
      for (std::size_t row = 0; row < m; ++row) {
        double fitted = 0;
        for (std::size_t i = 0; i < d; ++i) fitted += matrix[row * d + i] * x[i];
        residual[row] = y[row] - fitted;
      }
      std::fill(pull.begin(), pull.end(), 0.0);
      for (std::size_t row = 0; row < m; ++row) {
        for (std::size_t i = 0; i < d; ++i) pull[i] += matrix[row * d + i] * residual[row];
      }
      sampling::fill_standard_normals(source, noise);
      for (std::size_t i = 0; i < d; ++i) {
        x[i] += step * (score[i] + likelihood_precision * pull[i]) + noise_scale * noise[i];
      }
    }
  }
  draw.x = std::move(x);
  return draw;
}

}  // namespace dpsi::peers
