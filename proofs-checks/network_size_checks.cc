#include "proofs-checks/network_size_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/network.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr int kSmallSize = 5;
// Spec C.4 "Constants": W at kappa* with dpsi's window w = delta 2^-13.
constexpr long kPrintedWeightBoundAtKappaStar = 1'654'784;  // the second instance of the check: n = m = 5 (spec A.6 check details)

Instance small_instance(const Instance& audited) {
  ParameterValues values = audited.values();
  values.n = kSmallSize;
  values.m = kSmallSize;
  return Instance::from(values);
}

// The grid of the well-modeled table; quick mode keeps its two ends and the two levels either side
// of the regime switch kappa = kappa* (the last C.4 level and the first C.7 level).
std::vector<Rational> sigma_levels(const Instance& instance, bool quick) {
  const std::vector<Rational> grid = relu::well_modeled_sigma_grid();
  if (!quick) return grid;
  std::vector<Rational> levels = {grid.front()};
  const Rational kappa_star2 = instance.kappa_star() * instance.kappa_star();
  for (std::size_t k = 0; k + 1 < grid.size(); ++k) {
    const Rational here = instance.tau() * instance.tau() + grid[k] * grid[k];
    const Rational next = instance.tau() * instance.tau() + grid[k + 1] * grid[k + 1];
    if (here <= kappa_star2 && next > kappa_star2) {
      if (k != 0) levels.push_back(grid[k]);
      if (k + 1 != grid.size() - 1) levels.push_back(grid[k + 1]);
    }
  }
  levels.push_back(grid.back());
  return levels;
}

// The largest |weight| or |bias| of a network, exactly, and where it sits.
struct LargestWeight {
  Rational value{0};
  std::size_t layer = 0;  // 0 = the output layer
  bool is_bias = false;
};

LargestWeight largest_weight(const relu::Network& network) {
  LargestWeight largest;
  const auto consider = [&](const relu::AffineForm& form, std::size_t layer) {
    if (abs(form.bias) > largest.value) largest = {abs(form.bias), layer, true};
    for (const auto& term : form.terms) {
      if (abs(term.second) > largest.value) largest = {abs(term.second), layer, false};
    }
  };
  const std::vector<relu::AffineForm>& units = network.units();
  for (std::size_t u = 0; u < units.size(); ++u) {
    consider(units[u], network.layer_of(static_cast<relu::NodeId>(network.num_inputs() + u)));
  }
  for (const relu::AffineForm& output : network.outputs()) consider(output, 0);
  return largest;
}

// C.4's layers: soft bits, D_f circuit levels, then ramps (two layers), clamp, hinges, gate.
std::string small_layer_name(std::size_t layer, std::size_t circuit_depth) {
  if (layer == 0) return "output";
  if (layer == 1) return "soft bits";
  if (layer <= circuit_depth + 1) return fmt::format("circuit level {}", layer - 1);
  static const char* const kTail[] = {"ramps, first", "ramps, second", "clamp", "hinges", "gate"};
  const std::size_t k = layer - circuit_depth - 2;
  return k < 5 ? kTail[k] : "beyond the spec's layers";
}

std::string describe(const LargestWeight& largest, const std::string& layer_name) {
  return fmt::format("{} {} (layer {})", layer_name, largest.is_bias ? "bias" : "weight", largest.layer);
}

// k with ratio = 2^k (the window is delta 2^-k); -1 if ratio is not such a power.
int power_of_two(Rational ratio) {
  int k = 0;
  while (ratio > 1) {
    ratio /= 2;
    ++k;
  }
  return ratio == 1 ? k : -1;
}

std::string ratio_str(const Rational& value, const Rational& bound) { return to_decimal(value / bound, 4); }

}  // namespace

namespace detail {

CircuitSize circuit_size(const Instance& instance) {
  const relu::Network circuit = relu::compile_circuit(owf::owf_circuit(instance.n(), instance.m()));
  return {circuit.num_units(), circuit.depth()};
}

Rational small_regime_weight_bound(const Instance& instance, const Rational& kappa2,
                                   const relu::SmallRegimeParameters& parameters) {
  const Rational& a = instance.a();
  const Rational& delta = instance.delta();
  const Rational v = kappa2 / (1 + kappa2);
  const Rational slope = 1 + Rational(13, 25) * delta * delta / v;  // mbar'_mu: the largest slope of u -> m_b
  const std::vector<Rational> terms = {1 / (2 * parameters.gamma), (parameters.B + 2 * delta) / parameters.window,
                                       2 * slope, slope / kappa2, 2 * a / kappa2, 1 / kappa2, Rational(1)};
  return *std::max_element(terms.begin(), terms.end());
}

Rational large_regime_weight_bound(const Instance& instance, const Rational& kappa2, const Rational& eta) {
  const Rational& a = instance.a();
  std::vector<Rational> terms = {Rational(1), a / kappa2, a * a / (kappa2 * kappa2), 1 / kappa2};
  if (eta < a) {
    const PrecisionScope scope(128);
    const Ball t_last = Ball(kappa2) / Ball(a) * atanh(Ball(1 - eta / a));
    terms.push_back((t_last + mul_2exp(t_last, -52)).upper_rational());
  }
  return *std::max_element(terms.begin(), terms.end());
}

NetworkVerdict compare_network(const Instance& instance, const CircuitSize& circuit, const relu::ScoreNetwork& network,
                               const Rational& epsilon, const Rational& bound_scale) {
  const int n = instance.n();
  const int m = instance.m();
  const relu::NoiseLevel& level = network.level();
  const Rational& kappa2 = level.kappa2;
  const Rational& a = instance.a();
  const Rational& delta = instance.delta();
  const relu::Network& net = network.network();
  NetworkVerdict verdict;
  // eta <= eps kappa / (2 sqrt(count)), i.e. 4 count eta^2 <= eps^2 kappa^2, exactly.
  const int count = level.small_regime ? m : n;
  const bool eta_ok = level.eta > 0 && 4 * count * level.eta * level.eta <= epsilon * epsilon * kappa2;
  const LargestWeight largest = largest_weight(net);
  verdict.max_weight = largest.value;
  const std::string at = fmt::format("sigma = {}, n = m = {}", to_decimal(level.sigma, 4), n);
  if (level.small_regime) {
    const relu::SmallNoiseNetwork& small = *network.small();
    const relu::SmallRegimeParameters& parameters = network.small_parameters();
    const relu::PeriodKnots& knots = small.knots();
    const Rational& w = parameters.window;
    // The sawtooth's ramps, from the spec's formula: c_0 = delta/4 - w/2, j_0 = ceil((mu_lo - delta - c_0)/delta),
    // j_1 = floor((mu_hi - c_0)/delta), mu_hi = -mu_lo = B/(1 + kappa^2).
    const Rational cut = delta / 4 - w / 2;
    const Rational mu_hi = parameters.B / (1 + kappa2);
    const Integer j0 = ceil_of((-mu_hi - delta - cut) / delta);
    const Integer j1 = floor_of((mu_hi - cut) / delta);
    const Integer ramps_formula = j1 - j0 + 1;
    const std::size_t ramps = small.ramps_per_coordinate();
    const std::size_t knot_count = knots.u.size();  // K + 1
    const Rational ramp_bound = bound_scale * (2 * parameters.B / ((1 + kappa2) * delta) + 2);
    const Rational eta_prime = level.eta * (1 - Rational(1, 256));
    const Rational knot_bound = bound_scale * (2 * Rational(ceil_of(delta / eta_prime)) + 1);
    verdict.counts_ok = eta_ok && knots.cut == cut && Integer(ramps) == ramps_formula && Rational(ramps) <= ramp_bound &&
                        Rational(knot_count) <= knot_bound && knot_count >= 2;
    const std::size_t K = knot_count - 1;
    const std::size_t expected_units = 2 * static_cast<std::size_t>(n) + circuit.units +
                                       static_cast<std::size_t>(m) * (2 * ramps + K + 3);
    const std::size_t expected_depth = circuit.depth + 1 + 5;
    verdict.units_ok = net.num_units() == expected_units;
    verdict.depth_ok = net.depth() == expected_depth;
    const Rational bound = small_regime_weight_bound(instance, kappa2, parameters);
    verdict.weight_bound = bound_scale * bound;
    verdict.weights_ok = verdict.max_weight == net.max_abs_weight() && verdict.max_weight <= verdict.weight_bound;
    verdict.largest_at = describe(largest, small_layer_name(largest.layer, circuit.depth));
    verdict.line = fmt::format(
        "A.6 (C.4): {}: units {} {} 2n + U_f + m(2R + K + 3) = {} (U_f = {}, R = {} {} {} ramps, K + 1 = {} {} "
        "2 ceil(delta/eta') + 1 = {} knots); depth {} {} D_f + 6 = {}; max |w| = {} ({}) {} W = {} (ratio {}), "
        "window w = delta 2^-{}",
        at, net.num_units(), verdict.units_ok ? "=" : "!=", expected_units, circuit.units, ramps,
        Rational(ramps) <= ramp_bound ? "<=" : "NOT <=", to_decimal(ramp_bound, 6), knot_count,
        Rational(knot_count) <= knot_bound ? "<=" : "NOT <=", to_decimal(knot_bound, 8), net.depth(),
        verdict.depth_ok ? "=" : "!=", expected_depth, to_decimal(verdict.max_weight, 8), verdict.largest_at,
        verdict.weights_ok ? "<=" : "NOT <=", to_decimal(verdict.weight_bound, 8),
        ratio_str(verdict.max_weight, verdict.weight_bound), power_of_two(delta / w));
    if (!eta_ok || knots.cut != cut || Integer(ramps) != ramps_formula) {
      verdict.line += fmt::format(" [eta as the spec's: {}, cut as the spec's: {}, R = {} by the sawtooth formula]",
                                  eta_ok, knots.cut == cut, ramps_formula.str());
    }
  } else {
    // C.7: K = ceil(2(a - eta)/eta) hinges + 1 per seed coordinate when eta < a, none otherwise.
    const bool has_knots = level.eta < a;
    const Integer K = has_knots ? ceil_of(2 * (a - level.eta) / level.eta) : Integer(0);
    const std::size_t expected_units = has_knots ? static_cast<std::size_t>(n) * (K.convert_to<std::size_t>() + 3) +
                                                       2 * static_cast<std::size_t>(m)
                                                 : 2 * static_cast<std::size_t>(n + m);
    verdict.counts_ok = eta_ok;
    verdict.units_ok = net.num_units() == expected_units;
    verdict.depth_ok = net.depth() == 1;
    verdict.weight_bound = bound_scale * large_regime_weight_bound(instance, kappa2, level.eta);
    verdict.weights_ok = verdict.max_weight == net.max_abs_weight() && verdict.max_weight <= verdict.weight_bound;
    verdict.largest_at = describe(largest, largest.layer == 0 ? "output" : "hinge/identity");
    // The built last knot t^_K (the largest hinge bias, knots are symmetric) against the spec's
    // t_K = (kappa^2/a) artanh(1 - eta/a): the double nearest it, so within 2^-53 t_K (Erratum 27).
    std::string last_knot;
    if (has_knots) {
      Rational t_built(0);
      for (std::size_t u = 0; u < net.num_units(); ++u) t_built = std::max(t_built, abs(net.units()[u].bias));
      const PrecisionScope scope(128);
      const Ball t_spec = Ball(kappa2) / Ball(a) * atanh(Ball(1 - level.eta / a));
      const Ball offset = (Ball(t_built) - t_spec) / t_spec;
      verdict.knot_above_spec = is_certainly_true(gt(Ball(t_built), t_spec));
      last_knot = fmt::format("; last knot t^_K = {} = t_K (1 {} {:.3g})", to_decimal(t_built, 10),
                              verdict.knot_above_spec ? "+" : "-", std::abs(offset.mid_double()));
    }
    verdict.line = fmt::format(
        "A.6 (C.7): {}: units {} {} {} = {} (K = {}); depth {} {} 1; max |w| = {} ({}) {} W = {} (ratio {}){}{}", at,
        net.num_units(), verdict.units_ok ? "=" : "!=", has_knots ? "n(K + 3) + 2m" : "2(n + m)", expected_units, K.str(),
        net.depth(), verdict.depth_ok ? "=" : "!=", to_decimal(verdict.max_weight, 8), verdict.largest_at,
        verdict.weights_ok ? "<=" : "NOT <=", to_decimal(verdict.weight_bound, 8),
        ratio_str(verdict.max_weight, verdict.weight_bound), last_knot, eta_ok ? "" : " [eta exceeds eps kappa/(2 sqrt n)]");
  }
  return verdict;
}

CheckResult network_size_and_weights(const CheckContext& context, const Rational& bound_scale) {
  std::vector<Instance> instances = {context.instance};
  if (context.instance.n() != kSmallSize || context.instance.m() != kSmallSize) {
    instances.push_back(small_instance(context.instance));
  }
  CheckResult result;
  result.passed = true;
  std::size_t total = 0;
  std::size_t within = 0;
  std::size_t done = 0;
  // The largest max|w| / W per regime (0 = C.4, 1 = C.7), and where.
  std::array<Rational, 2> worst_ratio = {Rational(-1), Rational(-1)};
  std::array<std::string, 2> worst_at;
  std::size_t planned = 0;
  for (const Instance& instance : instances) {
    for (const Rational& sigma : sigma_levels(instance, context.quick)) {
      const bool skipped = context.quick && instance.n() != context.instance.n() &&
                           relu::noise_level(instance, sigma, context.epsilon).small_regime;
      planned += skipped ? 0 : 1;
    }
  }
  std::size_t knots_above = 0;  // C.7 networks whose last knot rounds above the spec's t_K
  std::size_t knotted = 0;      // C.7 networks with knots
  const auto start = std::chrono::steady_clock::now();
  for (const Instance& instance : instances) {
    const owf::Circuit circuit = owf::owf_circuit(instance.n(), instance.m());
    CircuitSize size;  // compiled on first use: only C.4 networks need it
    bool size_known = false;
    for (const Rational& sigma : sigma_levels(instance, context.quick)) {
      // Quick mode builds the second instance's C.7 networks only (a C.4 network carries the whole
      // compiled circuit and takes seconds; the audited instance's cover C.4).
      if (context.quick && instance.n() != context.instance.n() && relu::noise_level(instance, sigma, context.epsilon).small_regime) {
        continue;
      }
      const relu::ScoreNetwork network(instance, circuit, sigma, context.epsilon);
      if (network.level().small_regime && !size_known) {
        size = circuit_size(instance);
        size_known = true;
        result.log.push_back(fmt::format("A.6: n = m = {}: compiled circuit U_f = {} units, D_f = {} levels", instance.n(),
                                         size.units, size.depth));
      }
      const NetworkVerdict verdict = compare_network(instance, size, network, context.epsilon, bound_scale);
      knots_above += verdict.knot_above_spec ? 1 : 0;
      knotted += !network.level().small_regime && network.level().eta < instance.a() ? 1 : 0;
      ++total;
      within += verdict.passed() ? 1 : 0;
      result.passed = result.passed && verdict.passed();
      result.log.push_back(verdict.line);
      const int regime = network.level().small_regime ? 0 : 1;
      const Rational ratio = verdict.max_weight / verdict.weight_bound;
      if (ratio > worst_ratio[regime]) {
        worst_ratio[regime] = ratio;
        worst_at[regime] = fmt::format("sigma = {}, n = m = {}, {}", to_decimal(sigma, 4), instance.n(), verdict.largest_at);
      }
      if (context.progress) context.progress(static_cast<double>(++done) / static_cast<double>(planned));
    }
  }
  result.log.push_back(fmt::format(
      "A.6 (C.7): the built last knot t^_K (the double nearest t_K) exceeds the spec's real t_K in {} of {} networks with "
      "knots; W uses t_K (1 + 2^-52) (Erratum 27)",
      knots_above, knotted));
  // Spec C.4's printed weight bound at kappa* (the defaults, eps = 0.1, dpsi's window).
  {
    const Instance defaults = Instance::defaults();
    const Rational kappa2 = defaults.kappa_star() * defaults.kappa_star();
    const PrecisionScope scope(128);
    const Rational eta = relu::dyadic_below(Ball(Rational(1, 10)) * Ball(defaults.kappa_star()) / (Ball(2) * sqrt(Ball(defaults.m()))));
    const Rational& delta = defaults.delta();
    const relu::SmallRegimeParameters parameters{defaults.gamma(), Rational(10),
                                                 relu::choose_window(delta, kappa2, eta * eta / (4 * delta * delta))};
    const Rational w_star = small_regime_weight_bound(defaults, kappa2, parameters);
    const bool printed = w_star == kPrintedWeightBoundAtKappaStar;
    result.passed = result.passed && printed;
    result.log.push_back(fmt::format(
        "A.6 (C.4): at kappa* (defaults, eps = 0.1): w = delta 2^-{}, W = (B + 2 delta)/w = {} ({} the printed {})",
        power_of_two(delta / parameters.window), to_fraction(w_star), printed ? "=" : "!=", kPrintedWeightBoundAtKappaStar));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto regime_margin = [&](int regime) {
    if (worst_ratio[regime] < 0) return std::string("none built");
    return fmt::format("{} ({})", to_decimal(worst_ratio[regime], 4), worst_at[regime]);
  };
  result.margin = fmt::format(
      "A.6: {}/{} networks within the size and weight formulas; largest max|w| / W: C.4 {}, C.7 {}", within, total,
      regime_margin(0), regime_margin(1));
  result.log.push_back(fmt::format("A.6: {} networks built and compared in {:.1f} s", total, seconds));
  result.parameters = {
      {"sigma", context.quick ? "grid ends and the two levels either side of kappa*" : "all 19 levels of well_modeled_sigma_grid"},
      {"instances", instances.size() == 2 ? (context.quick ? "audited, and n = m = 5 at the C.7 levels" : "audited and n = m = 5")
                                          : "audited"},
      {"epsilon", to_decimal(context.epsilon)},
      {"bound_scale", to_fraction(bound_scale)},
      {"comparison", "exact rationals (t_K of C.7 by a 128-bit enclosure's upper end)"}};
  return result;
}

}  // namespace detail

void register_network_size_checks(audit::Registry& registry) {
  registry.add({"A.6:network-size-and-weights", spec::CheckKind::kExact,
                [](const CheckContext& context) { return detail::network_size_and_weights(context, Rational(1)); }});
}

}  // namespace dpsi::checks
