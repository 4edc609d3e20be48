// File: proofs-checks/overlap_checks.h
// Checks of spec C.8 (regime overlap): the monotonicity claims its proof uses.
#pragma once

#include "dpsi/audit/registry.h"
#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {

void register_overlap_checks(audit::Registry& registry);

namespace detail {

// d/dkappa [(t1 + t2)/kappa^2] >= 0 on `domain` (one interval of kappa > 0), t1, t2 of C.4 with
// gamma = a/10. Certified in the scaled form F = kappa^3 D / (C2 phi(z2)) (a positive multiple of
// the derivative D), F = (C1/C2) exp(-(z1^2 - z2^2)/2) h(z1) + h(z2), z1 = a/kappa, z2 = (a-gamma)/kappa,
// h(z) = z - 2 Phibar(z)/phi(z), C1 = 2(4a^2 + m delta^2/4) n, C2 = (4a^2 n + m delta^2) n. h is increasing
// (the Mills ratio Phibar/phi = int_0^inf e^{-zt - t^2/2} dt decreases), so on a z-interval h lies
// between its values at the ends, each computed in Arb at a point.
certify::Result certify_small_regime_monotonicity(const Instance& instance, const certify::Box& domain,
                                                  const certify::Budget& budget);

// The large-regime claims on `domain` (kappa >= kappa*): d/dkappa [rho(kappa)^2/kappa^2] <= 0 and
// d/dkappa [S1(v)/(1 - Theta(v))] <= 0, with the derivatives written out (v' = 2 kappa/(1+kappa^2)^2,
// Theta' = -2 c S2 v', S1' = -c S3 v', c = 2 pi^2/delta^2, S_p = sum_j j^p q_v^{j^2} with the certified
// geometric remainder, rho' = (rho + 1) 2m Theta'/(1 - Theta^2)). `reversed` certifies the opposite
// (false) sign instead: the twin that must be refuted.
enum class LargeRegimeRatio { kRhoSquaredOverKappaSquared, kS1OverOneMinusTheta };
certify::Result certify_large_regime_decreasing(const Instance& instance, LargeRegimeRatio ratio,
                                                const certify::Box& domain, bool reversed,
                                                const certify::Budget& budget);

}  // namespace detail

}  // namespace dpsi::checks
