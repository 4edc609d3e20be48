// File: proofs-checks/density_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the C.5 checks on the smoothed discretized Gaussian (spec/C-score-networks.md, C.5).
void register_density_checks(audit::Registry& registry);

}  // namespace dpsi::checks
