// The closed-form posterior sampler (see closed_form_sampler.h).
#include "dpsi/peers/closed_form_sampler.h"

#include <fmt/format.h>

#include <stdexcept>

#include "dpsi/peers/gaussian_mixture_prior.h"

namespace dpsi::peers {

PeerDraw ClosedFormPosteriorSampler::sample(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                                            sampling::RandomSource& source) const {
  const auto* mixture = dynamic_cast<const GaussianMixturePrior*>(&prior);
  if (mixture == nullptr) {
    throw std::invalid_argument(fmt::format("exact sampler: needs a Gaussian-mixture prior, got '{}'", prior.name()));
  }
  PeerDraw draw;
  draw.x = mixture->posterior(measurement).sample(source);
  return draw;
}

}  // namespace dpsi::peers
