// File: proofs-checks/network_size_checks.h
// Check A.6:network-size-and-weights: the score networks C.8 builds (C.4 below kappa*, C.7 above)
// have exactly the unit count and depth of the spec's size formulas, and their largest weight or
// bias, an exact rational, is within the spec's weight bound W (spec A.6(b), C.4 "Size"/"Weights",
// C.7). Every bound is recomputed here from the spec's formula, not read from the builder.
#pragma once

#include <cstddef>
#include <string>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::checks {

void register_network_size_checks(audit::Registry& registry);

// The pieces of the check, with the spec's bounds scaled by `bound_scale` (1 in the audit), so the
// tests can apply the same comparisons to deliberately false bounds (scale 1/2) and see them refused.
namespace detail {

// U_f and D_f of spec C.4: units and depth of compile_circuit(owf_circuit(n, m)).
struct CircuitSize {
  std::size_t units = 0;
  std::size_t depth = 0;
};
CircuitSize circuit_size(const Instance& instance);

// Spec C.4's weight bound at one noise level:
//   W = max{1/(2 gamma), (B + 2 delta)/w, 2 mbar', mbar'/kappa^2, 2a/kappa^2, 1/kappa^2, 1},
//   mbar' = 1 + (13/25) delta^2/v, v = kappa^2/(1 + kappa^2)   (exact rational).
Rational small_regime_weight_bound(const Instance& instance, const Rational& kappa2,
                                   const relu::SmallRegimeParameters& parameters);

// Spec C.7's weight bound max{1, t_K, a/kappa^2, a^2/kappa^4, 1/kappa^2} with t_K replaced by an
// upper bound on the built last knot: the knot is the double nearest (kappa^2/a) artanh(1 - eta/a)
// (Erratum 26), so it is at most that value times (1 + 2^-52); the rational returned is the upper
// end of a 128-bit enclosure of that product. No t_K term when eta >= a (no knots).
Rational large_regime_weight_bound(const Instance& instance, const Rational& kappa2, const Rational& eta);

// The comparison for one built network. Unit count and depth are compared for equality; the
// inequality bounds (W, and in C.4 the ramp and knot counts) are multiplied by bound_scale.
struct NetworkVerdict {
  bool units_ok = false;
  bool depth_ok = false;
  bool counts_ok = false;   // C.4: R and K + 1 within their bounds and R as the sawtooth formula; eta as the spec's
  bool weights_ok = false;  // max |w| <= bound_scale * W
  Rational max_weight;      // over all weights and biases (exact)
  Rational weight_bound;    // bound_scale * W
  std::string largest_at;   // where the largest weight sits, e.g. "layer 3747 (ramps, first) bias"
  std::string line;         // the log line
  bool knot_above_spec = false;  // C.7: the built last knot exceeds the spec's real t_K (a rounding up)
  bool passed() const { return units_ok && depth_ok && counts_ok && weights_ok; }
};
NetworkVerdict compare_network(const Instance& instance, const CircuitSize& circuit, const relu::ScoreNetwork& network,
                               const Rational& epsilon, const Rational& bound_scale);

// The whole check over the sigma grid at the audited instance and at n = m = 5.
audit::CheckResult network_size_and_weights(const audit::CheckContext& context, const Rational& bound_scale);

}  // namespace detail
}  // namespace dpsi::checks
