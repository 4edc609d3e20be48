// File: proofs-checks/density_checks.h
#pragma once

#include <array>

#include "dpsi/audit/registry.h"
#include "dpsi/density/lattice_convolution.h"
#include "dpsi/density/smoothed_lattice.h"

namespace dpsi::checks {

// Registers the C.5 checks on the smoothed discretized Gaussian (spec/C-score-networks.md, C.5).
void register_density_checks(audit::Registry& registry);

// The comparisons C.5:lattice-vs-theta makes at one point, exposed so that tests can feed them a
// perturbed form (false-bound twins). Each passes iff le(difference, tolerance) is kTrue and the
// two enclosures intersect (they enclose one number; disjoint enclosures prove one invalid).
namespace density_check {

struct FormComparison {
  const char* name;  // "h", "psi", "m"
  Ball difference;   // |lattice - theta|
  Ball tolerance;    // 2^-100 |h|, 2^-100 max(1, |psi|), 2^-100 max(delta, |m|)
  bool overlapping = true;  // the two enclosures intersect
  bool passed() const { return le(difference, tolerance) == Certainty::kTrue && overlapping; }
};
std::array<FormComparison, 3> compare_forms(const density::SmoothedLattice& lattice,
                                            const density::SmoothedLattice& theta, const Rational& delta);
// A form against the definition h_b = sum_w D_b(w) phi_kappa(t - w) summed term by term
// (density::lattice_convolution, spec A.1): h relatively, psi = h'/h with max(1, |psi|).
std::array<FormComparison, 2> compare_with_definition(const density::SmoothedLattice& form,
                                                      const density::ValueAndDerivative& definition);

}  // namespace density_check

}  // namespace dpsi::checks
