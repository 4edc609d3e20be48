#include "proofs-checks/inversion_checks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/posterior/degraded_sampler.h"
#include "dpsi/posterior/exact_posterior_sampler.h"
#include "dpsi/posterior/inverter.h"
#include "dpsi/sampling/instance_sampler.h"
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
  decision.p_hat = static_cast<double>(run.successes) / static_cast<double>(run.trials);
  // One-sided Hoeffding: P[p-hat <= p - r] <= exp(-2 N r^2) = gamma.
  decision.radius = sqrt(log(Ball(1) / Ball(stats::gamma_mc())) / Ball(static_cast<long>(2 * run.trials)));
  const Ball p_hat = Ball(Rational(static_cast<long>(run.successes), static_cast<long>(run.trials)));
  decision.passed = is_certainly_true(ge(p_hat + decision.radius, bound));
  decision.bound = bound;
  return decision;
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

// Runs the inverter at each setting (exact sampler, degraded when alpha or beta > 0) and decides
// p-hat + radius >= 1 - alpha - beta - 2 P_dec - P_sgn for each; `controls` are reported only.
CheckResult inversion_claims(const CheckContext& context, const char* label, const std::vector<Setting>& settings,
                             const std::vector<Setting>& controls) {
  const PrecisionScope scope(256);
  const std::uint64_t trials = context.quick ? 2000 : 10000;
  CheckResult result;
  result.passed = true;
  double worst_slack = INFINITY;
  std::string worst;
  const std::size_t total = settings.size() + controls.size();
  std::size_t done = 0;
  auto run_setting = [&](const Setting& setting, bool decides) {
    const Instance instance = with_sigma_y(with_size(context.instance, kReductionSize, kReductionSize), setting.sigma_y);
    const posterior::ExactPosteriorSampler exact(instance);
    const posterior::DegradedSampler degraded(exact, instance.d(), setting.alpha.convert_to<double>(), setting.beta.convert_to<double>());
    const bool is_degraded = setting.alpha > 0 || setting.beta > 0;
    const posterior::PosteriorSampler& sampler = is_degraded ? static_cast<const posterior::PosteriorSampler&>(degraded) : exact;
    const detail::InversionRun run = detail::run_inversions(instance, sampler, trials, context.seed + done);
    const Ball bound = detail::inversion_success_bound(instance, setting.alpha, setting.beta);
    const detail::SuccessDecision decision = detail::decide_success(run, bound);
    const double slack = decision.p_hat + decision.radius.mid_double() - bound.mid_double();
    if (decides) {
      result.passed = result.passed && decision.passed;
      if (slack < worst_slack) {
        worst_slack = slack;
        worst = describe(setting);
      }
    }
    result.log.push_back(fmt::format("{}{}: {} sampler, {}: p_hat = {}/{} = {:.4f}, p_hat + {} {} bound {}{}", label,
                                     decides ? "" : " (negative control, not deciding)", is_degraded ? "degraded" : "exact",
                                     describe(setting), run.successes, run.trials, decision.p_hat, decision.radius.mid_str(4),
                                     decision.passed ? ">=" : "<", bound.mid_str(8), decides && !decision.passed ? "  FAIL" : ""));
    ++done;
    if (context.progress) context.progress(static_cast<double>(done) / static_cast<double>(total));
  };
  for (const Setting& setting : settings) run_setting(setting, true);
  for (const Setting& setting : controls) run_setting(setting, false);
  result.margin = fmt::format("{} settings, smallest p_hat + radius - bound = {:.4f} ({}); n = m = {}, N = {} trials each",
                              settings.size(), worst_slack, worst, kReductionSize, trials);
  result.parameters = {{"n", kReductionSize},
                       {"m", kReductionSize},
                       {"trials_per_setting", trials},
                       {"false_failure_probability_per_setting", "1e-9"},
                       {"test", "one-sided Hoeffding, radius sqrt(ln(1/gamma)/(2N))"}};
  return result;
}

CheckResult inverter_success(const CheckContext& context) {
  const Rational small(25, 10000);
  const Rational medium(6, 1000);
  return inversion_claims(context, "B.2",
                          {{small, 0, 0}, {small, Rational(1, 5), 0}, {medium, 0, 0}, {medium, Rational(1, 5), 0}},
                          {{Rational(1, 100), 0, 0}});
}

// A.6(a): the degraded sampler with (alpha, beta) = (1/10, 0) is an (alpha, 0)-posterior sampler, so
// the inverter it drives meets B.2's bound. The (1/10, 1/10) wrapper, whose bad set is only
// pseudo-randomly of mass beta, is reported.
CheckResult degraded_sampler(const CheckContext& context) {
  const Rational small(25, 10000);
  return inversion_claims(context, "A.6", {{small, Rational(1, 10), 0}, {Rational(6, 1000), Rational(1, 10), 0}},
                          {{small, Rational(1, 10), Rational(1, 10)}});
}

// R.5: the exact sampler's seed law against p(s | y) from R.4 (balls, kappa = nu).
CheckResult posterior_sampler_law(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t draws = context.quick ? 4000 : 20000;
  const int measurements = 4;
  CheckResult result;
  result.passed = true;
  double worst_ratio = 0;
  sampling::RandomSource source(context.seed);
  int done = 0;
  for (const Instance& instance : {rejection_test_instance(), with_size(context.instance, kReductionSize, kReductionSize)}) {
    const int n = instance.n();
    const sampling::InstanceSampler prior(instance);
    const density::VertexMixture mixture(instance);
    const posterior::ExactPosteriorSampler sampler(instance);
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
        for (int i = 0; i < instance.m(); ++i) key = (key << 1) | static_cast<std::uint64_t>(mixture.image_bit(seed_index, i));
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
      std::vector<std::uint64_t> counts(cell_mass.size(), 0);
      for (std::uint64_t draw = 0; draw < draws; ++draw) {
        const posterior::PosteriorDraw output = sampler.sample(y, source);
        std::uint64_t index = 0;
        for (const std::uint8_t bit : *output.latent_seed) index = (index << 1) | bit;
        ++counts[cell_of_seed[index]];
      }
      const LawTest test = law_test(counts, cell_mass);
      result.passed = result.passed && test.passed;
      worst_ratio = std::max(worst_ratio, test.l1.mid_double() / test.radius.mid_double());
      result.log.push_back(fmt::format("R.5: n = m = {}, y #{}: L1 = {} {} radius {} (k = {} cells, N = {}); Pearson chi^2 = {} on {} dof{}",
                                       n, k + 1, test.l1.mid_str(4), test.passed ? "<=" : ">", test.radius.mid_str(5), counts.size(),
                                       draws, test.pearson.mid_str(4), counts.size() - 1, test.passed ? "" : "  FAIL"));
      ++done;
      if (context.progress) context.progress(done / 8.0);
    }
  }
  result.margin = fmt::format("8 measurements (n = m = 3 and 6), max L1 / radius = {:.3f} <= 1", worst_ratio);
  result.parameters = {{"draws_per_measurement", draws}, {"measurements_per_size", measurements}, {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

}  // namespace

void register_inversion_checks(audit::Registry& registry) {
  registry.add({"B.2:inverter-success", spec::CheckKind::kStatistical, inverter_success});
  registry.add({"A.6:degraded-sampler-is-posterior-sampler", spec::CheckKind::kStatistical, degraded_sampler});
  registry.add({"R.5:posterior-sampler-law", spec::CheckKind::kStatistical, posterior_sampler_law});
}

}  // namespace dpsi::checks
