// File: proofs-checks/kernel_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the kernel checks listed in spec/lemmas.json (see that file for their statements).
void register_kernel_checks(audit::Registry& registry);

}  // namespace dpsi::checks
