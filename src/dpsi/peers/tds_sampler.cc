// TDS (see tds_sampler.h).
#include "dpsi/peers/tds_sampler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"
#include "dpsi/peers/ddim_transition.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::peers {

namespace {

constexpr std::size_t kMaxParticles = std::size_t{1} << 20;

TdsOptions validated(const TdsOptions& options) {
  const std::size_t steps = VpSchedule::defaults().steps();
  if (options.steps < 1 || options.steps > steps) {
    throw std::invalid_argument(fmt::format("--tds-steps must be in [1, {}], got {}", steps, options.steps));
  }
  if (options.particles < 1 || options.particles > kMaxParticles) {
    throw std::invalid_argument(
        fmt::format("--tds-particles must be >= 1 and <= {}, got {}", kMaxParticles, options.particles));
  }
  return options;
}

// log N(y; mean, variance I_m) from the residual y - mean.
double log_isotropic_normal(std::span<const double> residual, double variance) {
  double squared = 0;
  for (double value : residual) squared += value * value;
  return -0.5 * squared / variance -
         0.5 * static_cast<double>(residual.size()) * std::log(2 * std::numbers::pi * variance);
}

double log_sum_exp_shift(std::span<const double> log_weights) {
  double top = -std::numeric_limits<double>::infinity();
  for (double value : log_weights) top = std::max(top, value);
  return top;
}

// The per-particle state at the current timestep: the particle, its Tweedie mean, the twisted mean
// and the log twist, each K blocks of d (or K) numbers.
struct Particles {
  std::vector<double> x;
  std::vector<double> x0hat;
  std::vector<double> twisted;
  std::vector<double> log_twist;
};

}  // namespace

namespace detail {

double relative_effective_sample_size(std::span<const double> log_weights) {
  const double top = log_sum_exp_shift(log_weights);
  if (!std::isfinite(top)) return 0.0;
  double sum = 0;
  double squares = 0;
  for (double value : log_weights) {
    const double weight = std::exp(value - top);
    sum += weight;
    squares += weight * weight;
  }
  return sum * sum / (squares * static_cast<double>(log_weights.size()));
}

std::vector<std::size_t> systematic_resample(std::span<const double> log_weights, sampling::RandomSource& source) {
  if (log_weights.empty()) throw std::invalid_argument("systematic resampling: no particles");
  const double top = log_sum_exp_shift(log_weights);
  if (!std::isfinite(top)) throw std::invalid_argument("systematic resampling: no finite log-weight");
  const std::size_t count = log_weights.size();
  std::vector<double> cumulative(count);
  double total = 0;
  for (std::size_t j = 0; j < count; ++j) {
    total += std::exp(log_weights[j] - top);
    cumulative[j] = total;
  }
  const double offset = uniform_unit(source);
  std::vector<std::size_t> ancestors(count);
  std::size_t j = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double position = (offset + static_cast<double>(k)) / static_cast<double>(count) * total;
    while (j + 1 < count && cumulative[j] <= position) ++j;
    ancestors[k] = j;
  }
  return ancestors;
}

}  // namespace detail

TdsSampler::TdsSampler(const TdsOptions& options)
    : options_(validated(options)),
      schedule_(VpSchedule::defaults()),
      timesteps_(schedule_.descending_steps(options_.steps)) {}

PeerDraw TdsSampler::sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                            sampling::RandomSource& source) const {
  detail::require_matching_dimensions(prior, measurement, name());
  const auto d = static_cast<std::size_t>(prior.dimension());
  const std::size_t count = options_.particles;
  const double noise_variance = measurement.sigma_y() * measurement.sigma_y();
  PeerDraw draw;

  // Scratch buffers of evaluate(): the particle's per-step work allocates nothing (K * steps calls).
  const auto m = static_cast<std::size_t>(measurement.m());
  const std::vector<double>& matrix = measurement.matrix();
  const std::vector<double>& y = measurement.y();
  std::vector<double> z(d);
  std::vector<double> score(d);
  std::vector<double> residual(m);
  std::vector<double> pulled(d);
  std::vector<double> curvature(d);
  // Fills x0hat, twisted and log_twist of particle k at timestep t from its x (tweedie_mean and
  // tweedie_jacobian_transpose of diffusion_prior.h, written out on the scratch buffers).
  const auto evaluate = [&](Particles& particles, std::size_t k, std::size_t t) {
    const double a_t = schedule_.a(t);
    const double sigma_t = schedule_.sigma(t);
    const double ve_variance = sigma_t * sigma_t;
    const double twist_variance = noise_variance + ve_variance;
    double* x0hat = particles.x0hat.data() + k * d;
    const double* x = particles.x.data() + k * d;
    for (std::size_t i = 0; i < d; ++i) z[i] = x[i] / a_t;
    prior.score(sigma_t, z, score);
    for (std::size_t i = 0; i < d; ++i) x0hat[i] = z[i] + ve_variance * score[i];
    for (std::size_t row = 0; row < m; ++row) {
      double fitted = 0;
      for (std::size_t i = 0; i < d; ++i) fitted += matrix[row * d + i] * x0hat[i];
      residual[row] = y[row] - fitted;
    }
    particles.log_twist[k] = log_isotropic_normal(residual, twist_variance);
    std::fill(pulled.begin(), pulled.end(), 0.0);
    for (std::size_t row = 0; row < m; ++row) {
      const double weight = residual[row] / twist_variance;
      for (std::size_t i = 0; i < d; ++i) pulled[i] += matrix[row * d + i] * weight;
    }
    prior.hessian_vector(sigma_t, z, pulled, curvature);
    draw.score_calls += 3;
    double* twisted = particles.twisted.data() + k * d;
    // x0hat + sigma_t^2 J_z^T A^T r / (sigma_y^2 + sigma_t^2),  J_z^T u = u + sigma_t^2 H u.
    for (std::size_t i = 0; i < d; ++i) twisted[i] = x0hat[i] + ve_variance * (pulled[i] + ve_variance * curvature[i]);
  };

  Particles current{std::vector<double>(count * d), std::vector<double>(count * d), std::vector<double>(count * d),
                    std::vector<double>(count)};
  Particles resampled = current;
  sampling::fill_standard_normals(source, current.x);
  for (std::size_t k = 0; k < count; ++k) evaluate(current, k, timesteps_.front());
  std::vector<double> log_weights = current.log_twist;  // the proposal of x_N is the model's N(0, I)

  std::vector<double> noise(d);
  for (std::size_t step_index = 0; step_index < timesteps_.size(); ++step_index) {
    const std::size_t t = timesteps_[step_index];
    const std::size_t s = step_index + 1 < timesteps_.size() ? timesteps_[step_index + 1] : 0;
    draw.min_relative_ess = std::min(draw.min_relative_ess, detail::relative_effective_sample_size(log_weights));
    const std::vector<std::size_t> ancestors = detail::systematic_resample(log_weights, source);
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t j = ancestors[k];
      std::copy_n(current.x.begin() + static_cast<std::ptrdiff_t>(j * d), d, resampled.x.begin() + static_cast<std::ptrdiff_t>(k * d));
      std::copy_n(current.x0hat.begin() + static_cast<std::ptrdiff_t>(j * d), d, resampled.x0hat.begin() + static_cast<std::ptrdiff_t>(k * d));
      std::copy_n(current.twisted.begin() + static_cast<std::ptrdiff_t>(j * d), d, resampled.twisted.begin() + static_cast<std::ptrdiff_t>(k * d));
      resampled.log_twist[k] = current.log_twist[j];
    }
    std::swap(current, resampled);

    if (s == 0) {
      // The model's last step is x_0 = x0hat(x_1); the exact likelihood replaces the twist.
      for (std::size_t k = 0; k < count; ++k) {
        const std::span<const double> x0(current.x0hat.data() + k * d, d);
        log_weights[k] = log_isotropic_normal(measurement.residual(x0), noise_variance) - current.log_twist[k];
      }
      break;
    }
    const DdimTransition transition = ddim_transition(schedule_, t, s, 1.0);
    const double variance = transition.stddev * transition.stddev;
    for (std::size_t k = 0; k < count; ++k) {
      sampling::fill_standard_normals(source, noise);
      double from_model = 0;     // ||x_s - model mean||^2
      double from_proposal = 0;  // ||x_s - proposal mean||^2
      for (std::size_t i = 0; i < d; ++i) {
        const std::size_t at = k * d + i;
        const double state = transition.state_coefficient * current.x[at];
        const double model_mean = transition.x0hat_coefficient * current.x0hat[at] + state;
        const double proposal_mean = transition.x0hat_coefficient * current.twisted[at] + state;
        const double next = proposal_mean + transition.stddev * noise[i];
        from_model += (next - model_mean) * (next - model_mean);
        from_proposal += (next - proposal_mean) * (next - proposal_mean);
        current.x[at] = next;
      }
      const double previous_twist = current.log_twist[k];
      evaluate(current, k, s);
      log_weights[k] = (from_proposal - from_model) / (2 * variance) + current.log_twist[k] - previous_twist;
      // The resampling weight without the twist ratio: the particles are no longer pulled towards y.
      if (DPSI_FAULT("peers.tds-weights-drop-twist")) log_weights[k] = (from_proposal - from_model) / (2 * variance);
    }
  }
  draw.min_relative_ess = std::min(draw.min_relative_ess, detail::relative_effective_sample_size(log_weights));

  // One particle by its final weight.
  const double top = log_sum_exp_shift(log_weights);
  if (!std::isfinite(top)) throw std::runtime_error("tds: every final weight is zero");
  double total = 0;
  for (double value : log_weights) total += std::exp(value - top);
  const double target = detail::uniform_unit(source) * total;
  std::size_t chosen = count - 1;
  double cumulative = 0;
  for (std::size_t k = 0; k < count; ++k) {
    cumulative += std::exp(log_weights[k] - top);
    if (target < cumulative) {
      chosen = k;
      break;
    }
  }
  draw.x.assign(current.x0hat.begin() + static_cast<std::ptrdiff_t>(chosen * d),
                current.x0hat.begin() + static_cast<std::ptrdiff_t>((chosen + 1) * d));
  return draw;
}

}  // namespace dpsi::peers
