// File: proofs-checks/circuit_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the C.4 gadget and compiled-circuit checks (spec/C-score-networks.md, C.4).
void register_circuit_checks(audit::Registry& registry);

}  // namespace dpsi::checks
