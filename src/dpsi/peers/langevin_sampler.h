// File: dpsi/peers/langevin_sampler.h
// Annealed Langevin dynamics for posteriors, Jalal, Arvinte, Daras, Price, Dimakis, Tamir NeurIPS 2021
// (arXiv:2108.01368; code utcsilab/csgm-mri-langevin main.py), in VE units:
//   sigma_i = sigma_first (sigma_last / sigma_first)^((i - 1) / (L - 1)),  i = 1..L  (geometric;
//             L = 1 uses sigma_last alone),
//   eta_i   = epsilon sigma_i^2 / sigma_L^2,
//   x <- x + eta_i [ s_{sigma_i}(x) + A^T (y - A x) / (sigma_y^2 + sigma_i^2) ] + sqrt(2 eta_i) xi,
// steps_per_level times per level, from x ~ N(0, sigma_1^2 I); the output is the last iterate (no final
// denoising). The likelihood is the unsmoothed one with annealed variance (the code's gamma_i = sigma_i),
// so even at equilibrium level i samples p_{sigma_i}(x) N(y; A x, (sigma_y^2 + sigma_i^2) I), not the
// posterior: a bias of order sigma_L^2 plus the lag of the finite chain (both computed in closed form
// for a Gaussian prior in the tests).
// Cost: L steps_per_level score calls.
#pragma once

#include <string_view>
#include <vector>

#include "dpsi/peers/peer_sampler.h"

namespace dpsi::peers {

class LangevinSampler final : public PeerSampler {
 public:
  // Throws std::invalid_argument unless sigma_first >= sigma_last > 0 are finite ("--langevin-sigma-first",
  // "--langevin-sigma-last"), 1 <= levels <= 10^6 ("--langevin-levels"), 1 <= steps_per_level <= 10^6
  // ("--langevin-steps-per-level") and epsilon > 0 finite ("--langevin-epsilon").
  explicit LangevinSampler(const LangevinOptions& options);
  std::string_view name() const override { return "langevin"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override;

  const std::vector<double>& noise_levels() const { return sigmas_; }  // sigma_1 > ... > sigma_L

 private:
  LangevinOptions options_;
  std::vector<double> sigmas_;
};

}  // namespace dpsi::peers
