// File: dpsi/peers/hard_instance_prior.h
// The hard instance g~ (spec A.1) on the practical samplers' score interface: its smoothed scores
// s_sigma = grad log g~_sigma come from a diffusion::SmoothedScore, C.8's analytic oracle or its ReLU
// networks, exactly what the F.2 sampler uses; the Hessian-vector product is DiffusionPrior's central
// difference (neither score has a cheaper exact derivative).
//
// A structural fact the experiment relies on (spec E.P, proof there): in both regimes of C.8's oracle,
// the seed coordinate j of the score depends on x_{S,j} alone, and the f-block depends on x_S only
// through the orthant sbar(x). A difference along a direction u with u_S = 0 therefore has a zero seed
// block, bit for bit, and so has every guidance term A^T(...) with A = [0 | I_m].
#pragma once

#include "dpsi/diffusion/smoothed_score.h"
#include "dpsi/peers/diffusion_prior.h"

namespace dpsi::peers {

class HardInstancePrior final : public DiffusionPrior {
 public:
  // The score must outlive the prior.
  explicit HardInstancePrior(const diffusion::SmoothedScore& score) : score_(score) {}

  std::string_view name() const override { return score_.name(); }
  int dimension() const override { return score_.dimension(); }
  void score(double sigma, std::span<const double> x, std::span<double> out) const override {
    score_.evaluate(sigma, x, 1, out);
  }

 private:
  const diffusion::SmoothedScore& score_;
};

}  // namespace dpsi::peers
