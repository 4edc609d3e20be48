// File: dpsi/stats/binomial.h
// Exact binomial tails and Clopper-Pearson intervals (Boost.Math's incomplete beta, not a normal
// approximation), for success counts of independent trials: the inversion rates of spec E.P.
//
// Poisson-binomial counts (trials with different success probabilities p_t) are tested against the
// binomial with the mean probability pbar: by Hoeffding (1956, "On the distribution of the number of
// successes in independent trials", Thm 4), P(X >= k) <= P(Bin(T, pbar) >= k) for k >= T pbar + 1 and
// P(X <= k) <= P(Bin(T, pbar) <= k) for k <= T pbar - 1, so a test at level gamma against the binomial
// is a valid test at level gamma against every Poisson-binomial with that mean.
// Accuracy: Boost's ibeta/ibeta_inv to about 1e-15 relative in double; callers compare tails with
// gamma >= 1e-12, far from that error.
#pragma once

#include <cstdint>

namespace dpsi::stats {

// P(Bin(trials, p) >= successes) and P(Bin(trials, p) <= successes); 0 <= p <= 1, successes <= trials
// (throws std::invalid_argument otherwise).
double binomial_upper_tail(std::uint64_t trials, std::uint64_t successes, double p);
double binomial_lower_tail(std::uint64_t trials, std::uint64_t successes, double p);

struct ProportionInterval {
  double low = 0;
  double high = 1;
};
// The two-sided Clopper-Pearson interval at confidence 1 - alpha (alpha in (0, 1)).
ProportionInterval clopper_pearson(std::uint64_t trials, std::uint64_t successes, double alpha);

}  // namespace dpsi::stats
