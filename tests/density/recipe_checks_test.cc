// R.1:term-counts: the check passes, its exact helpers agree with a direct evaluation, and a
// tightened point bound (one less) is refuted by the enumeration -- the false-bound twin.
// R.1:remainder-bounds: the check passes quick, and the same certifiers refute halved bounds
// (theta form) and a quartered bound (lattice form, whose true worst ratio is about 1/2).
#include "proofs-checks/recipe_checks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "support/check_runner.h"

namespace dpsi::checks::recipes {
namespace {

TEST(RecipeChecks, PassQuick) {
  testing::expect_checks_pass_quick(register_recipe_checks, spec::CheckKind::kExact, {"R.1:term-counts"});
  testing::expect_checks_pass_quick(register_recipe_checks, spec::CheckKind::kCertified, {"R.1:remainder-bounds"});
}

certify::Budget small_budget() {
  certify::Budget budget;
  budget.max_boxes = 20'000;
  budget.max_depth = 60;
  return budget;
}

TEST(RecipeChecks, ThetaRemaindersProvenForEveryPrecision) {
  for (long p : {53L, 128L, 200L}) {
    for (auto which : {ThetaRemainder::kValue, ThetaRemainder::kDerivative}) {
      EXPECT_TRUE(theta_remainder(p, which, Rational(1), small_budget()).proven()) << p;
    }
  }
}

// False-bound twin: T <= B/2 fails (T >= q^{(J+1)^2} > B/2), and the certifier finds a witness.
TEST(RecipeChecks, HalvedThetaRemainderRefuted) {
  for (long p : {53L, 200L}) {
    for (auto which : {ThetaRemainder::kValue, ThetaRemainder::kDerivative}) {
      const certify::Result outcome = theta_remainder(p, which, Rational(1, 2), small_budget());
      EXPECT_EQ(outcome.outcome, certify::Outcome::kRefuted) << p << ": " << outcome.summary();
    }
  }
}

// False-bound twin: with mu half-way between two points and the first omitted points on both sides
// just beyond R_p, the relative tail is about half the stated bound (0.45 of it is refuted, 0.55
// proven at p = 53), so a quarter of it is refuted.
TEST(RecipeChecks, QuarteredLatticeRemainderRefuted) {
  certify::Budget budget = small_budget();
  budget.max_boxes = 200'000;
  const certify::Result outcome = lattice_remainder(53, Rational(1, 4), budget);
  std::printf("R.1 lattice twin (bound / 4): %s\n", outcome.summary().c_str());
  EXPECT_EQ(outcome.outcome, certify::Outcome::kRefuted) << outcome.summary();
}

TEST(RecipeChecks, RemainderCertifiersRejectBadArguments) {
  EXPECT_THROW(theta_remainder(0, ThetaRemainder::kValue, Rational(1), small_budget()), std::invalid_argument);
  EXPECT_THROW(lattice_remainder(53, Rational(0), small_budget()), std::invalid_argument);
}

// The exact counts agree with double evaluation away from ties (p = 1..400).
TEST(RecipeChecks, CountsMatchDoubleFormula) {
  for (long p = 1; p <= 400; ++p) {
    const double x = static_cast<double>(p) * std::log(2.0) / M_PI;
    EXPECT_EQ(theta_terms(p), static_cast<long>(std::ceil(std::sqrt(x))) - 1) << p;
    EXPECT_EQ(lattice_point_bound(p), static_cast<long>(std::floor(3 + 2 * std::sqrt(x))) + 1) << p;
  }
  const RationalBounds bounds = ln2_over_pi_bounds();
  EXPECT_LT(bounds.lo, bounds.hi);
}

// The bound is attained on the grid (v/delta^2 = 0.159, just below the switch; mu on or half-way
// between lattice points), so
// claiming one point fewer is refuted.
TEST(RecipeChecks, PointBoundMinusOneRefuted) {
  const std::vector<Rational> scales = {Rational(1, 100000), Rational(159, 1000)};
  for (long p : {53L, 128L, 200L}) {
    const long enumerated = max_lattice_points(p, Rational(1, 20), scales, 16);
    EXPECT_LE(enumerated, lattice_point_bound(p)) << p;
    EXPECT_GT(enumerated, lattice_point_bound(p) - 1) << "twin not refuted at p = " << p;
  }
}

TEST(RecipeChecks, RejectsScalesOutsideTheLatticeRegime) {
  EXPECT_THROW(max_lattice_points(53, Rational(1, 20), {Rational(16, 100)}, 4), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::checks::recipes
