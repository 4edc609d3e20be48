// Tests of proofs-checks/vertex_mixture_checks.cc (spec R.4, A.4, A.5): the checks pass in quick
// mode, and their comparisons refuse deliberately wrong values (false-bound twins).
#include "proofs-checks/vertex_mixture_checks.h"

#include <gtest/gtest.h>

#include <bit>

#include "dpsi/density/vertex_mixture.h"
#include "proofs-checks/identity_comparison.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

// n = m = 3 at the default a, delta, tau, and one point of R^6 for the twins below.
const density::VertexMixture& small_mixture() {
  static const density::VertexMixture mixture = [] {
    ParameterValues values;
    values.n = 3;
    values.m = 3;
    return density::VertexMixture(Instance::from(values));
  }();
  return mixture;
}

std::vector<Ball> twin_point() {
  return {Ball(Rational(9, 10)), Ball(Rational(-1, 2)), Ball(Rational(11, 10)), Ball(Rational(1, 30)), Ball(Rational(-7, 5)),
          Ball(Rational(2, 7))};
}

TEST(VertexMixtureChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_vertex_mixture_checks, spec::CheckKind::kCertified,
                                    {"R.4:gray-code-vs-direct", "A.5:posterior-factorisation", "A.4:second-moment"});
}

// R.4's twin: the direct path with one coordinate's score shifted by 2^-90 relative, or the
// log-density at a neighbouring sigma, is refused by the identity comparison.
TEST(VertexMixtureChecks, IdentityComparisonRefusesPerturbedPaths) {
  const density::VertexMixture& mixture = small_mixture();
  const std::vector<Ball> x = twin_point();
  const Ball kappa = mixture.kappa_of(Ball(Rational(1, 20)));
  const density::ExactScore fast = mixture.score(x, kappa);
  const density::ExactScore direct = mixture.score_direct(x, kappa);
  IdentityComparison honest("R.4");
  honest.compare(fast.score[4], direct.score[4], "score F2");
  EXPECT_TRUE(honest.passed());
  IdentityComparison perturbed("R.4");
  perturbed.compare(fast.score[4] * (Ball(1) + mul_2exp(Ball(1), -90)), direct.score[4], "score F2");
  EXPECT_FALSE(perturbed.passed());
  EXPECT_EQ(perturbed.failure_log().size(), 1u);
  IdentityComparison neighbour("R.4");
  neighbour.compare(mixture.score(x, mixture.kappa_of(Ball(Rational(1001, 20000)))).log_density, direct.log_density, "log g");
  EXPECT_FALSE(neighbour.passed());
}

// A.4's twin: the enclosure of M_2 at the defaults contains 32.000032 and refuses its neighbours at
// the last printed digit.
TEST(VertexMixtureChecks, SecondMomentRefusesWrongValues) {
  const PrecisionScope scope(512);
  const detail::SecondMoment moment = detail::second_moment(Instance::defaults());
  EXPECT_TRUE(moment.m2.contains(parse_rational("32.000032")));
  EXPECT_FALSE(moment.m2.contains(parse_rational("32.000031")));
  EXPECT_FALSE(moment.m2.contains(parse_rational("32.000033")));
  EXPECT_EQ(moment.total_ones, 524441u);  // the count the A.4 check reports; recomputed independently below
  const owf::OneWayFunction f(16, 16);
  std::uint64_t ones = 0;
  for (std::uint64_t index = 0; index < 65536; ++index) ones += static_cast<std::uint64_t>(std::popcount(f.evaluate_index(index)));
  EXPECT_EQ(ones, moment.total_ones);
}

// A.4's twin: the forward-mode gradient agrees with the formula at kappa and is refused at
// kappa (1 + 2^-80).
TEST(VertexMixtureChecks, ForwardModeRefusesPerturbedKappa) {
  const density::VertexMixture& mixture = small_mixture();
  const std::vector<Ball> x = twin_point();
  const Ball kappa = mixture.kappa_of(Ball(Rational(1, 20)));
  const density::ExactScore formula = mixture.score(x, kappa);
  IdentityComparison honest("A.4");
  IdentityComparison perturbed("A.4");
  const detail::Dual exact = detail::log_density_forward_mode(mixture, x, kappa);
  const detail::Dual shifted = detail::log_density_forward_mode(mixture, x, kappa * (Ball(1) + mul_2exp(Ball(1), -80)));
  for (std::size_t k = 0; k < x.size(); ++k) {
    honest.compare(formula.score[k], exact.gradient[k], "score");
    perturbed.compare(formula.score[k], shifted.gradient[k], "score");
  }
  EXPECT_TRUE(honest.passed());
  EXPECT_FALSE(perturbed.passed());
}

// A.5's twin: the integrated joint density gives the posterior at y, and is refused as the
// posterior at y with one coordinate moved by delta/2 (its phase flipped).
TEST(VertexMixtureChecks, IntegratedPosteriorRefusesFlippedPhase) {
  ParameterValues values;
  values.n = 4;
  values.m = 4;
  const density::VertexMixture mixture(Instance::from(values));
  const std::vector<Ball> y = {Ball(Rational(1, 40)), Ball(Rational(-3, 20)), Ball(Rational(51, 100)), Ball(Rational(0))};
  std::vector<Ball> flipped = y;
  flipped[2] = flipped[2] + Ball(Rational(1, 40));
  const density::SeedPosterior posterior = mixture.posterior(y);
  const density::SeedPosterior integrated = detail::integrated_posterior(mixture, y);
  const density::SeedPosterior wrong = detail::integrated_posterior(mixture, flipped);
  IdentityComparison honest("A.5");
  IdentityComparison perturbed("A.5");
  for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
    honest.compare(posterior.weights[s], integrated.weights[s], "weight");
    perturbed.compare(posterior.weights[s], wrong.weights[s], "weight");
  }
  EXPECT_TRUE(honest.passed());
  EXPECT_FALSE(perturbed.passed());
}

}  // namespace
}  // namespace dpsi::checks
