// Tests of dpsi/relu/small_noise_network.h (spec C.4 with Erratum 24): the period knots and their
// certificate (with a false-bound twin), the per-point accuracy of the folded interpolants against
// the exact lattice residual at random rational points, the unit count formula, and that the whole
// network is the composition of its parts (exactly, and within the certified double error bound).
#include "dpsi/relu/small_noise_network.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "support/generators.h"

namespace dpsi::relu {
namespace {

const Rational kDelta(1, 20);

ParameterValues small_values(int n, int m) {
  ParameterValues values;
  values.n = n;
  values.m = m;
  return values;
}

TEST(PeriodKnots, AreOrderedClampedAndPeriodic) {
  const Rational kappa2(1, 400);
  const PeriodKnots knots = period_knots(kDelta, kappa2, Rational(1, 400), kDelta / 1024);
  ASSERT_GE(knots.u.size(), 3u);
  EXPECT_EQ(knots.u.front(), knots.cut);
  EXPECT_EQ(knots.u.back(), knots.cut + kDelta);
  for (std::size_t k = 1; k < knots.u.size(); ++k) EXPECT_LT(knots.u[k - 1], knots.u[k]);
  for (int b = 0; b < 2; ++b) {
    const auto& values = knots.residual[static_cast<std::size_t>(b)];
    EXPECT_EQ(values.front(), values.back());
    for (const Rational& value : values) EXPECT_LE(abs(value), kDelta / 2);
  }
  for (std::size_t k = 0; k < knots.u.size(); ++k) EXPECT_LE(abs(knots.residual[1][k] - knots.residual[0][k]), kDelta / 2);
}

TEST(PeriodKnots, CertificateHoldsAndRefutesAQuarterOfEta) {
  for (const Rational& kappa2 : {Rational(1, 10000), Rational(1, 400), Rational(1, 100)}) {
    const Rational eta(1, 1000);
    const PeriodKnots knots = period_knots(kDelta, kappa2, eta, kDelta / 1024);
    const KnotCertificate certificate = certify_period_knots(knots, kDelta, kappa2, eta);
    EXPECT_EQ(certificate.holds, Certainty::kTrue) << to_decimal(kappa2);
    for (int b = 0; b < 2; ++b) {
      EXPECT_LE(certificate.max_increment[static_cast<std::size_t>(b)], eta);
      EXPECT_LT(certificate.max_rounding[static_cast<std::size_t>(b)], eta / 1000);
    }
    // False twin: the same knots cannot meet a quarter of the increment bound they were built for.
    EXPECT_EQ(certify_period_knots(knots, kDelta, kappa2, eta / 4).holds, Certainty::kFalse) << to_decimal(kappa2);
  }
}

TEST(WindowProbability, ShrinksWithTheWindowAndIsTinyForSmallKappa) {
  const Ball wide = window_probability_bound(kDelta, Rational(1, 100), kDelta / 256);
  const Ball narrow = window_probability_bound(kDelta, Rational(1, 100), kDelta / 4096);
  EXPECT_EQ(lt(narrow, wide), Certainty::kTrue);
  // kappa = 1/1000: the windows are 12.5 kappa from every lattice point.
  EXPECT_EQ(lt(window_probability_bound(kDelta, Rational(1, 1000000), kDelta / 256), Ball(Rational(1, 1000000000))),
            Certainty::kTrue);
  const Rational target(1, 100000000);
  const Rational window = choose_window(kDelta, Rational(1, 100), target);
  EXPECT_LE(window_probability_bound(kDelta, Rational(1, 100), window).upper_rational(), target);
  EXPECT_GT(window_probability_bound(kDelta, Rational(1, 100), 2 * window).upper_rational(), target);
}

// The tail of a network with m = 2, read as the folded interpolants: with bits and c given,
// s_hat_F,i = -t/(1+kappa^2) + r_hat_{c_i}(S(mu))/kappa^2.
class FoldedInterpolant {
 public:
  FoldedInterpolant()
      : instance_(Instance::from(small_values(1, 2))),
        kappa2_(1, 400),
        eta_(1, 200),
        window_(choose_window(kDelta, kappa2_, eta_ * eta_ / (4 * kDelta * kDelta))),
        network_(instance_, owf::owf_circuit(1, 2), {kappa2_, eta_, Rational(1, 10), Rational(3), window_}) {}

  // r_hat_c(S(mu(t))) from the tail evaluated exactly.
  Rational folded(const Rational& t, int c) const {
    const std::vector<Rational> inputs{Rational(1), t, t, Rational(1), Rational(c), Rational(c)};
    const std::vector<Rational> outputs = network_.tail().evaluate(inputs);
    return kappa2_ * (outputs[1] + t / (1 + kappa2_));
  }
  bool in_window(const Rational& t) const {
    const Rational mu = t / (1 + kappa2_);
    const Rational offset = mu - network_.knots().cut;
    const Rational phase = offset - kDelta * floor_of(offset / kDelta);
    return phase <= window_;
  }
  Ball residual(const Rational& t, int b) const {
    const PrecisionScope precision(128);
    const Ball kappa = sqrt(Ball(kappa2_));
    return density::lattice_form(b, kappa, Ball(t), kDelta).posterior_mean - Ball(t / (1 + kappa2_));
  }
  const Rational& eta() const { return eta_; }
  const SmallNoiseNetwork& network() const { return network_; }

 private:
  Instance instance_;
  Rational kappa2_;
  Rational eta_;
  Rational window_;
  SmallNoiseNetwork network_;
};

const FoldedInterpolant& folded_interpolant() {
  static const FoldedInterpolant instance;
  return instance;
}

RC_GTEST_PROP(SmallNoiseNetwork, FoldedInterpolantIsWithinEtaOffTheWindows, ()) {
  const FoldedInterpolant& fixture = folded_interpolant();
  const Rational t = *testing::rational_in(Rational(-3), Rational(3));
  RC_PRE(!fixture.in_window(t));
  for (int b = 0; b < 2; ++b) {
    const Ball error = abs(Ball(fixture.folded(t, b)) - fixture.residual(t, b));
    RC_ASSERT(le(error, Ball(fixture.eta())) == Certainty::kTrue);
  }
}

RC_GTEST_PROP(SmallNoiseNetwork, FoldedInterpolantStaysInTheCentralCellEverywhere, ()) {
  const FoldedInterpolant& fixture = folded_interpolant();
  const Rational t = *testing::rational_in(Rational(-6), Rational(6));
  for (int b = 0; b < 2; ++b) RC_ASSERT(abs(fixture.folded(t, b)) <= kDelta / 2);
  RC_ASSERT(abs(fixture.folded(t, 1) - fixture.folded(t, 0)) <= kDelta / 2);
}

TEST(SmallNoiseNetwork, UnitCountAndDepthFollowTheFormula) {
  const SmallNoiseNetwork& network = folded_interpolant().network();
  const Network circuit = compile_circuit(owf::owf_circuit(1, 2));
  const std::size_t K = network.knots().u.size() - 1;
  const std::size_t R = network.ramps_per_coordinate();
  EXPECT_EQ(network.network().num_units(), 2 * 1 + circuit.num_units() + 2 * (2 * R + K + 3));
  EXPECT_EQ(network.network().depth(), circuit.depth() + 1 + 5);
  // R <= 2B/((1+kappa^2) delta) + 2 with B = 3.
  EXPECT_LE(Rational(R), Rational(2 * 3) / ((1 + Rational(1, 400)) * kDelta) + 2);
}

TEST(SmallNoiseNetwork, WholeNetworkIsTheCompositionAndTheDoubleBoundHolds) {
  const FoldedInterpolant& fixture = folded_interpolant();
  const SmallNoiseNetwork& network = fixture.network();
  for (const auto& point : std::vector<std::vector<double>>{{0.9, 0.013, -1.3}, {-1.1, 2.47, 0.0251}, {0.35, -0.6, 1.0}}) {
    std::vector<Rational> exact_inputs(point.begin(), point.end());
    const std::vector<Rational> exact = network.evaluate_exact(exact_inputs);
    std::vector<double> bounds;
    const std::vector<double> fast = network.evaluate_certified(point, bounds);
    ASSERT_EQ(fast.size(), exact.size());
    for (std::size_t k = 0; k < exact.size(); ++k) {
      EXPECT_LE(abs(Rational(fast[k]) - exact[k]), Rational(bounds[k])) << k;
      EXPECT_LT(bounds[k], 1e-6);
    }
  }
}

TEST(SmallNoiseNetwork, SoftBitsBelowGammaFallBackToExactEvaluation) {
  const SmallNoiseNetwork& network = folded_interpolant().network();
  const std::vector<double> point{0.03, 0.4, -0.2};  // |x_S| < gamma = 1/10
  std::vector<double> bounds;
  const std::vector<double> fast = network.evaluate_certified(point, bounds);
  const std::vector<Rational> exact = network.evaluate_exact(std::vector<Rational>(point.begin(), point.end()));
  for (std::size_t k = 0; k < exact.size(); ++k) EXPECT_LE(abs(Rational(fast[k]) - exact[k]), Rational(bounds[k]));
}

TEST(SmallNoiseNetwork, RejectsBadOptions) {
  const Instance instance = Instance::from(small_values(1, 2));
  const owf::Circuit circuit = owf::owf_circuit(1, 2);
  EXPECT_THROW(SmallNoiseNetwork(instance, circuit, {Rational(1, 400), Rational(1, 200), Rational(0), Rational(3), kDelta / 256}),
               std::invalid_argument);
  EXPECT_THROW(SmallNoiseNetwork(instance, circuit, {Rational(1, 400), Rational(1, 200), Rational(1, 10), Rational(3), kDelta}),
               std::invalid_argument);
  EXPECT_THROW(SmallNoiseNetwork(instance, owf::owf_circuit(2, 2), {Rational(1, 400), Rational(1, 200), Rational(1, 10), Rational(3), kDelta / 256}),
               std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::relu
