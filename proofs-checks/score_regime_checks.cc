#include "proofs-checks/score_regime_checks.h"

#include <fmt/format.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/density/score_error_bounds.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"
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

// The quantities of C.2 at one point x ~ g~_sigma: 1 - w_sbar and |s_sigma - s_vert|^2.
struct OrthantSample {
  Ball misclassified;    // 1 - w_sbar(x)
  Ball squared_error;    // |s_sigma(x) - s_vert(x)|^2
};

OrthantSample orthant_sample(const density::VertexMixture& mixture, const std::vector<Ball>& x, const Ball& kappa) {
  const density::ExactScore exact = mixture.score_with_component(x, kappa, orthant_seed(x, mixture.n()));
  const Ball log_total = exact.log_density + Ball(mixture.n()) * log(Ball(2));
  // 1 - w_sbar = -expm1(log c_sbar - log sum c): keeps its digits when w_sbar is within 1e-40 of 1.
  const Ball misclassified = -expm1(exact.component_log - log_total);
  return {misclassified, squared_distance(exact.score, exact.component_score)};
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

// C.2:orthant-misclassification: X = 1 - w_sbar in [0, 1]; fail iff |mean - (1 - (1-p)^n)| > r_2.
CheckResult orthant_misclassification(const CheckContext& context, const Ball& target_shift) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t draws = orthant_draws(context);
  const Ball radius = stats::hoeffding_radius(draws, stats::gamma_mc());
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  for (const OrthantRun& run : shared_orthant_runs(context, draws)) {
    stats::MeanAccumulator accumulator;
    for (const OrthantSample& sample : run.samples) accumulator.add(sample.misclassified);
    const Ball deviation = abs(accumulator.mean() - (run.bounds.misclassification + target_shift));
    const bool within = is_certainly_true(le(deviation, radius));
    result.passed = result.passed && within;
    result.log.push_back(fmt::format("C.2(i): sigma = {}: mean(1 - w_sbar) = {} vs 1-(1-p)^n = {}: |difference| {} {} r_2 = {}",
                                     to_decimal(run.sigma, 4), value_str(accumulator.mean()),
                                     value_str(run.bounds.misclassification), value_str(deviation), within ? "<=" : "NOT <=",
                                     radius.mid_str(4)));
    margins.push_back(fmt::format("sigma {}: {} <= {}", to_decimal(run.sigma, 4), value_str(deviation), radius.mid_str(4)));
  }
  result.margin = fmt::format("|mean - (1-(1-p)^n)| per sigma: {}", fmt::join(margins, "; "));
  result.parameters = orthant_parameters(context);
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
  for (const OrthantRun& run : orthant_runs(context, points)) {
    for (std::size_t i = 0; i < run.samples.size(); ++i) {
      const OrthantSample& sample = run.samples[i];
      const Ball bound = bound_scale * sqr(sample.misclassified) * run.bounds.pointwise_factor;
      ++checked;
      if (!is_certainly_true(le(sample.squared_error, bound))) {
        result.passed = false;
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
  result.margin = fmt::format("{} points: max |s - s_vert|^2 / ((1 - w_sbar)^2 M) = {} <= 1{}", checked, worst.mid_str(4),
                              worst_at.empty() ? "" : " (" + worst_at + ")");
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
  }
  result.margin = fmt::format("E|s - s_vert|^2 <= E_S not rejected: {}", fmt::join(margins, "; "));
  result.parameters = orthant_parameters(context);
  return result;
}

// C.2:es-defaults and the n = m = 5 constants printed in C.2.
CheckResult es_defaults(const CheckContext&) {
  const PrecisionScope scope(kPrecision);
  CheckResult result;
  result.passed = true;
  auto expect = [&result](const std::string& what, const Ball& value, const char* printed) {
    const Certainty matches = rounds_to(value, printed);
    result.passed = result.passed && matches == Certainty::kTrue;
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
  result.margin = fmt::format("E_S(kappa*) = {} (printed 4.88890e-18){}", at_star.expected_error.mid_str(8),
                              result.passed ? "" : "; a printed constant is not matched");
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
    if (context.progress) context.progress(static_cast<double>(k + 1) / large_kappa_over_delta().size());
    sets.push_back(std::move(set));
  }
  return sets;
}

nlohmann::json large_noise_parameters(const CheckContext& context) {
  return {{"n", kRegimeSize}, {"m", kRegimeSize}, {"kappa_over_delta", {"0.6", "0.75", "0.8", "1"}},
          {"sampled_points", context.quick ? 40 : 200}, {"grid_points", 25}, {"near_zero_points", context.quick ? 20 : 100},
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
    const std::string line = fmt::format("kappa/delta = {}: ratio in [{}, {}] within [r_-, r_+] = [{}, {}] at {}/{} points",
                                         to_decimal(set.ratio, 3), (lowest - Ball(1)).mid_str(4), (highest - Ball(1)).mid_str(4),
                                         (set.phase.r_minus - Ball(1)).mid_str(4), (set.phase.r_plus - Ball(1)).mid_str(4),
                                         set.points.size() - failures, set.points.size());
    result.log.push_back("C.6(i): " + line + " (values shown minus 1)");
    margins.push_back(fmt::format("{}: {}..{} in {}..{}", to_decimal(set.ratio, 3), (lowest - Ball(1)).mid_str(3),
                                  (highest - Ball(1)).mid_str(3), (set.phase.r_minus - Ball(1)).mid_str(3),
                                  (set.phase.r_plus - Ball(1)).mid_str(3)));
  }
  result.margin = fmt::format("g/q - 1 vs [r_- - 1, r_+ - 1] per kappa/delta: {}", fmt::join(margins, "; "));
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
    result.log.push_back(fmt::format("C.6(ii): kappa/delta = {}: max seed error / (a rho sech^2/(2 kappa^2)) = {}, max f error / Xi = {} "
                                     "(Xi = {}), {} violations over {} points",
                                     to_decimal(set.ratio, 3), worst_seed.mid_str(4), worst_image.mid_str(4), set.phase.xi.mid_str(4),
                                     failures, set.points.size()));
    margins.push_back(fmt::format("{}: seed {}, f {}", to_decimal(set.ratio, 3), worst_seed.mid_str(3), worst_image.mid_str(3)));
  }
  result.margin = fmt::format("max error / bound per kappa/delta (<= 1 required): {}", fmt::join(margins, "; "));
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
  result.margin = fmt::format("E_L(kappa*) = {} {} printed 2.06549e-60", el.mid_str(8), result.passed ? "rounds to" : "does NOT round to");
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
