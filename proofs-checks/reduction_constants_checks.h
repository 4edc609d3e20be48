// File: proofs-checks/reduction_constants_checks.h
// Certified constants of the reduction and of the rejection bound at the defaults (spec
// B.2:bound-defaults, E.3:ell-defaults): first pieces of issue 6.
#pragma once

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

void register_reduction_constants_checks(audit::Registry& registry);

namespace detail {
// B.2's inversion success bound 1 - alpha - beta - 4 m Phibar(z) - n Phibar(a/tau) (alpha = beta = 1/10)
// and the sharper 1 - alpha - beta - 2 P_dec - P_sgn, at `instance`.
struct InversionBounds {
  Ball coarse;
  Ball sharp;
};
InversionBounds inversion_bounds(const Instance& instance);
// E.3(b)'s ell(beta) at `instance`.
Ball ell(const Instance& instance, const Rational& beta);
}  // namespace detail

}  // namespace dpsi::checks
