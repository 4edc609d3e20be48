#include "proofs-checks/sampling_checks.h"

namespace dpsi::checks {

void register_sampling_checks(audit::Registry&) {}

}  // namespace dpsi::checks
