// DPS (see dps_sampler.h).
#include "dpsi/peers/dps_sampler.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "dpsi/peers/ddim_transition.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace {
DpsOptions validated(const DpsOptions& options) {
  const std::size_t steps = VpSchedule::defaults().steps();
  if (options.steps < 1 || options.steps > steps) {
    throw std::invalid_argument(fmt::format("--dps-steps must be in [1, {}], got {}", steps, options.steps));
  }
  if (!std::isfinite(options.scale) || !(options.scale > 0)) {
    throw std::invalid_argument(fmt::format("--dps-scale must be positive and finite, got {}", options.scale));
  }
  return options;
}
}  // namespace

DpsSampler::DpsSampler(const DpsOptions& options)
    : options_(validated(options)),
      schedule_(VpSchedule::defaults()),
      timesteps_(schedule_.descending_steps(options_.steps)) {}

PeerDraw DpsSampler::sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                            sampling::RandomSource& source) const {
  detail::require_matching_dimensions(prior, measurement, name());
  const auto d = static_cast<std::size_t>(prior.dimension());
  PeerDraw draw;
  std::vector<double> x(d);
  sampling::fill_standard_normals(source, x);
  std::vector<double> z(d);
  std::vector<double> noise(d);
  for (std::size_t k = 0; k < timesteps_.size(); ++k) {
    const std::size_t t = timesteps_[k];
    const std::size_t s = k + 1 < timesteps_.size() ? timesteps_[k + 1] : 0;
    const double a_t = schedule_.a(t);
    const double sigma_t = schedule_.sigma(t);
    for (std::size_t i = 0; i < d; ++i) z[i] = x[i] / a_t;
    const std::vector<double> x0hat = tweedie_mean(prior, sigma_t, z);
    draw.score_calls += 1;
    const std::vector<double> residual = measurement.residual(x0hat);
    double residual_norm = 0;
    for (double value : residual) residual_norm += value * value;
    residual_norm = std::sqrt(residual_norm);

    const DdimTransition step = ddim_transition(schedule_, t, s, 1.0);
    if (step.stddev > 0) sampling::fill_standard_normals(source, noise);
    for (std::size_t i = 0; i < d; ++i) {
      x[i] = step.x0hat_coefficient * x0hat[i] + step.state_coefficient * x[i] + (step.stddev > 0 ? step.stddev * noise[i] : 0.0);
    }
    if (residual_norm > 0) {
      std::vector<double> direction = measurement.apply_transpose(residual);
      for (double& value : direction) value /= residual_norm;
      const std::vector<double> guidance = tweedie_jacobian_transpose(prior, sigma_t, z, direction);
      draw.score_calls += 2;
      for (std::size_t i = 0; i < d; ++i) x[i] += options_.scale * guidance[i] / a_t;
    }
  }
  draw.x = std::move(x);
  return draw;
}

}  // namespace dpsi::peers
