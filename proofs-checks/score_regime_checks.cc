#include "proofs-checks/score_regime_checks.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/density/score_error_bounds.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"
#include "dpsi/stats/power.h"
#include "proofs-checks/printed_value.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 256;
constexpr int kRegimeSize = 5;  // n = m = 5 in every check below (spec C.2, C.6)

Instance small_instance(const Instance& audited) {
  ParameterValues values = audited.values();
  values.n = kRegimeSize;
  values.m = kRegimeSize;
  return Instance::from(values);
}

std::vector<Ball> to_balls(const std::vector<double>& x) {
  std::vector<Ball> result;
  for (double value : x) result.emplace_back(Rational(value));  // doubles are exact dyadic rationals
  return result;
}

// sbar(x): the seed whose vertex lies in x's seed orthant, as a seed index (s_1 most significant).
std::uint64_t orthant_seed(const std::vector<Ball>& x, int n) {
  std::uint64_t index = 0;
  for (int j = 0; j < n; ++j) index = (index << 1) | (is_certainly_true(gt(x[j], Ball(0))) ? 1U : 0U);
  return index;
}

Ball squared_distance(const std::vector<Ball>& a, const std::vector<Ball>& b) {
  Ball total;
  for (std::size_t k = 0; k < a.size(); ++k) total += sqr(a[k] - b[k]);
  return total;
}

std::string value_str(const Ball& value) { return value.mid_str(4); }

// The quantities of C.2 at one point x ~ g~_sigma: 1 - w_sbar, the mean over j of
// P(s_j != sbar_j | x), and |s_sigma - s_vert|^2.
struct OrthantSample {
  Ball misclassified;    // 1 - w_sbar(x)
  Ball coordinate_miss;  // (1/n) sum_j P(s_j != sbar_j(x) | x)
  Ball squared_error;    // |s_sigma(x) - s_vert(x)|^2
};

OrthantSample orthant_sample(const density::VertexMixture& mixture, const std::vector<Ball>& x, const Ball& kappa) {
  const std::uint64_t seed = orthant_seed(x, mixture.n());
  const density::ExactScore exact = mixture.score_with_component(x, kappa, seed);
  const Ball log_total = exact.log_density + Ball(mixture.n()) * log(Ball(2));
  // 1 - w_sbar = -expm1(log c_sbar - log sum c): keeps its digits when w_sbar is within 1e-40 of 1.
  const Ball misclassified = -expm1(exact.component_log - log_total);
  Ball coordinate_miss;
  for (int j = 0; j < mixture.n(); ++j) {
    const bool orthant_bit = ((seed >> (mixture.n() - 1 - j)) & 1U) == 1U;
    coordinate_miss += orthant_bit ? exact.seed_complements[j] : exact.seed_marginals[j];
  }
  coordinate_miss /= Ball(mixture.n());
  return {misclassified, coordinate_miss, squared_distance(exact.score, exact.component_score)};
}

// ---- Power of the C.2 statistical checks (a design statement, not a verdict) -------------------
//
// At sigma >= 0.2 the f-block carries no information about s (kappa >= 4 delta: Theta(v) < 1e-130,
// C.5 table), so the seed posterior factorises over j with P(s_j = sbar_j | x) = m(x_j),
// m(x) = 1/(1 + e^{-2a|x|/kappa^2}). If x is drawn with blur kappa' (kappa' = kappa: the claim; 1.1
// kappa or 0.9 kappa: a 10% blur error of the sampler) while the posterior uses kappa, then with
// e_k = E (1 - m(x))^k, x ~ N(a, kappa'^2) (by symmetry), and n coordinates:
//   Y1 = 1 - w_sbar = 1 - prod m(x_j):       E Y1 = 1 - (1 - e_1)^n,  E Y1^2 = 1 - 2 (1 - e_1)^n + (E m^2)^n;
//   Y2 = (1/n) sum (1 - m(x_j)):              E Y2 = e_1,               Var Y2 = (e_2 - e_1^2)/n;
//   X  = |s - s_vert|^2 = (2a/kappa^2)^2 sum (1 - m(x_j))^2 (+ the f-block, < 1e-100):
//        E X = 4a^2 n e_2/kappa^4,  E X^2 = (4a^2/kappa^4)^2 (n e_4 + n(n-1) e_2^2).
// The moments are computed by Simpson's rule over a +- 14 kappa' (4000 intervals), in double.
struct OrthantMoments {
  double e1 = 0, e2 = 0, e4 = 0, m2 = 0;  // E(1-m), E(1-m)^2, E(1-m)^4, E m^2
};

OrthantMoments orthant_moments(double a, double kappa, double blur) {
  OrthantMoments moments;
  constexpr int kIntervals = 4000;
  const double lo = a - 14 * blur;
  const double step = 28 * blur / kIntervals;
  for (int i = 0; i <= kIntervals; ++i) {
    const double x = lo + step * i;
    const double weight = (i == 0 || i == kIntervals ? 1 : (i % 2 == 1 ? 4 : 2)) * step / 3 *
                          std::exp(-(x - a) * (x - a) / (2 * blur * blur)) / (blur * std::sqrt(2 * M_PI));
    const double miss = 1 / (1 + std::exp(std::min(700.0, 2 * a * std::fabs(x) / (kappa * kappa))));
    moments.e1 += weight * miss;
    moments.e2 += weight * miss * miss;
    moments.e4 += weight * miss * miss * miss * miss;
    moments.m2 += weight * (1 - miss) * (1 - miss);
  }
  return moments;
}

// The blur errors every C.2 statistical check is measured against (spec C.2, Check details).
struct BlurAlternative {
  const char* name;
  double factor;
};
constexpr BlurAlternative kBlurAlternatives[] = {{"sampler blur 1.1 kappa (10% blur error)", 1.1},
                                                 {"sampler blur 0.9 kappa (10% blur error)", 0.9}};

// 1 - prod_k (1 - power_k): the power of a check failing iff any of its independent claims fails.
double any_fails(const std::vector<double>& powers) {
  double none = 1;
  for (double power : powers) none *= 1 - power;
  return 1 - none;
}

const std::vector<Rational>& orthant_sigmas() {
  static const std::vector<Rational> sigmas = {Rational(1, 5), Rational(7, 20), Rational(1, 2)};
  return sigmas;
}

// Runs `per_sigma` for each sigma of C.2 with N draws of x ~ g~_sigma (x as exact rationals).
struct OrthantRun {
  Rational sigma;
  Ball kappa;
  density::OrthantBounds bounds;
  std::vector<OrthantSample> samples;
};

std::vector<OrthantRun> orthant_runs(const CheckContext& context, std::uint64_t draws) {
  const Instance instance = small_instance(context.instance);
  const density::VertexMixture mixture(instance);
  const sampling::InstanceSampler sampler(instance);
  sampling::RandomSource source(context.seed);
  std::vector<OrthantRun> runs;
  for (std::size_t k = 0; k < orthant_sigmas().size(); ++k) {
    const Rational& sigma = orthant_sigmas()[k];
    OrthantRun run{sigma, mixture.kappa_of(Ball(sigma)), {}, {}};
    run.bounds = density::orthant_bounds(instance, run.kappa);
    const double blur = sampler.smoothed_blur(sigma);
    for (std::uint64_t i = 0; i < draws; ++i) {
      const std::vector<Ball> x = to_balls(sampler.draw(source, blur).x);
      run.samples.push_back(orthant_sample(mixture, x, run.kappa));
      if (context.progress && i % 256 == 0) {
        context.progress((static_cast<double>(k) + static_cast<double>(i) / static_cast<double>(draws)) / orthant_sigmas().size());
      }
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

std::uint64_t orthant_draws(const CheckContext& context) { return context.quick ? 1'000 : 20'000; }

// C.2(i) is two exact identities per sigma, each tested two-sided with the empirical Bernstein
// bound at gamma_MC/2 (gamma_MC/4 per side): the claim's false-failure probability stays 1e-9.
Rational misclassification_side_gamma() { return stats::gamma_mc() / 4; }
double ln_over(const Rational& gamma) { return std::log(1 / gamma.convert_to<double>()); }

// The Bernstein deviation of Maurer-Pontil at variance V, range M, N draws, one side at gamma.
double bernstein_radius(double variance, double range, double draws, const Rational& gamma) {
  const double log_term = std::log(2) + ln_over(gamma);
  return std::sqrt(2 * variance * log_term / draws) + 7 * range * log_term / (3 * (draws - 1));
}

// C.2(i) and C.2(iii) are two claims about the same draws (the seed is the lemma's, so they would
// draw the same points anyway): the last run is kept and reused when instance, seed and N agree.
const std::vector<OrthantRun>& shared_orthant_runs(const CheckContext& context, std::uint64_t draws) {
  static std::mutex mutex;
  static std::vector<OrthantRun> runs;
  static std::string key;
  const std::lock_guard<std::mutex> lock(mutex);
  const ParameterValues& v = context.instance.values();
  const std::string wanted = fmt::format("{} {} {} {} {} {} {} | {} {} {}", to_fraction(v.n), to_fraction(v.m), to_fraction(v.a),
                                         to_fraction(v.delta), to_fraction(v.tau), to_fraction(v.sigma_y),
                                         to_fraction(v.kappa_star), context.seed, draws, working_precision());
  if (wanted != key) {
    runs = orthant_runs(context, draws);
    key = wanted;
  }
  return runs;
}

nlohmann::json orthant_parameters(const CheckContext& context) {
  return {{"n", kRegimeSize}, {"m", kRegimeSize}, {"sigma", {"0.2", "0.35", "0.5"}}, {"draws_per_sigma", orthant_draws(context)},
          {"gamma_MC", "1e-9 per claim"}, {"precision_bits", kPrecision},
          {"sampler", "R6 with blur sqrt(tau^2 + sigma^2) rounded to double"}};
}

}  // namespace

namespace detail {

// C.2:orthant-misclassification, per sigma two identities of (i): Y1 = 1 - w_sbar in [0, 1] has mean
// 1 - (1-p)^n, and Y2 = (1/n) sum_j P(s_j != sbar_j | x) in [0, 1] has mean p. Each is tested
// two-sided by the empirical Bernstein bound at gamma_MC/4 per side (so gamma_MC per claim):
// fail iff |mean - target| > deviation. target_shift moves the Y1 target (false-claim twin).
CheckResult orthant_misclassification(const CheckContext& context, const Ball& target_shift) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t draws = orthant_draws(context);
  const Rational side_gamma = misclassification_side_gamma();
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  std::vector<std::string> failures;
  const Instance instance = small_instance(context.instance);
  const double a = instance.a().convert_to<double>();
  std::vector<double> powers[std::size(kBlurAlternatives)];
  for (const OrthantRun& run : shared_orthant_runs(context, draws)) {
    stats::MeanAccumulator whole;        // Y1
    stats::MeanAccumulator coordinates;  // Y2
    for (const OrthantSample& sample : run.samples) {
      whole.add(sample.misclassified);
      coordinates.add(sample.coordinate_miss);
    }
    struct Part {
      const char* what;
      const stats::MeanAccumulator& accumulator;
      Ball target;
    };
    const Part parts[] = {{"mean(1 - w_sbar) vs 1-(1-p)^n", whole, run.bounds.misclassification + target_shift},
                          {"mean_j P(s_j != sbar_j | x) vs p", coordinates, run.bounds.p}};
    std::vector<std::string> part_margins;
    for (const Part& part : parts) {
      const Ball deviation = abs(part.accumulator.mean() - part.target);
      const Ball radius = stats::bernstein_deviation(part.accumulator.sample_variance(), Ball(1), draws, side_gamma);
      const bool within = is_certainly_true(le(deviation, radius));
      result.passed = result.passed && within;
      const std::string line = fmt::format("sigma = {}: {}: {} vs {}, |difference| {} {} Bernstein deviation {}",
                                           to_decimal(run.sigma, 4), part.what, value_str(part.accumulator.mean()),
                                           value_str(part.target), value_str(deviation), within ? "<=" : "NOT <=",
                                           value_str(radius));
      result.log.push_back("C.2(i): " + line);
      if (!within) failures.push_back(line);
      part_margins.push_back(fmt::format("{} <= {}", value_str(deviation), value_str(radius)));
    }
    margins.push_back(fmt::format("sigma {}: {}", to_decimal(run.sigma, 4), fmt::join(part_margins, ", ")));
    // Power against the blur errors, normal approximation at these N (see orthant_moments).
    const double kappa = run.kappa.mid_double();
    const double p = run.bounds.p.mid_double();
    const double n = kRegimeSize;
    for (std::size_t k = 0; k < std::size(kBlurAlternatives); ++k) {
      const OrthantMoments alt = orthant_moments(a, kappa, kBlurAlternatives[k].factor * kappa);
      const double mean_y1 = 1 - std::pow(1 - alt.e1, n);
      const double var_y1 = std::max(0.0, 1 - 2 * std::pow(1 - alt.e1, n) + std::pow(alt.m2, n) - mean_y1 * mean_y1);
      const double var_y2 = std::max(0.0, (alt.e2 - alt.e1 * alt.e1) / n);
      const double nd = static_cast<double>(draws);
      const double power_y1 = var_y1 > 0 ? stats::two_sided_shift_power(mean_y1 - (1 - std::pow(1 - p, n)),
                                                                        bernstein_radius(var_y1, 1, nd, side_gamma),
                                                                        std::sqrt(var_y1 / nd))
                                         : 0;
      const double power_y2 = var_y2 > 0 ? stats::two_sided_shift_power(alt.e1 - p, bernstein_radius(var_y2, 1, nd, side_gamma),
                                                                        std::sqrt(var_y2 / nd))
                                         : 0;
      powers[k].push_back(std::max(power_y1, power_y2));  // the sigma's claim fails if either part does
    }
  }
  result.margin = result.passed ? fmt::format("|mean - target| <= Bernstein deviation per sigma (1 - w_sbar; per-coordinate): {}",
                                              fmt::join(margins, "; "))
                                : fmt::format("FAILED: {}", fmt::join(failures, "; "));
  for (std::size_t k = 0; k < std::size(kBlurAlternatives); ++k) {
    result.power.push_back({kBlurAlternatives[k].name, any_fails(powers[k]),
                            fmt::format("normal approximation of both means at N = {} per sigma, moments under the "
                                        "alternative by quadrature (f-block uninformative at kappa >= 4 delta)",
                                        draws)});
  }
  result.statement = fmt::format("(i) E[1 - w_sbar] = 1-(1-p)^n and E[P(s_j != sbar_j|x)] = p, two-sided empirical "
                                 "Bernstein, n=m=5, N = {} per sigma",
                                 draws);
  result.parameters = orthant_parameters(context);
  result.parameters["test"] = "two-sided empirical Bernstein, gamma_MC/4 per side and part";
  return result;
}

// C.2:pointwise-bound: at the first 200 points per sigma, |s_sigma - s_vert|^2 <= (1 - w_sbar)^2 M.
CheckResult pointwise_bound(const CheckContext& context, const Ball& bound_scale) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t points = context.quick ? 50 : 200;
  CheckResult result;
  result.passed = true;
  Ball worst;  // max of |error|^2 / bound (upper ends)
  std::string worst_at;
  std::uint64_t checked = 0;
  std::uint64_t violations = 0;
  std::string first_violation;
  for (const OrthantRun& run : orthant_runs(context, points)) {
    for (std::size_t i = 0; i < run.samples.size(); ++i) {
      const OrthantSample& sample = run.samples[i];
      const Ball bound = bound_scale * sqr(sample.misclassified) * run.bounds.pointwise_factor;
      ++checked;
      if (!is_certainly_true(le(sample.squared_error, bound))) {
        result.passed = false;
        if (violations++ == 0) {
          first_violation = fmt::format("sigma = {}, point {}: {} vs {}", to_decimal(run.sigma, 4), i,
                                        sample.squared_error.str(6), bound.str(6));
        }
        result.log.push_back(fmt::format("C.2(ii): sigma = {}, point {}: |s - s_vert|^2 = {} not certainly <= {}",
                                         to_decimal(run.sigma, 4), i, sample.squared_error.str(6), bound.str(6)));
        continue;
      }
      if (is_certainly_true(gt(bound, Ball(0)))) {
        const Ball ratio(Rational((sample.squared_error / bound).upper_rational()));
        if (is_certainly_true(gt(ratio, worst))) {
          worst = ratio;
          worst_at = fmt::format("sigma = {}, point {}", to_decimal(run.sigma, 4), i);
        }
      }
    }
  }
  result.margin = result.passed
                      ? fmt::format("{} points: max |s - s_vert|^2 / ((1 - w_sbar)^2 M) = {} <= 1{}", checked, worst.mid_str(4),
                                    worst_at.empty() ? "" : " (" + worst_at + ")")
                      : fmt::format("FAILED: |s - s_vert|^2 NOT certainly <= (1 - w_sbar)^2 M at {} of {} points (first: {})",
                                    violations, checked, first_violation);
  result.log.push_back("C.2(ii): " + result.margin);
  result.parameters = orthant_parameters(context);
  result.parameters["draws_per_sigma"] = points;
  return result;
}

}  // namespace detail

namespace {

// C.2:orthant-error-bound: X = |s_sigma - s_vert|^2 in [0, M]; empirical Bernstein test of E X <= E_S.
CheckResult orthant_error_bound(const CheckContext& context) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t draws = orthant_draws(context);
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  std::vector<std::string> failures;
  const double a = small_instance(context.instance).a().convert_to<double>();
  std::vector<double> powers[std::size(kBlurAlternatives)];
  std::vector<double> sign_powers;  // the vertex score's seed block with the wrong sign
  for (const OrthantRun& run : shared_orthant_runs(context, draws)) {
    stats::MeanAccumulator accumulator;  // lower ends: E lower(X) <= E X (spec/README.md)
    for (const OrthantSample& sample : run.samples) accumulator.add(Ball(sample.squared_error.lower_rational()));
    const Ball deviation = stats::bernstein_deviation(accumulator.sample_variance(), run.bounds.pointwise_factor, draws,
                                                      stats::gamma_mc());
    const Ball lower_confidence = accumulator.mean() - deviation;
    const bool consistent = is_certainly_true(le(lower_confidence, run.bounds.expected_error));
    result.passed = result.passed && consistent;
    result.log.push_back(fmt::format("C.2(iii): sigma = {}: mean |s - s_vert|^2 = {}, Bernstein deviation {}: mean - deviation = {} {} E_S = {}",
                                     to_decimal(run.sigma, 4), value_str(accumulator.mean()), value_str(deviation),
                                     value_str(lower_confidence), consistent ? "<=" : "NOT <=", value_str(run.bounds.expected_error)));
    margins.push_back(fmt::format("sigma {}: mean {} vs E_S {}", to_decimal(run.sigma, 4), value_str(accumulator.mean()),
                                  value_str(run.bounds.expected_error)));
    if (!consistent) {
      failures.push_back(fmt::format("sigma {}: mean - deviation = {} > E_S = {}", to_decimal(run.sigma, 4),
                                     value_str(lower_confidence), value_str(run.bounds.expected_error)));
    }
    // Power against the blur errors (normal approximation; see orthant_moments).
    const double kappa = run.kappa.mid_double();
    const double scale = 4 * a * a / std::pow(kappa, 4);
    const double n = kRegimeSize;
    const double nd = static_cast<double>(draws);
    for (std::size_t k = 0; k < std::size(kBlurAlternatives); ++k) {
      const OrthantMoments alt = orthant_moments(a, kappa, kBlurAlternatives[k].factor * kappa);
      const double mean = scale * n * alt.e2;
      const double variance = std::max(0.0, scale * scale * (n * alt.e4 + n * (n - 1) * alt.e2 * alt.e2) - mean * mean);
      const double radius = bernstein_radius(variance, run.bounds.pointwise_factor.mid_double(), nd, stats::gamma_mc());
      powers[k].push_back(variance > 0 ? stats::one_sided_shift_power(mean - run.bounds.expected_error.mid_double(), radius,
                                                                       std::sqrt(variance / nd))
                                       : 0);
    }
    {
      // s_vert's seed block (x + a u)/kappa^2 for (x - a u)/kappa^2: on each coordinate of the sbar orthant
      // |s - s_vert| grows by 2a/kappa^2, so X >= (1 - miss) 4 a^2 n/kappa^4 with miss = P(some coordinate
      // misclassified) (estimated by the run's mean of 1 - w_sbar).
      stats::MeanAccumulator misses;
      for (const OrthantSample& sample : run.samples) misses.add(sample.misclassified);
      const double miss = std::min(1.0, misses.mean().mid_double());
      const double big = scale * n;
      const double mean = (1 - miss) * big;
      const double spread = big + run.bounds.pointwise_factor.mid_double();
      const double variance = spread * spread * miss * (1 - miss) + 1e-300;  // at most that of a two-point law on [0, spread]
      // The test's deviation keeps its range M (the check's formula); only the sample variance changes.
      sign_powers.push_back(stats::one_sided_shift_power(mean - run.bounds.expected_error.mid_double(),
                                                         bernstein_radius(variance, run.bounds.pointwise_factor.mid_double(), nd,
                                                                          stats::gamma_mc()),
                                                         std::sqrt(variance / nd)));
    }
  }
  result.margin = result.passed ? fmt::format("E|s - s_vert|^2 <= E_S not rejected: {}", fmt::join(margins, "; "))
                                : fmt::format("FAILED: E|s - s_vert|^2 <= E_S rejected: {}", fmt::join(failures, "; "));
  result.power.push_back({"the vertex score's seed block with the wrong sign ((x + a u)/kappa^2)", any_fails(sign_powers),
                          fmt::format("normal approximation of the mean at N = {} per sigma: X >= (1 - miss) 4 a^2 n/kappa^4, miss "
                                      "the run's mean of 1 - w_sbar",
                                      draws)});
  // A blur error keeps E X well below E_S (E X = 0.22-0.25 E_S under the claim, and the range term
  // 7 M ln(2/gamma)/(3(N-1)) exceeds E_S): the misclassification identities of C.2(i) are its test.
  for (std::size_t k = 0; k < std::size(kBlurAlternatives); ++k) {
    result.power.push_back({kBlurAlternatives[k].name, any_fails(powers[k]),
                            fmt::format("normal approximation of the mean at N = {} per sigma, moments under the alternative "
                                        "by quadrature",
                                        draws),
                            {"C.2:orthant-misclassification"}});
  }
  result.statement = fmt::format("(iii) E|s_sigma - s_vert|^2 <= E_S(kappa), empirical Bernstein, n=m=5, N = {} per sigma", draws);
  result.parameters = orthant_parameters(context);
  return result;
}

// C.2:es-defaults and the n = m = 5 constants printed in C.2.
CheckResult es_defaults(const CheckContext&) {
  const PrecisionScope scope(kPrecision);
  CheckResult result;
  result.passed = true;
  std::vector<std::string> mismatches;
  auto expect = [&result, &mismatches](const std::string& what, const Ball& value, const char* printed) {
    const Certainty matches = rounds_to(value, printed);
    result.passed = result.passed && matches == Certainty::kTrue;
    if (matches != Certainty::kTrue) mismatches.push_back(fmt::format("{} = {} does NOT round to {}", what, value.mid_str(8), printed));
    result.log.push_back(fmt::format("C.2: {} = {} {} printed {}", what, value.mid_str(8),
                                     matches == Certainty::kTrue ? "rounds to" : "does NOT round to", printed));
  };
  const Instance defaults = Instance::defaults();
  const density::OrthantBounds at_star = density::orthant_bounds(defaults, Ball(defaults.kappa_star()));
  expect("p = Phibar(a/kappa*)", at_star.p, "7.61985e-24");
  expect("E_S(kappa*)", at_star.expected_error, "4.88890e-18");
  const Instance small = small_instance(defaults);
  const char* printed_es[] = {"3.587e-3", "2.851", "7.285"};
  const char* printed_miss[] = {"1.434e-6", "0.01064", "0.1087"};
  for (std::size_t k = 0; k < orthant_sigmas().size(); ++k) {
    const Ball kappa = sqrt(sqr(Ball(small.tau())) + sqr(Ball(orthant_sigmas()[k])));
    const density::OrthantBounds bounds = density::orthant_bounds(small, kappa);
    const std::string at = fmt::format("n = m = 5, sigma = {}: ", to_decimal(orthant_sigmas()[k], 4));
    expect(at + "E_S", bounds.expected_error, printed_es[k]);
    expect(at + "1-(1-p)^n", bounds.misclassification, printed_miss[k]);
  }
  result.margin = result.passed ? fmt::format("E_S(kappa*) = {} rounds to printed 4.88890e-18; all printed C.2 constants matched",
                                              at_star.expected_error.mid_str(8))
                                : fmt::format("FAILED: {}", fmt::join(mismatches, "; "));
  result.parameters = {{"precision_bits", kPrecision}};
  return result;
}

// ---- C.6 -------------------------------------------------------------------------------------

const std::vector<Rational>& large_kappa_over_delta() {
  static const std::vector<Rational> ratios = {Rational(3, 5), Rational(3, 4), Rational(4, 5), Rational(1)};
  return ratios;
}

// log q_sigma(x): seed coordinates log(phi_kappa(x - a)/2 + phi_kappa(x + a)/2), f-coordinates
// log phi_{sqrt(1 + kappa^2)}(x).
Ball log_mixture_density(const std::vector<Ball>& x, int n, const Ball& a, const Ball& kappa) {
  const Ball kappa2 = sqr(kappa);
  const Ball root_two_pi = sqrt(Ball(2) * Ball::pi());
  Ball total;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (static_cast<int>(k) < n) {
      const Ball plus = exp(-sqr(x[k] - a) / (Ball(2) * kappa2));
      const Ball minus = exp(-sqr(x[k] + a) / (Ball(2) * kappa2));
      total += log((plus + minus) / (Ball(2) * kappa * root_two_pi));
    } else {
      const Ball variance = Ball(1) + kappa2;
      total += -sqr(x[k]) / (Ball(2) * variance) - log(sqrt(variance) * root_two_pi);
    }
  }
  return total;
}

// One point of C.6: the ratio g~_sigma/q_sigma and the score errors against their bounds.
struct LargeNoisePoint {
  Ball ratio;                    // g~_sigma(x) / q_sigma(x)
  std::vector<Ball> seed_error;  // |(s_sigma - s_large)_{S,j}|
  std::vector<Ball> seed_bound;  // a rho sech^2(a x_{S,j}/kappa^2) / (2 kappa^2)
  std::vector<Ball> image_error; // |(s_sigma - s_large)_{F,i}|
};

LargeNoisePoint large_noise_point(const density::VertexMixture& mixture, const std::vector<Ball>& x, const Ball& kappa,
                                  const density::PhaseBounds& phase) {
  const int n = mixture.n();
  const Ball a(mixture.instance().a());
  const Ball kappa2 = sqr(kappa);
  const density::ExactScore exact = mixture.score(x, kappa);
  LargeNoisePoint point;
  point.ratio = exp(exact.log_density - log_mixture_density(x, n, a, kappa));
  for (int j = 0; j < n; ++j) {
    // (s_sigma - s_large)_{S,j} = a (2 P_j - 1 - tanh y)/kappa^2 with y = a x/kappa^2, written with
    // small terms only: 2/(e^{2y}+1) - 2(1 - P_j) for x > 0 and 2 P_j - 2/(e^{-2y}+1) otherwise.
    const Ball y = a * x[j] / kappa2;
    const bool positive = is_certainly_true(gt(x[j], Ball(0)));
    const Ball difference = positive ? Ball(2) / (exp(Ball(2) * y) + Ball(1)) - Ball(2) * exact.seed_complements[j]
                                     : Ball(2) * exact.seed_marginals[j] - Ball(2) / (exp(-Ball(2) * y) + Ball(1));
    point.seed_error.push_back(abs(a * difference / kappa2));
    const Ball sech2 = Ball(4) / sqr(exp(y) + exp(-y));
    point.seed_bound.push_back(a * phase.rho * sech2 / (Ball(2) * kappa2));
  }
  for (int i = 0; i < mixture.m(); ++i) {
    point.image_error.push_back(abs(exact.score[n + i] + x[n + i] / (Ball(1) + kappa2)));
  }
  return point;
}

// The C.6 point set per kappa: draws from g~_sigma, a 5 x 5 grid in (x_{S,1}, x_{F,1}) over
// [-2a, 2a] x [-delta, delta] (other coordinates from the first draw), and points whose seed
// coordinates are uniform in [-3 kappa^2, 3 kappa^2] (where sech^2 is not small).
struct LargeNoiseSet {
  Rational ratio;  // kappa / delta
  Ball kappa;
  density::PhaseBounds phase;
  std::vector<LargeNoisePoint> points;
};

std::vector<LargeNoiseSet> large_noise_sets(const CheckContext& context) {
  const Instance instance = small_instance(context.instance);
  const density::VertexMixture mixture(instance);
  const sampling::InstanceSampler sampler(instance);
  sampling::RandomSource source(context.seed);
  const int draws = context.quick ? 40 : 200;
  const int near_zero = context.quick ? 20 : 100;
  const int n = instance.n();
  const double a = instance.a().convert_to<double>();
  const double delta = instance.delta().convert_to<double>();
  std::vector<LargeNoiseSet> sets;
  for (std::size_t k = 0; k < large_kappa_over_delta().size(); ++k) {
    const Rational kappa_rational = large_kappa_over_delta()[k] * instance.delta();
    LargeNoiseSet set{large_kappa_over_delta()[k], Ball(kappa_rational), {}, {}};
    set.phase = density::phase_bounds(set.kappa, instance.delta(), instance.m());
    // sigma = sqrt(kappa^2 - tau^2) > 0 since kappa >= 0.6 delta > tau at the audited parameters.
    const Rational sigma2 = kappa_rational * kappa_rational - instance.tau() * instance.tau();
    const double blur = std::sqrt((instance.tau() * instance.tau() + sigma2).convert_to<double>());
    std::vector<double> first;
    for (int i = 0; i < draws; ++i) {
      const std::vector<double> x = sampler.draw(source, blur).x;
      if (i == 0) first = x;
      set.points.push_back(large_noise_point(mixture, to_balls(x), set.kappa, set.phase));
    }
    for (int u = 0; u < 5; ++u) {
      for (int v = 0; v < 5; ++v) {
        std::vector<double> x = first;
        x[0] = -2 * a + a * u;
        x[n] = -delta + delta * v / 2;
        set.points.push_back(large_noise_point(mixture, to_balls(x), set.kappa, set.phase));
      }
    }
    const double width = 3 * kappa_rational.convert_to<double>() * kappa_rational.convert_to<double>();
    for (int i = 0; i < near_zero; ++i) {
      std::vector<double> x = sampler.draw(source, blur).x;
      for (int j = 0; j < n; ++j) x[j] = width * (2 * (static_cast<double>(source.word() >> 11) * 0x1.0p-53) - 1);
      set.points.push_back(large_noise_point(mixture, to_balls(x), set.kappa, set.phase));
    }
    // Near-extremal points, where the bounds are tight: x_S = a u(s) (the seed posterior is then
    // e^{-2a^2/kappa^2}-close to a point mass on s, so g/q = prod_i R_{f(s)_i}(x_{F,i})) and every
    // x_{F,i} at mu - theta_{f(s)_i} = offset: offset delta/64 puts each R_b within 0.5% of its
    // excursion of the upper bound (1 + Theta(v))/theta(theta_b; 1), delta/2 - delta/64 of the lower
    // one, delta/4 makes |psi_b + t/(1+kappa^2)| within about 2 q_v (relative) of Xi. A bound
    // tightened by more than that, e.g. r_+ with exponent m - 1 or Xi 2 Theta(v) too small, fails here.
    const Rational one_plus = Rational(1 + kappa_rational * kappa_rational);
    const std::uint64_t extremal_seeds[] = {0, mixture.seed_count() - 1, 5, 10};
    const Rational offsets[] = {Rational(instance.delta() / 64), Rational(instance.delta() * 31 / 64),
                                Rational(instance.delta() / 4)};
    for (const std::uint64_t s : extremal_seeds) {
      for (const Rational& offset : offsets) {
        std::vector<Ball> x;
        for (int j = 0; j < n; ++j) x.emplace_back(Rational(((s >> (n - 1 - j)) & 1U) == 1U ? instance.a() : Rational(-instance.a())));
        for (int i = 0; i < instance.m(); ++i) {
          x.emplace_back(Rational(one_plus * (Rational(mixture.image_bit(s, i)) * instance.delta() / 2 + offset)));
        }
        set.points.push_back(large_noise_point(mixture, x, set.kappa, set.phase));
      }
    }
    if (context.progress) context.progress(static_cast<double>(k + 1) / large_kappa_over_delta().size());
    sets.push_back(std::move(set));
  }
  return sets;
}

nlohmann::json large_noise_parameters(const CheckContext& context) {
  return {{"n", kRegimeSize}, {"m", kRegimeSize}, {"kappa_over_delta", {"0.6", "0.75", "0.8", "1"}},
          {"sampled_points", context.quick ? 40 : 200}, {"grid_points", 25}, {"near_zero_points", context.quick ? 20 : 100},
          {"near_extremal_points", 12},
          {"precision_bits", kPrecision}};
}

}  // namespace

namespace detail {

// C.6:ratio-bounds: r_- <= g~_sigma / q_sigma <= r_+ at every point; the twin test narrows the
// interval to r_-^t, r_+^t (t = exponent <= 1).
CheckResult ratio_bounds(const CheckContext& context, const Ball& exponent) {
  const PrecisionScope scope(kPrecision);
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  std::vector<std::string> failed;
  for (const LargeNoiseSet& set : large_noise_sets(context)) {
    Ball lowest = set.points.front().ratio;
    Ball highest = set.points.front().ratio;
    std::size_t failures = 0;
    for (const LargeNoisePoint& point : set.points) {
      lowest = min(lowest, point.ratio);
      highest = max(highest, point.ratio);
      if (!is_certainly_true(le(pow(set.phase.r_minus, exponent), point.ratio)) ||
          !is_certainly_true(le(point.ratio, pow(set.phase.r_plus, exponent)))) {
        ++failures;
      }
    }
    result.passed = result.passed && failures == 0;
    if (failures > 0) {
      failed.push_back(fmt::format("kappa/delta = {}: g/q - 1 in [{}, {}] NOT within [r_- - 1, r_+ - 1] = [{}, {}] at {}/{} points",
                                   to_decimal(set.ratio, 3), (lowest - Ball(1)).mid_str(4), (highest - Ball(1)).mid_str(4),
                                   (set.phase.r_minus - Ball(1)).mid_str(4), (set.phase.r_plus - Ball(1)).mid_str(4), failures,
                                   set.points.size()));
    }
    const std::string line = fmt::format("kappa/delta = {}: ratio in [{}, {}] within [r_-, r_+] = [{}, {}] at {}/{} points",
                                         to_decimal(set.ratio, 3), (lowest - Ball(1)).mid_str(4), (highest - Ball(1)).mid_str(4),
                                         (set.phase.r_minus - Ball(1)).mid_str(4), (set.phase.r_plus - Ball(1)).mid_str(4),
                                         set.points.size() - failures, set.points.size());
    result.log.push_back("C.6(i): " + line + " (values shown minus 1)");
    margins.push_back(fmt::format("{}: {}..{} in {}..{}", to_decimal(set.ratio, 3), (lowest - Ball(1)).mid_str(3),
                                  (highest - Ball(1)).mid_str(3), (set.phase.r_minus - Ball(1)).mid_str(3),
                                  (set.phase.r_plus - Ball(1)).mid_str(3)));
  }
  result.margin = result.passed ? fmt::format("g/q - 1 within [r_- - 1, r_+ - 1] per kappa/delta: {}", fmt::join(margins, "; "))
                                : fmt::format("FAILED: {}", fmt::join(failed, "; "));
  result.parameters = large_noise_parameters(context);
  return result;
}

// C.6:score-bounds: seed and f-coordinate errors of s_large within the bounds of (ii) (times
// bound_scale, 1 in the audit).
CheckResult score_bounds(const CheckContext& context, const Ball& bound_scale) {
  const PrecisionScope scope(kPrecision);
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  std::vector<std::string> failed;
  for (const LargeNoiseSet& set : large_noise_sets(context)) {
    Ball worst_seed;   // max error / bound (upper ends)
    Ball worst_image;  // max error / Xi
    std::size_t failures = 0;
    for (const LargeNoisePoint& point : set.points) {
      for (std::size_t j = 0; j < point.seed_error.size(); ++j) {
        if (!is_certainly_true(le(point.seed_error[j], bound_scale * point.seed_bound[j]))) {
          ++failures;
          continue;
        }
        worst_seed = max(worst_seed, Ball(Rational((point.seed_error[j] / point.seed_bound[j]).upper_rational())));
      }
      for (const Ball& error : point.image_error) {
        if (!is_certainly_true(le(error, bound_scale * set.phase.xi))) {
          ++failures;
          continue;
        }
        worst_image = max(worst_image, Ball(Rational((error / set.phase.xi).upper_rational())));
      }
    }
    result.passed = result.passed && failures == 0;
    if (failures > 0) {
      failed.push_back(fmt::format("kappa/delta = {}: {} coordinate errors NOT certainly within their bounds over {} points",
                                   to_decimal(set.ratio, 3), failures, set.points.size()));
    }
    result.log.push_back(fmt::format("C.6(ii): kappa/delta = {}: max seed error / (a rho sech^2/(2 kappa^2)) = {}, max f error / Xi = {} "
                                     "(Xi = {}), {} violations over {} points",
                                     to_decimal(set.ratio, 3), worst_seed.mid_str(4), worst_image.mid_str(4), set.phase.xi.mid_str(4),
                                     failures, set.points.size()));
    margins.push_back(fmt::format("{}: seed {}, f {}", to_decimal(set.ratio, 3), worst_seed.mid_str(3), worst_image.mid_str(3)));
  }
  result.margin = result.passed ? fmt::format("max error / bound per kappa/delta (<= 1 required): {}", fmt::join(margins, "; "))
                                : fmt::format("FAILED: {}", fmt::join(failed, "; "));
  result.parameters = large_noise_parameters(context);
  return result;
}

}  // namespace detail

namespace {

// C.6:el-defaults: E_L(kappa*) = n a^2 rho^2 / (4 kappa^4) + m Xi^2 at the defaults.
CheckResult el_defaults(const CheckContext&) {
  const PrecisionScope scope(kPrecision);
  const Instance defaults = Instance::defaults();
  const Ball kappa(defaults.kappa_star());
  const density::PhaseBounds phase = density::phase_bounds(kappa, defaults.delta(), defaults.m());
  const Ball a(defaults.a());
  const Ball el = Ball(defaults.n()) * sqr(a) * sqr(phase.rho) / (Ball(4) * sqr(sqr(kappa))) + Ball(defaults.m()) * sqr(phase.xi);
  CheckResult result;
  const Certainty matches = rounds_to(el, "2.06549e-60");
  result.passed = matches == Certainty::kTrue;
  result.margin = fmt::format("{}E_L(kappa*) = {} {} printed 2.06549e-60", result.passed ? "" : "FAILED: ", el.mid_str(8),
                              result.passed ? "rounds to" : "does NOT round to");
  result.log.push_back(fmt::format("C.6(iii): rho(kappa*) = {}, Xi(kappa*) = {}; {}", phase.rho.mid_str(6), phase.xi.mid_str(6), result.margin));
  result.parameters = {{"precision_bits", kPrecision}};
  return result;
}

}  // namespace

void register_score_regime_checks(audit::Registry& registry) {
  registry.add({"C.2:orthant-misclassification", spec::CheckKind::kStatistical,
                [](const CheckContext& context) { return detail::orthant_misclassification(context, Ball(0)); }});
  registry.add({"C.2:pointwise-bound", spec::CheckKind::kCertifiedAtPoints,
                [](const CheckContext& context) { return detail::pointwise_bound(context, Ball(1)); }});
  registry.add({"C.2:orthant-error-bound", spec::CheckKind::kStatistical, orthant_error_bound});
  registry.add({"C.2:es-defaults", spec::CheckKind::kCertified, es_defaults});
  registry.add({"C.6:ratio-bounds", spec::CheckKind::kCertifiedAtPoints,
                [](const CheckContext& context) { return detail::ratio_bounds(context, Ball(1)); }});
  registry.add({"C.6:score-bounds", spec::CheckKind::kCertifiedAtPoints,
                [](const CheckContext& context) { return detail::score_bounds(context, Ball(1)); }});
  registry.add({"C.6:el-defaults", spec::CheckKind::kCertified, el_defaults});
}

}  // namespace dpsi::checks
