// File: dpsi/peers/closed_form_sampler.h
// The exact posterior sampler of the easy instance: draws p(x0 | y) in closed form when the prior is
// a GaussianMixturePrior (gaussian_mixture_prior.h; Matheron's rule, exact up to the rounding of the
// normal generator). It is the "exact" row of the easy-instance benchmark (easy_experiment.h): the
// noise floor every practical sampler is compared with.
#pragma once

#include <string_view>

#include "dpsi/peers/peer_sampler.h"

namespace dpsi::peers {

class ClosedFormPosteriorSampler : public PeerSampler {
 public:
  std::string_view name() const override { return "exact"; }
  // Throws std::invalid_argument unless `prior` is a GaussianMixturePrior of the measurement's d.
  // Recomputes the posterior (K solves, O(K (m d + m^3))) per call; score_calls = 0.
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override;
};

}  // namespace dpsi::peers
