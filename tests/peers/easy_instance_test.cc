// Tests of dpsi/peers/easy_instance.h: the MCGdiff grid prior, the measurement's SVD factors and
// singular values, reproducibility by seed, input validation, and one statistical check of the
// singular-value law.
#include "dpsi/peers/easy_instance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>
#include <utility>

namespace dpsi::peers {
namespace {

TEST(EasyInstance, GridMeansRepeatThePlanarPattern) {
  const EasyProblem problem = make_easy_problem(8, 2, 1);
  ASSERT_EQ(problem.prior.components(), 25u);
  std::set<std::pair<double, double>> points;
  for (std::size_t k = 0; k < 25; ++k) {
    const auto mu = problem.prior.mean(k);
    const double first = mu[0], second = mu[1];
    EXPECT_EQ(std::fmod(first, 8.0), 0.0);
    EXPECT_EQ(std::fmod(second, 8.0), 0.0);
    EXPECT_LE(std::abs(first), 16.0);
    EXPECT_LE(std::abs(second), 16.0);
    for (std::size_t p = 2; p < 8; p += 2) {
      EXPECT_EQ(mu[p], first);
      EXPECT_EQ(mu[p + 1], second);
    }
    points.insert({first, second});
  }
  EXPECT_EQ(points.size(), 25u);  // all of {-16, -8, 0, 8, 16}^2
  EXPECT_EQ(problem.prior.component_variance(), 1.0);
}

TEST(EasyInstance, WeightsAreNormalizedAndPositive) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const EasyProblem problem = make_easy_problem(8, 1, seed);
    double total = 0;
    for (double w : problem.prior.weights()) {
      EXPECT_GT(w, 0.0);
      total += w;
    }
    EXPECT_NEAR(total, 1.0, 1e-14);
  }
}

TEST(EasyInstance, FactorsAreOrthonormalAndComposeTheMatrix) {
  for (auto [d, d_y] : {std::pair{8, 1}, std::pair{8, 4}, std::pair{80, 16}, std::pair{800, 2}}) {
    const EasyProblem problem = make_easy_problem(d, d_y, 7);
    const auto m = static_cast<std::size_t>(d_y);
    const auto n = static_cast<std::size_t>(d);
    for (std::size_t p = 0; p < m; ++p) {
      for (std::size_t q = 0; q < m; ++q) {
        double uu = 0, vv = 0;
        for (std::size_t i = 0; i < m; ++i) uu += problem.left[i * m + p] * problem.left[i * m + q];
        for (std::size_t i = 0; i < n; ++i) vv += problem.right[i * m + p] * problem.right[i * m + q];
        EXPECT_NEAR(uu, p == q ? 1.0 : 0.0, 1e-13);
        EXPECT_NEAR(vv, p == q ? 1.0 : 0.0, 1e-13);
      }
    }
    for (std::size_t q = 0; q < m; ++q) {
      EXPECT_GT(problem.singular_values[q], 0.0);
      EXPECT_LT(problem.singular_values[q], 1.0);
      if (q > 0) {
        EXPECT_LE(problem.singular_values[q], problem.singular_values[q - 1]);
      }
    }
    const double sigma_y = problem.measurement.sigma_y();
    EXPECT_GT(sigma_y, 0.0);
    EXPECT_LT(sigma_y, problem.singular_values[0]);
    const std::vector<double>& a = problem.measurement.matrix();
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        double expected = 0;
        for (std::size_t q = 0; q < m; ++q) expected += problem.left[i * m + q] * problem.singular_values[q] * problem.right[j * m + q];
        EXPECT_NEAR(a[i * n + j], expected, 1e-14);
      }
    }
    // y - A x* is the noise sigma_y xi: within 7 sigma_y per coordinate for all of these (P < 3e-12 each).
    const std::vector<double> residual = problem.measurement.residual(problem.x_star);
    for (double r : residual) EXPECT_LT(std::abs(r), 7 * sigma_y);
    EXPECT_EQ(problem.x_star.size(), n);
  }
}

TEST(EasyInstance, SeedReproducesTheProblemBitForBit) {
  const EasyProblem first = make_easy_problem(80, 4, 42);
  const EasyProblem second = make_easy_problem(80, 4, 42);
  const EasyProblem other = make_easy_problem(80, 4, 43);
  EXPECT_EQ(first.measurement.matrix(), second.measurement.matrix());
  EXPECT_EQ(first.measurement.y(), second.measurement.y());
  EXPECT_EQ(first.measurement.sigma_y(), second.measurement.sigma_y());
  EXPECT_EQ(first.prior.weights(), second.prior.weights());
  EXPECT_EQ(first.x_star, second.x_star);
  EXPECT_NE(first.measurement.matrix(), other.measurement.matrix());
  EXPECT_NE(first.prior.weights(), other.prior.weights());
}

TEST(EasyInstance, RejectsBadSizes) {
  EXPECT_THROW(make_easy_problem(7, 1, 0), std::invalid_argument);
  EXPECT_THROW(make_easy_problem(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(make_easy_problem(802, 1, 0), std::invalid_argument);
  EXPECT_THROW(make_easy_problem(8, 0, 0), std::invalid_argument);
  EXPECT_THROW(make_easy_problem(80, 17, 0), std::invalid_argument);
  EXPECT_THROW(make_easy_problem(4, 6, 0), std::invalid_argument);
  EXPECT_NO_THROW(make_easy_problem(2, 2, 0));
  EXPECT_NO_THROW(make_easy_problem(800, 16, 0));
  EXPECT_THROW(detail::orthonormalize_columns({1.0, 2.0, 2.0, 4.0}, 2, 2), std::invalid_argument);
}

// The singular values are sorted U(0,1) draws: for d_y = 2, E s_1 = 2/3 and E s_2 = 1/3 (order
// statistics of two uniforms). Hoeffding on 3000 seeds (values in [0, 1]) at gamma = 1e-9 per
// statistic: radius sqrt(ln(2e9) / 6000) = 0.0597; two statistics, false failure <= 2e-9.
// Twin: unsorted draws (mean 1/2 each) miss both targets by 1/6 > 0.0597.
TEST(EasyInstance, SingularValuesAreSortedUniforms) {
  const int seeds = 3000;
  double first = 0, second = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    const EasyProblem problem = make_easy_problem(2, 2, static_cast<std::uint64_t>(seed));
    first += problem.singular_values[0];
    second += problem.singular_values[1];
  }
  first /= seeds;
  second /= seeds;
  const double radius = std::sqrt(std::log(2e9) / (2 * seeds));
  EXPECT_NEAR(first, 2.0 / 3.0, radius);
  EXPECT_NEAR(second, 1.0 / 3.0, radius);
  EXPECT_GT(std::abs(0.5 - 2.0 / 3.0), radius);  // the twin's error exceeds the radius
}

}  // namespace
}  // namespace dpsi::peers
