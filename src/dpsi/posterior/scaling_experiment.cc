#include "dpsi/posterior/scaling_experiment.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "dpsi/crypto/sha256.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/parallel_jobs.h"
#include "dpsi/posterior/ancestral_prior_sampler.h"
#include "dpsi/posterior/brute_force_inverter.h"
#include "dpsi/posterior/image_evaluator.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/posterior/seed_rejection_sampler.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::posterior {
namespace {

using Clock = std::chrono::steady_clock;

// A double as an exact Ball: mantissa * 2^exponent.
Ball exact_ball(double value) {
  int exponent = 0;
  const double fraction = std::frexp(value, &exponent);
  return mul_2exp(Ball(static_cast<long>(std::ldexp(fraction, 53))), static_cast<long>(exponent) - 53);
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }


void say(const ScalingOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

// The Gamma test of the header on S = sum q_j G_j with K terms.
PooledTest gamma_test(double statistic, int terms, double sum_q, double max_q, double gamma) {
  PooledTest test;
  test.terms = terms;
  test.statistic = statistic;
  test.expected = terms;
  const GammaDeviations e = gamma_deviations(terms, gamma / 2);
  test.low = (1 - max_q) * terms * (1 - e.low);
  test.high = terms * (1 + e.high) + sum_q;
  test.passed = statistic >= test.low && statistic <= test.high;
  return test;
}

// Everything the census of one n learns by enumerating its 2^n seeds.
struct Census {
  std::vector<double> weights;                       // W(y) per (b) trial
  std::vector<std::uint64_t> decoded_preimages;      // per (b) trial
  std::vector<std::vector<std::uint64_t>> preimages; // per (c) trial, sorted seed indices
};

Census run_census(int n, const std::vector<AcceptanceTable>& tables, const std::vector<std::uint64_t>& targets, int threads) {
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 14;
  const std::uint64_t size = std::uint64_t{1} << n;
  const std::uint64_t chunks = (size + kChunk - 1) / kChunk;
  struct Partial {
    std::vector<double> weights;
    std::vector<std::uint64_t> decoded;
    std::vector<std::vector<std::uint64_t>> preimages;
  };
  std::vector<Partial> partials(chunks);
  run_jobs(chunks, threads, [&](std::size_t chunk) {
    ImageEvaluator f(n, n);
    Partial& partial = partials[chunk];
    partial.weights.assign(tables.size(), 0.0);
    partial.decoded.assign(tables.size(), 0);
    partial.preimages.resize(targets.size());
    const std::uint64_t begin = chunk * kChunk;
    const std::uint64_t end = std::min(size, begin + kChunk);
    for (std::uint64_t index = begin; index < end; ++index) {
      const std::uint64_t image = f(index);
      for (std::size_t t = 0; t < tables.size(); ++t) {
        partial.weights[t] += tables[t](image);
        if (image == tables[t].decoded_image()) ++partial.decoded[t];
      }
      for (std::size_t t = 0; t < targets.size(); ++t)
        if (image == targets[t]) partial.preimages[t].push_back(index);
    }
  });
  Census census;
  census.weights.assign(tables.size(), 0.0);
  census.decoded_preimages.assign(tables.size(), 0);
  census.preimages.resize(targets.size());
  for (const Partial& partial : partials) {  // chunk order: the sums do not depend on the threads
    for (std::size_t t = 0; t < tables.size(); ++t) {
      census.weights[t] += partial.weights[t];
      census.decoded_preimages[t] += partial.decoded[t];
    }
    for (std::size_t t = 0; t < targets.size(); ++t)
      census.preimages[t].insert(census.preimages[t].end(), partial.preimages[t].begin(), partial.preimages[t].end());
  }
  return census;
}

double mean_of(const std::vector<double>& values) {
  double total = 0;
  for (const double v : values) total += v;
  return values.empty() ? 0 : total / static_cast<double>(values.size());
}

}  // namespace

Instance small_scaling_instance(int n) {
  ParameterValues values;
  values.n = Rational(n);
  values.m = Rational(n);
  values.a = Rational(1);
  values.delta = Rational(1, 2);
  values.tau = Rational(1, 1000);
  values.sigma_y = Rational(1, 5);
  values.kappa_star = Rational(1, 2);
  return Instance::from(values);
}

Instance default_scaling_instance(int n) {
  ParameterValues values = ParameterValues::defaults();
  values.n = Rational(n);
  values.m = Rational(n);
  return Instance::from(values);
}

int trials_at(const ScalingOptions& options, int n) {
  const std::uint64_t cheap = n >= 63 ? 0 : options.trial_budget >> n;
  return static_cast<int>(std::max<std::uint64_t>(static_cast<std::uint64_t>(options.trials),
                                                  std::min<std::uint64_t>(static_cast<std::uint64_t>(options.max_trials_per_n), cheap)));
}

std::uint64_t derive_trial_seed(std::uint64_t seed, char part, int n, int trial) {
  return crypto::first_8_bytes_big_endian(crypto::sha256(fmt::format("{}/{}/{}/{}", seed, part, n, trial)));
}

GammaDeviations gamma_deviations(double k, double tail) {
  if (!(k >= 1) || !(tail > 0 && tail < 1)) throw std::invalid_argument("gamma_deviations: needs K >= 1 and 0 < tail < 1");
  const double target = std::log(1 / tail) / k;
  GammaDeviations e;
  // Upper: e - ln(1 + e) increasing in e > 0; bisect, keep the upper end (bound <= tail there).
  double lo = 0, hi = 1;
  while (hi - std::log1p(hi) < target) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (mid - std::log1p(mid) < target ? lo : hi) = mid;
  }
  e.high = hi;
  // Lower: -e - ln(1 - e) increasing on (0, 1); if the target is never reached, e = 1 (no lower test).
  lo = 0;
  hi = 1;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (-mid - std::log1p(-mid) < target ? lo : hi) = mid;
  }
  e.low = hi;
  return e;
}

double bernstein_radius(double variance, double gamma) {
  const double l = std::log(2 / gamma);
  return l / 3 + std::sqrt(l * l / 9 + 2 * variance * l);
}

double student_t_975(int df) {
  if (df < 1) throw std::invalid_argument("student_t_975: needs df >= 1");
  // P(T <= t) by Simpson's rule on the density; bisection for 0.975.
  const double log_norm = std::lgamma((df + 1) / 2.0) - std::lgamma(df / 2.0) - 0.5 * std::log(df * M_PI);
  auto cdf = [&](double t) {
    const int steps = 20000;
    const double h = t / steps;
    double sum = 0;
    for (int i = 0; i <= steps; ++i) {
      const double x = i * h;
      const double density = std::exp(log_norm - (df + 1) / 2.0 * std::log1p(x * x / df));
      sum += density * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2));
    }
    return 0.5 + sum * h / 3;
  };
  double lo = 0, hi = 1;
  while (cdf(hi) < 0.975) hi *= 2;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) < 0.975 ? lo : hi) = mid;
  }
  return hi;
}

SlopeFit fit_log2_cost(const std::vector<std::pair<int, double>>& n_and_mean_cost) {
  SlopeFit fit;
  fit.points = static_cast<int>(n_and_mean_cost.size());
  if (fit.points < 2) return fit;
  double mean_x = 0, mean_y = 0;
  for (const auto& [n, cost] : n_and_mean_cost) {
    mean_x += n;
    mean_y += std::log2(cost);
  }
  mean_x /= fit.points;
  mean_y /= fit.points;
  double sxx = 0, sxy = 0;
  for (const auto& [n, cost] : n_and_mean_cost) {
    sxx += (n - mean_x) * (n - mean_x);
    sxy += (n - mean_x) * (std::log2(cost) - mean_y);
  }
  fit.slope = sxy / sxx;
  fit.intercept = mean_y - fit.slope * mean_x;
  if (fit.points < 3) {
    fit.slope_low = fit.slope_high = fit.slope;
    fit.intercept_low = fit.intercept_high = fit.intercept;
    return fit;
  }
  double rss = 0;
  for (const auto& [n, cost] : n_and_mean_cost) {
    const double r = std::log2(cost) - fit.intercept - fit.slope * n;
    rss += r * r;
  }
  const double s2 = rss / (fit.points - 2);
  const double t = student_t_975(fit.points - 2);
  const double slope_se = std::sqrt(s2 / sxx);
  const double intercept_se = std::sqrt(s2 * (1.0 / fit.points + mean_x * mean_x / sxx));
  fit.slope_low = fit.slope - t * slope_se;
  fit.slope_high = fit.slope + t * slope_se;
  fit.intercept_low = fit.intercept - t * intercept_se;
  fit.intercept_high = fit.intercept + t * intercept_se;
  return fit;
}

PooledTest seed_rejection_test(const std::vector<SeedTrial>& trials, double gamma) {
  double statistic = 0, sum_q = 0, max_q = 0;
  int terms = 0;
  for (const SeedTrial& trial : trials) {
    if (trial.weight < 0) continue;
    const double q = trial.weight / std::ldexp(1.0, trial.n);
    statistic += q * static_cast<double>(trial.proposals);
    sum_q += q;
    max_q = std::max(max_q, q);
    ++terms;
  }
  if (terms == 0) return PooledTest{};
  return gamma_test(statistic, terms, sum_q, max_q, gamma);
}

PooledTest brute_force_test(const std::vector<BruteTrial>& trials, double gamma) {
  double statistic = 0, expected = 0, variance = 0;
  PooledTest test;
  for (const BruteTrial& trial : trials) {
    if (trial.expected < 0) continue;
    const double scale = std::ldexp(1.0, -trial.n);
    statistic += static_cast<double>(trial.evaluations) * scale;
    expected += trial.expected * scale;
    variance += std::max(trial.variance, 0.0) * scale * scale;
    if (trial.evaluations != trial.exact_evaluations) ++test.mismatches;
    ++test.terms;
  }
  test.statistic = statistic;
  test.expected = expected;
  const double radius = bernstein_radius(variance, gamma);
  test.low = expected - radius;
  test.high = expected + radius;
  test.passed = test.terms > 0 && test.mismatches == 0 && statistic >= test.low && statistic <= test.high;
  return test;
}

bool ScalingReport::passed() const {
  for (const SmallRow& row : small)
    if (!row.passed) return false;
  return seed_test.passed && brute_test.passed;
}

ScalingReport run_scaling_experiment(const ScalingOptions& options) {
  auto bad_range = [](int low, int high, int min, int max) { return low < min || high > max || low > high; };
  if (bad_range(options.small_n_min, options.small_n_max, 1, 8)) throw std::invalid_argument("scaling: small n range must lie in 1..8");
  if (bad_range(options.seed_n_min, options.seed_n_max, 1, 40)) throw std::invalid_argument("scaling: seed-rejection n range must lie in 1..40");
  if (bad_range(options.brute_n_min, options.brute_n_max, 1, 40)) throw std::invalid_argument("scaling: brute-force n range must lie in 1..40");
  if (options.trials < 1 || options.small_measurements < 1 || options.max_trials_per_n < 1) throw std::invalid_argument("scaling: trials and measurements must be >= 1");
  if (options.threads < 1) throw std::invalid_argument("scaling: threads must be >= 1");
  if (options.census_n_max > 30) throw std::invalid_argument("scaling: census_n_max must be <= 30");
  if (!(options.gamma > 0 && options.gamma < 1)) throw std::invalid_argument("scaling: gamma must be in (0, 1)");

  ScalingReport report;
  report.options = options;
  const int small_sizes = options.small_n_max - options.small_n_min + 1;
  const int tests = small_sizes * options.small_measurements + 2;
  report.gamma_per_test = options.gamma / tests;

  // (a) Appendix E's rejection sampler on small instances.
  auto start = Clock::now();
  report.small.resize(static_cast<std::size_t>(small_sizes * options.small_measurements));
  run_jobs(report.small.size(), options.threads, [&](std::size_t job) {
    const int n = options.small_n_min + static_cast<int>(job) / options.small_measurements;
    const int measurement = static_cast<int>(job) % options.small_measurements;
    const Instance instance = small_scaling_instance(n);
    sampling::RandomSource source(derive_trial_seed(options.seed, 'a', n, measurement));
    const sampling::InstanceSampler prior(instance);
    const std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
    double acceptance = 0;
    {
      const PrecisionScope scope(128);
      const density::VertexMixture mixture(instance);
      std::vector<Ball> y_balls;
      for (const double value : y) y_balls.push_back(exact_ball(value));
      const Ball sigma2 = sqr(Ball(instance.sigma_y()));
      const Ball log_a = mixture.posterior(y_balls).log_evidence + Ball(n) / Ball(2) * log(Ball(2) * Ball::pi() * sigma2);
      acceptance = exp(log_a).mid_double();
    }
    const auto accepted = static_cast<std::uint64_t>(std::clamp(options.small_proposal_budget * acceptance,
                                                                static_cast<double>(options.small_min_accepted),
                                                                static_cast<double>(options.small_max_accepted)));
    const AncestralPriorSampler proposals(instance);
    const RejectionSampler sampler(instance, proposals);
    std::uint64_t total = 0;
    for (std::uint64_t k = 0; k < accepted; ++k) total += sampler.sample(y, source).proposals;
    SmallRow& row = report.small[job];
    row.n = n;
    row.measurement = measurement;
    row.acceptance = acceptance;
    row.accepted = accepted;
    row.proposals = total;
    row.mean_proposals = static_cast<double>(total) / static_cast<double>(accepted);
    const PooledTest test = gamma_test(acceptance * static_cast<double>(total), static_cast<int>(accepted),
                                       acceptance * static_cast<double>(accepted), acceptance, report.gamma_per_test);
    row.low = test.low / (static_cast<double>(accepted) * acceptance);
    row.high = test.high / (static_cast<double>(accepted) * acceptance);
    row.passed = test.passed;
  });
  report.seconds_small = seconds_since(start);
  say(options, fmt::format("(a) done: {} measurements in {:.1f} s", report.small.size(), report.seconds_small));

  // (b) seed-space rejection, largest n first for load balance.
  start = Clock::now();
  std::vector<std::pair<int, int>> seed_jobs_list;  // (n, trial), largest n first
  for (int n = options.seed_n_max; n >= options.seed_n_min; --n)
    for (int trial = 0; trial < trials_at(options, n); ++trial) seed_jobs_list.emplace_back(n, trial);
  report.seed.resize(seed_jobs_list.size());
  std::vector<std::vector<double>> measurements(report.seed.size());
  std::atomic<int> seed_done{0};
  run_jobs(report.seed.size(), options.threads, [&](std::size_t job) {
    const auto [n, trial] = seed_jobs_list[job];
    const Instance instance = default_scaling_instance(n);
    sampling::RandomSource source(derive_trial_seed(options.seed, 'b', n, trial));
    const sampling::InstanceSampler prior(instance);
    measurements[job] = sampling::measure(instance, prior.draw(source).x, source);
    const AcceptanceTable table(instance, measurements[job]);
    const SeedRejectionSampler sampler(instance);
    const auto begin = Clock::now();
    const PosteriorDraw draw = sampler.sample(table, measurements[job], source);
    SeedTrial& result = report.seed[job];
    result.n = n;
    result.trial = trial;
    result.proposals = draw.proposals;
    if (DPSI_FAULT("posterior.scaling-seed-cost-doubled")) result.proposals *= 2;  // two words per proposal counted as two proposals
    result.seconds = seconds_since(begin);
    const int done = ++seed_done;
    if (n >= 18) say(options, fmt::format("(b) n = {}: trial {} took {} proposals, {:.1f} s ({}/{} jobs)", n, trial, draw.proposals,
                                          result.seconds, done, report.seed.size()));
  });
  report.seconds_seed = seconds_since(start);
  say(options, fmt::format("(b) done in {:.1f} s", report.seconds_seed));

  // (c) brute-force inversion, threads inside each trial.
  start = Clock::now();
  std::vector<std::uint64_t> brute_targets;
  for (int n = options.brute_n_min; n <= options.brute_n_max; ++n) {
    const auto begin_n = Clock::now();
    for (int trial = 0; trial < trials_at(options, n); ++trial) {
      sampling::RandomSource source(derive_trial_seed(options.seed, 'c', n, trial));
      const std::uint64_t planted = source.word() >> (64 - n);
      const std::uint64_t offset = source.word() >> (64 - n);
      ImageEvaluator f(n, n);
      const std::uint64_t target = f(planted);
      const auto begin = Clock::now();
      const InversionResult inversion = brute_force_invert(n, n, target, offset, options.threads);
      BruteTrial result;
      result.n = n;
      result.trial = trial;
      result.evaluations = inversion.evaluations;
      if (DPSI_FAULT("posterior.scaling-brute-count-off-by-one")) result.evaluations += 1;  // the preimage's position, counted from 1 twice
      result.offset = offset;
      result.seconds = seconds_since(begin);
      report.brute.push_back(result);
      brute_targets.push_back(target);
    }
    if (n >= 20) say(options, fmt::format("(c) n = {}: {} trials in {:.1f} s", n, trials_at(options, n), seconds_since(begin_n)));
  }
  report.seconds_brute = seconds_since(start);

  // Census: W(y), decoded-image preimages, and brute-force preimage sets by enumeration.
  start = Clock::now();
  const int census_low = std::min(options.seed_n_min, options.brute_n_min);
  const int census_high = std::min(options.census_n_max, std::max(options.seed_n_max, options.brute_n_max));
  for (int n = census_low; n <= census_high; ++n) {
    std::vector<AcceptanceTable> tables;
    std::vector<std::size_t> seed_jobs;
    if (n >= options.seed_n_min && n <= options.seed_n_max) {
      const Instance instance = default_scaling_instance(n);
      for (std::size_t job = 0; job < report.seed.size(); ++job)
        if (report.seed[job].n == n) {
          tables.emplace_back(instance, measurements[job]);
          seed_jobs.push_back(job);
        }
    }
    std::vector<std::uint64_t> targets;
    std::vector<std::size_t> brute_jobs;
    for (std::size_t job = 0; job < report.brute.size(); ++job)
      if (report.brute[job].n == n) {
        targets.push_back(brute_targets[job]);
        brute_jobs.push_back(job);
      }
    if (tables.empty() && targets.empty()) continue;
    const Census census = run_census(n, tables, targets, options.threads);
    for (std::size_t t = 0; t < seed_jobs.size(); ++t) {
      report.seed[seed_jobs[t]].weight = census.weights[t];
      report.seed[seed_jobs[t]].preimages = census.decoded_preimages[t];
    }
    for (std::size_t t = 0; t < brute_jobs.size(); ++t) {
      BruteTrial& trial = report.brute[brute_jobs[t]];
      trial.preimages = census.preimages[t].size();
      const std::uint64_t size = std::uint64_t{1} << n;
      std::uint64_t first = size;  // cyclic distance from the offset to the nearest preimage at or after it
      for (const std::uint64_t preimage : census.preimages[t]) first = std::min(first, (preimage + size - trial.offset) % size);
      trial.exact_evaluations = first < size ? first + 1 : 0;
      const InversionMoments moments = brute_force_moments(n, census.preimages[t]);
      trial.expected = moments.mean;
      trial.variance = moments.second_moment - moments.mean * moments.mean;
    }
    if (n >= 20) say(options, fmt::format("census n = {} done", n));
  }
  report.seconds_census = seconds_since(start);

  report.seed_test = seed_rejection_test(report.seed, report.gamma_per_test);
  report.brute_test = brute_force_test(report.brute, report.gamma_per_test);

  // Fits of log2(mean cost) on n.
  std::map<int, std::vector<double>> seed_costs, brute_costs;
  for (const SeedTrial& trial : report.seed) seed_costs[trial.n].push_back(static_cast<double>(trial.proposals));
  for (const BruteTrial& trial : report.brute) brute_costs[trial.n].push_back(static_cast<double>(trial.evaluations));
  std::vector<std::pair<int, double>> seed_points, brute_points;
  for (const auto& [n, costs] : seed_costs) seed_points.emplace_back(n, mean_of(costs));
  for (const auto& [n, costs] : brute_costs) brute_points.emplace_back(n, mean_of(costs));
  report.seed_fit = fit_log2_cost(seed_points);
  report.brute_fit = fit_log2_cost(brute_points);

  // Rates on one thread at n = m = 20 (or the largest seed-rejection n below it).
  report.rate_n = std::min(20, std::max(options.seed_n_max, 8));
  const std::uint64_t rate_evaluations = std::uint64_t{1} << 18;
  report.raw_rate = image_evaluation_rate(report.rate_n, report.rate_n, rate_evaluations);
  {
    const Instance instance = default_scaling_instance(report.rate_n);
    sampling::RandomSource source(derive_trial_seed(options.seed, 'r', report.rate_n, 0));
    const sampling::InstanceSampler prior(instance);
    const std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
    const AcceptanceTable table(instance, y);
    const SeedRejectionSampler sampler(instance, rate_evaluations);
    std::uint64_t proposals = 0;
    const auto begin = Clock::now();
    while (proposals < rate_evaluations) proposals += sampler.sample(table, y, source).proposals;
    report.proposal_rate = static_cast<double>(proposals) / std::max(seconds_since(begin), 1e-9);
  }
  return report;
}

namespace {

struct PerN {
  int trials = 0;
  double cost = 0, predicted = 0;  // means; predicted < 0 if not counted
  double preimages = 0;
  bool counted = true;
};


// Sums over trials -> means per trial (predicted stays -1 when some trial had no exact expectation).
std::map<int, PerN> per_trial_means(std::map<int, PerN> rows) {
  for (auto& [n, row] : rows) {
    row.cost /= row.trials;
    row.predicted = row.counted ? row.predicted / row.trials : -1;
    row.preimages /= row.trials;
  }
  return rows;
}

std::map<int, PerN> seed_by_n(const ScalingReport& report) {
  std::map<int, PerN> rows;
  for (const SeedTrial& trial : report.seed) {
    PerN& row = rows[trial.n];
    ++row.trials;
    row.cost += static_cast<double>(trial.proposals);
    if (trial.weight < 0) row.counted = false;
    else row.predicted += std::ldexp(1.0, trial.n) / trial.weight;
    row.preimages += static_cast<double>(trial.preimages);
  }
  return per_trial_means(std::move(rows));
}

std::map<int, PerN> brute_by_n(const ScalingReport& report) {
  std::map<int, PerN> rows;
  for (const BruteTrial& trial : report.brute) {
    PerN& row = rows[trial.n];
    ++row.trials;
    row.cost += static_cast<double>(trial.evaluations);
    if (trial.expected < 0) row.counted = false;
    else row.predicted += trial.expected;
    row.preimages += static_cast<double>(trial.preimages);
  }
  return per_trial_means(std::move(rows));
}

std::string fit_text(const SlopeFit& fit) {
  return fmt::format("slope {:.4f} (95% CI [{:.4f}, {:.4f}]), intercept {:.3f} (95% CI [{:.3f}, {:.3f}]), {} sizes", fit.slope,
                     fit.slope_low, fit.slope_high, fit.intercept, fit.intercept_low, fit.intercept_high, fit.points);
}

std::string cell(double value) { return value < 0 ? std::string("—") : fmt::format("{:.4g}", value); }

}  // namespace

std::string scaling_markdown(const ScalingReport& report, const std::string& stem) {
  std::string md = "#### Scaling experiment: exact posterior sampling costs about 2^n / #preimages, like brute-force inversion\n\n";
  md += "(b) seed-space rejection (`seed-rejection`) at the default δ, τ, σ_y and (c) brute-force inversion of f with OpenSSL, "
        "n = m; mean cost per n over the trials, and its exact expectation where the 2^n seeds were enumerated "
        "(2^n / W(y) for (b); the gap formula for (c)).\n\n";
  md += "| n | trials | (b) mean proposals | (b) mean 2^n/W(y) | (b) mean #preimages | (c) mean evaluations | (c) exact mean | "
        "(c) mean #preimages |\n|---|---|---|---|---|---|---|---|\n";
  const auto seed_rows = seed_by_n(report);
  const auto brute_rows = brute_by_n(report);
  std::map<int, int> sizes;
  for (const auto& [n, row] : seed_rows) sizes[n] = row.trials;
  for (const auto& [n, row] : brute_rows) sizes[n] = row.trials;
  for (const auto& [n, trials] : sizes) {
    const auto s = seed_rows.find(n);
    const auto b = brute_rows.find(n);
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", n, trials, s == seed_rows.end() ? "—" : cell(s->second.cost),
                      s == seed_rows.end() ? "—" : cell(s->second.predicted),
                      s == seed_rows.end() || !s->second.counted ? "—" : cell(s->second.preimages),
                      b == brute_rows.end() ? "—" : cell(b->second.cost), b == brute_rows.end() ? "—" : cell(b->second.predicted),
                      b == brute_rows.end() || !b->second.counted ? "—" : cell(b->second.preimages));
  }
  md += fmt::format("\nFits of log2(mean cost) = intercept + slope · n by least squares over the per-n means (95% t-intervals, "
                    "sizes − 2 degrees of freedom); the theory's slope is 1.\n\n* (b) seed-space rejection: {}\n* (c) brute force: {}\n",
                    fit_text(report.seed_fit), fit_text(report.brute_fit));
  md += fmt::format("* Rates on one thread at n = m = {}: seed-rejection {:.4g} proposals/s, raw OpenSSL f {:.4g} evaluations/s, "
                    "ratio {:.3f}.\n",
                    report.rate_n, report.proposal_rate, report.raw_rate, report.proposal_rate / report.raw_rate);
  md += fmt::format("\n(a) Appendix E's rejection sampler with exact unconditional proposals (E test parameters, n = m): "
                    "proposals per accepted draw against 1/a(y) (certified a(y), R.4).\n\n"
                    "| n | y | a(y) | 1/a(y) | accepted | mean proposals | acceptance region | pass |\n|---|---|---|---|---|---|---|---|\n");
  for (const SmallRow& row : report.small)
    md += fmt::format("| {} | {} | {:.4g} | {:.4g} | {} | {:.4g} | [{:.4g}, {:.4g}] | {} |\n", row.n, row.measurement + 1, row.acceptance,
                      1 / row.acceptance, row.accepted, row.mean_proposals, row.low, row.high, row.passed ? "yes" : "**NO**");
  md += fmt::format("\nPooled tests (false-failure probability {:.3g} each): (b) Σ q·G = {:.4g} over {} trials in [{:.4g}, {:.4g}]: {}; "
                    "(c) Σ C/2^n = {:.4g} against exact {:.4g}, region [{:.4g}, {:.4g}] over {} trials ({} counts differ from the "
                    "census's exact count): {}.\n",
                    report.gamma_per_test, report.seed_test.statistic, report.seed_test.terms, report.seed_test.low,
                    report.seed_test.high, report.seed_test.passed ? "pass" : "**FAIL**", report.brute_test.statistic,
                    report.brute_test.expected, report.brute_test.low, report.brute_test.high, report.brute_test.terms,
                    report.brute_test.mismatches, report.brute_test.passed ? "pass" : "**FAIL**");
  md += fmt::format("\n![scaling]({0}.svg)\n\n(`{0}.svg` is drawn by gnuplot from `{0}.gp` and `{0}.dat` in this directory.)\n", stem);
  return md;
}

std::string scaling_data(const ScalingReport& report) {
  std::string data = "# block 0: n log2_mean_seed_rejection log2_mean_2^n/W log2_mean_brute_force log2_exact_brute_mean (nan: not run/counted)\n";
  const auto seed_rows = seed_by_n(report);
  const auto brute_rows = brute_by_n(report);
  std::map<int, int> sizes;
  for (const auto& [n, row] : seed_rows) sizes[n] = 1;
  for (const auto& [n, row] : brute_rows) sizes[n] = 1;
  auto log2_or_nan = [](double value) { return value > 0 ? fmt::format("{:.6f}", std::log2(value)) : std::string("nan"); };
  for (const auto& [n, unused] : sizes) {
    const auto s = seed_rows.find(n);
    const auto b = brute_rows.find(n);
    data += fmt::format("{} {} {} {} {}\n", n, s == seed_rows.end() ? "nan" : log2_or_nan(s->second.cost),
                        s == seed_rows.end() ? "nan" : log2_or_nan(s->second.predicted),
                        b == brute_rows.end() ? "nan" : log2_or_nan(b->second.cost),
                        b == brute_rows.end() ? "nan" : log2_or_nan(b->second.predicted));
  }
  data += "\n\n# block 1: (a) n log2(1/a(y)) log2(mean proposals)\n";
  for (const SmallRow& row : report.small)
    data += fmt::format("{} {:.6f} {:.6f}\n", row.n, std::log2(1 / row.acceptance), std::log2(row.mean_proposals));
  return data;
}

std::string scaling_gnuplot(const ScalingReport& report, const std::string& stem) {
  return fmt::format(
      "set terminal svg size 900,560 dynamic\nset termoption noenhanced\nset output '{0}.svg.tmp'\n"
      "set xlabel 'n = m'\nset ylabel 'log2(cost)'\nset key top left\nset grid\nset datafile missing 'nan'\n"
      "set title 'Exact posterior sampling and brute-force inversion: log2(cost) against n'\n"
      "fb(x) = {1:.6f} + {2:.6f}*x\nfc(x) = {3:.6f} + {4:.6f}*x\n"
      "plot '{0}.dat' index 0 using 1:2 with points pt 7 title '(b) seed-rejection proposals (mean)', \\\n"
      "     '{0}.dat' index 0 using 1:3 with lines dt 2 title '(b) exact 2^n/W(y)', \\\n"
      "     fb(x) title sprintf('(b) fit slope %.3f', {2:.6f}), \\\n"
      "     '{0}.dat' index 0 using 1:4 with points pt 5 title '(c) brute-force evaluations (mean)', \\\n"
      "     '{0}.dat' index 0 using 1:5 with lines dt 3 title '(c) exact mean', \\\n"
      "     fc(x) title sprintf('(c) fit slope %.3f', {4:.6f}), \\\n"
      "     '{0}.dat' index 1 using 1:3 with points pt 9 title '(a) E rejection: mean proposals', \\\n"
      "     '{0}.dat' index 1 using 1:2 with points pt 4 title '(a) 1/a(y)', \\\n"
      "     x title 'slope 1 (2^n)'\n",
      stem, report.seed_fit.intercept, report.seed_fit.slope, report.brute_fit.intercept, report.brute_fit.slope);
}

std::string scaling_summary(const ScalingReport& report) {
  std::string text;
  for (const SmallRow& row : report.small)
    text += fmt::format("(a) n = {} y{}: mean proposals {:.4g} vs 1/a(y) = {:.4g} ({} accepted), region [{:.4g}, {:.4g}]: {}\n", row.n,
                        row.measurement + 1, row.mean_proposals, 1 / row.acceptance, row.accepted, row.low, row.high,
                        row.passed ? "pass" : "FAIL");
  text += fmt::format("(b) seed-space rejection: {}\n(c) brute force: {}\n", fit_text(report.seed_fit), fit_text(report.brute_fit));
  text += fmt::format("(b) pooled test: sum q*G = {:.4g} over {} trials, region [{:.4g}, {:.4g}]: {}\n", report.seed_test.statistic,
                      report.seed_test.terms, report.seed_test.low, report.seed_test.high, report.seed_test.passed ? "pass" : "FAIL");
  text += fmt::format("(c) pooled test: sum C/2^n = {:.4g} vs exact {:.4g}, region [{:.4g}, {:.4g}] over {} trials, {} counts differ from "
                      "the census's exact count: {}\n",
                      report.brute_test.statistic, report.brute_test.expected, report.brute_test.low, report.brute_test.high,
                      report.brute_test.terms, report.brute_test.mismatches, report.brute_test.passed ? "pass" : "FAIL");
  text += fmt::format("rates (one thread, n = m = {}): seed-rejection {:.4g} proposals/s, raw OpenSSL f {:.4g} evaluations/s, ratio {:.3f}\n",
                      report.rate_n, report.proposal_rate, report.raw_rate, report.proposal_rate / report.raw_rate);
  text += fmt::format("wall: (a) {:.1f} s, (b) {:.1f} s, (c) {:.1f} s, census {:.1f} s\n", report.seconds_small, report.seconds_seed,
                      report.seconds_brute, report.seconds_census);
  return text;
}

}  // namespace dpsi::posterior
