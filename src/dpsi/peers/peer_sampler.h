// File: dpsi/peers/peer_sampler.h
// The practical posterior samplers dpsi compares with the exact ones (spec E.P):
//   "dps"       DPS, Chung et al. ICLR 2023, arXiv:2209.14687 (official normalized step, DDPM, N = 1000, scale 0.5);
//   "pigdm"     PiGDM, Song et al. ICLR 2023 (noisy form, r_t^2 = v_t, DDIM eta = 1, 100 steps, weight 1);
//   "tds"       Twisted Diffusion Sampler, Wu et al. NeurIPS 2023, arXiv:2306.17775 (K = 4 particles, systematic
//               resampling every step, twist variance sigma_y^2 + sigma_t^2); exact as K -> infinity;
//   "langevin"  annealed Langevin, Jalal et al. NeurIPS 2021, arXiv:2108.01368 (geometric sigma 232 -> 0.0066, L = 2311
//               levels, 3 steps per level, epsilon = 9e-7).
// Defaults are the published ones; every field below is a CLI flag of `dpsi peers`.
//
// Contract: sample() returns one draw of (an approximation to) p(x0 | y) for the prior's x0 and the
// measurement's y, using only `source` for randomness (a seed reproduces it bit for bit), the prior's
// score / Hessian-vector product, and A, A^T. Samplers are const and keep no state, so one sampler may
// be shared by threads that each bring their own RandomSource. Sizes that disagree (prior d vs A's d)
// throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/peers/diffusion_prior.h"
#include "dpsi/peers/linear_measurement.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::peers {

struct PeerDraw {
  std::vector<double> x;          // d coordinates
  std::uint64_t score_calls = 0;  // score evaluations, Hessian-vector products counted as 2
  // SMC only: the smallest effective sample size over the steps, relative to K (1 = no degeneracy);
  // 1 for samplers without particles.
  double min_relative_ess = 1.0;
};

class PeerSampler {
 public:
  virtual ~PeerSampler() = default;
  virtual std::string_view name() const = 0;  // as the CLI spells it
  virtual PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                          sampling::RandomSource& source) const = 0;
};

struct DpsOptions {
  std::size_t steps = 1000;  // DDPM steps of the default schedule (a subsequence if < 1000)
  double scale = 0.5;        // zeta' (repository "scale": 0.5 for inpainting, 0.3 super-resolution)
};
struct PigdmOptions {
  std::size_t steps = 100;  // DDIM steps
  double eta = 1.0;         // DDIM eta
  double weight = 1.0;      // guidance multiplier
  double data_variance = 1.0;  // v in r_t^2 = v sigma_t^2 / (v + sigma_t^2) (VE units)
};
struct TdsOptions {
  std::size_t steps = 1000;
  std::size_t particles = 4;  // K
};
struct LangevinOptions {
  double sigma_first = 232.0;
  double sigma_last = 0.0066;
  std::size_t levels = 2311;
  std::size_t steps_per_level = 3;
  double epsilon = 9e-7;
};
struct PeerOptions {
  DpsOptions dps;
  PigdmOptions pigdm;
  TdsOptions tds;
  LangevinOptions langevin;
};

// The names above, in table order.
const std::vector<std::string>& peer_sampler_names();
// Throws std::invalid_argument (one line listing the valid names) for an unknown name or options out
// of range (steps or particles 0 or above their limits, non-positive or non-finite scales, step sizes
// and noise levels, sigma_first < sigma_last; the PiGDM weight may be 0: the unguided baseline).
std::unique_ptr<PeerSampler> make_peer_sampler(std::string_view name, const PeerOptions& options);

namespace detail {
// Throws std::invalid_argument (one line naming the sampler) unless measurement.d() == prior.dimension().
void require_matching_dimensions(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                                 std::string_view sampler);
// Uniform on [0, 1) with 53 bits, the project's convention: (word >> 11) 2^-53.
double uniform_unit(sampling::RandomSource& source);
}  // namespace detail

}  // namespace dpsi::peers
