// File: proofs-checks/decoding_checks.h
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers the decoding checks (see spec/lemmas.json).
void register_decoding_checks(audit::Registry& registry);

}  // namespace dpsi::checks
