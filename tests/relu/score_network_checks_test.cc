// Tests of proofs-checks/score_network_checks (C.1:knot-increments, C.4:error-terms-defaults,
// C.4:network-error): each passes in quick mode, and each refuses a deliberately broken claim or
// network: half of eta for the knot certificate; swapped phase residuals (the wrong phase selected
// for every f-coordinate) and seven of every eight interior knots removed for the network-error
// check (one removed knot is the certified check's to find: C.1:knot-increments).
#include "proofs-checks/score_network_checks.h"

#include <gtest/gtest.h>

#include <utility>

#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

audit::CheckContext quick_context(const Instance& instance) { return {instance, true, 7, {}}; }

TEST(ScoreNetworkChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_score_network_checks, spec::CheckKind::kCertified,
                                    {"C.1:knot-increments", "C.4:error-terms-defaults"});
  testing::expect_checks_pass_quick(register_score_network_checks, spec::CheckKind::kStatistical, {"C.4:network-error"});
}

TEST(ScoreNetworkChecks, KnotIncrementsRefuseHalfEta) {
  const Instance instance = Instance::defaults();
  const audit::CheckResult result = detail::knot_increments(quick_context(instance), Rational(1, 2));
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(ScoreNetworkChecks, NetworkErrorRefusesSwappedPhases) {
  const Instance instance = Instance::defaults();
  const audit::CheckResult result = detail::network_error(quick_context(instance), [](relu::PeriodKnots& knots) {
    std::swap(knots.residual[0], knots.residual[1]);
  });
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(ScoreNetworkChecks, NetworkErrorRefusesSevenOfEightKnotsRemoved) {
  const Instance instance = Instance::defaults();
  const audit::CheckResult result = detail::network_error(quick_context(instance), [](relu::PeriodKnots& knots) {
    relu::PeriodKnots thinned;
    thinned.cut = knots.cut;
    for (std::size_t k = 0; k < knots.u.size(); ++k) {
      if (k % 8 != 0 && k + 1 < knots.u.size()) continue;
      thinned.u.push_back(knots.u[k]);
      for (std::size_t b = 0; b < 2; ++b) thinned.residual[b].push_back(knots.residual[b][k]);
    }
    knots = std::move(thinned);
  });
  EXPECT_FALSE(result.passed) << result.margin;
}

}  // namespace
}  // namespace dpsi::checks
