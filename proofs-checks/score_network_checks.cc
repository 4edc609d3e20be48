#include "proofs-checks/score_network_checks.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "dpsi/instance/lattice_tails.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/score_network.h"
#include "proofs-checks/printed_value.h"
#include "proofs-checks/well_modeled_estimate.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

std::string short_decimal(const Rational& value) { return to_decimal(value, 4); }

// The noise levels of the well-modeled table that fall in the small regime (C.4's knots), all of
// them in full mode and the first, middle and last in quick mode.
std::vector<relu::NoiseLevel> small_levels(const Instance& instance, bool quick) {
  std::vector<relu::NoiseLevel> levels;
  for (const Rational& sigma : relu::well_modeled_sigma_grid()) {
    const relu::NoiseLevel level = relu::noise_level(instance, sigma, Rational(1, 10));
    if (level.small_regime) levels.push_back(level);
  }
  if (quick && levels.size() > 3) levels = {levels.front(), levels[levels.size() / 2], levels.back()};
  return levels;
}

CheckResult knot_increments_check(const CheckContext& context) { return detail::knot_increments(context, Rational(1)); }

// C.4:error-terms-defaults: t1, t2 and the A.3(iii) bound on P_B at the defaults, to the digits of
// spec C.4's constants; P_W and t3 = 2 m delta^2 (P_B + P_W) at kappa* with dpsi's window are logged.
CheckResult error_terms_defaults(const CheckContext& context) {
  const PrecisionScope scope(256);
  const Instance instance = Instance::defaults();
  const Ball a(instance.a());
  const Ball delta(instance.delta());
  const Ball n(instance.n());
  const Ball m(instance.m());
  const Ball kappa(instance.kappa_star());
  const Ball gamma(instance.gamma());
  const auto [t1, t2] = relu::small_regime_terms(instance, kappa, instance.gamma());
  const Ball phibar9 = normal_tail((a - gamma) / kappa);
  const Ball p_b = instance::blurred_tail_bound_via_i(instance.delta(), instance.kappa_star(), Rational(10), Rational(1));
  const Ball t3_old = Ball(2) * m * sqr(delta) * p_b;
  struct Printed {
    const char* name;
    const char* digits;
    Ball value;
  };
  const std::vector<Printed> printed = {{"t1", "9.77780e-22", t1}, {"t2", "1.15640e-16", t2},
                                        {"Phibar(9)", "1.12859e-19", phibar9}, {"2 m delta^2 P_B", "2.26956e-20", t3_old}};
  CheckResult result;
  result.passed = true;
  for (const Printed& entry : printed) {
    const bool ok = rounds_to(entry.value, entry.digits) == Certainty::kTrue;
    result.passed = result.passed && ok;
    result.log.push_back(fmt::format("C.4 constants: {} = {} prints as {}: {}", entry.name, entry.value.str(12), entry.digits,
                                     ok ? "yes" : "NO"));
  }
  relu::NoiseLevel at_switch;
  at_switch.kappa2 = instance.kappa_star() * instance.kappa_star();
  at_switch.small_regime = true;
  at_switch.eta = relu::dyadic_below(Ball(Rational(1, 10)) * kappa / (Ball(2) * sqrt(m)));
  const relu::SmallRegimeParameters parameters = relu::small_regime_parameters(instance, at_switch);
  const Ball p_w = relu::window_probability_bound(instance.delta(), at_switch.kappa2, parameters.window);
  const Ball t3 = Ball(2) * m * sqr(delta) * (p_b + p_w);
  result.log.push_back(fmt::format("C.4 at kappa* (eps = 0.1, eta = {}): window = delta 2^-{}, P_W <= {}, t3 <= {}", short_decimal(at_switch.eta),
                                   static_cast<long>(std::lround(std::log2(static_cast<double>(instance.delta() / parameters.window)))),
                                   p_w.mid_str(4), t3.mid_str(4)));
  result.margin = fmt::format("t1 = {}, t2 = {}, 2 m delta^2 P_B <= {} (all as printed in spec C.4); with windows t3 <= {}",
                              t1.mid_str(6), t2.mid_str(6), t3_old.mid_str(6), t3.mid_str(4));
  result.parameters = {{"precision_bits", 256}, {"B", "10"}, {"r", "1"}, {"epsilon_for_window", "0.1"}};
  (void)context;
  return result;
}

CheckResult network_error_check(const CheckContext& context) {
  return detail::network_error(context, [](relu::PeriodKnots&) {});
}

}  // namespace

namespace detail {

CheckResult knot_increments(const CheckContext& context, const Rational& eta_scale) {
  const Instance& instance = context.instance;
  const std::vector<relu::NoiseLevel> levels = small_levels(instance, context.quick);
  CheckResult result;
  result.passed = true;
  Rational worst_ratio(0);
  std::string worst;
  std::size_t done = 0;
  for (const relu::NoiseLevel& level : levels) {
    const relu::SmallRegimeParameters parameters = relu::small_regime_parameters(instance, level);
    const relu::PeriodKnots knots = relu::period_knots(instance.delta(), level.kappa2, level.eta, parameters.window);
    const Rational eta = level.eta * eta_scale;
    const relu::KnotCertificate certificate = relu::certify_period_knots(knots, instance.delta(), level.kappa2, eta);
    for (int b = 0; b < 2; ++b) {
      const auto k = static_cast<std::size_t>(b);
      const Rational used = certificate.max_increment[k] + certificate.max_rounding[k];
      const Rational ratio = used / eta;
      if (ratio > worst_ratio) {
        worst_ratio = ratio;
        worst = fmt::format("sigma = {}, b = {}", short_decimal(level.sigma), b);
      }
      result.log.push_back(fmt::format("C.1(sigma={}, b={}): {} knots, max increment {} + rounding {} <= eta = {}: {}",
                                       short_decimal(level.sigma), b, knots.u.size(), to_decimal(certificate.max_increment[k], 4),
                                       to_decimal(certificate.max_rounding[k], 2), to_decimal(eta, 4),
                                       used <= eta ? "yes" : "NO"));
    }
    result.passed = result.passed && certificate.holds == Certainty::kTrue;
    if (context.progress) context.progress(static_cast<double>(++done) / static_cast<double>(levels.size()));
  }
  result.margin = fmt::format("{} small-regime knot sets (eps = 0.1): max (increment + rounding)/eta = {} at {}", levels.size(),
                              to_decimal(worst_ratio, 6), worst);
  result.parameters = {{"epsilon", "0.1"}, {"levels", levels.size()}, {"precision_bits", 128}, {"eta_scale", to_decimal(eta_scale)}};
  return result;
}

CheckResult network_error(const CheckContext& context, const KnotTamper& tamper) {
  ParameterValues values = context.instance.values();
  values.n = 5;
  values.m = 5;
  const Instance instance = Instance::from(values);
  const owf::Circuit circuit = owf::owf_circuit(5, 5);
  const Rational eta(1, 500);
  const Rational gamma(1, 10);
  const Rational B(6);
  const std::vector<Rational> sigmas = {Rational(1, 100), Rational(3, 100), Rational(6, 100)};
  const std::uint64_t draws = context.quick ? 200 : 4000;
  CheckResult result;
  result.passed = true;
  std::string margin;
  for (std::size_t k = 0; k < sigmas.size(); ++k) {
    relu::NoiseLevel level;
    level.sigma = sigmas[k];
    level.kappa2 = instance.tau() * instance.tau() + level.sigma * level.sigma;
    level.small_regime = true;
    level.eta = eta;
    relu::SmallRegimeParameters parameters = relu::small_regime_parameters(instance, level);
    parameters.B = B;
    relu::PeriodKnots knots = relu::period_knots(instance.delta(), level.kappa2, eta, parameters.window);
    tamper(knots);
    const relu::SmallNoiseNetwork network(instance, circuit, {level.kappa2, eta, gamma, B, parameters.window}, std::move(knots));
    const Ball bound = relu::small_regime_bound(instance, level, parameters);
    const SmallRegimeShape shape{level.kappa2, eta, gamma, B, parameters.window, network.knots().cut};
    const auto progress = [&](double fraction) {
      if (context.progress) context.progress((static_cast<double>(k) + fraction) / static_cast<double>(sigmas.size()));
    };
    const WellModeledEstimate estimate = estimate_small_regime(
        instance, level.sigma, shape,
        [&network](std::span<const double> x, std::vector<double>& errors) { return network.evaluate_certified(x, errors); },
        draws, context.seed + k, progress);
    const bool ok = estimate.cap_violations == 0 && is_certainly_true(le(estimate.upper_bound, bound));
    result.passed = result.passed && ok;
    result.log.push_back(fmt::format(
        "C.4(sigma={}): mean V {} + deviation {} + certified rest {} = {} <= bound {}: {}; {} draws off A, {} bad coordinates, {} cap violations{}",
        short_decimal(level.sigma), estimate.mean.mid_str(3), estimate.deviation.mid_str(3), estimate.extras.mid_str(3),
        estimate.upper_bound.mid_str(4), bound.mid_str(4), ok ? "yes" : "NO", estimate.off_event, estimate.bad_coordinates,
        estimate.cap_violations, estimate.cap_violations ? " (" + estimate.worst_violation + ")" : ""));
    margin += fmt::format("{}sigma={}: UCB {} <= {}", k ? "; " : "", short_decimal(level.sigma), estimate.upper_bound.mid_str(3),
                          bound.mid_str(3));
  }
  result.margin = margin;
  result.parameters = {{"n", 5}, {"m", 5}, {"eta", "1/500"}, {"gamma", "1/10"}, {"B", "6"}, {"sigma", {"0.01", "0.03", "0.06"}},
                       {"draws_per_sigma", draws}, {"gamma_MC", "1e-9 per claim"}, {"theta", "kappa^2/10^4"}};
  return result;
}

}  // namespace detail

void register_score_network_checks(audit::Registry& registry) {
  registry.add({"C.1:knot-increments", spec::CheckKind::kCertified, knot_increments_check});
  registry.add({"C.4:error-terms-defaults", spec::CheckKind::kCertified, error_terms_defaults});
  registry.add({"C.4:network-error", spec::CheckKind::kStatistical, network_error_check});
}

}  // namespace dpsi::checks
