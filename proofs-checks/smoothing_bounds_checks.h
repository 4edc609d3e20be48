// File: proofs-checks/smoothing_bounds_checks.h
// The C.5(b)-(e) checks and the C.5 table check (spec/C-score-networks.md, C.5 "Check details").
// The certifiers behind the checks are exposed with the claim's constant as a parameter, so that
// tests can run the same certifier on a deliberately false (tightened) bound and see it refuted.
#pragma once

#include <string_view>

#include "dpsi/audit/registry.h"
#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::checks {

// Registers C.5:central-cell, C.5:posterior-variance, C.5:density-ratio, C.5:score-deviation and
// C.5:table-defaults.
void register_smoothing_bounds_checks(audit::Registry& registry);

namespace smoothing {

// The log10(v/delta^2) range of C.5(b)/(c): [-5, 14772/10000], a rational superset of [-5, log10 30].
Rational log_v_lower();
Rational log_v_upper();
// Where C.5(c) switches from the lattice bound to the theta form: log10(v/delta^2) = -13/10.
Rational log_v_switch();

// C.5(b), one end of the cell [0, delta/2] of mu in [0, delta/2], over (log10(v/delta^2), mu/delta) in
// [log_v_lower, log_v_upper] x [0, 1/2]. With c the end (0, or delta/2 when upper_end) the exact
// factorisation m_b - c = (mu - c) A_c(mu, v) holds (Lambda_b is symmetric about c), with the mean
// slope A_c > 0 given by a series of positive terms. Claim certified (in the log domain, since A_c
// spans thousands of orders of magnitude on a box):
//   inset == 0:  log A_c >= -10^5    (so A_c > 0 and m_b lies on the cell's side of c: the lemma);
//   inset  > 0:  log(|mu - c| A_c) >= log(inset), i.e. m_b >= inset (lower end) or m_b <= delta/2 - inset
//                (upper end) -- a cell shrunk by `inset`, false near v -> 0 (the false-bound twin).
// b in {0, 1}, inset >= 0; throws std::invalid_argument otherwise.
certify::Result central_cell(int b, bool upper_end, const Rational& delta, const Rational& inset,
                             const certify::Budget& budget);

// C.5(c), upper half: (Var_b(w|t) - v)/delta^2 <= bound over log10(v/delta^2) in [log_v_lower, log_v_switch]
// (lattice regime: the mu-free bound of the spec plus the direct lattice enclosure) or
// [log_v_switch, log_v_upper] (theta regime: v^2 (log theta)''), and mu over one full period
// [b delta/2, b delta/2 + delta].
certify::Result variance_excess(int b, bool lattice_regime, const Rational& delta, const Rational& bound,
                                const certify::Budget& budget);

// C.5(c), lower half: Var >= delta^2 p_{w1} p_{w2} >= delta^2 e^{-delta^2/(2v)} / (2 + sqrt(2 pi v)/delta)^2
// (proved in the spec's check details); certifies log of that lower bound of Var/delta^2 >= -10^5 over
// the whole log10(v/delta^2) range.
certify::Result variance_positive(const Rational& delta, const certify::Budget& budget);

// C.5(d) at kappa (exact), mu over one period [0, delta]: with L, U the bounds of (d) and the
// deviation allowances scaled by `scale` (1 = the lemma, 1/2 = the false-bound twin):
//   lower: R_b(t) >= 1 - scale (1 - L),   upper: R_b(t) <= 1 + scale (U - 1).
// Certified in the normalised log form log((R_b - L)/(1 - L)) >= log(1 - scale) (resp. (U - R_b)/(U - 1)),
// with -10^5 in place of log(0) for scale = 1 (the lemma).
certify::Result density_ratio(int b, bool upper, const Rational& kappa, const Rational& delta,
                              const Rational& scale, const certify::Budget& budget);

// C.5(e) at kappa (exact), mu over one period: |psi_b(t) + t/(1+kappa^2)| <= scale Xi(kappa), certified
// as log((Xi - |psi_b + t/(1+kappa^2)|)/Xi) >= log(1 - scale) (-10^5 for scale = 1).
certify::Result score_deviation(int b, const Rational& kappa, const Rational& delta, const Rational& scale,
                                const certify::Budget& budget);

// The decomposed forms behind the (d)/(e) certifiers evaluated exactly at one point y = mu/delta
// (t = mu (1 + kappa^2)), with theta(u; v) = 1 - Theta(v) + P (not its bounds), for comparison with
// the direct theta form: R_b = L + (R_b - L), R_b = U - (U - R_b), and psi_b from sigma recovered from
// D_+ and from D_- (see the spec's check details). Evaluated at the working precision in force;
// callers use phase_precision(kappa, delta).
struct DecomposedValues {
  Ball ratio_from_lower;  // L + (R_b - L)
  Ball ratio_from_upper;  // U - (U - R_b)
  Ball score_from_plus;   // psi_b via D_+
  Ball score_from_minus;  // psi_b via D_-
};
DecomposedValues decomposed_values(int b, const Rational& kappa, const Rational& delta, const Rational& y);
// The direct values: R_b = h_b / phi_{sqrt(1+kappa^2)}(t) and psi_b from density::theta_form.
struct DirectValues {
  Ball ratio;
  Ball score;
};
DirectValues direct_values(int b, const Rational& kappa, const Rational& delta, const Rational& y);

// The working precision (bits) the (d)/(e) certifiers use at kappa: enough to resolve q_v^4 next to 1.
long phase_precision(const Rational& kappa, const Rational& delta);

// The table's rounding rule: `printed` (a decimal with 4 significant digits, e.g. "7.214e-3") is the
// exact value rounded to nearest at its last digit, i.e. value in [p - ulp/2, p + ulp/2].
enum class PrintedVerdict { kContains, kExcludes, kUndecided };
PrintedVerdict printed_value_verdict(const Ball& value, std::string_view printed);

}  // namespace smoothing
}  // namespace dpsi::checks
