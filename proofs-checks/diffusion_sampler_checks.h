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

// F.2:smoke-decoding: indicator [dec(x_F) = f(sbar(x))]; fails iff p_hat + r_1 < 0.99, r_1 =
// sqrt(ln(1/gamma_MC)/(2N)) rounded up to 4 decimals (0.0322 at N = 1e4).
audit::CheckResult smoke_decoding(const Instance& instance, const Outputs& outputs);
// F.2:smoke-sign-uniformity: for each j <= n, [x_{S,j} > 0]; fails iff some |p_hat_j - 1/2| >
// sqrt(ln(2n/gamma_MC)/(2N)) rounded up to 6 decimals (0.034778 at n = 16, N = 1e4).
audit::CheckResult smoke_sign_uniformity(const Instance& instance, const Outputs& outputs);
// F.2:smoke-seed-magnitude: X = mean_j min(|x_{S,j}|, 2a) in [0, 2a]; fails iff |X_bar - a| >
// 2a sqrt(ln(2/gamma_MC)/(2N)) rounded up to 6 decimals (0.065447 at a = 1, N = 1e4). X_bar is exact.
audit::CheckResult smoke_seed_magnitude(const Instance& instance, const Outputs& outputs);

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
