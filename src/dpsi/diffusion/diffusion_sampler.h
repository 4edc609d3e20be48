// File: dpsi/diffusion/diffusion_sampler.h
// The exponential-integrator sampler of spec F.2: from Y_0 ~ N(0, I_d),
//   Y_{k+1} = e^{h_k} Y_k + 2 (e^{h_k} - 1) s_hat^OU_{r_k}(Y_k) + sqrt(e^{2 h_k} - 1) xi_k,   xi_k ~ N(0, I_d),
//   s_hat^OU_r(y) = e^r s_hat_{sigma_r}(e^r y),  sigma_r^2 = e^{2r} - 1   (F.1),
// r_k = T - t_k the remaining times of the TimeGrid, and the output X_hat = e^{t_min} Y_N, which
// targets g~_{sigma_min}, sigma_min^2 = e^{2 t_min} - 1 (close to g~: F.2's blur term).
// e^h - 1, e^{2h} - 1 and sigma_r^2 are computed with expm1 (h and r go down to 1e-10).
//
// Randomness (fixed, so a seed reproduces every output): for each output in order, one word w of the
// source seeds the output's own std::mt19937_64 (RandomSource(w)); from it come, by fill_standard_normals,
// d standard normals for Y_0 and then d for each step xi_0, ..., xi_{N-1} (d odd discards one normal per
// call). So draw_batch(K) consumes exactly K words, as K calls of draw() do, and returns the same outputs
// bit for bit: the scores of a batch are evaluated row by row identically (SmoothedScore's contract),
// only in one call per step. Memory: one engine (2.5 kB) and 3 d doubles per output of a batch.
// The sampler keeps no state besides the score and grid; draw() and draw_batch() are const and
// thread-safe if the score is (both implementations are).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dpsi/diffusion/schedule.h"
#include "dpsi/diffusion/smoothed_score.h"
#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::diffusion {

class DiffusionSampler final : public posterior::PriorSampler {
 public:
  // The score must outlive the sampler.
  DiffusionSampler(const SmoothedScore& score, TimeGrid grid);

  std::string_view name() const override { return "diffusion"; }
  posterior::PriorDraw draw(sampling::RandomSource& source) const override;  // latent_seed empty
  // `count` outputs (each d coordinates), scores evaluated in one batch per step; count >= 1.
  std::vector<std::vector<double>> draw_batch(std::size_t count, sampling::RandomSource& source) const;

  const TimeGrid& grid() const { return grid_; }
  const SmoothedScore& score() const { return score_; }
  // sigma_r = sqrt(e^{2 r} - 1) of the score evaluated at step k (r = r_k).
  double score_sigma(std::size_t k) const { return score_sigmas_[k]; }

 private:
  const SmoothedScore& score_;
  TimeGrid grid_;
  std::vector<double> score_sigmas_;
};

}  // namespace dpsi::diffusion
