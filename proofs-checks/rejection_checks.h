// File: proofs-checks/rejection_checks.h
// Statistical checks of Appendix E (spec E.1, E.2, E.3, E.5): rejection sampling with ancestral
// proposals is exact, accepts with probability a(y), has truncated-geometric proposal counts, and
// log(1/a(y)) stays below ell(0.1) with probability >= 0.9 at the defaults.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

// Registers E.1:accepted-law, E.2:acceptance-rate, E.3:high-probability-bound, E.5:proposal-counts.
void register_rejection_checks(audit::Registry& registry);

namespace detail {

// A measurement of the E test instance with its certified acceptance probability a(y) =
// (2 pi sigma_y^2)^{m/2} p_Y(y) (R.4 with kappa = nu) and seed posterior p(s | y).
struct RejectionMeasurement {
  std::vector<double> y;
  Ball acceptance;
  std::vector<Ball> seed_posterior;
};

// The first `count` draws y ~ p_Y (from `seed`) with a(y) >= min_acceptance (Erratum 28: E.1, E.2
// and E.5 are statements for each fixed y, so selecting y does not bias them; the floor bounds
// the proposals a check needs).
std::vector<RejectionMeasurement> rejection_measurements(const Instance& instance, int count, double min_acceptance,
                                                         std::uint64_t seed);

// sup_k |F-hat(k) - F(k)| for counts K (FAIL recorded as cap + 1) against the truncated geometric
// law F(k) = 1 - (1 - a)^k (k <= cap), F(cap + 1) = 1, enclosed for every a in the ball.
Ball truncated_geometric_distance(const std::vector<std::uint64_t>& counts, std::uint64_t cap, const Ball& acceptance);

// The L1 test of spec E.1 / R.5: counts over k cells against the enclosed cell masses; passes iff
// ||pi-hat - p||_1 <= sqrt(2 ln((2^k - 2)/gamma_MC) / N) certainly. Pearson's chi^2 is reported.
struct LawTest {
  bool passed = false;
  Ball l1;
  Ball radius;
  Ball pearson;
};
LawTest law_test(const std::vector<std::uint64_t>& counts, const std::vector<Ball>& cell_mass);

// E.2's decision: |accepted/proposals - a| <= the two-sided empirical Bernstein radius.
struct AcceptanceTest {
  bool passed = false;
  Ball frequency;
  Ball deviation;
  Ball radius;
};
AcceptanceTest acceptance_test(std::uint64_t accepted, std::uint64_t proposals, const Ball& acceptance);

// E.1's lattice statistics. An accepted draw's lattice coordinate x_{F,i} = w_i + tau xi lies within
// tau |xi| of its atom w_i, so rounding to (delta/2) Z recovers w_i unless |tau xi| >= delta/4
// (probability <= 2 e^{-(delta/(4 tau))^2/2}, below 1e-3000 on the E instance). An event of one
// coordinate, decided on (i, y_i, w, b) with b the image bit f(s)_i of the accepted seed:
enum class LatticeEvent {
  kNotNearest,  // w is not the atom of Lambda_b nearest to y_i
  kFar,         // |y_i - w| > 3 delta / 2
};
bool lattice_event(LatticeEvent event, double delta, double y_i, double w, int b);
// The atom of Lambda_b = delta Z + b delta/2 nearest to t.
double nearest_atom(double delta, int b, double t);

// Mean and second moment of X = (1/m) sum_i 1[event at coordinate i] for x ~ p-hat(. | y) with the
// tabulated prior's atoms (|w| <= 40; given the seed the coordinates are independent and
// P(w_i = w | b, y_i) is proportional to e^{-w^2/2} e^{-(y_i - w)^2 / (2 nu^2)}, nu^2 = tau^2 + sigma_y^2)
// and the given seed law; with `conditioned` false, for x ~ p-hat itself (e^{-w^2/2} alone).
struct IndicatorMoments {
  Ball mean;
  Ball second_moment;
};
IndicatorMoments lattice_event_moments(const Instance& instance, std::span<const double> y, const std::vector<Ball>& seed_law,
                                       bool conditioned, LatticeEvent event);

// Bernstein's inequality for a sum S of independent terms with |X - E X| <= 1 and total variance
// <= V: P(|S - E S| >= u) <= 2 exp(-u^2 / (2 (V + u/3))); returns the u that makes this gamma.
Ball bernstein_sum_radius(const Ball& variance, const Rational& gamma);

// E.3's decision on values log(1/a(y)): exceedances of ell (values within kLogErrorBound of ell
// count as exceeding) and the one-sided Hoeffding claim p-hat - radius <= beta.
struct ExceedanceTest {
  bool passed = false;
  std::uint64_t exceed = 0;
  std::uint64_t within_error_band = 0;
  Ball radius;
  Ball lower;  // p-hat - radius
};
ExceedanceTest exceedance_test(const std::vector<double>& log_inverse_acceptance, const Ball& ell, const Rational& beta);

}  // namespace detail
}  // namespace dpsi::checks
