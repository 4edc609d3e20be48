// Tests for dpsi/relu/large_noise_network.h (spec C.7): K in exact arithmetic, the network's
// structure against the spec's formulas (units, depth 1, weight bound), its exact values, the
// pointwise claim |m_hat_S - a tanh(a x/kappa^2)| <= eta, and the certifier refusing false bounds
// and broken knot sets.
#include "dpsi/relu/large_noise_network.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <vector>

#include "support/generators.h"

namespace dpsi::relu {
namespace {

Instance instance_with(int n, int m) {
  ParameterValues values = ParameterValues::defaults();
  values.n = n;
  values.m = m;
  return Instance::from(values);
}

TEST(LargeNoiseNetwork, IntervalCountIsExactAtTheDefaults) {
  const Rational eta = large_noise_eta(Rational(1, 10), Rational(1, 10), 16);
  EXPECT_EQ(eta, Rational(1, 800));
  EXPECT_EQ(large_noise_interval_count(Rational(1), eta), 1598u);  // 2(1 - 1/800) 800 = 1598 exactly
  EXPECT_EQ(large_noise_interval_count(Rational(1), Rational(5, 4)), 0u);  // eta >= a
  EXPECT_EQ(large_noise_interval_count(Rational(1), Rational(1)), 0u);
  EXPECT_EQ(large_noise_interval_count(Rational(1), Rational(3, 10)), 5u);  // 2 (7/10) / (3/10) = 4.67
  EXPECT_THROW(large_noise_interval_count(Rational(1), Rational(0)), std::invalid_argument);
}

TEST(LargeNoiseNetwork, EtaIsRoundedDownWhenSqrtNIsIrrational) {
  const Rational epsilon(1, 10);
  const Rational kappa(1, 20);
  const Rational eta = large_noise_eta(epsilon, kappa, 5);
  // eta <= eps kappa/(2 sqrt 5) iff 20 eta^2 <= eps^2 kappa^2, and within 2^-46 relative of it.
  EXPECT_LE(20 * eta * eta, epsilon * epsilon * kappa * kappa);
  const Rational enlarged = eta * (1 + Rational(1, Integer(1) << 46));
  EXPECT_GT(20 * enlarged * enlarged, epsilon * epsilon * kappa * kappa);
}

TEST(LargeNoiseNetwork, KnotsAreSymmetricWithExactLevels) {
  const Rational a(1);
  const Rational kappa2(1, 100);
  const Rational eta(1, 800);
  const std::vector<Knot> knots = large_noise_knots(a, kappa2, eta);
  ASSERT_EQ(knots.size(), 1599u);
  EXPECT_EQ(knots.front().value, -a + eta);
  EXPECT_EQ(knots.back().value, a - eta);
  for (std::size_t k = 0; k < knots.size(); ++k) {
    EXPECT_EQ(knots[k].t, -knots[knots.size() - 1 - k].t);
    if (k > 0) {
      EXPECT_EQ(knots[k].value - knots[k - 1].value, eta);  // 2(a - eta)/K = eta at this tie
    }
  }
  // t_K = (kappa^2/a) artanh(1 - eta/a) = 0.005 ln 1599 (spec C.7 constants).
  EXPECT_NEAR(knots.back().t.convert_to<double>(), 0.005 * std::log(1599.0), 1e-15);
}

TEST(LargeNoiseNetwork, StructureMatchesTheSpecFormulas) {
  const Instance instance = instance_with(5, 5);
  for (const Rational& kappa : {Rational(1, 20), Rational(1, 10), Rational(2)}) {
    const Rational kappa2 = kappa * kappa;
    const Rational eta = large_noise_eta(Rational(1, 10), kappa, instance.n());
    const LargeNoiseNetwork built = large_noise_network(instance, kappa2, eta);
    ASSERT_GT(built.intervals, 0u);
    EXPECT_EQ(built.knots.size(), built.intervals + 1);
    EXPECT_EQ(built.network.num_inputs(), 10u);
    EXPECT_EQ(built.network.num_outputs(), 10u);
    EXPECT_EQ(built.network.depth(), 1u);
    // n(K + 3) + 2m units.
    EXPECT_EQ(built.network.num_units(), 5 * (built.intervals + 3) + 2 * 5);
    EXPECT_EQ(built.network.num_units(), large_noise_unit_count(5, 5, built.knots.size()));
    // Weights (biases included) <= max{1, t_K, a/kappa^2, a^2/kappa^4, 1/kappa^2}.
    EXPECT_LE(built.network.max_abs_weight(), large_noise_weight_bound(instance.a(), kappa2, built.knots));
  }
}

TEST(LargeNoiseNetwork, FlatCaseHasTwoUnitsPerCoordinate) {
  const Instance instance = instance_with(5, 5);
  const Rational kappa2(10000);
  const LargeNoiseNetwork built = large_noise_network(instance, kappa2, Rational(5, 4));  // eta >= a = 1
  EXPECT_EQ(built.intervals, 0u);
  EXPECT_TRUE(built.knots.empty());
  EXPECT_EQ(built.network.num_units(), 2u * (5 + 5));
  EXPECT_EQ(built.network.num_units(), large_noise_unit_count(5, 5, 0));
  std::vector<Rational> x(10, Rational(3, 7));
  const std::vector<Rational> out = built.network.evaluate(x);
  EXPECT_EQ(out[0], -Rational(3, 7) / kappa2);               // m_hat_S = 0
  EXPECT_EQ(out[5], -Rational(3, 7) / (1 + kappa2));         // f-coordinate
}

RC_GTEST_PROP(LargeNoiseNetwork, EvaluatesToTheInterpolantScoreExactly, ()) {
  static const Instance instance = instance_with(3, 2);
  static const Rational kappa2(1, 25);
  static const LargeNoiseNetwork built = large_noise_network(instance, kappa2, Rational(1, 20));
  std::vector<Rational> x;
  for (int k = 0; k < 5; ++k) x.push_back(*testing::rational_in(Rational(-1, 2), Rational(1, 2)));
  const std::vector<Rational> out = built.network.evaluate(x);
  for (int j = 0; j < 3; ++j) RC_ASSERT(out[j] == (interpolate(built.knots, x[j]) - x[j]) / kappa2);
  for (int i = 3; i < 5; ++i) RC_ASSERT(out[i] == -x[i] / (1 + kappa2));
}

// |m_hat_S(x) - a tanh(a x/kappa^2)| <= eta at random rational x (inside, near and beyond the knots).
RC_GTEST_PROP(LargeNoiseNetwork, InterpolantIsWithinEtaOfTanh, ()) {
  const PrecisionScope scope(128);
  const Rational a(1);
  const Rational kappa = *rc::gen::element(Rational(1, 10), Rational(1, 5), Rational(1), Rational(10));
  const Rational kappa2 = kappa * kappa;
  const Rational eta = large_noise_eta(Rational(1, 10), kappa, 16);
  const std::vector<Knot> knots = large_noise_knots(a, kappa2, eta);
  const Rational reach = 2 * knots.back().t;
  const Rational x = *testing::rational_in(-reach, reach);
  const Ball exact = Ball(a) * tanh(Ball(a * x / kappa2));
  const Ball error = abs(Ball(interpolate(knots, x)) - exact);
  RC_ASSERT(is_certainly_true(le(error, Ball(eta))));
}

TEST(LargeNoiseInterpolantCertificate, CertifiesEtaAndRefusesEtaOverTen) {
  const PrecisionScope scope(128);
  const Rational a(1);
  const Rational kappa2(1, 100);
  const Rational eta(1, 800);
  const std::vector<Knot> knots = large_noise_knots(a, kappa2, eta);
  const InterpolantCertificate certificate = certify_large_noise_interpolant(knots, a, kappa2, eta);
  EXPECT_EQ(certificate.holds, Certainty::kTrue);
  EXPECT_EQ(certificate.violations, 0u);
  EXPECT_EQ(certificate.max_level_increment, eta);
  EXPECT_TRUE(is_certainly_true(lt(certificate.max_interval_error, Ball(eta / 4))));
  // False twin: eta/10 is refuted (the end gaps are exactly eta).
  EXPECT_EQ(certify_large_noise_interpolant(knots, a, kappa2, eta / 10).holds, Certainty::kFalse);
}

TEST(LargeNoiseInterpolantCertificate, RefusesKnotSetsWithAKnotRemoved) {
  const PrecisionScope scope(128);
  const Rational a(1);
  const Rational kappa2(1, 100);
  const Rational eta(1, 800);
  const std::vector<Knot> knots = large_noise_knots(a, kappa2, eta);
  std::vector<Knot> interior_removed = knots;
  interior_removed.erase(interior_removed.begin() + 700);  // a level increment of 2 eta
  const InterpolantCertificate interior = certify_large_noise_interpolant(interior_removed, a, kappa2, eta);
  EXPECT_EQ(interior.holds, Certainty::kFalse);
  EXPECT_EQ(interior.max_level_increment, 2 * eta);
  std::vector<Knot> last_removed = knots;
  last_removed.pop_back();  // end gap 2 eta
  EXPECT_EQ(certify_large_noise_interpolant(last_removed, a, kappa2, eta).holds, Certainty::kFalse);
  // Without knots (m_hat = 0) the error sup |m| = a: refused for eta < a, certified for eta >= a.
  EXPECT_EQ(certify_large_noise_interpolant({}, a, kappa2, eta).holds, Certainty::kFalse);
  EXPECT_EQ(certify_large_noise_interpolant({}, a, kappa2, Rational(5, 4)).holds, Certainty::kTrue);
}

TEST(LargeNoiseInterpolantCertificate, RefusesValuesOffTheCurve) {
  // Values shifted up by 9 eta/10: the left gap (1.9 eta) and the first interval's error exceed eta.
  const PrecisionScope scope(128);
  const Rational a(1);
  const Rational kappa2(1, 100);
  const Rational eta(1, 800);
  std::vector<Knot> knots = large_noise_knots(a, kappa2, eta);
  for (Knot& knot : knots) knot.value += eta * Rational(9, 10);
  EXPECT_NE(certify_large_noise_interpolant(knots, a, kappa2, eta).holds, Certainty::kTrue);
}

}  // namespace
}  // namespace dpsi::relu
