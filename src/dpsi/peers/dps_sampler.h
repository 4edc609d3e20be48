// File: dpsi/peers/dps_sampler.h
// DPS, Chung et al. ICLR 2023 (arXiv:2209.14687), as the official code runs it
// (DPS2022/diffusion-posterior-sampling, condition_methods.py PosteriorSampling), in the units of
// diffusion_prior.h / vp_schedule.h. On the chosen timesteps N = t_1 > ... > t_n = 1 (then 0):
//   z = x_t / a_t,  x0hat = z + sigma_t^2 s_{sigma_t}(z)                        (Tweedie, VE units)
//   x' = DDPM posterior step t -> s from x0hat (DDIM with eta = 1, "fixed small" variance)
//   x_s = x' - scale grad_{x_t} ||y - A x0hat(x_t)||_2
//       = x' + scale J^T A^T r / ||r||,   r = y - A x0hat,  J = d x0hat / d x_t = (I + sigma_t^2 H) / a_t,
// with x_N ~ N(0, I). The norm is the unsquared one of the code (the paper's zeta_i = zeta'/||r|| on
// the squared norm is the same step up to a factor 2); sigma_y never enters; with r = 0 the guidance
// step is 0. The last step (t_n = 1 -> 0) is deterministic: x_0 = x0hat(x_1) + scale J^T A^T r/||r||,
// exactly what the official loop returns. No clipping of x0hat (the code's clip_denoised is an image
// prior; the hard instance is not an image).
//
// Not a consistent posterior sampler: the normalized step moves every iterate by scale |J^T A^T u|
// (u a unit vector) whatever the residual, so near t = 0 the output oscillates around the set
// {A x = y} with amplitude ~ scale |A| instead of having the posterior spread (see the tests).
// Cost per step: 1 score + 1 Hessian-vector product (3 score calls).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dpsi/peers/peer_sampler.h"
#include "dpsi/peers/vp_schedule.h"

namespace dpsi::peers {

class DpsSampler final : public PeerSampler {
 public:
  // Throws std::invalid_argument unless 1 <= steps <= 1000 ("--dps-steps") and scale > 0 is finite
  // ("--dps-scale").
  explicit DpsSampler(const DpsOptions& options);
  std::string_view name() const override { return "dps"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override;

 private:
  DpsOptions options_;
  VpSchedule schedule_;
  std::vector<std::size_t> timesteps_;  // descending, N .. 1
};

}  // namespace dpsi::peers
