// The C.5(b)-(e) and table checks: they pass in quick mode, and each certifier refutes a
// deliberately false (tightened) version of its claim -- the false-bound twins.
#include "proofs-checks/smoothing_bounds_checks.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "dpsi/density/phase_bounds.h"
#include "proofs-checks/identity_comparison.h"
#include "support/check_runner.h"

namespace dpsi::checks::smoothing {
namespace {

const Rational kDelta(1, 20);

certify::Budget twin_budget() {
  certify::Budget budget;
  budget.max_boxes = 20'000;
  budget.precision = 128;
  return budget;
}

void expect_refuted(const certify::Result& outcome, const char* what) {
  std::printf("%s: %s\n", what, outcome.summary().c_str());
  EXPECT_EQ(outcome.outcome, certify::Outcome::kRefuted) << what << ": " << outcome.summary();
}

TEST(SmoothingBoundsChecks, PassQuick) {
  testing::expect_checks_pass_quick(register_smoothing_bounds_checks, spec::CheckKind::kCertified,
                                    {"C.5:central-cell", "C.5:posterior-variance", "C.5:density-ratio",
                                     "C.5:score-deviation", "C.5:table-defaults"});
}

// The lemma's claims themselves, certified by the same calls the checks make.
TEST(SmoothingBoundsChecks, LemmaClaimsProven) {
  for (int b = 0; b < 2; ++b) {
    EXPECT_TRUE(central_cell(b, false, kDelta, Rational(0), twin_budget()).proven());
    EXPECT_TRUE(central_cell(b, true, kDelta, Rational(0), twin_budget()).proven());
    EXPECT_TRUE(variance_excess(b, true, kDelta, Rational(52, 100), twin_budget()).proven());
    EXPECT_TRUE(variance_excess(b, false, kDelta, Rational(52, 100), twin_budget()).proven());
  }
  EXPECT_TRUE(variance_positive(kDelta, twin_budget()).proven());
}

// (b) with the cell [0, delta/2] shrunk by delta/40 at each end: m_0 ~ 0 and m_1 ~ delta/2 as v -> 0.
TEST(SmoothingBoundsChecks, ShrunkCellRefuted) {
  const Rational inset = kDelta / 40;
  expect_refuted(central_cell(0, false, kDelta, inset, twin_budget()), "C.5(b) twin, b = 0, lower end");
  expect_refuted(central_cell(1, true, kDelta, inset, twin_budget()), "C.5(b) twin, b = 1, upper end");
}

// (c) with 0.52 -> 0.2 (lattice regime: Var - v -> delta^2/4 between two lattice points) and
// 0.52 -> 0.1 in the theta regime (Var - v ~ 0.2 delta^2 at v = delta^2/20).
TEST(SmoothingBoundsChecks, VarianceBoundTwentyPercentRefuted) {
  for (int b = 0; b < 2; ++b) {
    expect_refuted(variance_excess(b, true, kDelta, Rational(1, 5), twin_budget()), "C.5(c) twin 0.2, lattice regime");
    expect_refuted(variance_excess(b, false, kDelta, Rational(1, 10), twin_budget()), "C.5(c) twin 0.1, theta regime");
  }
}

// (d), (e) with the deviation allowance halved, at a small and a large kappa/delta of the table.
TEST(SmoothingBoundsChecks, HalvedRatioAndScoreBoundsRefuted) {
  for (const Rational& ratio : {Rational(3, 5), Rational(3)}) {
    const Rational kappa = ratio * kDelta;
    for (int b = 0; b < 2; ++b) {
      expect_refuted(density_ratio(b, false, kappa, kDelta, Rational(1, 2), twin_budget()), "C.5(d) twin, lower");
      expect_refuted(density_ratio(b, true, kappa, kDelta, Rational(1, 2), twin_budget()), "C.5(d) twin, upper");
      expect_refuted(score_deviation(b, kappa, kDelta, Rational(1, 2), twin_budget()), "C.5(e) twin");
      // The lemma itself at the same rows.
      EXPECT_TRUE(density_ratio(b, false, kappa, kDelta, Rational(1), twin_budget()).proven());
      EXPECT_TRUE(density_ratio(b, true, kappa, kDelta, Rational(1), twin_budget()).proven());
      EXPECT_TRUE(score_deviation(b, kappa, kDelta, Rational(1), twin_budget()).proven());
    }
  }
}

// The (d)/(e) cross-checks: the decomposed forms agree with the direct theta form within the
// identity tolerance, and a direct value perturbed by 2^-90 (relative) is refused -- their twin.
TEST(SmoothingBoundsChecks, DecompositionMatchesDirectAndPerturbationRefused) {
  for (const Rational& ratio : {Rational(1, 2), Rational(3)}) {
    const Rational kappa = ratio * kDelta;
    const PrecisionScope scope(phase_precision(kappa, kDelta));
    for (int b = 0; b < 2; ++b) {
      for (const Rational& y : {Rational(0), Rational(1, 3), Rational(7, 8)}) {
        const DecomposedValues decomposed = decomposed_values(b, kappa, kDelta, y);
        const DirectValues direct = direct_values(b, kappa, kDelta, y);
        IdentityComparison exact("test");
        exact.compare(decomposed.ratio_from_lower, direct.ratio, "lower");
        exact.compare(decomposed.ratio_from_upper, direct.ratio, "upper");
        exact.compare(decomposed.score_from_plus, direct.score, "D+");
        exact.compare(decomposed.score_from_minus, direct.score, "D-");
        EXPECT_TRUE(exact.passed()) << exact.summary();
        // Perturbations far below any bound of (d)/(e), but far above the identity tolerance.
        const Ball ratio_shift = mul_2exp(abs(direct.ratio), -90);
        const Ball score_shift = mul_2exp(max(Ball(1), abs(direct.score)), -90);
        IdentityComparison perturbed("twin");
        perturbed.compare(decomposed.ratio_from_lower, direct.ratio + ratio_shift, "lower");
        EXPECT_FALSE(perturbed.passed());
        IdentityComparison perturbed_score("twin");
        perturbed_score.compare(decomposed.score_from_minus, direct.score - score_shift, "D-");
        EXPECT_FALSE(perturbed_score.passed());
      }
    }
  }
}

// The table rule: a perturbed last digit is excluded, not merely undecided.
TEST(SmoothingBoundsChecks, PerturbedTableDigitExcluded) {
  const PrecisionScope scope(512);
  const density::PhaseBounds row = density::phase_bounds(Ball(Rational(3, 5) * kDelta), kDelta, 16);
  EXPECT_EQ(printed_value_verdict(row.q_v, "8.253e-4"), PrintedVerdict::kContains);
  EXPECT_EQ(printed_value_verdict(row.q_v, "8.254e-4"), PrintedVerdict::kExcludes);
  EXPECT_EQ(printed_value_verdict(row.xi, "0.2076"), PrintedVerdict::kContains);
  EXPECT_EQ(printed_value_verdict(row.xi, "0.2075"), PrintedVerdict::kExcludes);
  EXPECT_EQ(printed_value_verdict(row.rho, "5.424e-2"), PrintedVerdict::kContains);
  EXPECT_EQ(printed_value_verdict(row.rho, "5.425e-2"), PrintedVerdict::kExcludes);
  const density::PhaseBounds row3 = density::phase_bounds(Ball(Rational(3) * kDelta), kDelta, 16);
  EXPECT_EQ(printed_value_verdict(row3.tv_bound, "1.120e-74"), PrintedVerdict::kContains);
  EXPECT_EQ(printed_value_verdict(row3.tv_bound, "1.121e-74"), PrintedVerdict::kExcludes);
  // A wide enclosure straddling the rounding boundary is undecided (a failure for the check).
  EXPECT_EQ(printed_value_verdict(Ball::interval(Rational(82525, 100000000), Rational(82535, 100000000)), "8.253e-4"),
            PrintedVerdict::kUndecided);
}

}  // namespace
}  // namespace dpsi::checks::smoothing
