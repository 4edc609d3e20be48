#include "proofs-checks/large_noise_network_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/relu/large_noise_network.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 128;
constexpr int kRegimeSize = 5;  // n = m = 5 in C.7:network-error (spec C.7 check details)

std::string value_str(const Ball& value) { return value.mid_str(4); }

// ---- C.7:increments-and-end-gaps ----------------------------------------------------------------

struct KnotCase {
  Rational kappa;
  Rational epsilon;
};

std::vector<KnotCase> knot_cases(const Instance& instance, bool quick) {
  std::vector<KnotCase> cases;
  for (const Rational& epsilon : {Rational(1, 10), Rational(1, 1000)}) {
    for (const Rational& kappa : {instance.kappa_star(), Rational(1, 5), Rational(1), Rational(10), Rational(100)}) {
      // Quick mode drops the three largest knot sets (epsilon = 1e-3 at kappa <= 1, up to 160,000 knots).
      if (quick && epsilon == Rational(1, 1000) && kappa <= 1) continue;
      cases.push_back({kappa, epsilon});
    }
  }
  return cases;
}

}  // namespace

namespace detail {

CheckResult increments_and_end_gaps(const CheckContext& context, const Rational& bound_scale, const KnotEdit& edit) {
  const PrecisionScope scope(kPrecision);
  const Instance& instance = context.instance;
  const Rational& a = instance.a();
  CheckResult result;
  result.passed = true;
  Ball worst_ratio;  // max interval error / bound (upper ends)
  std::string worst_at;
  std::size_t total_knots = 0;
  const std::vector<KnotCase> cases = knot_cases(instance, context.quick);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const auto& [kappa, epsilon] = cases[c];
    const Rational kappa2 = kappa * kappa;
    const Rational eta = relu::large_noise_eta(epsilon, kappa, instance.n());
    const std::size_t intervals = relu::large_noise_interval_count(a, eta);
    std::vector<relu::Knot> knots = relu::large_noise_knots(a, kappa2, eta);
    if (edit) edit(knots);
    total_knots += knots.size();
    const Rational bound = bound_scale * eta;
    const relu::InterpolantCertificate certificate = relu::certify_large_noise_interpolant(knots, a, kappa2, bound);
    const bool holds = certificate.holds == Certainty::kTrue;
    result.passed = result.passed && holds;
    const std::string at = fmt::format("kappa = {}, eps = {}", to_decimal(kappa, 4), to_decimal(epsilon, 4));
    if (knots.empty()) {
      result.log.push_back(fmt::format("C.7: {}: eta = {} >= a: K = 0, m_hat_S = 0, sup |m_hat_S - m| = a = {} {} bound {}", at,
                                       to_decimal(eta, 6), to_decimal(a, 6), holds ? "<=" : "NOT <=", to_decimal(bound, 6)));
      continue;
    }
    const Ball ratio = Ball(certificate.max_interval_error.upper_rational()) / Ball(bound);
    if (is_certainly_true(gt(ratio, worst_ratio))) {
      worst_ratio = ratio;
      worst_at = at;
    }
    result.log.push_back(fmt::format(
        "C.7: {}: eta = {}, K = {} ({} knots): level increments <= {} (exact), end gaps {} / {}, max interval error {} "
        "(interval {}), max |v_k - m(t_k)| = {}; max m-increment {} (reported); {} bound {} ({} violations)",
        at, to_decimal(eta, 6), intervals, knots.size(), to_decimal(certificate.max_level_increment, 6),
        value_str(certificate.left_gap), value_str(certificate.right_gap), value_str(certificate.max_interval_error),
        certificate.worst_interval, certificate.max_value_offset.mid_str(3), value_str(certificate.max_increment),
        holds ? "all <=" : "NOT all <=", to_decimal(bound, 6), certificate.violations));
    if (context.progress) context.progress(static_cast<double>(c + 1) / static_cast<double>(cases.size()));
  }
  // The spec's printed constants at the defaults (kappa*, eps = 0.1): K = 1598 and t_K.
  const Instance defaults = Instance::defaults();
  const Rational default_eta = relu::large_noise_eta(Rational(1, 10), defaults.kappa_star(), defaults.n());
  const std::size_t default_intervals = relu::large_noise_interval_count(defaults.a(), default_eta);
  const std::vector<relu::Knot> default_knots =
      relu::large_noise_knots(defaults.a(), defaults.kappa_star() * defaults.kappa_star(), default_eta);
  const Rational t_last = default_knots.back().t;
  const bool constants_match = default_intervals == 1598 && abs(t_last - parse_rational("0.0368857")) <= parse_rational("5e-8");
  result.passed = result.passed && constants_match;
  result.log.push_back(fmt::format("C.7: defaults, eps = 0.1: eta = {}, K = {} (printed 1598), t_K = {} (printed 0.0368857 +- 5e-8): {}",
                                   to_fraction(default_eta), default_intervals, to_decimal(t_last, 9),
                                   constants_match ? "match" : "DO NOT match"));
  result.margin = fmt::format("|m_hat_S - a tanh| <= eta certified for {} (kappa, eps) ({} knots): max interval error / eta = {}{}, "
                              "end gaps = eta; K = {}, t_K = {} at the defaults",
                              cases.size(), total_knots, worst_ratio.mid_str(3), worst_at.empty() ? "" : " (" + worst_at + ")",
                              default_intervals, to_decimal(t_last, 8));
  result.parameters = {{"kappa", {"kappa*", "0.2", "1", "10", "100"}},
                       {"epsilon", context.quick ? nlohmann::json{"0.1", "0.001 (kappa >= 10)"} : nlohmann::json{"0.1", "0.001"}},
                       {"precision_bits", kPrecision},
                       {"knots", "t_k = double nearest (kappa^2/a) artanh(l_k/a), values v_k = l_k exact"}};
  return result;
}

}  // namespace detail

namespace {

// ---- C.7:network-error ------------------------------------------------------------------------

Instance small_instance(const Instance& audited) {
  ParameterValues values = audited.values();
  values.n = kRegimeSize;
  values.m = kRegimeSize;
  return Instance::from(values);
}

const std::vector<Rational>& error_kappa_over_delta() {
  static const std::vector<Rational> ratios = {Rational(1), Rational(2), Rational(4)};
  return ratios;
}

std::uint64_t error_draws(const CheckContext& context) { return context.quick ? 1'000 : 20'000; }

}  // namespace

namespace detail {

// X = |s_hat^{L,net}(x) - s_sigma(x)|^2 for x ~ g~_sigma. Each draw gives an enclosure of X from the
// network's double outputs with their certified error bounds (FastEvaluator::evaluate_with_error_bound)
// and the exact score's ball (R.4); the test uses Y = min(lower(X), M_cap) <= X, so E Y <= E X and
// the claim E X <= c implies E Y <= c: the empirical-Bernstein test on Y in [0, M_cap] keeps its
// false-failure probability gamma_MC for any cap. M_cap = min(M, 4c), M = (4a^2 n + m delta^2/4)/kappa^4
// the pointwise range of spec C.7 (with M itself the range term 7 M ln(2/gamma)/(3(N-1)) would be
// 250-4000 times c, and no bound, however false, could be rejected; spec/README.md Erratum 26).
CheckResult network_error(const CheckContext& context, const Ball& bound_scale, const KnotEdit& edit) {
  const PrecisionScope scope(kPrecision);
  const Instance instance = small_instance(context.instance);
  const density::VertexMixture mixture(instance);
  const sampling::InstanceSampler sampler(instance);
  sampling::RandomSource source(context.seed);
  const std::uint64_t draws = error_draws(context);
  const int n = instance.n();
  const int m = instance.m();
  const int d = instance.d();
  const Rational& a = instance.a();
  CheckResult result;
  result.passed = true;
  std::vector<std::string> margins;
  for (std::size_t r = 0; r < error_kappa_over_delta().size(); ++r) {
    const Rational& ratio = error_kappa_over_delta()[r];
    const Rational kappa = ratio * instance.delta();
    const Rational kappa2 = kappa * kappa;
    const Rational eta = relu::large_noise_eta(Rational(1, 10), kappa, n);
    std::vector<relu::Knot> knots = relu::large_noise_knots(a, kappa2, eta);
    if (edit) edit(knots);
    const relu::Network network = relu::large_noise_score_network(n, m, knots, kappa2);
    const relu::FastEvaluator evaluator(network);
    const Ball kappa_ball(kappa);
    const density::PhaseBounds phase = density::phase_bounds(kappa_ball, instance.delta(), m);
    const Ball kappa4 = sqr(Ball(kappa2));
    const Ball expected_large = Ball(n) * sqr(Ball(a)) * sqr(phase.rho) / (Ball(4) * kappa4) + Ball(m) * sqr(phase.xi);  // E_L
    const Ball bound = bound_scale * (Ball(2 * n) * Ball(eta * eta) / kappa4 + Ball(2) * expected_large);
    const Rational range = (4 * a * a * n + m * instance.delta() * instance.delta() / 4) / (kappa2 * kappa2);
    const Rational cap = std::min(range, Rational(4 * bound.upper_rational()));
    const double blur = kappa.convert_to<double>();  // g~_sigma = g * N(0, kappa^2 I): blur sqrt(tau^2 + sigma^2) = kappa
    stats::MeanAccumulator accumulator;
    std::uint64_t capped = 0;
    Ball largest_error_bound;  // max over draws and outputs of the network's certified error bound
    std::vector<double> error_bounds;
    for (std::uint64_t i = 0; i < draws; ++i) {
      const std::vector<double> x = sampler.draw(source, blur).x;
      const std::vector<double> estimate = evaluator.evaluate_with_error_bound(x, error_bounds);
      std::vector<Ball> point;
      point.reserve(static_cast<std::size_t>(d));
      for (double value : x) point.emplace_back(Rational(value));  // doubles are exact dyadic rationals
      const density::ExactScore exact = mixture.score(point, kappa_ball);
      Ball squared_error;
      bool bounded = true;  // an infinite error bound (overflow) leaves only lower(X) = 0
      for (int k = 0; k < d; ++k) {
        if (!std::isfinite(error_bounds[k])) {
          bounded = false;
          break;
        }
        Ball difference = Ball(Rational(estimate[k])) - exact.score[k];
        add_error(difference, Ball(Rational(error_bounds[k])));  // the exact network value is within the bound
        squared_error += sqr(difference);
        largest_error_bound = max(largest_error_bound, Ball(Rational(error_bounds[k])));
      }
      Rational lower = bounded && squared_error.is_finite() ? squared_error.lower_rational() : Rational(0);
      if (lower < 0) lower = 0;
      if (lower > cap) {
        lower = cap;
        ++capped;
      }
      accumulator.add(Ball(lower));
      if (context.progress && i % 256 == 0) {
        context.progress((static_cast<double>(r) + static_cast<double>(i) / static_cast<double>(draws)) /
                         static_cast<double>(error_kappa_over_delta().size()));
      }
    }
    const Ball deviation = stats::bernstein_deviation(accumulator.sample_variance(), Ball(cap), draws, stats::gamma_mc());
    const Ball lower_confidence = accumulator.mean() - deviation;
    const Ball upper_confidence = accumulator.mean() + deviation;
    const bool consistent = is_certainly_true(le(lower_confidence, bound));
    const bool confirmed = is_certainly_true(le(upper_confidence, bound));
    result.passed = result.passed && consistent;
    result.log.push_back(fmt::format(
        "C.7(kappa/delta={}): kappa = {}, eta = {}, K = {} ({} units): mean X = {}, Bernstein deviation {} (range {}, {} of {} "
        "draws capped), max network error bound {}: mean - dev = {} {} bound 2n eta^2/kappa^4 + 2 E_L = {} (E_L = {}); "
        "mean + dev = {} {} bound",
        to_decimal(ratio, 3), to_decimal(kappa, 4), to_decimal(eta, 6), knots.empty() ? 0 : knots.size() - 1, network.num_units(),
        value_str(accumulator.mean()), value_str(deviation), to_decimal(cap, 4), capped, draws, largest_error_bound.mid_str(2),
        value_str(lower_confidence), consistent ? "<=" : "NOT <=", value_str(bound), expected_large.mid_str(3),
        value_str(upper_confidence), confirmed ? "<=" : "NOT <="));
    margins.push_back(fmt::format("C.7(kappa/delta={}): mean {} + dev {} {} bound {}", to_decimal(ratio, 3), value_str(accumulator.mean()),
                                  value_str(deviation), confirmed ? "<=" : (consistent ? "> (mean - dev <=)" : "NOT <="),
                                  value_str(bound)));
  }
  result.margin = fmt::format("E|s_hat^L,net - s_sigma|^2 <= 2n eta^2/kappa^4 + 2E_L not rejected: {}", fmt::join(margins, "; "));
  result.parameters = {{"n", kRegimeSize},
                       {"m", kRegimeSize},
                       {"kappa_over_delta", {"1", "2", "4"}},
                       {"epsilon", "0.1"},
                       {"eta", "eps kappa/(2 sqrt n) rounded down to 48 bits"},
                       {"draws_per_kappa", draws},
                       {"gamma_MC", "1e-9 per kappa"},
                       {"range", "min((4a^2 n + m delta^2/4)/kappa^4, 4 bound)"},
                       {"precision_bits", kPrecision}};
  return result;
}

}  // namespace detail

void register_large_noise_network_checks(audit::Registry& registry) {
  registry.add({"C.7:increments-and-end-gaps", spec::CheckKind::kCertified,
                [](const CheckContext& context) { return detail::increments_and_end_gaps(context, Rational(1), {}); }});
  registry.add({"C.7:network-error", spec::CheckKind::kStatistical,
                [](const CheckContext& context) { return detail::network_error(context, Ball(1), {}); }});
}

}  // namespace dpsi::checks
