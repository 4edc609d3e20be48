#include "proofs-checks/reduction_constants_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"
#include "dpsi/instance/decoding_error.h"
#include "dpsi/instance/lattice_tails.h"
#include "proofs-checks/certified_value.h"
#include "proofs-checks/printed_value.h"

namespace dpsi::checks {
namespace detail {

InversionBounds inversion_bounds(const Instance& instance) {
  const Ball a(instance.a());
  const Ball tau(instance.tau());
  const Ball z = instance::decoding_margin(instance);
  const Ball alpha_beta(Rational(2, 10));
  const Ball sign_tail = normal_tail(a / tau);
  const long m_factor = DPSI_FAULT("reduction-constants.b2-m-off-by-one") ? instance.m() + 1 : instance.m();
  const Ball coarse = Ball(1) - alpha_beta - Ball(4) * Ball(m_factor) * normal_tail(z) - Ball(instance.n()) * sign_tail;
  const Ball p_dec = instance::decoding_failure_probability(instance::decoding_error(z), instance.m());
  const Ball p_sgn = -expm1(Ball(instance.n()) * log1p(-sign_tail));  // 1 - (1 - Phibar(a/tau))^n
  return {coarse, Ball(1) - alpha_beta - Ball(2) * p_dec - p_sgn};
}

Ball ell(const Instance& instance, const Rational& beta) {
  const Ball m(instance.m());
  const Ball nu = instance::noise_scale(instance.tau(), instance.sigma_y());
  const Ball theta_one = instance::big_theta_one(instance.delta());
  const Ball x_beta = -log(Ball(beta)) + m * instance::log_c_theta(instance.delta());
  const Ball plus_m = DPSI_FAULT("reduction-constants.e3-ell-plus-m-dropped") ? Ball(0) : m;
  return Ball(instance.n()) * log(Ball(2)) +
         m * log(sqrt(Ball(2) * Ball::pi()) * nu * (Ball(1) + theta_one) / (Ball(instance.sigma_y()) * Ball(instance.delta()))) + plus_m +
         sqrt(Ball(2) * m * x_beta) + x_beta;
}

namespace {
// m max_b P_{h_b^(nu)}(|y| > R), nu = sqrt(tau^2 + sigma_y^2) enclosed (lattice_tails.h's blurred_tail).
Ball measurement_tail(const Instance& instance, const Ball& nu, const Rational& R) {
  Ball worst(0);
  // Lattice points up to R + 10 summed: the rest is below 2 e^{-(R+10)^2/2}/(1 - e^{-(R+10) delta}), some 1e-34 of
  // the tail near R = 3.17, and the bisection evaluates this ~70 times.
  constexpr long kCutoff = 10;
  // Both phases: at the defaults b = 1 (lattice point 3.175 just above R) decides R (spec E.T, Erratum 10).
  const int phases = DPSI_FAULT("reduction-constants.et-r-from-b0-only") ? 1 : 2;
  for (int b = 0; b < phases; ++b) worst = max(worst, instance::blurred_tail(instance.delta(), b, nu, R, kCutoff));
  return Ball(instance.m()) * worst;
}
}  // namespace

TheoremEParameters theorem_e_parameters(const Instance& instance, const Rational& alpha, const Rational& beta,
                                        const Rational& width) {
  const Ball nu = instance::noise_scale(instance.tau(), instance.sigma_y());
  const Ball target(Rational(beta / 4));
  TheoremEParameters parameters;
  parameters.r_lower = 3;
  parameters.r_upper = 4;
  if (!is_certainly_true(gt(measurement_tail(instance, nu, parameters.r_lower), target)) ||
      !is_certainly_true(le(measurement_tail(instance, nu, parameters.r_upper), target))) {
    throw std::runtime_error("E.T: [3, 4] does not bracket the least admissible R");
  }
  while (parameters.r_upper - parameters.r_lower > width) {
    const Rational middle = (parameters.r_lower + parameters.r_upper) / 2;
    const Certainty admissible = le(measurement_tail(instance, nu, middle), target);
    if (admissible == Certainty::kUndecided) throw std::runtime_error("E.T: bisection undecided at R = " + to_decimal(middle, 12));
    (admissible == Certainty::kTrue ? parameters.r_upper : parameters.r_lower) = middle;
    ++parameters.bisection_steps;
  }
  parameters.r = Ball::interval(parameters.r_lower, parameters.r_upper);
  parameters.t = Ball(Rational(beta / 4)) *
                 pow(sqrt(Ball(2) * Ball::pi()) * Ball(instance.sigma_y()) / (Ball(2) * parameters.r), static_cast<unsigned long>(instance.m()));
  parameters.t_max = log(Ball(Rational(2 / alpha))) / parameters.t;
  parameters.epsilon_p = alpha * beta / 12;
  return parameters;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;

// B.2:bound-defaults: both forms of the bound are >= 0.7998897 (certified lower ends). Certified values for
// D.A/D.B: alpha, beta (as used), the lower ends of both forms and the upper end of the failure terms
// 4 m Phibar(z) + n Phibar(a/tau) at the defaults.
CheckResult bound_defaults(const CheckContext&) {
  const PrecisionScope scope(256);
  const Rational alpha(1, 10);
  const Rational beta(1, 10);
  const detail::InversionBounds bounds = detail::inversion_bounds(Instance::defaults());
  const Ball threshold = Ball::from_decimal("0.7998897");
  const bool coarse_ok = is_certainly_true(ge(bounds.coarse, threshold));
  const bool sharp_ok = is_certainly_true(ge(bounds.sharp, threshold));
  CheckResult result;
  result.passed = coarse_ok && sharp_ok;
  result.log.push_back(fmt::format("B.2: 1 - 0.2 - 4 m Phibar(z) - n Phibar(a/tau) = {} >= 0.7998897: {}", bounds.coarse.str(12),
                                   coarse_ok ? "yes" : "NO"));
  result.log.push_back(fmt::format("B.2: 1 - 0.2 - 2 P_dec - P_sgn = {} >= 0.7998897: {} (sharper by {})", bounds.sharp.str(12),
                                   sharp_ok ? "yes" : "NO", (bounds.sharp - bounds.coarse).mid_str(4)));
  if (result.passed) {
    result.margin = fmt::format("coarse {} and sharp {} >= 0.7998897 (a (1/10,1/10)-posterior sampler inverts f with at least this probability)",
                                bounds.coarse.mid_str(9), bounds.sharp.mid_str(9));
  } else {
    result.margin = fmt::format("FAILS: {}{}{} not certainly >= 0.7998897 (lower ends {}, {})", coarse_ok ? "" : "coarse bound",
                                coarse_ok || sharp_ok ? "" : " and ", sharp_ok ? "" : "sharp bound", bounds.coarse.str(12),
                                bounds.sharp.str(12));
  }
  result.certified_values["alpha"] = alpha;
  result.certified_values["beta"] = beta;
  result.certified_values["success_coarse_lower"] = certified_lower(bounds.coarse);
  result.certified_values["success_sharp_lower"] = certified_lower(bounds.sharp);
  result.certified_values["failure_terms_upper"] = certified_upper(Ball(Rational(1) - alpha - beta) - bounds.coarse);
  result.parameters = {{"precision_bits", 256}, {"alpha", "0.1"}, {"beta", "0.1"}};
  return result;
}

// E.3:ell-defaults: the enclosure of ell(0.1) rounds to 101.7989 at its last printed digit.
CheckResult ell_defaults(const CheckContext&) {
  const PrecisionScope scope(256);
  const Ball value = detail::ell(Instance::defaults(), Rational(1, 10));
  const Certainty printed = rounds_to(value, "101.7989");
  const Ball decimal_exponent = value / log(Ball(10));
  CheckResult result;
  result.passed = printed == Certainty::kTrue;
  result.log.push_back(fmt::format("E.3: ell(0.1) = {} nats (1/a(y) <= 10^{} with probability >= 0.9) prints as 101.7989: {}",
                                   value.str(15), decimal_exponent.mid_str(6), result.passed ? "yes" : "NO"));
  result.margin = result.passed ? fmt::format("ell(0.1) = {} nats = 10^{}, as printed in spec E.3", value.mid_str(10), decimal_exponent.mid_str(6))
                                : fmt::format("FAILS: ell(0.1) = {} nats does not certainly print as the spec's 101.7989", value.str(12));
  result.parameters = {{"precision_bits", 256}, {"beta", "0.1"}};
  return result;
}

// E.T:parameters-defaults: the least admissible R (enclosure of width < 1e-6 that rounds to 3.1733075),
// t and T_max as printed, alpha = beta = 0.1.
CheckResult parameters_defaults(const CheckContext&) {
  // 128 bits: the tail near R is ~1.6e-3 and the claims need ~10 digits; 256 bits doubled the run time.
  const PrecisionScope scope(128);
  const Rational alpha(1, 10);
  const Rational beta(1, 10);
  const Rational width(1, 1'000'000'000);
  const detail::TheoremEParameters parameters = detail::theorem_e_parameters(Instance::defaults(), alpha, beta, width);
  const bool r_ok = rounds_to(parameters.r, "3.1733075") == Certainty::kTrue;
  const bool t_ok = rounds_to(parameters.t, "2.04054e-50") == Certainty::kTrue;
  // T_max = ceil(ln(2/alpha)/t): the ceiling adds less than 1, far below the printed unit 1e45.
  const Ball t_max_ceiling = parameters.t_max + Ball::interval(Rational(0), Rational(1));
  const bool t_max_ok = rounds_to(t_max_ceiling, "1.46811e50") == Certainty::kTrue;
  const bool eps_ok = rounds_to(Ball(parameters.epsilon_p), "8.33e-4") == Certainty::kTrue;
  CheckResult result;
  result.passed = r_ok && t_ok && t_max_ok && eps_ok;
  result.log.push_back(fmt::format("E.T: least R with m max_b P_h(|y| > R) <= beta/4 in [{}, {}] (width {}, {} bisection steps) "
                                   "prints as 3.1733075: {}",
                                   to_decimal(parameters.r_lower, 12), to_decimal(parameters.r_upper, 12),
                                   to_decimal(parameters.r_upper - parameters.r_lower, 3), parameters.bisection_steps,
                                   r_ok ? "yes" : "NO"));
  result.log.push_back(fmt::format("E.T: t = (beta/4)(sqrt(2 pi) sigma_y/(2R))^m = {} prints as 2.04054e-50: {}",
                                   parameters.t.str(10), t_ok ? "yes" : "NO"));
  result.log.push_back(fmt::format("E.T: T_max = ceil(ln(2/alpha)/t) in {} prints as 1.46811e50: {}", t_max_ceiling.str(10),
                                   t_max_ok ? "yes" : "NO"));
  result.log.push_back(fmt::format("E.T: eps_p <= alpha beta/12 = {} prints as 8.33e-4: {}", to_decimal(parameters.epsilon_p, 6),
                                   eps_ok ? "yes" : "NO"));
  const std::string values = fmt::format("least R in [{}, {}], t = {}, T_max = {}, eps_p <= {}", to_decimal(parameters.r_lower, 12),
                                         to_decimal(parameters.r_upper, 12), parameters.t.mid_str(6), t_max_ceiling.mid_str(6),
                                         to_decimal(parameters.epsilon_p, 3));
  result.margin = values + " (as printed in spec E.T)";
  if (!result.passed) {
    std::string wrong;
    auto note = [&wrong](bool ok, const std::string& what) {
      if (!ok) wrong += (wrong.empty() ? "" : ", ") + what;
    };
    note(r_ok, "R does not print as 3.1733075");
    note(t_ok, "t does not print as 2.04054e-50");
    note(t_max_ok, "T_max does not print as 1.46811e50");
    note(eps_ok, "eps_p does not print as 8.33e-4");
    result.margin = "FAILS: " + wrong + "; computed " + values;
  }
  result.parameters = {{"precision_bits", 128}, {"alpha", "0.1"}, {"beta", "0.1"}, {"bisection_width", "1e-9"}};
  return result;
}

}  // namespace

void register_reduction_constants_checks(audit::Registry& registry) {
  registry.add({"B.2:bound-defaults", spec::CheckKind::kCertified, bound_defaults});
  registry.add({"E.3:ell-defaults", spec::CheckKind::kCertified, ell_defaults});
  registry.add({"E.T:parameters-defaults", spec::CheckKind::kCertified, parameters_defaults});
}

}  // namespace dpsi::checks
