// File: proofs-checks/params_checks.h
#pragma once

#include <string>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

// Registers the params checks listed in spec/lemmas.json (see that file for their statements).
void register_params_checks(audit::Registry& registry);

// The parts of P:defaults-satisfy-constraints, exposed so that tests can feed them a violating
// parameter set or a wrong quoted value (false-bound twins); the check calls exactly these.
namespace params_check {

// P.1-P.8 for `values`: all_hold iff every constraint is certainly satisfied; one log line per
// constraint, "P.i: <statement> -- holds|VIOLATED (<detail>)".
struct ConstraintVerdict {
  bool all_hold = true;
  std::vector<std::string> log;
};
ConstraintVerdict check_constraints(const ParameterValues& values);

// A derived value against its quoted decimal: kTrue iff certainly within `half_unit` of it.
Certainty matches_quoted(const Ball& value, const char* quoted, const char* half_unit);

}  // namespace params_check

}  // namespace dpsi::checks
