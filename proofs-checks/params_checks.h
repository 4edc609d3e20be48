// File: proofs-checks/params_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the params checks listed in spec/lemmas.json (see that file for their statements).
void register_params_checks(audit::Registry& registry);

}  // namespace dpsi::checks
