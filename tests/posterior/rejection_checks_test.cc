// Tests of proofs-checks/rejection_checks (E.1, E.2, E.3:high-probability-bound, E.5): all pass in
// quick mode; the decisions refuse a wrong acceptance probability, a wrong geometric law and a
// too-small ell; and the tabulated proposals agree with the exact R6 sampler's acceptance rate.
#include "proofs-checks/rejection_checks.h"

#include <gtest/gtest.h>

#include <cmath>

#include "dpsi/posterior/ancestral_prior_sampler.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/stats/mean_tests.h"
#include "proofs-checks/instance_variants.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(RejectionChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_rejection_checks, spec::CheckKind::kStatistical,
                                    {"E.1:accepted-law", "E.2:acceptance-rate", "E.3:high-probability-bound", "E.5:proposal-counts"});
}

// E.2's decision: 0.0050 observed over 10^6 proposals is consistent with a = 0.005 and not with 0.0075.
TEST(RejectionChecks, AcceptanceTestRefusesAWrongRate) {
  const PrecisionScope scope(128);
  EXPECT_TRUE(detail::acceptance_test(5000, 1000000, Ball(Rational(5, 1000))).passed);
  EXPECT_FALSE(detail::acceptance_test(5000, 1000000, Ball(Rational(75, 10000))).passed);
}

// E.5's distance: counts from Geometric(0.01) capped at 200 are close to that law and far from
// Geometric(0.02).
TEST(RejectionChecks, GeometricDistanceSeparatesRates) {
  const PrecisionScope scope(128);
  sampling::RandomSource source(3);
  std::vector<std::uint64_t> counts;
  for (int run = 0; run < 5000; ++run) {
    std::uint64_t k = 1;
    while (k <= 200 && static_cast<double>(source.word() >> 11) * 0x1p-53 >= 0.01) ++k;
    counts.push_back(k);  // k = 201 is FAIL
  }
  const Ball right = detail::truncated_geometric_distance(counts, 200, Ball(Rational(1, 100)));
  const Ball wrong = detail::truncated_geometric_distance(counts, 200, Ball(Rational(2, 100)));
  EXPECT_LT(right.upper_double(), 0.03);
  EXPECT_GT(wrong.lower_double(), 0.1);
}

// E.3's decision: with ell 10 nats too small, most values exceed it and the claim is refused.
TEST(RejectionChecks, ExceedanceTestRefusesATooSmallEll) {
  const PrecisionScope scope(128);
  std::vector<double> values;
  for (int k = 0; k < 2000; ++k) values.push_back(90.0 + 10.0 * (k % 100) / 100.0);  // 90 .. 99.9
  EXPECT_TRUE(detail::exceedance_test(values, Ball::from_decimal("101.7989"), Rational(1, 10)).passed);
  EXPECT_FALSE(detail::exceedance_test(values, Ball::from_decimal("91.7989"), Rational(1, 10)).passed);
}

// E.1's pooled tests: Bernstein's radius for a sum with zero variance is 2 ln(2/gamma)/3; the exact
// moments of the atom statistics are probabilities with E X^2 between (E X)^2 and E X, and the
// unconditional law puts far more mass on far atoms than the posterior does.
TEST(RejectionChecks, LatticeEventMomentsAndBernsteinRadius) {
  const PrecisionScope scope(128);
  const Ball radius = detail::bernstein_sum_radius(Ball(0), stats::gamma_mc());
  EXPECT_NEAR(radius.mid_double(), 2 * std::log(2e9) / 3, 1e-9);
  EXPECT_EQ(detail::nearest_atom(0.5, 0, 0.3), 0.5);
  EXPECT_EQ(detail::nearest_atom(0.5, 1, 0.3), 0.25);
  EXPECT_TRUE(detail::lattice_event(detail::LatticeEvent::kFar, 0.5, 0.0, 1.0, 0));
  EXPECT_FALSE(detail::lattice_event(detail::LatticeEvent::kNotNearest, 0.5, 0.3, 0.5, 0));
  const Instance instance = rejection_test_instance();
  const auto measurements = detail::rejection_measurements(instance, 1, 5e-3, 11);
  for (const auto event : {detail::LatticeEvent::kNotNearest, detail::LatticeEvent::kFar}) {
    const detail::IndicatorMoments posterior =
        detail::lattice_event_moments(instance, measurements[0].y, measurements[0].seed_posterior, true, event);
    EXPECT_GE(posterior.mean.lower_double(), 0);
    EXPECT_LE(posterior.mean.upper_double(), 1);
    EXPECT_LE(sqr(posterior.mean).lower_double(), posterior.second_moment.upper_double());
    EXPECT_LE(posterior.second_moment.lower_double(), posterior.mean.upper_double());
  }
  const std::vector<Ball> uniform(8, Ball(Rational(1, 8)));
  const Ball prior_far = detail::lattice_event_moments(instance, measurements[0].y, uniform, false, detail::LatticeEvent::kFar).mean;
  const Ball posterior_far =
      detail::lattice_event_moments(instance, measurements[0].y, measurements[0].seed_posterior, true, detail::LatticeEvent::kFar).mean;
  EXPECT_GT(prior_far.lower_double(), 0.3);
  EXPECT_LT(posterior_far.upper_double(), 0.01);
}

// The checks use tabulated proposals; the exact R6 sampler's acceptance rate at the same y agrees
// with the enclosed a(y) (two-sided empirical Bernstein at 4e5 proposals, false failure <= 1e-9).
TEST(RejectionChecks, ExactProposalsAcceptAtTheSameRate) {
  const PrecisionScope scope(128);
  const Instance instance = rejection_test_instance();
  const auto measurements = detail::rejection_measurements(instance, 1, 5e-3, 11);
  const posterior::AncestralPriorSampler exact(instance);
  const posterior::RejectionSampler rejection(instance, exact);
  sampling::RandomSource source(12);
  std::uint64_t accepted = 0;
  const std::uint64_t proposals = 400000;
  for (std::uint64_t k = 0; k < proposals; ++k) {
    const posterior::PriorDraw x = exact.draw(source);
    const double uniform = (static_cast<double>(source.word() >> 11) + 0.5) * 0x1p-53;
    accepted += std::log(uniform) <= rejection.log_likelihood(measurements[0].y, x.x) ? 1 : 0;
  }
  EXPECT_TRUE(detail::acceptance_test(accepted, proposals, measurements[0].acceptance).passed)
      << accepted << " / " << proposals << " vs " << measurements[0].acceptance.mid_str(6);
}

}  // namespace
}  // namespace dpsi::checks
