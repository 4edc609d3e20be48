// False-bound twins for C.5:lattice-vs-theta (proofs-checks/density_checks.cc): the check's
// comparison accepts the two exact forms and rejects a theta form perturbed by a factor 1 + 2^-90
// in any one of h, psi, m.
#include "proofs-checks/density_checks.h"

#include <gtest/gtest.h>

#include "dpsi/numeric/theta.h"

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

// The comparison with the term-by-term definition accepts the theta form and refuses the form of
// the other phase (a fault both exact forms would share) and a score perturbed by 2^-90; disjoint
// enclosures are refused even when within the tolerance.
TEST(DensityChecks, DefinitionComparisonRejectsWrongPhaseAndDisjointEnclosures) {
  const PrecisionScope scope(256);
  const Rational delta(1, 20);
  const Ball kappa(Rational(delta / 2));
  const Ball t(Rational(3, 7));
  auto all_pass = [](const auto& comparisons) {
    bool passed = true;
    for (const auto& comparison : comparisons) passed = passed && comparison.passed();
    return passed;
  };
  for (int b = 0; b < 2; ++b) {
    const Ball normaliser = theta::lattice_gaussian_sum(Ball(Rational(b * delta / 2)), Ball(0), Ball(1), delta);
    const density::ValueAndDerivative definition = density::lattice_convolution(b, kappa, t, delta, normaliser);
    const density::SmoothedLattice theta = density::theta_form(b, kappa, t, delta);
    EXPECT_TRUE(all_pass(density_check::compare_with_definition(theta, definition))) << b;
    EXPECT_FALSE(all_pass(density_check::compare_with_definition(density::theta_form(1 - b, kappa, t, delta), definition))) << b;
    density::SmoothedLattice perturbed = theta;
    perturbed.score *= Ball(1) + mul_2exp(Ball(1), -90);
    EXPECT_FALSE(all_pass(density_check::compare_with_definition(perturbed, definition))) << b;
    // Shifted by 2^-200 relative: within the 2^-100 tolerance, but no longer intersecting.
    perturbed = theta;
    perturbed.density = Ball(theta.density.mid_double() == 0 ? Rational(0) : theta.density.upper_rational()) +
                        mul_2exp(abs(theta.density), -200);
    const auto comparisons = density_check::compare_with_definition(perturbed, definition);
    EXPECT_EQ(le(comparisons[0].difference, comparisons[0].tolerance), Certainty::kTrue);
    EXPECT_FALSE(comparisons[0].passed());
  }
}

}  // namespace
}  // namespace dpsi::checks
