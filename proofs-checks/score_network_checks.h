// File: proofs-checks/score_network_checks.h
// Checks of the small-sigma score network (spec C.1:knot-increments for C.4's period knots,
// C.4:error-terms-defaults, C.4:network-error).
#pragma once

#include <functional>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/relu/small_noise_network.h"

namespace dpsi::checks {

void register_score_network_checks(audit::Registry& registry);

namespace detail {
// C.1:knot-increments with the certified claim max increment + rounding <= eta * eta_scale.
audit::CheckResult knot_increments(const audit::CheckContext& context, const Rational& eta_scale);
// C.4:network-error with the network's period knots passed through `tamper` before it is built
// (the identity for the audit; tests remove a knot or swap the phases to see the check fail).
using KnotTamper = std::function<void(relu::PeriodKnots&)>;
audit::CheckResult network_error(const audit::CheckContext& context, const KnotTamper& tamper);
}  // namespace detail

}  // namespace dpsi::checks
