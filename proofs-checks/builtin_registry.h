// File: proofs-checks/builtin_registry.h
// The registry of every check dpsi implements.
#pragma once

#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Built once, on first use; each lemma family registers its own checks.
const audit::Registry& builtin_registry();

}  // namespace dpsi::checks
