// R.1:term-counts: the check passes, its exact helpers agree with a direct evaluation, and a
// tightened point bound (one less) is refuted by the enumeration -- the false-bound twin.
#include "proofs-checks/recipe_checks.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/check_runner.h"

namespace dpsi::checks::recipes {
namespace {

TEST(RecipeChecks, PassQuick) {
  testing::expect_checks_pass_quick(register_recipe_checks, spec::CheckKind::kExact, {"R.1:term-counts"});
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
