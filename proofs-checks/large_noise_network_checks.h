// File: proofs-checks/large_noise_network_checks.h
// Checks of the large-sigma score network s_hat^{L,net} (spec C.7).
#pragma once

#include <functional>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/relu/interpolant.h"

namespace dpsi::checks {

void register_large_noise_network_checks(audit::Registry& registry);

// The checks with their claim's constant (and, for the twins, the knots) exposed, so that tests can
// run them against a deliberately false bound or a broken network and see them fail. The audit
// uses bound_scale 1 and the spec's knots unchanged.
namespace detail {
// Edits the seed-coordinate knots before the network is built (identity in the audit).
using KnotEdit = std::function<void(std::vector<relu::Knot>&)>;
// C.7:increments-and-end-gaps with the bound bound_scale * eta.
audit::CheckResult increments_and_end_gaps(const audit::CheckContext& context, const Rational& bound_scale,
                                           const KnotEdit& edit);
// C.7:network-error with the bound bound_scale * (2 n eta^2/kappa^4 + 2 E_L).
audit::CheckResult network_error(const audit::CheckContext& context, const Ball& bound_scale, const KnotEdit& edit);
}  // namespace detail

}  // namespace dpsi::checks
