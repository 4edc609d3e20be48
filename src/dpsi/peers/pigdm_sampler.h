// File: dpsi/peers/pigdm_sampler.h
// PiGDM, Song, Vahdat, Mardani, Kautz ICLR 2023 ("Pseudoinverse-guided diffusion models for inverse
// problems", OpenReview), noisy form, as a guided Tweedie mean inside the DDIM(eta) loop over `steps`
// timesteps of the default schedule.
//
// Units. With z = x_t / a_t = x0 + sigma_t eps (VE, sigma_t^2 = v_t / abar_t) PiGDM assumes
//   p(x0 | z) ~ N(x0hat(z), r_t^2 I),   r_t^2 = v sigma_t^2 / (v + sigma_t^2)   (v = data_variance),
// hence p(y | z) ~ N(y; A x0hat(z), C_t),  C_t = r_t^2 A A^T + sigma_y^2 I, and differentiates through the
// mean only:
//   g_t = grad_z log p~(y | z) = J_z^T A^T C_t^{-1} (y - A x0hat),   J_z = d x0hat / dz = I + sigma_t^2 H.
// Conditional Tweedie in VE units, E[x0 | z, y] = z + sigma_t^2 (s(z) + grad_z log p(y|z)), gives the
// guided mean
//   x0hat' = x0hat + weight sigma_t^2 g_t.
// In VP units this is the reference's x0hat + (v_t / a_t) grad_{x_t} log p~ (grad_{x_t} = g_t / a_t and
// v_t / a_t^2 = sigma_t^2), i.e. the guided score s + grad_{x_t} log p~ in the DDIM step, whose eps_hat
// is recomputed from x0hat' (eps_hat = (x_t - a_t x0hat') / sqrt(v_t)). r_t^2 here is the VE
// variance of x0 | z; in VP units (x0 | x_t) it is the same number (x0 is not rescaled), and for v = 1 it
// equals v_t, the reference's "r_t^2 = v_t in VP units".
// For an isotropic Gaussian prior N(mu, v I) with matching data_variance, r_t^2 is the exact posterior
// variance and x0hat' (weight 1) is exactly E[x0 | x_t, y]: only the DDIM discretization remains.
//
// The last step (t = 1 -> 0) is deterministic, so the output is the final x0hat'.
// Cost per step: 1 score + 1 Hessian-vector product (3 score calls) + one m x m solve.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dpsi/peers/peer_sampler.h"
#include "dpsi/peers/vp_schedule.h"

namespace dpsi::peers {

class PigdmSampler final : public PeerSampler {
 public:
  // Throws std::invalid_argument unless 1 <= steps <= 1000 ("--pigdm-steps"), 0 <= eta <= 1
  // ("--pigdm-eta"), weight >= 0 finite ("--pigdm-weight"; 0 is the unguided DDIM sampler) and
  // data_variance > 0 finite ("--pigdm-data-variance").
  explicit PigdmSampler(const PigdmOptions& options);
  std::string_view name() const override { return "pigdm"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override;

 private:
  PigdmOptions options_;
  VpSchedule schedule_;
  std::vector<std::size_t> timesteps_;  // descending, N .. 1
};

}  // namespace dpsi::peers
