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

// The one-sided claim P[success] >= bound of B.2:inverter-success and A.6, decided by the exact
// binomial tail: with F = N - successes failures and q = upper(1 - bound) (rounded up to double),
// the claim fails iff P(Bin(N, q) >= F) < gamma_MC. If the success probability is p >= bound, the
// failure count is Bin(N, 1 - p) with 1 - p <= q, so P(fail) <= gamma_MC (the tail is monotone in q).
struct SuccessDecision {
  bool passed = false;
  double p_hat = 0;
  double tail = 1;                  // P(Bin(N, q) >= F)
  double upper_limit = 1;           // one-sided Clopper-Pearson upper limit of p at level gamma_MC
  std::uint64_t failure_limit = 0;  // the smallest failure count that fails the claim
  double failure_bound = 0;         // q
  Ball bound;
};
SuccessDecision decide_success(const InversionRun& run, const Ball& bound);

// The smallest failure count F with P(Bin(trials, q) >= F) < gamma_MC (trials + 1 if none).
std::uint64_t failure_limit(std::uint64_t trials, double q);

// P(the claim fails) when the success probability is at most p_alternative: P(Bin(N, 1 - p) >= limit),
// a lower bound on the power (exact binomial; failures are stochastically larger when p is smaller).
double success_claim_power(std::uint64_t trials, double q, double p_alternative);

// The probability that a seed drawn uniformly at random solves the inversion of f(s*) for a uniform s*:
// sum over images b of (#preimages(b) / 2^n)^2 (what a garbage output scores).
double garbage_success_probability(const Instance& instance);

}  // namespace detail
}  // namespace dpsi::checks
