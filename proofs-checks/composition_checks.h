// File: proofs-checks/composition_checks.h
// Theorems A and B (spec D.A, D.B) as logical compositions: they pass iff the checks of their
// hypotheses passed in the same audit and the exact rational arithmetic joining them holds; while
// a hypothesis is pending, so are they.
#pragma once

#include <string>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers D.A:composition and D.B:composition (exact), each with its required checks.
void register_composition_checks(audit::Registry& registry);

namespace detail {
// The decision shared by both: hypotheses first, then the rational inequality lhs >= rhs.
audit::CheckResult compose(const audit::CheckContext& context, const std::string& label, const std::vector<std::string>& hypotheses,
                           const Rational& lhs, const Rational& rhs, const std::string& inequality);
}  // namespace detail

}  // namespace dpsi::checks
