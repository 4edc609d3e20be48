// File: proofs-checks/sampling_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the sampling checks (see spec/lemmas.json).
void register_sampling_checks(audit::Registry& registry);

}  // namespace dpsi::checks
