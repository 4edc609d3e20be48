// SeedRejectionSampler: its seed law is the exact p(s | y) of A.5 (VertexMixture::posterior,
// certified), its mean proposal count is 2^n / W(y), its table agrees with the certified evidence,
// and a sampler accepting with the wrong likelihood fails the same seed-law test (negative control).
// Fixed seeds; each statistical assertion has false-failure probability <= 1e-9.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/posterior/image_evaluator.h"
#include "dpsi/posterior/scaling_experiment.h"
#include "dpsi/posterior/seed_rejection_sampler.h"
#include "dpsi/sampling/instance_sampler.h"

namespace {

using dpsi::Ball;
using dpsi::Instance;
using namespace dpsi::posterior;

constexpr double kGamma = 1e-9;

Ball exact_ball(double value) {
  int exponent = 0;
  const double fraction = std::frexp(value, &exponent);
  return dpsi::mul_2exp(Ball(static_cast<long>(std::ldexp(fraction, 53))), static_cast<long>(exponent) - 53);
}

std::vector<double> draw_measurement(const Instance& instance, dpsi::sampling::RandomSource& source) {
  const dpsi::sampling::InstanceSampler prior(instance);
  return dpsi::sampling::measure(instance, prior.draw(source).x, source);
}

std::vector<double> exact_seed_law(const Instance& instance, const std::vector<double>& y, double* log_evidence) {
  const dpsi::PrecisionScope scope(128);
  const dpsi::density::VertexMixture mixture(instance);
  std::vector<Ball> balls;
  for (const double v : y) balls.push_back(exact_ball(v));
  const dpsi::density::SeedPosterior posterior = mixture.posterior(balls);
  std::vector<double> law;
  for (const Ball& w : posterior.weights) law.push_back(w.mid_double());
  if (log_evidence != nullptr) *log_evidence = posterior.log_evidence.mid_double();
  return law;
}

// Weissman et al.: P(||p_hat - p||_1 >= eps) <= (2^k - 2) exp(-N eps^2 / 2).
double l1_threshold(int cells, double draws) { return std::sqrt(2 * (cells * std::log(2.0) + std::log(1 / kGamma)) / draws); }

struct LawRun {
  double l1 = 0;
  double threshold = 0;
  std::uint64_t proposals = 0;
};

LawRun run_law(const Instance& instance, const AcceptanceTable& table, const std::vector<double>& y, const std::vector<double>& exact,
               int draws, std::uint64_t seed) {
  const SeedRejectionSampler sampler(instance);
  dpsi::sampling::RandomSource source(seed);
  std::vector<double> counts(exact.size(), 0.0);
  LawRun run;
  for (int k = 0; k < draws; ++k) {
    const PosteriorDraw draw = sampler.sample(table, y, source);
    EXPECT_FALSE(draw.failed);
    EXPECT_EQ(draw.x.size(), static_cast<std::size_t>(instance.d()));
    std::uint64_t index = 0;
    for (const std::uint8_t bit : *draw.latent_seed) index = (index << 1) | bit;
    counts[index] += 1;
    run.proposals += draw.proposals;
  }
  for (std::size_t s = 0; s < exact.size(); ++s) run.l1 += std::abs(counts[s] / draws - exact[s]);
  run.threshold = l1_threshold(static_cast<int>(exact.size()), draws);
  return run;
}

TEST(ImageEvaluator, AgreesWithEvaluateIndex) {
  dpsi::sampling::RandomSource source(7);
  for (const int n : {1, 3, 8, 9, 16, 24, 33, 64}) {
    for (const int m : {1, 7, 8, 20, 64}) {
      const dpsi::owf::OneWayFunction f(n, m);
      ImageEvaluator fast(n, m);
      for (int k = 0; k < 20; ++k) {
        const std::uint64_t index = n == 64 ? source.word() : source.word() >> (64 - n);
        ASSERT_EQ(fast(index), f.evaluate_index(index)) << n << " " << m << " " << index;
      }
    }
  }
  EXPECT_THROW(ImageEvaluator(0, 3), std::invalid_argument);
  EXPECT_THROW(ImageEvaluator(3, 65), std::invalid_argument);
  ImageEvaluator small(3, 3);
  EXPECT_THROW(small(8), std::invalid_argument);
}

TEST(AcceptanceTable, RatiosAreOneAtTheDecodedImageAndMatchTheCertifiedEvidence) {
  for (const int n : {3, 6}) {
    const Instance instance = small_scaling_instance(n);
    dpsi::sampling::RandomSource source(100 + n);
    for (int trial = 0; trial < 3; ++trial) {
      const std::vector<double> y = draw_measurement(instance, source);
      const AcceptanceTable table(instance, y);
      EXPECT_EQ(table(table.decoded_image()), 1.0);
      // 2^-n W(y) = p_Y(y) / prod_i max_c h_c(y_i): the double table against the certified evidence.
      ImageEvaluator f(n, n);
      double w = 0;
      for (std::uint64_t s = 0; s < (1U << n); ++s) w += table(f(s));
      double log_evidence = 0;
      exact_seed_law(instance, y, &log_evidence);
      double log_max = 0;
      for (int i = 0; i < n; ++i)
        log_max += std::max(log_measurement_density(instance, 0, y[i]), log_measurement_density(instance, 1, y[i]));
      EXPECT_NEAR(std::log(w) - n * std::log(2.0), log_evidence - log_max, 1e-10);
    }
  }
}

// The seed law at n = m = 3 (E test instance) and n = m = 6 (E parameters with n = m = 6), 4 values
// of y each, N = 20000 draws: L1 test with k = 2^n cells; and the proposal count's Gamma test.
TEST(SeedRejectionSampler, SeedLawIsTheExactPosteriorAndCostIsTwoToTheNOverW) {
  for (const int n : {3, 6}) {
    const Instance instance = small_scaling_instance(n);
    dpsi::sampling::RandomSource source(200 + n);
    for (int trial = 0; trial < 4; ++trial) {
      const std::vector<double> y = draw_measurement(instance, source);
      const std::vector<double> exact = exact_seed_law(instance, y, nullptr);
      const AcceptanceTable table(instance, y);
      const int draws = 20000;
      const LawRun run = run_law(instance, table, y, exact, draws, 1000 * n + trial);
      EXPECT_LE(run.l1, run.threshold) << "n = " << n << " y" << trial;
      ImageEvaluator f(n, n);
      double w = 0;
      for (std::uint64_t s = 0; s < (1U << n); ++s) w += table(f(s));
      const double q = w / std::ldexp(1.0, n);
      const GammaDeviations e = gamma_deviations(draws, kGamma / 2);
      const double statistic = q * static_cast<double>(run.proposals);
      EXPECT_GE(statistic, (1 - q) * draws * (1 - e.low)) << "n = " << n;
      EXPECT_LE(statistic, draws * (1 + e.high) + draws * q) << "n = " << n;
      std::printf("n = %d y%d: L1 %.4f <= %.4f; mean proposals %.4f vs 2^n/W = %.4f\n", n, trial, run.l1, run.threshold,
                  static_cast<double>(run.proposals) / draws, 1 / q);
    }
  }
}

// Negative control: the table of another sigma_y (the wrong likelihood) fails the seed-law test
// (N = 1000 draws: that sharper likelihood accepts about once in 10^3 proposals).
TEST(SeedRejectionSampler, WrongLikelihoodFailsTheSeedLawTest) {
  const int n = 3;
  const Instance instance = small_scaling_instance(n);
  dpsi::ParameterValues wrong_values = instance.values();
  wrong_values.sigma_y = dpsi::Rational(1, 20);
  const Instance wrong = Instance::from(wrong_values);
  dpsi::sampling::RandomSource source(303);
  int failures = 0;
  for (int trial = 0; trial < 4; ++trial) {
    const std::vector<double> y = draw_measurement(instance, source);
    const std::vector<double> exact = exact_seed_law(instance, y, nullptr);
    const LawRun run = run_law(instance, AcceptanceTable(wrong, y), y, exact, 1000, 77 + trial);
    std::printf("wrong likelihood y%d: L1 %.4f vs threshold %.4f\n", trial, run.l1, run.threshold);
    if (run.l1 > run.threshold) ++failures;
  }
  EXPECT_GE(failures, 3);
}

TEST(SeedRejectionSampler, CapDeterminismAndBadInput) {
  const Instance instance = default_scaling_instance(12);
  dpsi::sampling::RandomSource source(5);
  const std::vector<double> y = draw_measurement(instance, source);
  const SeedRejectionSampler capped(instance, 3);
  EXPECT_EQ(capped.name(), "seed-rejection");
  int failed = 0;
  for (int k = 0; k < 50; ++k) {
    const PosteriorDraw draw = capped.sample(y, source);
    if (draw.failed) {
      ++failed;
      EXPECT_TRUE(draw.x.empty());
      EXPECT_EQ(draw.proposals, 3U);
    }
  }
  EXPECT_GT(failed, 40);  // acceptance is about #preimages / 4096 per proposal
  const SeedRejectionSampler sampler(instance);
  dpsi::sampling::RandomSource a(9), b(9);
  const PosteriorDraw first = sampler.sample(y, a);
  const PosteriorDraw second = sampler.sample(y, b);
  EXPECT_EQ(first.x, second.x);
  EXPECT_EQ(first.proposals, second.proposals);
  // The accepted seed maps to the decoded image (a wrong bit costs e^-40 at the defaults).
  const AcceptanceTable table(instance, y);
  std::uint64_t index = 0;
  for (const std::uint8_t bit : *first.latent_seed) index = (index << 1) | bit;
  EXPECT_EQ(ImageEvaluator(12, 12)(index), table.decoded_image());
  std::vector<double> short_y(y.begin(), y.end() - 1);
  EXPECT_THROW(sampler.sample(short_y, a), std::invalid_argument);
  std::vector<double> nan_y = y;
  nan_y[0] = std::nan("");
  EXPECT_THROW(sampler.sample(nan_y, a), std::invalid_argument);
}

}  // namespace
