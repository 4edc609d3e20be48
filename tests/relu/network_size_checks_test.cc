// Tests for proofs-checks/network_size_checks (A.6:network-size-and-weights): the check passes in
// quick mode; the spec's weight bound is met but not by a factor 2 (false-bound twins in both
// regimes: W/2 is refused); and the formulas recomputed by the check agree with the spec's printed
// constants.
#include "proofs-checks/network_size_checks.h"

#include <gtest/gtest.h>

#include "dpsi/owf/sha256_circuit.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

Instance five_by_five() {
  ParameterValues values = ParameterValues::defaults();
  values.n = 5;
  values.m = 5;
  return Instance::from(values);
}

TEST(NetworkSizeChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_network_size_checks, spec::CheckKind::kExact,
                                    {"A.6:network-size-and-weights"});
}

// One network per regime at n = m = 5: within the spec's bound, refused against half of it.
TEST(NetworkSizeChecks, HalfTheWeightBoundIsRefusedInBothRegimes) {
  const Instance instance = five_by_five();
  const owf::Circuit circuit = owf::owf_circuit(5, 5);
  const detail::CircuitSize size = detail::circuit_size(instance);
  // sigma = 1/20 (C.4: the ramp biases (B + 2 delta)/w dominate) and sigma = 1 (C.7: the last knot t_K).
  for (const Rational& sigma : {Rational(1, 20), Rational(1)}) {
    const relu::ScoreNetwork network(instance, circuit, sigma, Rational(1, 10));
    const detail::NetworkVerdict spec = detail::compare_network(instance, size, network, Rational(1, 10), Rational(1));
    EXPECT_TRUE(spec.passed()) << spec.line;
    const detail::NetworkVerdict half = detail::compare_network(instance, size, network, Rational(1, 10), Rational(1, 2));
    EXPECT_FALSE(half.weights_ok) << half.line;
    EXPECT_FALSE(half.passed()) << half.line;
    EXPECT_TRUE(half.units_ok && half.depth_ok) << half.line;  // equalities do not scale
  }
}

TEST(NetworkSizeChecks, HalfTheBoundsFailTheWholeCheck) {
  const Instance instance = five_by_five();  // one instance only: the audited one is already 5 x 5
  const audit::CheckResult result = detail::network_size_and_weights({instance, true, 0, {}}, Rational(1, 2));
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(NetworkSizeChecks, LargeRegimeBoundAtTheDefaultsIsTheSpecs) {
  // Spec C.7's constants: at kappa* with eta = 1/800 the canonical bound is a^2/kappa^4 = 10^4.
  const Instance defaults = Instance::defaults();
  const Rational kappa2 = defaults.kappa_star() * defaults.kappa_star();
  EXPECT_EQ(detail::large_regime_weight_bound(defaults, kappa2, Rational(1, 800)), Rational(10000));
  // Without knots (eta >= a) the bound has no t_K term: max{1, a/kappa^2, a^2/kappa^4, 1/kappa^2}.
  EXPECT_EQ(detail::large_regime_weight_bound(defaults, Rational(100), Rational(2)), Rational(1));
  // At kappa = 1, eta = 1/80: t_K = artanh(1 - 1/80) = 2.53...: the bound is t_K (1 + 2^-52), rounded up.
  const Rational t_bound = detail::large_regime_weight_bound(defaults, Rational(1), Rational(1, 80));
  EXPECT_GT(t_bound, Rational(253, 100));
  EXPECT_LT(t_bound, Rational(254, 100));
}

TEST(NetworkSizeChecks, SmallRegimeBoundIsTheLargestOfTheSpecsTerms) {
  const Instance defaults = Instance::defaults();
  const Rational kappa2(1, 100);
  const Rational window = defaults.delta() / 256;
  const relu::SmallRegimeParameters parameters{defaults.gamma(), Rational(10), window};
  // (B + 2 delta)/w = 10.1 * 256 * 20 = 51712 dominates 2a/kappa^2 = 200 and mbar'/kappa^2 = 113.1...
  EXPECT_EQ(detail::small_regime_weight_bound(defaults, kappa2, parameters), Rational(51712));
  const relu::SmallRegimeParameters wide{defaults.gamma(), Rational(10), Rational(1, 4)};
  // With w = 1/4 (not a valid window, but the formula's terms): 2a/kappa^2 = 200 is the largest.
  EXPECT_EQ(detail::small_regime_weight_bound(defaults, kappa2, wide), Rational(200));
}

}  // namespace
}  // namespace dpsi::checks
