// File: proofs-checks/vertex_mixture_checks.h
// Checks of the exact smoothed law of g~ (spec A.4, A.5, R.4): the brute-force R4 path against
// independent computations, the seed posterior's factorisation, and the second moment M_2.
#pragma once

#include <cstdint>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

void register_vertex_mixture_checks(audit::Registry& registry);

namespace detail {

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
