#include "proofs-checks/rejection_checks.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/posterior/seed_posterior.h"
#include "dpsi/posterior/tabulated_prior_sampler.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"
#include "proofs-checks/instance_variants.h"
#include "proofs-checks/reduction_constants_checks.h"

namespace dpsi::checks {
namespace detail {

std::vector<RejectionMeasurement> rejection_measurements(const Instance& instance, int count, double min_acceptance,
                                                         std::uint64_t seed) {
  const sampling::InstanceSampler prior(instance);
  const density::VertexMixture mixture(instance);
  const posterior::SeedPosteriorTable fast(instance);
  const Ball log_scale = Ball(instance.m()) / Ball(2) * log(Ball(2) * Ball::pi() * sqr(Ball(instance.sigma_y())));
  sampling::RandomSource source(seed);
  std::vector<RejectionMeasurement> measurements;
  while (static_cast<int>(measurements.size()) < count) {
    std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
    if (fast.log_acceptance(y) < std::log(min_acceptance)) continue;
    std::vector<Ball> y_balls;
    for (const double value : y) y_balls.emplace_back(Rational(value));
    density::SeedPosterior exact = mixture.posterior(y_balls);
    measurements.push_back({std::move(y), exp(log_scale + exact.log_evidence), std::move(exact.weights)});
  }
  return measurements;
}

Ball truncated_geometric_distance(const std::vector<std::uint64_t>& counts, std::uint64_t cap, const Ball& acceptance) {
  std::vector<std::uint64_t> sorted = counts;
  std::sort(sorted.begin(), sorted.end());
  const Ball total(static_cast<long>(sorted.size()));
  const Ball survival = Ball(1) - acceptance;
  Ball worst;
  Ball survival_power(1);  // (1 - a)^k
  std::size_t at_or_below = 0;
  for (std::uint64_t k = 1; k <= cap; ++k) {
    survival_power *= survival;
    while (at_or_below < sorted.size() && sorted[at_or_below] <= k) ++at_or_below;
    const Ball empirical = Ball(static_cast<long>(at_or_below)) / total;
    worst = max(worst, abs(empirical - (Ball(1) - survival_power)));
  }
  return worst;  // at k = cap + 1 both CDFs are 1
}

LawTest law_test(const std::vector<std::uint64_t>& counts, const std::vector<Ball>& cell_mass) {
  std::uint64_t total = 0;
  for (const std::uint64_t count : counts) total += count;
  LawTest test;
  for (std::size_t cell = 0; cell < counts.size(); ++cell) {
    const Ball frequency(Rational(static_cast<long>(counts[cell]), static_cast<long>(total)));
    test.l1 += abs(frequency - cell_mass[cell]);
    if (cell_mass[cell].lower_double() > 0) test.pearson += sqr(frequency - cell_mass[cell]) / cell_mass[cell] * Ball(static_cast<long>(total));
  }
  // P[||pi-hat - p||_1 > r] <= (2^k - 2) e^{-N r^2 / 2} (the L1 deviation inequality).
  const auto cells = static_cast<long>(counts.size());
  test.radius = sqrt(Ball(2) * log(Ball((Integer(1) << cells) - 2) / Ball(stats::gamma_mc())) / Ball(static_cast<long>(total)));
  test.passed = is_certainly_true(le(test.l1, test.radius));
  return test;
}

AcceptanceTest acceptance_test(std::uint64_t accepted, std::uint64_t proposals, const Ball& acceptance) {
  AcceptanceTest test;
  test.frequency = Ball(Rational(static_cast<long>(accepted), static_cast<long>(proposals)));
  // Bernoulli observations: the unbiased sample variance is N p(1 - p)/(N - 1).
  const Ball variance = test.frequency * (Ball(1) - test.frequency) * Ball(static_cast<long>(proposals)) / Ball(static_cast<long>(proposals - 1));
  test.radius = stats::bernstein_deviation(variance, Ball(1), proposals, stats::gamma_mc() / 2);
  test.deviation = abs(test.frequency - acceptance);
  test.passed = is_certainly_true(le(test.deviation, test.radius));
  return test;
}

ExceedanceTest exceedance_test(const std::vector<double>& log_inverse_acceptance, const Ball& ell, const Rational& beta) {
  ExceedanceTest test;
  const double ell_low = ell.lower_double();
  const double ell_high = ell.upper_double();
  for (const double value : log_inverse_acceptance) {
    if (value - posterior::kLogErrorBound > ell_high) {
      ++test.exceed;
    } else if (value + posterior::kLogErrorBound >= ell_low) {
      ++test.exceed;
      ++test.within_error_band;
    }
  }
  const auto draws = static_cast<long>(log_inverse_acceptance.size());
  test.radius = sqrt(log(Ball(1) / Ball(stats::gamma_mc())) / Ball(2 * draws));
  test.lower = Ball(Rational(static_cast<long>(test.exceed), draws)) - test.radius;
  test.passed = is_certainly_true(le(test.lower, Ball(beta)));
  return test;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr int kMeasurements = 8;
constexpr double kAcceptanceFloor = 2e-3;

// What E.1, E.2 and E.5 share: the E test instance, its 8 measurements (drawn with the check's
// seed), the tabulated proposals and the stream the rounds draw from.
struct RejectionBench {
  explicit RejectionBench(const CheckContext& context)
      : instance(rejection_test_instance()),
        measurements(detail::rejection_measurements(instance, kMeasurements, kAcceptanceFloor, context.seed)),
        proposals(instance),
        source(context.seed ^ 0x5eedULL) {}
  Instance instance;
  std::vector<detail::RejectionMeasurement> measurements;
  posterior::TabulatedPriorSampler proposals;
  sampling::RandomSource source;
};

std::uint64_t seed_index(const owf::Bits& seed) {
  std::uint64_t index = 0;
  for (const std::uint8_t bit : seed) index = (index << 1) | bit;
  return index;
}

// E.1: the latent seeds of accepted draws follow p(s | y) (L1 test, k = 2^3 cells).
CheckResult accepted_law(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t accepted = context.quick ? 2000 : 20000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const posterior::RejectionSampler sampler(bench.instance, bench.proposals);
  const long cells = 8;
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  result.passed = true;
  double worst_ratio = 0;
  std::uint64_t total_proposals = 0;
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(cells), 0);
    std::uint64_t used = 0;
    for (std::uint64_t draw = 0; draw < accepted; ++draw) {
      const posterior::PosteriorDraw output = sampler.sample(measurements[k].y, source);
      used += output.proposals;
      ++counts[seed_index(*output.latent_seed)];
    }
    total_proposals += used;
    const detail::LawTest test = detail::law_test(counts, measurements[k].seed_posterior);
    const bool ok = test.passed;
    result.passed = result.passed && ok;
    worst_ratio = std::max(worst_ratio, test.l1.mid_double() / test.radius.mid_double());
    result.log.push_back(fmt::format("E.1: y #{} (a(y) = {}): L1(accepted seeds, p(s|y)) = {} {} radius {}; Pearson chi^2 = {} on 7 dof; {} proposals{}",
                                     k + 1, measurements[k].acceptance.mid_str(4), test.l1.mid_str(4), ok ? "<=" : ">", test.radius.mid_str(5),
                                     test.pearson.mid_str(4), used, ok ? "" : "  FAIL"));
    if (context.progress) context.progress(static_cast<double>(k + 1) / kMeasurements);
  }
  result.margin = fmt::format("{} measurements, max L1 / radius = {:.3f} <= 1 (N = {} accepted draws each, {} proposals in all)",
                              kMeasurements, worst_ratio, accepted, total_proposals);
  result.parameters = {{"instance", "E test instance (n = m = 3, delta = 1/2, sigma_y = 1/5)"},
                       {"accepted_per_measurement", accepted},
                       {"acceptance_floor", kAcceptanceFloor},
                       {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

// E.2: acceptance frequency against the enclosed a(y), empirical Bernstein (Maurer-Pontil), two-sided.
CheckResult acceptance_rate(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t proposals = context.quick ? 100000 : 1000000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const posterior::TabulatedPriorSampler& prior = bench.proposals;
  const posterior::RejectionSampler likelihood(bench.instance, prior);
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  result.passed = true;
  double worst_ratio = 0;
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    std::uint64_t accepted = 0;
    for (std::uint64_t round = 0; round < proposals; ++round) {
      const posterior::PriorDraw x = prior.draw(source);
      const double uniform = (static_cast<double>(source.word() >> 11) + 0.5) * 0x1p-53;
      accepted += std::log(uniform) <= likelihood.log_likelihood(measurements[k].y, x.x) ? 1 : 0;
    }
    const detail::AcceptanceTest test = detail::acceptance_test(accepted, proposals, measurements[k].acceptance);
    const bool ok = test.passed;
    result.passed = result.passed && ok;
    worst_ratio = std::max(worst_ratio, test.deviation.mid_double() / test.radius.mid_double());
    result.log.push_back(fmt::format("E.2: y #{}: a-hat = {}/{} = {}, a(y) = (2 pi sigma_y^2)^(m/2) p_Y(y) = {}: |a-hat - a| = {} {} radius {}{}",
                                     k + 1, accepted, proposals, test.frequency.mid_str(5), measurements[k].acceptance.mid_str(6),
                                     test.deviation.mid_str(3), ok ? "<=" : ">", test.radius.mid_str(3), ok ? "" : "  FAIL"));
    if (context.progress) context.progress(static_cast<double>(k + 1) / kMeasurements);
  }
  result.margin = fmt::format("{} measurements, max |a-hat - a(y)| / radius = {:.3f} <= 1 ({} proposals each)", kMeasurements,
                              worst_ratio, proposals);
  result.parameters = {{"instance", "E test instance"},
                       {"proposals_per_measurement", proposals},
                       {"test", "two-sided empirical Bernstein (Maurer-Pontil), gamma/2 per side"},
                       {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

// E.3(b) at the defaults: P[log(1/a(y)) > ell(0.1)] <= 0.1, one-sided Hoeffding.
CheckResult high_probability_bound(const CheckContext& context) {
  const PrecisionScope scope(256);
  const Instance& instance = context.instance;
  const std::uint64_t draws = context.quick ? 1000 : 10000;
  const Ball ell = detail::ell(instance, Rational(1, 10));
  const posterior::SeedPosteriorTable table(instance);
  const sampling::InstanceSampler prior(instance);
  // Two workers, each with its own stream (seeded from the check's seed and the worker index);
  // results do not depend on timing.
  constexpr int kWorkers = 2;
  std::vector<std::vector<double>> logs(kWorkers);
  std::vector<std::thread> workers;
  for (int worker = 0; worker < kWorkers; ++worker) {
    workers.emplace_back([&, worker] {
      sampling::RandomSource source(context.seed + static_cast<std::uint64_t>(worker) * 0x9e3779b97f4a7c15ULL);
      const std::uint64_t share = draws / kWorkers + (static_cast<std::uint64_t>(worker) < draws % kWorkers ? 1 : 0);
      for (std::uint64_t k = 0; k < share; ++k) {
        const std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
        logs[static_cast<std::size_t>(worker)].push_back(-table.log_acceptance(y));
      }
      release_thread_caches();
    });
  }
  for (std::thread& worker : workers) worker.join();
  std::vector<double> all;
  for (const auto& part : logs) all.insert(all.end(), part.begin(), part.end());
  const detail::ExceedanceTest test = detail::exceedance_test(all, ell, Rational(1, 10));
  std::sort(all.begin(), all.end());
  CheckResult result;
  result.passed = test.passed;
  result.log.push_back(fmt::format("E.3: {} measurements y ~ p_Y at the defaults: log(1/a(y)) median {:.4f}, 90th percentile {:.4f}, max {:.4f} nats; ell(0.1) = {}",
                                   draws, all[all.size() / 2], all[all.size() * 9 / 10], all.back(), ell.mid_str(8)));
  result.log.push_back(fmt::format("E.3: {} exceed ell(0.1) ({} within the fast path's error band, counted as exceeding); p_hat - {} = {} {} 0.1",
                                   test.exceed, test.within_error_band, test.radius.mid_str(4), test.lower.mid_str(4), result.passed ? "<=" : ">"));
  result.log.push_back(fmt::format("E.3: E log(1/a) ~ {:.4f} nats here; spec E.2's injective-f approximation gives 90.9124", 
                                   std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size())));
  result.margin = fmt::format("{}/{} measurements have log(1/a(y)) > ell(0.1) = {} nats: p_hat - radius = {} <= 0.1",
                              test.exceed, draws, ell.mid_str(7), test.lower.mid_str(4));
  result.parameters = {{"draws", draws}, {"fast_path_error_band", posterior::kLogErrorBound},
                       {"test", "one-sided Hoeffding, radius sqrt(ln(1/gamma)/(2N))"}, {"false_failure_probability", "1e-9"}};
  return result;
}

// E.5: proposal counts of capped RS against the truncated geometric law (DKW).
CheckResult proposal_counts(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t runs = context.quick ? 1000 : 10000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const Instance& instance = bench.instance;
  const posterior::TabulatedPriorSampler& proposals = bench.proposals;
  const Ball radius = sqrt(log(Ball(2) / Ball(stats::gamma_mc())) / Ball(static_cast<long>(2 * runs)));
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  result.passed = true;
  double worst_ratio = 0;
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    const auto cap = static_cast<std::uint64_t>(std::ceil(2.0 / measurements[k].acceptance.mid_double()));
    const posterior::RejectionSampler sampler(instance, proposals, cap);
    std::vector<std::uint64_t> counts;
    std::uint64_t failures = 0;
    for (std::uint64_t run = 0; run < runs; ++run) {
      const posterior::PosteriorDraw output = sampler.sample(measurements[k].y, source);
      counts.push_back(output.failed ? cap + 1 : output.proposals);
      failures += output.failed ? 1 : 0;
    }
    const Ball distance = detail::truncated_geometric_distance(counts, cap, measurements[k].acceptance);
    const bool ok = is_certainly_true(le(distance, radius));
    result.passed = result.passed && ok;
    worst_ratio = std::max(worst_ratio, distance.mid_double() / radius.mid_double());
    const Ball fail_probability = pow(Ball(1) - measurements[k].acceptance, static_cast<unsigned long>(cap));
    result.log.push_back(fmt::format("E.5: y #{}: a(y) = {}, T_max = {}: sup|F-hat - F| = {} {} DKW radius {}; FAIL {}/{} (law: {}){}", k + 1,
                                     measurements[k].acceptance.mid_str(4), cap, distance.mid_str(4), ok ? "<=" : ">", radius.mid_str(5),
                                     failures, runs, fail_probability.mid_str(4), ok ? "" : "  FAIL"));
    if (context.progress) context.progress(static_cast<double>(k + 1) / kMeasurements);
  }
  result.margin = fmt::format("{} measurements, max DKW distance / radius = {:.3f} <= 1 ({} runs each, T_max = ceil(2/a(y)))",
                              kMeasurements, worst_ratio, runs);
  result.parameters = {{"instance", "E test instance"}, {"runs_per_measurement", runs}, {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

}  // namespace

void register_rejection_checks(audit::Registry& registry) {
  registry.add({"E.1:accepted-law", spec::CheckKind::kStatistical, accepted_law});
  registry.add({"E.2:acceptance-rate", spec::CheckKind::kStatistical, acceptance_rate});
  registry.add({"E.3:high-probability-bound", spec::CheckKind::kStatistical, high_probability_bound});
  registry.add({"E.5:proposal-counts", spec::CheckKind::kStatistical, proposal_counts});
}

}  // namespace dpsi::checks
