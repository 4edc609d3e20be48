// File: proofs-checks/tv_transfer_checks.h
// Check of spec E.4 (prior-to-posterior TV transfer) on random discrete priors: the averaged claim
// E_y TV(p(.|y), p^(.|y)) <= 2 TV(p, p^) by certified quadrature, and the pointwise claims
// TV_y <= (3/2) TV/a(y) and |a^(y) - a(y)| <= TV on a y-grid.
#pragma once

#include <cstdint>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

void register_tv_transfer_checks(audit::Registry& registry);

namespace detail {

// Two priors on the same atoms (weights p, p_hat; each sums to 1) and the channel y = x + sigma xi.
struct DiscretePriorPair {
  std::vector<Rational> atoms;    // in [-3, 3]
  std::vector<Rational> p;        // positive, sum 1
  std::vector<Rational> p_hat;    // positive, sum 1
  Rational sigma;
};

// The E.4 test priors: `count` pairs with 2-6 distinct atoms on the grid (1/64)Z in [-3, 3], positive
// weights k/W normalised exactly, sigma alternating 1/5 and 1; std::mt19937_64 seeded with `seed`.
std::vector<DiscretePriorPair> random_prior_pairs(std::uint64_t seed, int count);

// TV(p, p_hat) = (1/2) sum |p_k - p_hat_k| (exact).
Rational total_variation(const DiscretePriorPair& pair);

// An enclosure of E_{y ~ p_Y} TV(p(.|y), p_hat(.|y)): the integrand p_Y(y) TV_y is enclosed on `boxes`
// equal y-boxes covering |y| <= Y = 3 + 12 sigma (lower and upper Riemann sums of the enclosures), and
// the rest, at most P_{p_Y}(|y| > Y) <= 2 Phibar(12) since TV_y <= 1 and |atoms| <= 3, is added as [0, tail].
Ball expected_posterior_tv(const DiscretePriorPair& pair, int boxes);

// The pointwise quantities at y: TV_y, a(y) = E_p L_y, a_hat(y) = E_{p_hat} L_y, L_y(x) = exp(-(y-x)^2/(2 sigma^2)).
struct PointwiseTransfer {
  Ball tv_y;
  Ball a;
  Ball a_hat;
};
PointwiseTransfer pointwise_transfer(const DiscretePriorPair& pair, const Ball& y);

}  // namespace detail

}  // namespace dpsi::checks
