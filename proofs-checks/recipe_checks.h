// File: proofs-checks/recipe_checks.h
// The R.1 checks (spec/R-recipes.md, R.1): term counts of the theta and lattice forms.
#pragma once

#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

// Registers R.1:term-counts.
void register_recipe_checks(audit::Registry& registry);

namespace recipes {

// Exact rational bounds lo < ln2/pi < hi (from a 256-bit enclosure).
struct RationalBounds {
  Rational lo;
  Rational hi;
};
RationalBounds ln2_over_pi_bounds();

// J(p) = ceil(sqrt(p ln2/pi)) - 1, decided exactly from the bounds; throws std::runtime_error if the
// bounds straddle a perfect square (never for p <= 10^6 at 256 bits, checked by the caller's result).
long theta_terms(long p);
// floor(3 + 2 sqrt(p ln2/pi)) + 1, the lattice-regime point bound, decided exactly.
long lattice_point_bound(long p);

// Largest number of points of Lambda_b within R_p = 3 delta/2 + sqrt(2 v p ln2) of mu over the grid
// v = s delta^2 (s in `scales`, each < 1/(2 pi)), mu = delta j / mu_steps (j = 0..mu_steps), b in {0, 1};
// points whose membership the ln2 bounds cannot decide count as inside (so this is an upper count).
long max_lattice_points(long p, const Rational& delta, const std::vector<Rational>& scales, int mu_steps);

}  // namespace recipes
}  // namespace dpsi::checks
