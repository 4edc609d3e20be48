// File: proofs-checks/recipe_checks.h
// The R.1 checks (spec/R-recipes.md, R.1): term counts of the theta and lattice forms, and their
// remainder bounds. The remainder certifiers take the claim's constant as a parameter (`scale`, 1 =
// the stated bound) so that tests can run them on a deliberately tightened bound and see it refuted.
#pragma once

#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

// Registers R.1:term-counts and R.1:remainder-bounds.
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

// ---- Remainder bounds (R.1:remainder-bounds) ---------------------------------------------------
// Everything below depends on v and delta only through x = v/delta^2 (and on mu only through
// (mu - theta_b)/delta), so the claims are certified over x, not over v and delta separately.

// The theta regime's x range [159/1000, 30], a rational superset of [1/(2 pi), 30] (30 as in C.5).
Rational theta_regime_lower();
Rational theta_regime_upper();
// The lattice regime's log10 x range [-5, -798/1000], a rational superset of log10 x in [-5, log10(1/(2 pi))].
Rational lattice_log_x_lower();
Rational lattice_log_x_upper();

// The certified lower bound for a slack that the lemma only needs positive: e^{-kLogFloor}.
inline constexpr long kLogFloor = 100'000;

enum class ThetaRemainder {
  kValue,       // T = sum_{j>J} q^{j^2}    vs B = q^{(J+1)^2} / (1 - q^{2J+3})
  kDerivative,  // T = sum_{j>J} j q^{j^2}  vs B = (J+1) q^{(J+1)^2} / (1 - ((J+2)/(J+1)) q^{2J+3})
};
// The theta-form remainder with J = theta_terms(p) over x in [theta_regime_lower, theta_regime_upper],
// q = e^{-2 pi^2 x}: certifies T <= scale B as log((B - T)/B) >= log(1 - scale) (-kLogFloor for
// scale >= 1, the lemma). (B - T)/B is evaluated in its exact rearranged form: with T and B
// expanded about q^{(J+1)^2}, their first two terms cancel exactly and the rest is
// q^{4J+6} S, S = the next 38 differences of positive terms (each >= 0) plus B's exact geometric
// tail minus a crude geometric bound of T's tail after its first 40 terms; S is near 1, so only
// q^{4J+6} needs the log domain. (The value remainder |sum 2 q^{j^2} cos| <= 2 T and the derivative's
// factor 4 pi/delta is common to both sides.) scale > 0; p >= 1; throws std::invalid_argument otherwise.
certify::Result theta_remainder(long p, ThetaRemainder which, const Rational& scale, const certify::Budget& budget);

// The lattice-form relative remainder over (log10 x, y) in [lattice_log_x_lower, lattice_log_x_upper] x
// [0, 1/2], y = (mu - theta_b)/delta (by the symmetry w -> 2 theta_b - w and period delta this covers
// every mu and both b): certifies
//   (sum over points with |w - mu| > R_p) / (sum over all points) <= scale 2 e^{-(R_p^2 - delta^2/4)/(2v)} / (1 - e^{-R_p delta/v})
// in the log domain. Points whose membership the box cannot decide count as omitted (an upper
// bound); the omitted sum is the first 40 candidates on each side plus a crude geometric bound,
// the total is bounded below by the points up to the first candidate on each side. scale > 0; throws
// std::invalid_argument otherwise.
certify::Result lattice_remainder(long p, const Rational& scale, const certify::Budget& budget);

}  // namespace recipes
}  // namespace dpsi::checks
