// File: proofs-checks/theta_checks.h
#pragma once

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/certainty.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

// Registers the theta checks listed in spec/lemmas.json (see that file for their statements).
void register_theta_checks(audit::Registry& registry);

// The comparisons the A.2 checks make, exposed so that tests can feed them false bounds and
// perturbed forms (false-bound twins); the checks call exactly these functions.
namespace theta_check {

// sqrt(2 pi omega)/delta * theta(mu - c; omega), the theta side of A.2.
Ball theta_form(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta);

// A.2:theta-vs-lattice at one point: the enclosed direct lattice sum against `theta_side` (the
// check passes theta_form(c, mu, omega, delta)), within identity_tolerance(theta_side).
struct LatticeComparison {
  Certainty agree = Certainty::kUndecided;
  Ball lattice;
  Ball tolerance;
};
LatticeComparison compare_with_lattice(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta,
                                       const Ball& theta_side);

// A.2:theta-deviation-bound, the first inequality for the claimed bound scale * Theta(omega)
// (the check uses scale = 1): for sign = +1 the claim (theta - 1) <= scale Theta, for sign = -1 the
// claim -(theta - 1) <= scale Theta, on u in [lo, hi]. Both are certified through the termwise form
//   scale Theta -+ (theta - 1) = 2 sum_{j>=1} q^{j^2} (scale -+ cos(2 pi j u / delta)),
// each term enclosed over the box with the cosine's enclosure intersected with [-1, 1] and summed in
// exact rationals (so a lower bound 0 is exact, as needed at u = 0 where the claim is an equality);
// the terms j > J contribute between 2 (scale - 1) R_J and 2 (scale + 1) R_J, R_J >= sum_{j>J} q^{j^2}
// (R.1). kTrue: the lower bound over the box is >= 0; kFalse: the upper bound at u = lo is < 0
// (refuted there); kUndecided otherwise. `lower_bound` is the certified lower bound over the box.
struct TermwiseCertificate {
  Certainty holds = Certainty::kUndecided;
  Rational lower_bound;
};
TermwiseCertificate certify_deviation_termwise(const Ball& omega, const Rational& delta, const Rational& lo,
                                               const Rational& hi, const Rational& scale, int sign);

// A.2:theta-deviation-bound, the second inequality Theta(omega) <= bound(q), q = q(omega), decided
// from the enclosures theta::tail_sum and bound(theta::nome) at 3 log2(1/q) + 128 bits (enough to
// resolve relative gaps down to q^3; the true gap of 2q/(1-q) - Theta is ~ q relative).
using NomeBound = Ball (*)(const Ball& q);
Ball geometric_bound(const Ball& q);  // 2q/(1-q), the check's bound
struct TailSumComparison {
  Certainty holds = Certainty::kUndecided;  // Theta(omega) <= bound(q)
  Ball relative_gap;                        // (bound(q) - Theta) / Theta, at the same precision
};
TailSumComparison tail_sum_le(const Ball& omega, const Rational& delta, NomeBound bound);

}  // namespace theta_check
}  // namespace dpsi::checks
