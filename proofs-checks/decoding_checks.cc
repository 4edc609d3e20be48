#include "proofs-checks/decoding_checks.h"

namespace dpsi::checks {

void register_decoding_checks(audit::Registry&) {}

}  // namespace dpsi::checks
