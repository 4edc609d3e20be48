#include "proofs-checks/inversion_checks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <numeric>
#include <tuple>

#include <boost/math/special_functions/gamma.hpp>

#include <fmt/format.h>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/posterior/degraded_sampler.h"
#include "dpsi/posterior/exact_posterior_sampler.h"
#include "dpsi/posterior/inverter.h"
#include "dpsi/posterior/seed_rejection_sampler.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/binomial.h"
#include "dpsi/stats/mean_tests.h"
#include "proofs-checks/instance_variants.h"
#include "proofs-checks/reduction_constants_checks.h"
#include "proofs-checks/rejection_checks.h"

namespace dpsi::checks {
namespace detail {

InversionRun run_inversions(const Instance& instance, const posterior::PosteriorSampler& sampler, std::uint64_t trials,
                            std::uint64_t seed) {
  const posterior::Inverter inverter(instance);
  sampling::RandomSource source(seed);
  InversionRun run;
  run.trials = trials;
  const std::uint64_t seeds = std::uint64_t{1} << instance.n();
  for (std::uint64_t trial = 0; trial < trials; ++trial) {
    const owf::Bits target = inverter.function()(inverter.function().seed_of_index(source.uniform_below(seeds)));
    const posterior::InversionOutcome outcome = inverter.invert(target, sampler, source);
    run.successes += outcome.success ? 1 : 0;
    run.sampler_failures += outcome.draw.failed ? 1 : 0;
  }
  return run;
}

Ball inversion_success_bound(const Instance& instance, const Rational& alpha, const Rational& beta) {
  // inversion_bounds' sharp form is 1 - 1/5 - 2 P_dec - P_sgn (alpha + beta = 1/5).
  return inversion_bounds(instance).sharp + Ball(Rational(1, 5) - alpha - beta);
}

SuccessDecision decide_success(const InversionRun& run, const Ball& bound) {
  SuccessDecision decision;
  decision.bound = bound;
  decision.p_hat = static_cast<double>(run.successes) / static_cast<double>(run.trials);
  decision.failure_bound = std::min(1.0, (Ball(1) - bound).upper_double());
  if (!(decision.failure_bound >= 0)) decision.failure_bound = 1;  // an unbounded bound decides nothing
  const std::uint64_t failures = run.trials - run.successes;
  decision.tail = stats::binomial_upper_tail(run.trials, failures, decision.failure_bound);
  const double gamma = stats::gamma_mc().convert_to<double>();
  decision.passed = bound.is_finite() && decision.tail >= gamma;
  decision.upper_limit = stats::clopper_pearson(run.trials, run.successes, 2 * gamma).high;
  decision.failure_limit = failure_limit(run.trials, decision.failure_bound);
  return decision;
}

std::uint64_t failure_limit(std::uint64_t trials, double q) {
  const double gamma = stats::gamma_mc().convert_to<double>();
  // The tail P(Bin(N, q) >= F) decreases in F: bisect for the first F below gamma.
  std::uint64_t low = 0;  // tail(low) >= gamma (tail(0) = 1)
  std::uint64_t high = trials + 1;
  while (high - low > 1) {
    const std::uint64_t middle = low + (high - low) / 2;
    if (stats::binomial_upper_tail(trials, middle, q) >= gamma) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return high;
}

double success_claim_power(std::uint64_t trials, double q, double p_alternative) {
  const std::uint64_t limit = failure_limit(trials, q);
  if (limit > trials) return 0;
  return stats::binomial_upper_tail(trials, limit, std::clamp(1 - p_alternative, 0.0, 1.0));
}

double garbage_success_probability(const Instance& instance) {
  const owf::OneWayFunction function(instance.n(), instance.m());
  std::map<std::uint64_t, std::uint64_t> preimages;
  const std::uint64_t seeds = std::uint64_t{1} << instance.n();
  for (std::uint64_t index = 0; index < seeds; ++index) ++preimages[function.evaluate_index(index)];
  double sum = 0;
  for (const auto& [image, count] : preimages) sum += static_cast<double>(count) * static_cast<double>(count);
  return sum / (static_cast<double>(seeds) * static_cast<double>(seeds));
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;
using detail::law_test;
using detail::LawTest;

constexpr int kReductionSize = 6;  // n = m = 6, the B.2 setting

struct Setting {
  Rational sigma_y;
  Rational alpha;
  Rational beta;
};

std::string describe(const Setting& setting) {
  return fmt::format("sigma_y={} alpha={} beta={}", to_decimal(setting.sigma_y, 6), to_decimal(setting.alpha, 6),
                     to_decimal(setting.beta, 6));
}

// The alternative every inversion claim names (spec B.2, A.6): 1% of the sampler's outputs replaced
// by garbage N(0, I_d) on top of the declared alpha and beta. A success probability is then at most
// (1 - alpha - beta - 0.01) + (alpha + beta + 0.01) g, g = garbage_success_probability.
constexpr double kWrongOutputs = 0.01;

// Runs the inverter at each setting (exact sampler, degraded when alpha or beta > 0) and decides
// P[success] >= 1 - alpha - beta - 2 P_dec - P_sgn for each by the exact binomial tail; `controls`
// are reported only.
CheckResult inversion_claims(const CheckContext& context, const char* label, const std::vector<Setting>& settings,
                             const std::vector<Setting>& controls, std::uint64_t quick_trials, std::uint64_t full_trials) {
  const PrecisionScope scope(256);
  const std::uint64_t trials = context.quick ? quick_trials : full_trials;
  CheckResult result;
  result.passed = true;
  double smallest_tail = INFINITY;
  std::string smallest_at;
  std::string failures;
  double best_power = 0;
  std::string best_power_at;
  const std::size_t total = settings.size() + controls.size();
  std::size_t done = 0;
  double garbage = -1;
  auto run_setting = [&](const Setting& setting, bool decides) {
    const Instance instance = with_sigma_y(with_size(context.instance, kReductionSize, kReductionSize), setting.sigma_y);
    if (garbage < 0) garbage = detail::garbage_success_probability(instance);
    const posterior::ExactPosteriorSampler exact(instance);
    const posterior::DegradedSampler degraded(exact, instance.d(), setting.alpha.convert_to<double>(), setting.beta.convert_to<double>());
    const bool is_degraded = setting.alpha > 0 || setting.beta > 0;
    const posterior::PosteriorSampler& sampler = is_degraded ? static_cast<const posterior::PosteriorSampler&>(degraded) : exact;
    const detail::InversionRun run = detail::run_inversions(instance, sampler, trials, context.seed + done);
    const Ball bound = detail::inversion_success_bound(instance, setting.alpha, setting.beta);
    const detail::SuccessDecision decision = detail::decide_success(run, bound);
    const std::uint64_t failure_count = run.trials - run.successes;
    if (decides) {
      result.passed = result.passed && decision.passed;
      if (decision.tail < smallest_tail) {
        smallest_tail = decision.tail;
        smallest_at = describe(setting);
      }
      if (!decision.passed) {
        failures += fmt::format("{}{}: {} failures >= limit {} (P(Bin(N, {:.6g}) >= {}) = {:.3g} < 1e-9; upper limit {:.6f} < bound {})",
                                failures.empty() ? "" : "; ", describe(setting), failure_count, decision.failure_limit,
                                decision.failure_bound, failure_count, decision.tail, decision.upper_limit, bound.mid_str(8));
      }
      const double declared = setting.alpha.convert_to<double>() + setting.beta.convert_to<double>() + kWrongOutputs;
      const double p_alternative = (1 - declared) + declared * garbage;
      const double power = detail::success_claim_power(run.trials, decision.failure_bound, p_alternative);
      if (power > best_power) {
        best_power = power;
        best_power_at = describe(setting);
      }
    }
    result.log.push_back(fmt::format(
        "{}{}: {} sampler, {}: p_hat = {}/{} = {:.5f}; {} failures {} limit {} (P(Bin(N, 1 - bound) >= failures) = {:.3g} {} 1e-9; "
        "one-sided upper limit {:.6f} {} bound {}){}",
        label, decides ? "" : " (negative control, not deciding)", is_degraded ? "degraded" : "exact", describe(setting),
        run.successes, run.trials, decision.p_hat, failure_count, decision.passed ? "<" : ">=", decision.failure_limit,
        decision.tail, decision.passed ? ">=" : "<", decision.upper_limit, decision.passed ? ">=" : "<", bound.mid_str(8),
        decides && !decision.passed ? "  FAIL" : ""));
    ++done;
    if (context.progress) context.progress(static_cast<double>(done) / static_cast<double>(total));
  };
  for (const Setting& setting : settings) run_setting(setting, true);
  for (const Setting& setting : controls) run_setting(setting, false);
  if (result.passed) {
    result.margin = fmt::format("{} settings, smallest P(Bin(N, 1 - bound) >= failures) = {:.3g} >= 1e-9 ({}); n = m = {}, N = {} trials each",
                                settings.size(), smallest_tail, smallest_at, kReductionSize, trials);
  } else {
    result.margin = fmt::format("FAIL: {}; n = m = {}, N = {} trials each", failures, kReductionSize, trials);
  }
  result.statement = fmt::format(
      "n=m={}, N={} trials per setting: exact one-sided binomial test of P[f(s-hat)=b*] >= 1-alpha-beta-2P_dec-P_sgn at "
      "level 1e-9 (fail iff P(Bin(N, 1-bound) >= failures) < 1e-9), exact and degraded samplers",
      kReductionSize, trials);
  result.power.push_back({fmt::format("1% of the sampler's outputs replaced by garbage N(0, I_d) (success <= 1 - alpha - beta - 0.01 + "
                                      "(alpha + beta + 0.01) g, g = {:.5f})",
                                      garbage),
                          best_power, fmt::format("exact binomial tail at the setting {} (a lower bound for the check)", best_power_at)});
  result.parameters = {{"n", kReductionSize},
                       {"m", kReductionSize},
                       {"trials_per_setting", trials},
                       {"false_failure_probability_per_setting", "1e-9"},
                       {"test", "exact one-sided binomial tail of the failure count (Boost ibeta)"}};
  return result;
}

CheckResult inverter_success(const CheckContext& context) {
  const Rational small(25, 10000);
  const Rational medium(6, 1000);
  return inversion_claims(context, "B.2",
                          {{small, 0, 0}, {small, Rational(1, 5), 0}, {medium, 0, 0}, {medium, Rational(1, 5), 0}},
                          {{Rational(1, 100), 0, 0}}, 2000, 10000);
}

// A.6(a): the degraded sampler with (alpha, beta) = (1/100, 0) and (1/10, 0) is an (alpha, 0)-posterior sampler, so
// the inverter it drives meets B.2's bound. The (1/10, 1/10) wrapper, whose bad set is only
// pseudo-randomly of mass beta, is reported.
CheckResult degraded_sampler(const CheckContext& context) {
  const Rational small(25, 10000);
  // alpha = 1/100 gives the check its power: near success probability 1 the binomial variance is small.
  return inversion_claims(context, "A.6",
                          {{small, Rational(1, 100), 0}, {small, Rational(1, 10), 0}, {Rational(6, 1000), Rational(1, 10), 0}},
                          {{small, Rational(1, 10), Rational(1, 10)}}, 2000, 12000);
}

// Two-sided chi-square claim "K standardized residuals are i.i.d. N(0, 1)" on Q = sum r^2: fails iff
// P(chi2_K >= Q) < gamma/2 or P(chi2_K <= Q) < gamma/2 (exact law of Q under the claim).
struct ChiSquareTest {
  bool passed = true;
  std::uint64_t count = 0;
  double ratio = 0;   // Q / K
  double upper = 0;   // P(chi2_K >= Q)
  double lower = 0;   // P(chi2_K <= Q)
  double limit = 0;   // the upper critical value of Q / K
};
ChiSquareTest chi_square_test(double sum_of_squares, std::uint64_t count) {
  ChiSquareTest test;
  test.count = count;
  if (count == 0) return test;
  const double half_gamma = stats::gamma_mc().convert_to<double>() / 2;
  const double k = static_cast<double>(count) / 2;
  test.ratio = sum_of_squares / static_cast<double>(count);
  test.upper = boost::math::gamma_q(k, sum_of_squares / 2);
  test.lower = boost::math::gamma_p(k, sum_of_squares / 2);
  test.limit = 2 * boost::math::gamma_q_inv(k, half_gamma) / static_cast<double>(count);
  test.passed = test.upper >= half_gamma && test.lower >= half_gamma;
  return test;
}
// P(the test fails) when every residual is sqrt(ratio) N(0, 1) or larger (a lower bound for ratio > 1).
double chi_square_power(std::uint64_t count, double variance_ratio) {
  const double half_gamma = stats::gamma_mc().convert_to<double>() / 2;
  const double k = static_cast<double>(count) / 2;
  const double critical = 2 * boost::math::gamma_q_inv(k, half_gamma);
  return boost::math::gamma_q(k, critical / (2 * variance_ratio));
}

// R.5: the exact sampler's draws against p(x | y): the seed law against p(s | y) from R.4 (balls,
// kappa = nu), a pooled count of improbable seeds, and the standardized residuals of x_S and x_F.
CheckResult posterior_sampler_law(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t draws = context.quick ? 4000 : 20000;
  const int measurements = 4;
  const double gamma = stats::gamma_mc().convert_to<double>();
  CheckResult result;
  result.passed = true;
  double worst_ratio = 0;
  std::string failures;
  auto fail = [&](const std::string& what) {
    result.passed = false;
    failures += (failures.empty() ? "" : "; ") + what;
  };
  auto report_chi_square = [&](const ChiSquareTest& test, const std::string& what) {
    if (!test.passed) {
      fail(fmt::format("{}: mean square {:.5f} outside the chi-square acceptance (P(chi2 >= Q) = {:.3g}, P(chi2 <= Q) = {:.3g}, "
                       "one of them < 5e-10)",
                       what, test.ratio, test.upper, test.lower));
    }
    result.log.push_back(fmt::format("R.5: {}: {} standardized values, mean square {:.5f} (P(chi2 >= Q) = {:.3g}, P(chi2 <= Q) = "
                                     "{:.3g}; {} 5e-10 each; upper critical {:.5f}){}",
                                     what, test.count, test.ratio, test.upper, test.lower, test.passed ? ">=" : "NOT both >=",
                                     test.limit, test.passed ? "" : "  FAIL"));
  };
  // Both exact posterior samplers (spec R.5 and E.T's seed-space rejection): each is one claim per test.
  enum class SamplerKind { kExact, kSeedRejection };
  int done = 0;
  double sigma_power = 1;
  double sigma_ratio = 1;
  double tau_power = 1;
  double wrong_power = 1;
  std::vector<std::string> limits;
  std::uint64_t small_noise_residuals = 0;
  std::uint64_t seed_block_residuals = 0;
  for (const SamplerKind kind : {SamplerKind::kExact, SamplerKind::kSeedRejection}) {
    const std::string name = kind == SamplerKind::kExact ? "exact" : "seed-rejection";
    sampling::RandomSource source(context.seed ^ (kind == SamplerKind::kExact ? 0ULL : 0x5eed5eedULL));
    const Instance reduction = with_size(context.instance, kReductionSize, kReductionSize);
    // sigma_y = tau / 2: the x_F residual's scale tau sigma_y / nu moves by 0.8% per 1% of sigma_y.
    const Instance small_noise = with_sigma_y(reduction, Rational(reduction.tau() / 2));
    // Pooled improbable-seed count: seeds of certified posterior mass <= kImprobable, over every n = 6 measurement.
    const Rational improbable(1, 10000);
    std::uint64_t improbable_draws = 0;
    std::uint64_t improbable_hits = 0;
    Ball improbable_mass_sum;   // sum over draws of the upper mass of the improbable set
    double alternative_mass_sum = 0;  // the same under 1% of outputs with the last seed bit flipped
    // x_S residuals are pooled over the three instances (each standardized by its tau).
    double seed_block_squares = 0;
    std::uint64_t seed_block_count = 0;
    for (const Instance& instance : {rejection_test_instance(), reduction, small_noise}) {
      const int n = instance.n();
      const int m = instance.m();
      const bool is_small_noise = instance.sigma_y() == small_noise.sigma_y() && n == kReductionSize;
      const std::uint64_t instance_draws = is_small_noise ? (context.quick ? 10000 : 50000) : draws;
      const sampling::InstanceSampler prior(instance);
      const density::VertexMixture mixture(instance);
      std::optional<posterior::ExactPosteriorSampler> exact_sampler;
      std::optional<posterior::SeedRejectionSampler> seed_sampler;
      if (kind == SamplerKind::kExact) {
        exact_sampler.emplace(instance);
      } else {
        seed_sampler.emplace(instance);
      }
      const double a = instance.a().convert_to<double>();
      const double delta = instance.delta().convert_to<double>();
      const double tau = instance.tau().convert_to<double>();
      const double sigma_y = instance.sigma_y().convert_to<double>();
      const double nu = sampling::measurement_noise(instance);
      const double gain = tau * tau / (nu * nu);
      const double residual_sd = tau * sigma_y / nu;
      double image_block_squares = 0;
      std::uint64_t image_block_count = 0;
      for (int k = 0; k < measurements; ++k) {
        const std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
        std::vector<Ball> y_balls;
        for (const double value : y) y_balls.emplace_back(Rational(value));
        const density::SeedPosterior exact = mixture.posterior(y_balls);
        // Cells: every seed when n = 3 (k = 8); for n = 6 the law of f(s), on the 8 most probable
        // images plus "other" (k = 9).
        std::map<std::uint64_t, Ball> image_mass;
        auto image_key = [&](std::uint64_t seed_index) {
          std::uint64_t key = 0;
          for (int i = 0; i < m; ++i) key = (key << 1) | static_cast<std::uint64_t>(mixture.image_bit(seed_index, i));
          return key;
        };
        std::vector<std::uint64_t> cell_of_seed(mixture.seed_count());
        std::vector<Ball> cell_mass;
        if (n == 3) {
          for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
            cell_of_seed[s] = s;
            cell_mass.push_back(exact.weights[s]);
          }
        } else {
          for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) image_mass[image_key(s)] += exact.weights[s];
          std::vector<std::pair<double, std::uint64_t>> ranked;
          for (const auto& [key, mass] : image_mass) ranked.emplace_back(-mass.mid_double(), key);
          std::sort(ranked.begin(), ranked.end());
          std::map<std::uint64_t, std::uint64_t> cell_of_image;
          for (std::size_t r = 0; r < std::min<std::size_t>(8, ranked.size()); ++r) {
            cell_of_image[ranked[r].second] = r;
            cell_mass.push_back(image_mass[ranked[r].second]);
          }
          const std::uint64_t other = cell_mass.size();
          Ball rest(1);
          for (const Ball& mass : cell_mass) rest -= mass;
          cell_mass.push_back(rest);
          for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
            const auto found = cell_of_image.find(image_key(s));
            cell_of_seed[s] = found == cell_of_image.end() ? other : found->second;
          }
        }
        // The improbable set of this y (n = 6 only) and its mass, certified and under the alternative.
        std::vector<bool> is_improbable(mixture.seed_count(), false);
        if (n == kReductionSize) {
          Ball mass;
          double flipped = 0;
          double plain = 0;
          for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
            if (exact.weights[s].upper_rational() <= improbable) {
              is_improbable[s] = true;
              mass += Ball(exact.weights[s].upper_rational());
              plain += exact.weights[s].mid_double();
              flipped += exact.weights[s ^ 1].mid_double();
            }
          }
          improbable_mass_sum += mass * Ball(static_cast<long>(instance_draws));
          alternative_mass_sum += static_cast<double>(instance_draws) * ((1 - kWrongOutputs) * plain + kWrongOutputs * flipped);
          improbable_draws += instance_draws;
        }
        std::vector<std::uint64_t> counts(cell_mass.size(), 0);
        // The seed-rejection sampler's acceptance table depends on y only: built once per y, as E.T does.
        std::optional<posterior::AcceptanceTable> table;
        if (seed_sampler) table.emplace(instance, y);
        for (std::uint64_t draw = 0; draw < instance_draws; ++draw) {
          const posterior::PosteriorDraw output = seed_sampler ? seed_sampler->sample(*table, y, source) : exact_sampler->sample(y, source);
          std::uint64_t index = 0;
          for (const std::uint8_t bit : *output.latent_seed) index = (index << 1) | bit;
          ++counts[cell_of_seed[index]];
          if (is_improbable[index]) ++improbable_hits;
          // Residuals given the latent seed: x_S,j = a u_j + tau xi; x_F,i = w_i + gain (y_i - w_i) + sd xi, with w_i
          // the point of Lambda_{f(s)_i} nearest to (x_F,i - gain y_i)/(1 - gain) (off by sd xi/(1 - gain), less than
          // delta/4 except with probability below 1e-100 at these instances).
          for (int j = 0; j < n; ++j) {
            const double u = (*output.latent_seed)[static_cast<std::size_t>(j)] == 1 ? 1.0 : -1.0;
            const double r = (output.x[static_cast<std::size_t>(j)] - a * u) / tau;
            seed_block_squares += r * r;
          }
          seed_block_count += static_cast<std::uint64_t>(n);
          for (int i = 0; i < m; ++i) {
            const double x = output.x[static_cast<std::size_t>(n + i)];
            const double yi = y[static_cast<std::size_t>(i)];
            const double offset = mixture.image_bit(index, i) * delta / 2;
            const double w = std::round(((x - gain * yi) / (1 - gain) - offset) / delta) * delta + offset;
            const double r = (x - w - gain * (yi - w)) / residual_sd;
            image_block_squares += r * r;
          }
          image_block_count += static_cast<std::uint64_t>(m);
        }
        const LawTest test = law_test(counts, cell_mass);
        if (!test.passed) {
          fail(fmt::format("{}: n = m = {}, sigma_y = {}, y #{}: L1 = {} > radius {}", name, n, to_decimal(instance.sigma_y(), 4), k + 1,
                           test.l1.mid_str(4), test.radius.mid_str(5)));
        }
        worst_ratio = std::max(worst_ratio, test.l1.mid_double() / test.radius.mid_double());
        result.log.push_back(fmt::format("R.5 ({}): n = m = {}, sigma_y = {}, y #{}: L1 = {} {} radius {} (k = {} cells, N = {}); Pearson chi^2 = {} on {} dof{}",
                                         name, n, to_decimal(instance.sigma_y(), 4), k + 1, test.l1.mid_str(4), test.passed ? "<=" : ">",
                                         test.radius.mid_str(5), counts.size(), instance_draws, test.pearson.mid_str(4),
                                         counts.size() - 1, test.passed ? "" : "  FAIL"));
        ++done;
        if (context.progress) context.progress(done / 24.0);
      }
      {
        const ChiSquareTest test = chi_square_test(image_block_squares, image_block_count);
        report_chi_square(test, fmt::format("{}: x_F residuals at n = m = {}, sigma_y = {}", name, n, to_decimal(instance.sigma_y(), 4)));
      }
      if (is_small_noise) {
        // sigma_y 1% too large in the conditional draw: the x_F residual's scale becomes tau s' / nu' (s' = 1.01 sigma_y).
        const double sigma_alt = 1.01 * sigma_y;
        const double nu_alt = std::sqrt(tau * tau + sigma_alt * sigma_alt);
        const double scale = (tau * sigma_alt / nu_alt) / residual_sd;
        sigma_ratio = scale * scale;
        sigma_power = std::min(sigma_power, chi_square_power(image_block_count, sigma_ratio));
        small_noise_residuals = image_block_count;
      }
    }
    report_chi_square(chi_square_test(seed_block_squares, seed_block_count), name + ": x_S residuals pooled over the three instances");
    seed_block_residuals = seed_block_count;
    tau_power = std::min(tau_power, chi_square_power(seed_block_count, 1.01 * 1.01));
    // The improbable-seed count: Poisson-binomial with mean <= sum of the certified masses; tested against the
    // binomial with that mean (Hoeffding 1956, see stats/binomial.h), which needs count >= mean + 1 to fail.
    const double improbable_mean = improbable_mass_sum.upper_double() / static_cast<double>(improbable_draws);
    const double improbable_tail = stats::binomial_upper_tail(improbable_draws, improbable_hits, std::min(1.0, improbable_mean));
    const bool improbable_ok = static_cast<double>(improbable_hits) < improbable_mass_sum.upper_double() + 1 || improbable_tail >= gamma;
    if (!improbable_ok) {
      fail(fmt::format("{}: {} of {} n = 6 draws fell on seeds of posterior mass <= 1e-4 (expected <= {:.3g}; P(Bin >= count) = {:.3g} < 1e-9)",
                       name, improbable_hits, improbable_draws, improbable_mass_sum.upper_double(), improbable_tail));
    }
    result.log.push_back(fmt::format("R.5 ({}): improbable seeds (certified posterior mass <= 1e-4), pooled over the {} n = 6 draws: {} "
                                     "hits, expected <= {:.4g}, P(Bin(N, mean) >= hits) = {:.3g} {} 1e-9{}",
                                     name, improbable_draws, improbable_hits, improbable_mass_sum.upper_double(), improbable_tail,
                                     improbable_ok ? ">=" : "<", improbable_ok ? "" : "  FAIL"));
    const std::uint64_t limit = detail::failure_limit(improbable_draws, std::min(1.0, improbable_mean));
    limits.push_back(fmt::format("{} {} (limit {})", name, improbable_hits, limit));
    wrong_power = std::min(wrong_power, limit > improbable_draws
                                            ? 0
                                            : stats::binomial_upper_tail(improbable_draws, limit,
                                                                         alternative_mass_sum / static_cast<double>(improbable_draws)));
  }
  if (result.passed) {
    result.margin = fmt::format("exact and seed-rejection samplers, {} measurements (n = m = 3, 6 and 6 at sigma_y = tau/2): max L1 / "
                                "radius = {:.3f} <= 1; x_S and x_F residual chi-square tests pass; improbable-seed hits: {}",
                                done, worst_ratio, fmt::join(limits, ", "));
  } else {
    result.margin = fmt::format("FAIL: {}", failures);
  }
  result.statement = fmt::format(
      "R5 draws (exact and seed-rejection samplers) vs p(x|y): seed law (L1, n=m=3 and 6, {} draws per y), pooled improbable-seed count (exact binomial), "
      "chi-square of the standardized x_S and x_F residuals (n=m=3, 6, and 6 at sigma_y=tau/2 with {} draws per y), each at 1e-9",
      draws, context.quick ? 10000 : 50000);
  result.power.push_back({"1% of the outputs with the last seed bit flipped (a seed of another image, mostly)", wrong_power,
                          "exact binomial tail of the improbable-seed count under the flipped law (Hoeffding 1956 bound), the smaller of the two samplers'"});
  result.power.push_back({fmt::format("sigma_y 1% too large in the conditional draw (x_F residual variance x{:.4f} at sigma_y = tau/2)",
                                      sigma_ratio),
                          sigma_power, fmt::format("exact chi-square law of {} x_F residuals, scaled; the smaller of the two samplers'", small_noise_residuals)});
  result.power.push_back({"tau 1% too large in the conditional draw's seed block (x_S residual variance x1.0201)", tau_power,
                          fmt::format("exact chi-square law of the {} pooled x_S residuals, scaled", seed_block_residuals)});
  result.parameters = {{"draws_per_measurement", draws}, {"measurements_per_instance", measurements}, {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

}  // namespace

void register_inversion_checks(audit::Registry& registry) {
  registry.add({"B.2:inverter-success", spec::CheckKind::kStatistical, inverter_success});
  registry.add({"A.6:degraded-sampler-is-posterior-sampler", spec::CheckKind::kStatistical, degraded_sampler});
  registry.add({"R.5:posterior-sampler-law", spec::CheckKind::kStatistical, posterior_sampler_law});
}

}  // namespace dpsi::checks
