// File: dpsi/posterior/posterior_sampler.h
// The two sampler interfaces of the reduction (spec A.6, B.2, E): a posterior sampler returns a draw
// of (an approximation to) p(x | y) for a measurement y = A x + sigma_y xi with A = [0 | I_m]; a prior
// sampler returns unconditional draws x ~ p-hat, the proposals of rejection sampling (spec E).
//
// Contract shared by every implementation:
//   * y has m entries, all finite; anything else throws std::invalid_argument (one line).
//   * All randomness comes from the RandomSource argument, so a seed reproduces every draw; samplers
//     keep no random state of their own. Samplers may cache deterministic data (tables of f, the
//     last y's seed posterior) and are then not safe to share between threads: give each thread
//     its own sampler and its own RandomSource.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dpsi/owf/one_way_function.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::posterior {

// One output of a posterior sampler.
struct PosteriorDraw {
  // A capped sampler (spec E.5) that gave up returns failed = true and an empty x.
  bool failed = false;
  std::vector<double> x;  // d = n + m coordinates, seed block first
  // The seed of the mixture component x was drawn from, when the sampler knows it (exact and
  // rejection samplers with ancestral proposals do); the inverter never looks at it.
  std::optional<owf::Bits> latent_seed;
  // Work done: proposals drawn by a rejection sampler (unconditional draws or uniform seeds);
  // 0 for samplers that do not propose.
  std::uint64_t proposals = 0;
};

class PosteriorSampler {
 public:
  virtual ~PosteriorSampler() = default;
  // Short name as the CLI spells it ("exact", "rejection", "seed-rejection", ...).
  virtual std::string_view name() const = 0;
  virtual PosteriorDraw sample(std::span<const double> y, sampling::RandomSource& source) const = 0;
};

// One output of a prior (unconditional) sampler.
struct PriorDraw {
  std::vector<double> x;                 // d = n + m coordinates
  std::optional<owf::Bits> latent_seed;  // known for ancestral sampling (R6), absent for diffusion
};

class PriorSampler {
 public:
  virtual ~PriorSampler() = default;
  virtual std::string_view name() const = 0;
  virtual PriorDraw draw(sampling::RandomSource& source) const = 0;
};

}  // namespace dpsi::posterior
