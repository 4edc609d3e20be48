// File: dpsi/posterior/inverter.h
// The inverter Inv^A of spec B.2: given b* = f(s*) only, (1) simulate y_i = w_i + nu zeta_i with
// w_i ~ D_{b*_i} (sampling::simulate_measurement), (2) x-hat = A(y), (3) s-hat_j = [x-hat_{S,j} > 0];
// success iff f(s-hat) = b*. B.2: success probability >= 1 - alpha - beta - 2 P_dec - P_sgn for an
// (alpha, beta)-posterior sampler A. Cost: m draws of D_b, m Gaussians, one call of A, one f.
#pragma once

#include <vector>

#include "dpsi/owf/one_way_function.h"
#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/params/instance.h"

namespace dpsi::posterior {

struct InversionOutcome {
  bool success = false;
  owf::Bits candidate;   // s-hat (empty if the sampler failed)
  std::vector<double> y;  // the simulated measurement
  PosteriorDraw draw;
};

class Inverter {
 public:
  explicit Inverter(const Instance& instance);
  // target has m bits (throws std::invalid_argument otherwise). Consumption: simulate_measurement's,
  // then the sampler's.
  InversionOutcome invert(const owf::Bits& target, const PosteriorSampler& sampler, sampling::RandomSource& source) const;
  const owf::OneWayFunction& function() const { return function_; }

 private:
  Instance instance_;
  owf::OneWayFunction function_;
};

}  // namespace dpsi::posterior
