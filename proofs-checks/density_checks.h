// File: proofs-checks/density_checks.h
#pragma once

#include <array>

#include "dpsi/audit/registry.h"
#include "dpsi/density/smoothed_lattice.h"

namespace dpsi::checks {

// Registers the C.5 checks on the smoothed discretized Gaussian (spec/C-score-networks.md, C.5).
void register_density_checks(audit::Registry& registry);

// The comparisons C.5:lattice-vs-theta makes at one point, exposed so that tests can feed them a
// perturbed form (false-bound twins). Each passes iff le(difference, tolerance) is kTrue.
namespace density_check {

struct FormComparison {
  const char* name;  // "h", "psi", "m"
  Ball difference;   // |lattice - theta|
  Ball tolerance;    // 2^-100 |h|, 2^-100 max(1, |psi|), 2^-100 max(delta, |m|)
};
std::array<FormComparison, 3> compare_forms(const density::SmoothedLattice& lattice,
                                            const density::SmoothedLattice& theta, const Rational& delta);

}  // namespace density_check

}  // namespace dpsi::checks
