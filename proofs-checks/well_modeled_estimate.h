// File: proofs-checks/well_modeled_estimate.h
// Statistical upper confidence bounds on E_{x ~ g~_sigma} |s_hat(x) - s_sigma(x)|^2 for the score
// networks (spec C.4, C.7, C.8 and the well-modeled table), against the exact score of R.4.
//
// Why not a plain bounded-mean test: X = |s_hat - s|^2 is only bounded by the pointwise worst case
// (4a^2 n + m delta^2)/kappa^4, some 10^6 times the claim at small kappa, and an empirical-Bernstein
// radius carries 7 range ln(2/gamma)/(3(N-1)). So the estimate splits X along the proof, with every
// piece either capped pointwise (and the cap verified at every draw: a draw above its cap fails
// the check outright) or of certified small probability:
//   small regime (C.4 network):
//     A = {every |x_S,j| >= gamma and 1 - w_sbar(x) <= theta},  coordinate i "good" iff |x_F,i| <= B and
//     mu_i is outside the ramp windows; V = [A] (X_S + sum_{i good} X_F,i), capped by
//     M_V = (n (2 a theta)^2 + m (eta + delta theta/2)^2) / kappa^4 (each seed term by (2 a theta)^2/kappa^4,
//     each good f-term by (eta + delta theta/2)^2/kappa^4, both verified at every draw);  bad coordinates on A are capped by
//     delta^2/kappa^4 and have probability <= P_W + P_B each; off A, X <= M (the pointwise claim) and
//     P(A^c) <= n Phibar((a - gamma)/kappa) + (1 - (1-p)^n)/theta (C.2(i) and Markov);
//     E X <= E V + m (P_W + P_B) delta^2/kappa^4 + M P(A^c).
//   large regime (C.7 network): X <= M_L = n (eta + a rho/2)^2/kappa^4 + m Xi^2 everywhere (C.6(ii) and
//     C.7's increments), so V = X with range M_L.
// Every cap is applied times (1 + 2^-16), which absorbs the certified rounding of the network's
// double evaluation where the proof's cap is attained exactly (C.7 beyond its end knots).
// E V is bounded by the empirical-Bernstein upper confidence bound (stats/mean_tests.h) at false-failure
// probability gamma_MC, on the upper ends of the enclosures of V (the network in double with its
// certified error bound, the exact score as a Ball).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

// A network under test: double outputs with certified error bounds at x (see
// relu::SmallNoiseNetwork::evaluate_certified).
using CertifiedNetwork = std::function<std::vector<double>(std::span<const double>, std::vector<double>&)>;

struct SmallRegimeShape {
  Rational kappa2, eta, gamma, B, window, cut;  // cut: start of the ramp window of period 0 (in mu)
};
struct LargeRegimeShape {
  Rational kappa2, eta;
};

// A named alternative to the network under test, for power statements (spec README "Power"): it
// perturbs the network's outputs at x in place (keeping the certified error bounds). The estimate
// runs every alternative on the same draws with the same caps and records how many draws break a
// cap and its own upper confidence bound.
struct Alternative {
  std::string name;
  std::function<void(std::span<const double> x, std::vector<double>& s_hat)> perturb;
};
struct AlternativeOutcome {
  std::string name;
  std::uint64_t violating_draws = 0;  // draws at which the alternative breaks a pointwise cap
  Ball upper_bound;                   // its mean + deviation + extras on the same draws
};

struct WellModeledEstimate {
  std::uint64_t draws = 0;
  Ball mean;             // of the upper ends of V
  Ball deviation;        // empirical-Bernstein radius for range `cap`
  Ball cap;              // M_V or M_L
  Ball extras;           // the certified terms added to E V (0 in the large regime)
  Ball upper_bound;      // mean + deviation + extras: >= E X with probability >= 1 - gamma_MC
  std::uint64_t cap_violations = 0;  // draws whose enclosure exceeded a pointwise cap (any => fail)
  std::string worst_violation;        // description of the first violation
  std::uint64_t off_event = 0;        // draws outside A (small regime)
  std::uint64_t bad_coordinates = 0;  // f-coordinates in a window or beyond B (small regime)
  std::vector<AlternativeOutcome> alternatives;
};

// The power of the check "no cap violation and upper_bound <= claim" against an alternative, by
// simulation on the check's own draws: 1 if the alternative's upper bound exceeds the claim on these
// draws (method says so), else 1 - (1 - q/N)^N with q of N draws breaking a cap (0 when q = 0).
audit::PowerStatement alternative_power(const AlternativeOutcome& outcome, std::uint64_t draws, const Ball& claim);

// sigma > 0 rational with kappa^2 = tau^2 + sigma^2 (the shapes' kappa2 must equal it); `seed` fixes the draws.
WellModeledEstimate estimate_small_regime(const Instance& instance, const Rational& sigma, const SmallRegimeShape& shape,
                                          const CertifiedNetwork& network, std::uint64_t draws, std::uint64_t seed,
                                          const std::function<void(double)>& progress,
                                          const std::vector<Alternative>& alternatives = {});
WellModeledEstimate estimate_large_regime(const Instance& instance, const Rational& sigma, const LargeRegimeShape& shape,
                                          const CertifiedNetwork& network, std::uint64_t draws, std::uint64_t seed,
                                          const std::function<void(double)>& progress,
                                          const std::vector<Alternative>& alternatives = {});

}  // namespace dpsi::checks
