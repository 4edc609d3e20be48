// File: proofs-checks/well_modeled_table.h
// The well-modeled table (spec C.8:well-modeled-table): for sigma on the geometric grid 1e-3 .. 1e3
// (3 per decade), the score network of C.8 at the audited parameters, one row each with neurons,
// depth, max |weight|, the certified bound of its lemma (C.4 or C.7), a statistical upper
// confidence bound on E|s_hat - s_sigma|^2 at n = m = 12 against the exact score, and the target
// eps^2/sigma^2. Also C.8:end-to-end (n = m = 5, 11 levels 1e-3 .. 1e2), the same rows at another size.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/relu/small_noise_network.h"

namespace dpsi::checks {

void register_well_modeled_checks(audit::Registry& registry);

namespace detail {
struct WellModeledOptions {
  Rational epsilon{Rational(1, 10)};
  // Applied to the period knots of every small-regime network before it is built (identity for the
  // audit; tests swap the phases or drop a knot and expect the table to fail).
  std::function<void(relu::PeriodKnots&)> tamper = [](relu::PeriodKnots&) {};
};
audit::CheckResult well_modeled_table(const audit::CheckContext& context, const WellModeledOptions& options);
audit::CheckResult end_to_end(const audit::CheckContext& context, const WellModeledOptions& options);
}  // namespace detail

}  // namespace dpsi::checks
