// File: proofs-checks/score_network_checks.h
// Checks of the small-sigma score network (spec C.1:knot-increments for C.4's period knots,
// C.4:error-terms-defaults, C.4:network-error).
#pragma once

#include <functional>
#include <string>

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
// "The network certified is the network evaluated" for C.4: the network's tail (the layers after the
// soft bits and the circuit, which evaluate_certified evaluates) in exact rationals, for c = 0 and 1
// on every f-coordinate, at mu = u_k + j delta for every period knot u_k (k >= 1; u_0 = the ramp
// start, evaluated at its window end instead), every midpoint of consecutive knots and every window
// end c_j + w, with a different period j on each coordinate: each f-output must equal
// -x/(1+kappa^2) + r_hat_c(u)/kappa^2, r_hat_c the interpolant of the stored residuals (relu::interpolate),
// and each seed output (a(2 bit - 1) - x)/kappa^2.
struct SmallNetworkMatch {
  bool holds = false;
  std::size_t comparisons = 0;
  std::size_t mismatches = 0;
  std::string defect;  // the first mismatch
};
SmallNetworkMatch match_small_network(const relu::SmallNoiseNetwork& network, const Instance& instance);
audit::CheckResult network_error(const audit::CheckContext& context, const KnotTamper& tamper);
}  // namespace detail

}  // namespace dpsi::checks
