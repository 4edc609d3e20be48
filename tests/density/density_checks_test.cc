// False-bound twins for C.5:lattice-vs-theta (proofs-checks/density_checks.cc): the check's
// comparison accepts the two exact forms and rejects a theta form perturbed by a factor 1 + 2^-90
// in any one of h, psi, m.
#include "proofs-checks/density_checks.h"

#include <gtest/gtest.h>

namespace dpsi::checks {
namespace {

bool all_agree(const density::SmoothedLattice& lattice, const density::SmoothedLattice& theta, const Rational& delta) {
  bool agree = true;
  for (const auto& comparison : density_check::compare_forms(lattice, theta, delta)) {
    agree = agree && le(comparison.difference, comparison.tolerance) == Certainty::kTrue;
  }
  return agree;
}

TEST(DensityChecks, LatticeVsThetaComparisonRejectsPerturbedForm) {
  const PrecisionScope scope(256);
  const Rational delta(1, 20);
  const Ball perturbation = Ball(1) + mul_2exp(Ball(1), -90);
  for (const Rational& kappa_over_delta : {Rational(1, 2), Rational(2)}) {
    const Ball kappa(Rational(kappa_over_delta * delta));
    const Ball t(Rational(3, 7));
    for (int b = 0; b < 2; ++b) {
      const density::SmoothedLattice lattice = density::lattice_form(b, kappa, t, delta);
      const density::SmoothedLattice theta = density::theta_form(b, kappa, t, delta);
      EXPECT_TRUE(all_agree(lattice, theta, delta));
      density::SmoothedLattice perturbed = theta;
      perturbed.density *= perturbation;
      EXPECT_FALSE(all_agree(lattice, perturbed, delta)) << "h, b = " << b;
      perturbed = theta;
      perturbed.score *= perturbation;
      EXPECT_FALSE(all_agree(lattice, perturbed, delta)) << "psi, b = " << b << " " << theta.score.str(10);
      perturbed = theta;
      perturbed.posterior_mean *= perturbation;
      EXPECT_FALSE(all_agree(lattice, perturbed, delta)) << "m, b = " << b << " " << theta.posterior_mean.str(10);
    }
  }
}

}  // namespace
}  // namespace dpsi::checks
