// Tests for proofs-checks/large_noise_network_checks (spec C.7): both checks pass in quick mode,
// and each fails on a deliberately false claim (false-bound twins) or a broken network.
#include "proofs-checks/large_noise_network_checks.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

audit::CheckContext quick_context(const Instance& instance) { return {instance, true, 0, {}}; }

TEST(LargeNoiseNetworkChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_large_noise_network_checks, spec::CheckKind::kCertified,
                                    {"C.7:increments-and-end-gaps"});
  testing::expect_checks_pass_quick(register_large_noise_network_checks, spec::CheckKind::kStatistical,
                                    {"C.7:network-error"});
}

TEST(LargeNoiseNetworkChecks, IncrementsCheckRefusesEtaOverTen) {
  const Instance defaults = Instance::defaults();
  const audit::CheckResult result = detail::increments_and_end_gaps(quick_context(defaults), Rational(1, 10), {});
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(LargeNoiseNetworkChecks, IncrementsCheckRefusesAKnotSetWithAKnotRemoved) {
  const Instance defaults = Instance::defaults();
  const detail::KnotEdit remove_middle = [](std::vector<relu::Knot>& knots) {
    if (knots.size() > 2) knots.erase(knots.begin() + static_cast<std::ptrdiff_t>(knots.size() / 2));
  };
  EXPECT_FALSE(detail::increments_and_end_gaps(quick_context(defaults), Rational(1), remove_middle).passed);
}

TEST(LargeNoiseNetworkChecks, NetworkErrorCheckRefusesABoundOverAThousand) {
  const Instance defaults = Instance::defaults();
  const audit::CheckResult result = detail::network_error(quick_context(defaults), Ball(1) / Ball(1000), {});
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(LargeNoiseNetworkChecks, NetworkErrorCheckRefusesANetworkWithoutItsEndKnots) {
  // Without t_0 and t_K the flat tails sit at +-(a - 2 eta): X ~ 4 n eta^2/kappa^4, twice the bound.
  const Instance defaults = Instance::defaults();
  const detail::KnotEdit remove_ends = [](std::vector<relu::Knot>& knots) {
    knots.pop_back();
    knots.erase(knots.begin());
  };
  const audit::CheckResult result = detail::network_error(quick_context(defaults), Ball(1), remove_ends);
  EXPECT_FALSE(result.passed) << result.margin;
}

}  // namespace
}  // namespace dpsi::checks
