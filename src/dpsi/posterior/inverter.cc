#include "dpsi/posterior/inverter.h"

#include "dpsi/fault/fault_point.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::posterior {

Inverter::Inverter(const Instance& instance) : instance_(instance), function_(instance.n(), instance.m()) {}

InversionOutcome Inverter::invert(const owf::Bits& target, const PosteriorSampler& sampler, sampling::RandomSource& source) const {
  InversionOutcome outcome;
  if (DPSI_FAULT("posterior.inverter-target-bits-reversed")) {
    const owf::Bits reversed(target.rbegin(), target.rend());  // b_m first: the bit order of evaluate_index misread
    outcome.y = sampling::simulate_measurement(instance_, reversed, source);
  } else {
    outcome.y = sampling::simulate_measurement(instance_, target, source);
  }
  outcome.draw = sampler.sample(outcome.y, source);
  if (outcome.draw.failed) return outcome;
  outcome.candidate.resize(static_cast<std::size_t>(instance_.n()));
  for (int j = 0; j < instance_.n(); ++j)
    outcome.candidate[static_cast<std::size_t>(j)] = outcome.draw.x[static_cast<std::size_t>(j)] > 0 ? 1 : 0;
  outcome.success = function_(outcome.candidate) == target;
  return outcome;
}

}  // namespace dpsi::posterior
