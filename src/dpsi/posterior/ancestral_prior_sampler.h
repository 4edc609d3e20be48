// File: dpsi/posterior/ancestral_prior_sampler.h
// The exact unconditional sampler R6 (sampling::InstanceSampler, blur tau) as a PriorSampler: the
// proposal law p-hat = g~ of rejection sampling (spec E.1-E.5), with the latent seed attached.
#pragma once

#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::posterior {

class AncestralPriorSampler final : public PriorSampler {
 public:
  explicit AncestralPriorSampler(const Instance& instance) : sampler_(instance) {}
  std::string_view name() const override { return "exact"; }
  // Consumes exactly what InstanceSampler::draw(source) does.
  PriorDraw draw(sampling::RandomSource& source) const override {
    sampling::InstanceDraw draw = sampler_.draw(source);
    return {std::move(draw.x), std::move(draw.seed)};
  }

 private:
  sampling::InstanceSampler sampler_;
};

}  // namespace dpsi::posterior
