// Tests of dpsi/density/vertex_mixture.h (spec A.4, A.5, R.4): the Gray-code/byte-table path
// against the direct per-seed path, the score against a high-precision finite-difference gradient
// of the log-density, and the seed posterior's normalisation.
#include "dpsi/density/vertex_mixture.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "support/generators.h"
#include "support/instance_generators.h"

namespace dpsi::density {
namespace {

Instance small_instance(int n, int m) {
  ParameterValues values;
  values.n = n;
  values.m = m;
  return Instance::from(values);
}

// A point near the support: seed coordinates in [-1.5, 1.5], f-coordinates in [-3, 3].
rc::Gen<std::vector<Rational>> point(int n, int m) {
  return rc::gen::apply(
      [](std::vector<Rational> seed, std::vector<Rational> image) {
        seed.insert(seed.end(), image.begin(), image.end());
        return seed;
      },
      rc::gen::container<std::vector<Rational>>(n, testing::rational_in(Rational(-3, 2), Rational(3, 2))),
      rc::gen::container<std::vector<Rational>>(m, testing::rational_in(Rational(-3), Rational(3))));
}

std::vector<Ball> balls(const std::vector<Rational>& values) {
  std::vector<Ball> result;
  for (const Rational& value : values) result.emplace_back(value);
  return result;
}

const VertexMixture& mixture_3_4() {
  static const VertexMixture mixture(small_instance(3, 4));
  return mixture;
}

// Random valid parameters (a, delta, tau, sigma_y) with n = 3, m = 4: f_{3,4} is tabulated in
// microseconds, so every case builds its own mixture.
VertexMixture random_mixture() { return VertexMixture(Instance::from(*testing::valid_parameters(3, 4))); }

RC_GTEST_PROP(VertexMixture, GrayCodePathEqualsDirectPath, ()) {
  const VertexMixture mixture = random_mixture();
  const std::vector<Ball> x = balls(*point(3, 4));
  const Ball sigma(*testing::rational_in(Rational(1, 500), Rational(1)));
  const Ball kappa = mixture.kappa_of(sigma);
  const ExactScore fast = mixture.score(x, kappa);
  const ExactScore direct = mixture.score_direct(x, kappa);
  RC_ASSERT(within(fast.log_density, direct.log_density, identity_tolerance(direct.log_density)) == Certainty::kTrue);
  for (std::size_t k = 0; k < x.size(); ++k) {
    RC_ASSERT(within(fast.score[k], direct.score[k], identity_tolerance(direct.score[k])) == Certainty::kTrue);
  }
  for (int j = 0; j < 3; ++j) {
    RC_ASSERT(within(fast.seed_marginals[j], direct.seed_marginals[j], identity_tolerance(Ball(1))) == Certainty::kTrue);
  }
  for (int i = 0; i < 4; ++i) {
    RC_ASSERT(within(fast.image_marginals[i], direct.image_marginals[i], identity_tolerance(Ball(1))) == Certainty::kTrue);
  }
}

// d/dx_k log g at x by a central difference with step 2^-80 at 512 bits: the truncation error is
// h^2/6 |third derivative| <= 2^-160 (1/kappa)^3 * (moderate constant), far below 2^-60 here.
RC_GTEST_PROP(VertexMixture, ScoreIsGradientOfLogDensity, ()) {
  const PrecisionScope scope(512);
  const VertexMixture mixture = random_mixture();
  const std::vector<Rational> x = *point(3, 4);
  const Ball sigma(*testing::rational_in(Rational(1, 100), Rational(1)));
  const Ball kappa = mixture.kappa_of(sigma);
  const ExactScore exact = mixture.score(balls(x), kappa);
  const std::size_t k = *rc::gen::inRange<std::size_t>(0, x.size());
  const Rational step(1, Integer(1) << 80);
  std::vector<Rational> plus = x;
  std::vector<Rational> minus = x;
  plus[k] += step;
  minus[k] -= step;
  const Ball difference = (mixture.score(balls(plus), kappa).log_density - mixture.score(balls(minus), kappa).log_density) /
                          Ball(2 * step);
  RC_ASSERT(within(difference, exact.score[k], identity_tolerance(exact.score[k], 60)) == Certainty::kTrue);
}

RC_GTEST_PROP(VertexMixture, SeedPosteriorSumsToOne, ()) {
  const VertexMixture mixture = random_mixture();
  std::vector<Ball> y;
  for (int i = 0; i < 4; ++i) y.emplace_back(*testing::rational_in(Rational(-3), Rational(3)));
  const SeedPosterior posterior = mixture.posterior(y);
  Ball total;
  for (const Ball& weight : posterior.weights) {
    RC_ASSERT(is_certainly_true(ge(weight, Ball(0))));
    total += weight;
  }
  RC_ASSERT(within(total, Ball(1), identity_tolerance(Ball(1))) == Certainty::kTrue);
}

// The components' log-sum-exp is the log-density (plus n log 2), and w_s sums to one.
TEST(VertexMixture, ComponentsSumToDensity) {
  const VertexMixture& mixture = mixture_3_4();
  const std::vector<Ball> x = balls({Rational(9, 10), Rational(-11, 10), Rational(1, 20), Rational(1, 40),
                                     Rational(-1, 3), Rational(7, 5), Rational(0)});
  const Ball kappa = mixture.kappa_of(Ball(Rational(1, 20)));
  Ball total;
  for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) total += exp(mixture.log_component(x, kappa, s));
  const Ball expected = mixture.score(x, kappa).log_density + Ball(3) * log(Ball(2));
  EXPECT_EQ(within(log(total), expected, identity_tolerance(expected)), Certainty::kTrue);
  // score_with_component gives the same component from the shared tables.
  for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
    const ExactScore with = mixture.score_with_component(x, kappa, s);
    const Ball alone = mixture.log_component(x, kappa, s);
    EXPECT_EQ(within(with.component_log, alone, identity_tolerance(alone)), Certainty::kTrue) << s;
    const std::vector<Ball> gradient = mixture.component_score(x, kappa, s);
    for (std::size_t k = 0; k < gradient.size(); ++k) {
      EXPECT_EQ(within(with.component_score[k], gradient[k], identity_tolerance(gradient[k])), Certainty::kTrue) << s << " " << k;
    }
  }
}

// The tables and the direct path must disagree when the instance differs: a different f (m = 3
// instead of 4 changes nothing else) or a different point gives a different log-density.
TEST(VertexMixture, DistinguishesPoints) {
  const VertexMixture& mixture = mixture_3_4();
  const Ball kappa = mixture.kappa_of(Ball(Rational(1, 100)));
  const std::vector<Ball> x = balls({Rational(1), Rational(1), Rational(-1), Rational(0), Rational(1, 40),
                                     Rational(0), Rational(1, 40)});
  std::vector<Ball> shifted = x;
  shifted[3] = Ball(Rational(1, 40));  // flips the phase of coordinate F.1
  EXPECT_EQ(within(mixture.score(x, kappa).log_density, mixture.score(shifted, kappa).log_density, Ball(1)),
            Certainty::kFalse);
}

TEST(VertexMixture, RejectsBadInput) {
  EXPECT_THROW(VertexMixture(small_instance(21, 4)), std::invalid_argument);
  const VertexMixture& mixture = mixture_3_4();
  const std::vector<Ball> short_x(6);
  EXPECT_THROW(mixture.score(short_x, Ball(1)), std::invalid_argument);
  const std::vector<Ball> x(7);
  EXPECT_THROW(mixture.score(x, Ball(0)), std::invalid_argument);
  EXPECT_THROW(mixture.posterior(x), std::invalid_argument);
  EXPECT_THROW(mixture.log_component(x, Ball(1), 8), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::density
