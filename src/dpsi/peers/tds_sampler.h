// File: dpsi/peers/tds_sampler.h
// The Twisted Diffusion Sampler, Wu, Trippe, Naesseth, Blei, Cunningham NeurIPS 2023 (arXiv:2306.17775;
// code blt2114/twisted_diffusion_sampler feynman_kac_image_ddpm.py), a sequential Monte Carlo sampler
// of the posterior of the discretized model.
//
// Model. On the chosen timesteps N = t_1 > ... > t_n = 1 the unconditional chain is
//   x_N ~ N(0, I),  p(x_s | x_t) = N(mean(x_t, x0hat(x_t)), c^2 I)   (the DDPM step of ddim_transition.h),
//   x_0 = x0hat(x_1)                                               (the deterministic last step),
// and the target is its posterior p(x_0 | y) prop. to p(x_0) N(y; A x_0, sigma_y^2 I).
// Twist (the code's inpainting default, VE sigma_t):
//   log p~_t(y | x_t) = log N(y; A x0hat(x_t), (sigma_y^2 + sigma_t^2) I).
// Proposal: the same DDPM step from the twisted mean
//   x0hat_tw = x0hat + (v_t / a_t) grad_{x_t} log p~_t = x0hat + sigma_t^2 J_z^T A^T r / (sigma_y^2 + sigma_t^2),
//   (z = x_t / a_t, J_z = I + sigma_t^2 H, r = y - A x0hat; the VJP), with the unconditional variance c^2.
// Weights (Feynman-Kac template): initial log w = log p~_N(y | x_N); step t -> s
//   log w = log p(x_s | x_t) - log q(x_s | x_t) + log p~_s(y | x_s) - log p~_t(y | x_t);
// last step log w = log N(y; A x_0, sigma_y^2 I) - log p~_1(y | x_1). Systematic resampling before
// every proposal (ess_threshold null in the code); the output is ONE particle drawn by the final
// weights. Log-weights in float64, normalized with log-sum-exp.
//
// Exactness: for any twist the weighted particle system targets the discretized model's posterior, so
// the law of the output converges to p(x_0 | y) of that model as K -> infinity (bias O(1/K)); only the
// discretization (steps) and the score error remain. PeerDraw::min_relative_ess is the least
// ESS / K over the n + 1 weightings (ESS = (sum w)^2 / sum w^2).
// Cost per step: K (1 score + 1 Hessian-vector product) = 3K score calls; the last step reuses x0hat.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "dpsi/peers/peer_sampler.h"
#include "dpsi/peers/vp_schedule.h"

namespace dpsi::peers {

class TdsSampler final : public PeerSampler {
 public:
  // Throws std::invalid_argument unless 1 <= steps <= 1000 ("--tds-steps") and
  // 1 <= particles <= 2^20 ("--tds-particles").
  explicit TdsSampler(const TdsOptions& options);
  std::string_view name() const override { return "tds"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override;

 private:
  TdsOptions options_;
  VpSchedule schedule_;
  std::vector<std::size_t> timesteps_;  // descending, N .. 1
};

namespace detail {
// Systematic resampling (Carpenter, Clifford, Fearnhead 1999): with U uniform on [0, 1) from `source`,
// ancestor k is the index j with W_{j-1} <= (U + k) / K < W_j, W the cumulative normalized weights
// exp(log_weights - max). Each index j is selected floor(K w_j) or ceil(K w_j) times (unbiased).
// Throws std::invalid_argument for an empty vector or if no weight is finite.
std::vector<std::size_t> systematic_resample(std::span<const double> log_weights, sampling::RandomSource& source);
// (sum w)^2 / (K sum w^2) for w = exp(log_weights), in (0, 1].
double relative_effective_sample_size(std::span<const double> log_weights);
}  // namespace detail

}  // namespace dpsi::peers
