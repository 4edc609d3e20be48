// PiGDM (see pigdm_sampler.h).
#include "dpsi/peers/pigdm_sampler.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "dpsi/peers/ddim_transition.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace {
PigdmOptions validated(const PigdmOptions& options) {
  const std::size_t steps = VpSchedule::defaults().steps();
  if (options.steps < 1 || options.steps > steps) {
    throw std::invalid_argument(fmt::format("--pigdm-steps must be in [1, {}], got {}", steps, options.steps));
  }
  if (!(options.eta >= 0 && options.eta <= 1)) {
    throw std::invalid_argument(fmt::format("--pigdm-eta must be in [0, 1], got {}", options.eta));
  }
  if (!std::isfinite(options.weight) || !(options.weight >= 0)) {
    throw std::invalid_argument(fmt::format("--pigdm-weight must be finite and >= 0, got {}", options.weight));
  }
  if (!std::isfinite(options.data_variance) || !(options.data_variance > 0)) {
    throw std::invalid_argument(
        fmt::format("--pigdm-data-variance must be positive and finite, got {}", options.data_variance));
  }
  return options;
}
}  // namespace

PigdmSampler::PigdmSampler(const PigdmOptions& options)
    : options_(validated(options)),
      schedule_(VpSchedule::defaults()),
      timesteps_(schedule_.descending_steps(options_.steps)) {}

PeerDraw PigdmSampler::sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                              sampling::RandomSource& source) const {
  detail::require_matching_dimensions(prior, measurement, name());
  const auto d = static_cast<std::size_t>(prior.dimension());
  const double noise_variance = measurement.sigma_y() * measurement.sigma_y();
  const double data_variance = options_.data_variance;
  PeerDraw draw;
  std::vector<double> x(d);
  sampling::fill_standard_normals(source, x);
  std::vector<double> z(d);
  std::vector<double> noise(d);
  std::vector<double> guided(d);
  for (std::size_t k = 0; k < timesteps_.size(); ++k) {
    const std::size_t t = timesteps_[k];
    const std::size_t s = k + 1 < timesteps_.size() ? timesteps_[k + 1] : 0;
    const double a_t = schedule_.a(t);
    const double sigma_t = schedule_.sigma(t);
    const double ve_variance = sigma_t * sigma_t;
    for (std::size_t i = 0; i < d; ++i) z[i] = x[i] / a_t;
    const std::vector<double> x0hat = tweedie_mean(prior, sigma_t, z);
    draw.score_calls += 1;
    guided = x0hat;
    if (options_.weight > 0) {
      const double r2 = data_variance * ve_variance / (data_variance + ve_variance);
      const std::vector<double> u = measurement.solve_shifted_gram(r2, noise_variance, measurement.residual(x0hat));
      const std::vector<double> g = tweedie_jacobian_transpose(prior, sigma_t, z, measurement.apply_transpose(u));
      draw.score_calls += 2;
      for (std::size_t i = 0; i < d; ++i) guided[i] += options_.weight * ve_variance * g[i];
    }
    const DdimTransition step = ddim_transition(schedule_, t, s, options_.eta);
    if (step.stddev > 0) sampling::fill_standard_normals(source, noise);
    for (std::size_t i = 0; i < d; ++i) {
      x[i] = step.x0hat_coefficient * guided[i] + step.state_coefficient * x[i] + (step.stddev > 0 ? step.stddev * noise[i] : 0.0);
    }
  }
  // The step to s = 0 has x0hat_coefficient 1 and state_coefficient 0: x is the last x0hat'.
  draw.x = std::move(guided);
  return draw;
}

}  // namespace dpsi::peers
