// Tests of dpsi/relu/interpolant.h and the C.1:interpolant-network check: the hinge networks equal
// the piecewise-linear interpolant exactly at random rational knots, and a network built from
// other knots (one removed, or one value changed) is refused.
#include "dpsi/relu/interpolant.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

#include "proofs-checks/interpolant_checks.h"
#include "support/check_runner.h"
#include "support/generators.h"

namespace dpsi::relu {
namespace {

// 1..12 knots with strictly increasing rational abscissae and arbitrary rational values.
rc::Gen<std::vector<Knot>> knot_sets() {
  return rc::gen::map(
      rc::gen::pair(rc::gen::inRange(1, 13), rc::gen::container<std::vector<Rational>>(
                                                 24, testing::rational_in(Rational(-5), Rational(5)))),
      [](const std::pair<int, std::vector<Rational>>& drawn) {
        std::vector<Knot> knots;
        Rational t = drawn.second[0];
        for (int k = 0; k < drawn.first; ++k) {
          t += abs(drawn.second[2 * k]) + Rational(1, 7);  // strictly increasing
          knots.push_back({t, drawn.second[2 * k + 1]});
        }
        return knots;
      });
}

RC_GTEST_PROP(Interpolant, NetworksEqualTheInterpolantExactly, ()) {
  const std::vector<Knot> knots = *knot_sets();
  const Rational kappa2 = *testing::rational_in(Rational(1, 100), Rational(4));
  std::size_t compared = 0;
  RC_ASSERT(checks::detail::compare_interpolant_networks(interpolant_network(knots), score_interpolant_network(knots, kappa2),
                                                         knots, kappa2, compared) == 0u);
  const Rational x = *testing::rational_in(knots.front().t - 2, knots.back().t + 2);
  const std::vector<Rational> input = {x};
  RC_ASSERT(interpolant_network(knots).evaluate(input).front() == interpolate(knots, x));
}

TEST(Interpolant, ChecksPassInQuickMode) {
  testing::expect_checks_pass_quick(checks::register_interpolant_checks, spec::CheckKind::kExact, {"C.1:interpolant-network"});
}

// The twins: a network missing a knot, or carrying a changed value, is refused against the knots.
TEST(Interpolant, RefusesANetworkWithAKnotRemovedOrAValueChanged) {
  const std::vector<Knot> knots = {{Rational(-1), Rational(-1)}, {Rational(0), Rational(1, 3)}, {Rational(1, 2), Rational(1, 2)},
                                   {Rational(2), Rational(1)}};
  std::vector<Knot> missing = knots;
  missing.erase(missing.begin() + 1);
  std::vector<Knot> changed = knots;
  changed[2].value += Rational(1, 1000);
  const Rational kappa2(1, 4);
  std::size_t compared = 0;
  EXPECT_EQ(checks::detail::compare_interpolant_networks(interpolant_network(knots), score_interpolant_network(knots, kappa2),
                                                         knots, kappa2, compared),
            0u);
  EXPECT_GT(checks::detail::compare_interpolant_networks(interpolant_network(missing), score_interpolant_network(missing, kappa2),
                                                         knots, kappa2, compared),
            0u);
  EXPECT_GT(checks::detail::compare_interpolant_networks(interpolant_network(changed), score_interpolant_network(changed, kappa2),
                                                         knots, kappa2, compared),
            0u);
}

TEST(Interpolant, RejectsBadKnots) {
  const std::vector<Knot> none;
  const std::vector<Knot> unsorted = {{Rational(1), Rational(0)}, {Rational(1), Rational(2)}};
  EXPECT_THROW(interpolant_network(none), std::invalid_argument);
  EXPECT_THROW(interpolant_network(unsorted), std::invalid_argument);
  EXPECT_THROW(score_interpolant_network(std::vector<Knot>{{Rational(0), Rational(0)}}, Rational(0)), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::relu
