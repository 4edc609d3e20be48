// File: proofs-checks/inversion_checks.h
// Statistical checks of the reduction (spec B.2, A.6(a), R.5): the inverter of Appendix B driven by
// the exact posterior sampler and by degraded ones meets B.2's bound, and the exact sampler's seeds
// follow p(s | y).
#pragma once

#include <cstdint>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/posterior/posterior_sampler.h"

namespace dpsi::checks {

// Registers B.2:inverter-success, A.6:degraded-sampler-is-posterior-sampler, R.5:posterior-sampler-law.
void register_inversion_checks(audit::Registry& registry);

namespace detail {

// Successes of the inverter over `trials` uniform targets b* = f(s*) with `sampler`.
struct InversionRun {
  std::uint64_t trials = 0;
  std::uint64_t successes = 0;
  std::uint64_t sampler_failures = 0;
};
InversionRun run_inversions(const Instance& instance, const posterior::PosteriorSampler& sampler, std::uint64_t trials,
                            std::uint64_t seed);

// B.2's sharp bound 1 - alpha - beta - 2 P_dec - P_sgn at `instance` (certified).
Ball inversion_success_bound(const Instance& instance, const Rational& alpha, const Rational& beta);

// The one-sided claim of B.2:inverter-success: p-hat + radius >= bound, radius = sqrt(ln(1/gamma)/(2N)).
struct SuccessDecision {
  bool passed = false;
  double p_hat = 0;
  Ball radius;
  Ball bound;
};
SuccessDecision decide_success(const InversionRun& run, const Ball& bound);

}  // namespace detail
}  // namespace dpsi::checks
