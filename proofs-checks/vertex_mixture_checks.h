// File: proofs-checks/vertex_mixture_checks.h
// Checks of the exact smoothed law of g~ (spec A.4, A.5, R.4): the brute-force R4 path against
// independent computations, the seed posterior's factorisation, and the second moment M_2.
#pragma once

#include <cstdint>

#include <span>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

void register_vertex_mixture_checks(audit::Registry& registry);

namespace detail {

// A value with its gradient in R^d (forward-mode differentiation).
struct Dual {
  Ball value;
  std::vector<Ball> gradient;
};
// log g~_sigma(x) and its gradient by forward-mode differentiation of the brute-force expression
// 2^-n sum_s prod_j phi_kappa(x_{S,j} - a u_j(s)) prod_i h_{f(s)_i}(x_{F,i}), h_b and h_b' summed term
// by term (the independent route of A.4:score-vs-autodiff).
Dual log_density_forward_mode(const density::VertexMixture& mixture, const std::vector<Ball>& x, const Ball& kappa);
// p(s | y) and log p_Y(y) from the joint density integrated over x (the independent route of
// A.5:posterior-factorisation); y has m coordinates.
density::SeedPosterior integrated_posterior(const density::VertexMixture& mixture, std::span<const Ball> y);

// M_2 = n (a^2 + tau^2) + m tau^2 + sum_i E_s Var(D_{f(s)_i}) (spec A.4, Erratum 6), at the working
// precision; Var(D_b) = 1 + theta''(theta_b; 1)/theta(theta_b; 1) (A.2) with the certified theta
// remainders, E_s by counting f(s)_i = 1 over all 2^n seeds. Requires n <= 20.
struct SecondMoment {
  Ball m2;
  Ball variance[2];  // Var(D_0), Var(D_1)
  std::uint64_t total_ones = 0;
};
SecondMoment second_moment(const Instance& instance);

}  // namespace detail

}  // namespace dpsi::checks
