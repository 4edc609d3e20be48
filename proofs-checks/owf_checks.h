// File: proofs-checks/owf_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the G.1 and G.2 checks (spec/G-one-way-function.md).
void register_owf_checks(audit::Registry& registry);

}  // namespace dpsi::checks
