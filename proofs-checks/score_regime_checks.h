// File: proofs-checks/score_regime_checks.h
// Checks of the two score surrogates of the regimes (spec C.2: the vertex-orthant score at small
// noise; C.6: the Gaussian-mixture score at large noise) against the exact score of R.4.
#pragma once

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

void register_score_regime_checks(audit::Registry& registry);

// The checks with their claim's constant exposed, so that tests can run each against a
// deliberately false (tightened or shifted) claim and see it refused. The audit uses the spec's
// values: shift 0, scale 1, exponent 1.
namespace detail {
// C.2(i) with target 1 - (1-p)^n + target_shift.
audit::CheckResult orthant_misclassification(const audit::CheckContext& context, const Ball& target_shift);
// C.2(ii) with bound bound_scale (1 - w_sbar)^2 M.
audit::CheckResult pointwise_bound(const audit::CheckContext& context, const Ball& bound_scale);
// C.6(i) with [r_-^exponent, r_+^exponent].
audit::CheckResult ratio_bounds(const audit::CheckContext& context, const Ball& exponent);
// C.6(ii) with both bounds times bound_scale.
audit::CheckResult score_bounds(const audit::CheckContext& context, const Ball& bound_scale);
}  // namespace detail

}  // namespace dpsi::checks
