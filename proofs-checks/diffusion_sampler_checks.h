// File: proofs-checks/diffusion_sampler_checks.h
// Smoke checks of the F.2 exponential-integrator sampler (spec/F-diffusion.md, F.2 "Check details"):
// the sampler driven by C.8's analytic oracle on the audited instance decodes (dec(x_F) = f(sbar(x))),
// has uniform seed signs and seed magnitude a, and matches exact R6 draws in two-sample KS tests.
// Failures signal a bug in the sampler or the scores, not a refuted lemma (no constant of the cited
// theorem is certified).
//
// The statistics take the outputs as data so that the tests can feed outputs of deliberately wrong
// samplers (negative controls: a flipped f-block phase, a wrong seed amplitude).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/diffusion/diffusion_sampler.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

// Registers F.2:smoke-decoding, F.2:smoke-sign-uniformity, F.2:smoke-seed-magnitude, F.2:two-sample.
void register_diffusion_sampler_checks(audit::Registry& registry);

using Outputs = std::vector<std::vector<double>>;

// `count` outputs of `sampler` from std::mt19937_64 seeded with `seed`, in batches of `batch` (the outputs
// do not depend on the batch size, see diffusion_sampler.h; network scores want one batch).
Outputs diffusion_outputs(const diffusion::DiffusionSampler& sampler, std::uint64_t count, std::uint64_t seed,
                          std::size_t batch = 256);

// F.2:smoke-decoding: claim P(dec(x_F) != f(sbar(x))) <= 1e-3; with F failures among N outputs it
// fails iff P(Bin(N, 1e-3) >= F) < gamma_MC (exact binomial tail, Boost's incomplete beta).
audit::CheckResult smoke_decoding(const Instance& instance, const Outputs& outputs);
inline constexpr double kDecodingFailureBound = 1e-3;
// F.2:smoke-sign-uniformity: for each j <= n, [x_{S,j} > 0]; fails iff some |p_hat_j - 1/2| >
// sqrt(ln(2n/gamma_MC)/(2N)) rounded up to 6 decimals (0.034778 at n = 16, N = 1e4).
audit::CheckResult smoke_sign_uniformity(const Instance& instance, const Outputs& outputs);
// F.2:smoke-seed-magnitude: the residuals of the outputs about their vertex and lattice, the n seed
// residuals x_S,j - a sign(x_S,j) and the m phase residuals z - delta round(z/delta),
// z = x_F,i - f(sbar(x))_i delta/2, pooled (K = N (n + m) values), have the Gaussian law N(0, s^2) that
// the exponential integrator with C.8's oracle gives them (integrator_residual_law below). With
// S = sum r^2 / s^2 it fails iff S < (1 - eps) q_lo or S > (1 + eps) q_hi, q_lo and q_hi the
// gamma_MC/2 quantiles of chi^2_K (Boost's inverse incomplete gamma) and eps = kResidualModelSlack
// the allowance for what the linear model leaves out (the entry state, weight prod |c_k|; the lattice
// neighbours). Prints its power against the named alternatives (exact chi^2 power for a variance
// ratio, normal approximation for outputs shifted off their lattice).
audit::CheckResult smoke_seed_magnitude(const Instance& instance, const Outputs& outputs);
inline constexpr double kResidualModelSlack = 1e-3;

// The law of one residual of the F.2 integrator's output (spec F.2, smoke-seed-magnitude). In the
// vertex regime (tau^2 + sigma_r^2 <= kappa*^2) C.8's oracle is linear about the vertex or lattice point
// w of the coordinate, s^OU_r(y) = -(y - e^{-r} w) e^{2r}/kappa_r^2 (seed: exactly; f-block: up to the
// lattice neighbours, of relative weight <= e^{-delta^2/(8 kappa^2)}), so one step is
// Y' - e^{-r'} w = c_k (Y - e^{-r} w) + sqrt(e^{2h} - 1) xi with c_k = e^h - 2 (e^h - 1) e^{2r}/kappa_r^2 (the
// integrator tracks the mean exactly), and the residual e^{t_min} Y_N - w is Gaussian with variance
// s^2 = e^{2 t_min} V_N, V_{k+1} = c_k^2 V_k + e^{2h} - 1, started at the first vertex step from the target's
// variance e^{-2r}kappa_r^2. The grid is recomputed here from the spec (T, t_min, lambda), not taken from
// diffusion::TimeGrid. A variant models a wrong implementation for the power statements: the blur
// tau_factor * tau in kappa_r, the drift coefficient 2 (e^{drift_step_factor h} - 1).
struct IntegratorVariant {
  double tau_factor = 1;
  double drift_step_factor = 1;
};
struct ResidualLaw {
  double variance = 0;          // s^2
  double entry_weight = 0;      // prod |c_k| over the vertex steps: the weight of the entry state
  std::size_t vertex_steps = 0;
  double target_variance = 0;   // tau^2 + sigma_min^2, the variance of g~_sigma_min's residual
};
ResidualLaw integrator_residual_law(const Instance& instance, const IntegratorVariant& variant = {});

// F.2:two-sample: two-sample KS tests between `outputs` and `exact` (R6 draws of g~) on the n seed
// coordinates x_{S,j}, the m f-coordinates x_{F,i} and the m phase residuals z - delta round(z/delta),
// z = x_{F,i} - f(sbar(x))_i delta/2 (the joint structure: the marginals of x_F cannot see a sampler that
// puts x_F on the wrong lattice); Bonferroni over the n + 2m tests: fails iff some KS
// distance exceeds the two-sample radius at gamma_MC/(n + 2m) rounded up to 5 decimals. `label` names
// the sampler in the log lines.
// `slack` is added to the radius: a bound on the per-coordinate KS distance between the sampler's target
// and the law of `exact` (blur_slack() when the target is g~_sigma_min and `exact` draws g~; 0 when
// `exact` draws the target itself).
audit::CheckResult two_sample(const Instance& instance, const Outputs& outputs, const Outputs& exact,
                              const std::string& label, const Ball& slack);

// (sigma_min^2/tau^2) sqrt(1/8), sigma_min^2 = e^{2 t_min} - 1 (enclosed from expm1 in double, rounded up
// by 1e-15 relative): F.2's blur bound for one coordinate, a bound on the TV (hence KS) distance between
// one coordinate of g~_sigma_min and of g~.
Ball blur_slack(const Instance& instance, double early_stop);

// R6 draws x ~ g~ (InstanceSampler::draw), `count` of them from std::mt19937_64 seeded with `seed`.
Outputs exact_outputs(const Instance& instance, std::uint64_t count, std::uint64_t seed);

}  // namespace dpsi::checks
