// File: proofs-checks/theta_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the theta checks listed in spec/lemmas.json (see that file for their statements).
void register_theta_checks(audit::Registry& registry);

}  // namespace dpsi::checks
