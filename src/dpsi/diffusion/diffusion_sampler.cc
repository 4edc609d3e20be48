// The F.2 exponential-integrator sampler (see diffusion_sampler.h).
#include "dpsi/diffusion/diffusion_sampler.h"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "dpsi/fault/fault_point.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::diffusion {

DiffusionSampler::DiffusionSampler(const SmoothedScore& score, TimeGrid grid) : score_(score), grid_(std::move(grid)) {
  score_sigmas_.reserve(grid_.steps());
  for (std::size_t k = 0; k < grid_.steps(); ++k) score_sigmas_.push_back(std::sqrt(std::expm1(2 * grid_.remaining()[k])));
}

posterior::PriorDraw DiffusionSampler::draw(sampling::RandomSource& source) const {
  posterior::PriorDraw result;
  result.x = std::move(draw_batch(1, source).front());
  return result;
}

std::vector<std::vector<double>> DiffusionSampler::draw_batch(std::size_t count, sampling::RandomSource& source) const {
  if (count == 0) throw std::invalid_argument("draw_batch: count must be >= 1");
  const auto d = static_cast<std::size_t>(score_.dimension());
  const std::size_t steps = grid_.steps();
  // Each output's own engine, seeded by one word of `source` (see the header).
  std::vector<sampling::RandomSource> engines;
  engines.reserve(count);
  for (std::size_t r = 0; r < count; ++r) engines.emplace_back(source.word());
  std::vector<double> y(count * d);
  for (std::size_t r = 0; r < count; ++r) {
    sampling::fill_standard_normals(engines[r], std::span<double>(y).subspan(r * d, d));
  }
  std::vector<double> xi(d);
  std::vector<double> scaled(count * d);
  std::vector<double> scores(count * d);
  const std::vector<double>& remaining = grid_.remaining();
  for (std::size_t k = 0; k < steps; ++k) {
    const double r_k = remaining[k];
    const double h = grid_.step(k);
    const double growth = std::exp(r_k);  // e^{r_k}: s_hat^OU_r(y) = e^r s_hat_sigma(e^r y)
    for (std::size_t i = 0; i < y.size(); ++i) scaled[i] = growth * y[i];
    score_.evaluate(score_sigmas_[k], scaled, count, scores);
    const double decay = std::exp(h);
    double drift = 2 * std::expm1(h) * growth;
    if (DPSI_FAULT("diffusion.drift-step-1pct")) drift = 2 * std::expm1(1.01 * h) * growth;  // score term's step 1% long
    const double diffusion = std::sqrt(std::expm1(2 * h));
    // The fault draws one noise vector per step for the whole batch (from the first output's engine).
    const bool shared_noise = DPSI_FAULT("diffusion.step-noise-shared-by-batch");
    if (shared_noise) sampling::fill_standard_normals(engines[0], xi);
    for (std::size_t r = 0; r < count; ++r) {
      if (!shared_noise) sampling::fill_standard_normals(engines[r], xi);
      for (std::size_t i = 0; i < d; ++i) {
        const std::size_t at = r * d + i;
        y[at] = decay * y[at] + drift * scores[at] + diffusion * xi[i];
      }
    }
  }
  const double output_scale = std::exp(grid_.early_stop());
  std::vector<std::vector<double>> outputs(count, std::vector<double>(d));
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t i = 0; i < d; ++i) outputs[r][i] = output_scale * y[r * d + i];
  }
  return outputs;
}

}  // namespace dpsi::diffusion
