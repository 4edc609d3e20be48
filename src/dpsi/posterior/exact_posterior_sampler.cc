#include "dpsi/posterior/exact_posterior_sampler.h"

#include <algorithm>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::posterior {

ExactPosteriorSampler::ExactPosteriorSampler(const Instance& instance)
    : table_(instance), function_(instance.n(), instance.m()), conditional_(instance) {}

PosteriorDraw ExactPosteriorSampler::sample(std::span<const double> y, sampling::RandomSource& source) const {
  if (cumulative_.empty() || !std::equal(y.begin(), y.end(), cached_y_.begin(), cached_y_.end())) {
    const SeedPosteriorValues values = table_(y);  // validates y
    cumulative_.resize(values.weights.size());
    double running = 0;
    for (std::size_t index = 0; index < values.weights.size(); ++index) {
      // Inclusive prefix sums (cumulative_[i] includes weight i); the fault stores the exclusive ones.
      if (DPSI_FAULT("posterior.exact-cdf-exclusive-prefix")) {
        cumulative_[index] = running;
        running += values.weights[index];
      } else {
        cumulative_[index] = running += values.weights[index];
      }
    }
    cached_y_.assign(y.begin(), y.end());
  }
  const double target = static_cast<double>(source.word() >> 11) * 0x1p-53 * cumulative_.back();
  const auto found = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  std::uint64_t index = static_cast<std::uint64_t>(std::min<std::ptrdiff_t>(found - cumulative_.begin(),
                                                                                 static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
  if (DPSI_FAULT_SOMETIMES("posterior.exact-last-seed-bit-3pct", 0.03)) index ^= 1;
  PosteriorDraw draw;
  draw.latent_seed = function_.seed_of_index(index);
  owf::Bits image(static_cast<std::size_t>(table_.instance().m()));
  for (int i = 0; i < table_.instance().m(); ++i) image[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(table_.image_bit(index, i));
  draw.x = conditional_(*draw.latent_seed, image, y, source);
  return draw;
}

}  // namespace dpsi::posterior
