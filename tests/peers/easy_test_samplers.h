// Test-only PeerSamplers for the easy-instance runner: an exact sampler (the closed-form posterior of
// a Gaussian-mixture prior, so its SW must sit at the noise floor), a prior-only sampler (ignores y:
// SW far above the floor), and a mode-collapsed sampler (every draw from the heaviest posterior
// component: a subtle failure, the mode-weight error's twin).
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "dpsi/peers/gaussian_mixture_prior.h"
#include "dpsi/peers/peer_sampler.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::peers::testing {

inline const GaussianMixturePrior& as_mixture(const DiffusionPrior& prior) {
  const auto* mixture = dynamic_cast<const GaussianMixturePrior*>(&prior);
  if (mixture == nullptr) throw std::invalid_argument("test sampler: needs a Gaussian-mixture prior");
  return *mixture;
}

class ExactTestSampler : public PeerSampler {
 public:
  std::string_view name() const override { return "test-exact"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override {
    PeerDraw draw;
    draw.x = as_mixture(prior).posterior(measurement).sample(source);
    draw.score_calls = 1;  // a marker: the runner must average it to 1 per sample
    return draw;
  }
};

class PriorTestSampler : public PeerSampler {
 public:
  std::string_view name() const override { return "test-prior"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement&, sampling::RandomSource& source) const override {
    PeerDraw draw;
    draw.x = as_mixture(prior).draw(source);
    return draw;
  }
};

class CollapsedTestSampler : public PeerSampler {
 public:
  std::string_view name() const override { return "test-collapsed"; }
  PeerDraw sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                  sampling::RandomSource& source) const override {
    const GaussianMixturePosterior posterior = as_mixture(prior).posterior(measurement);
    const auto heaviest = static_cast<std::size_t>(
        std::max_element(posterior.weights().begin(), posterior.weights().end()) - posterior.weights().begin());
    // Exact draw, then moved to the heaviest component: same shape, all the mass on one mode.
    PeerDraw draw;
    draw.x = posterior.sample(source);
    const std::size_t k = posterior.most_responsible_component(draw.x);
    for (std::size_t i = 0; i < draw.x.size(); ++i) draw.x[i] += posterior.mean(heaviest)[i] - posterior.mean(k)[i];
    return draw;
  }
};

}  // namespace dpsi::peers::testing
