// File: proofs-checks/rejection_checks.h
// Statistical checks of Appendix E (spec E.1, E.2, E.3, E.5): rejection sampling with ancestral
// proposals is exact, accepts with probability a(y), has truncated-geometric proposal counts, and
// log(1/a(y)) stays below ell(0.1) with probability >= 0.9 at the defaults.
#pragma once

#include <cstdint>
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

}  // namespace detail
}  // namespace dpsi::checks
