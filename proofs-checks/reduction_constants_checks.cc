#include "proofs-checks/reduction_constants_checks.h"

#include <fmt/format.h>

#include "dpsi/instance/decoding_error.h"
#include "dpsi/instance/lattice_tails.h"
#include "proofs-checks/printed_value.h"

namespace dpsi::checks {
namespace detail {

InversionBounds inversion_bounds(const Instance& instance) {
  const Ball a(instance.a());
  const Ball tau(instance.tau());
  const Ball z = instance::decoding_margin(instance);
  const Ball alpha_beta(Rational(2, 10));
  const Ball sign_tail = normal_tail(a / tau);
  const Ball coarse = Ball(1) - alpha_beta - Ball(4) * Ball(instance.m()) * normal_tail(z) - Ball(instance.n()) * sign_tail;
  const Ball p_dec = instance::decoding_failure_probability(instance::decoding_error(z), instance.m());
  const Ball p_sgn = -expm1(Ball(instance.n()) * log1p(-sign_tail));  // 1 - (1 - Phibar(a/tau))^n
  return {coarse, Ball(1) - alpha_beta - Ball(2) * p_dec - p_sgn};
}

Ball ell(const Instance& instance, const Rational& beta) {
  const Ball m(instance.m());
  const Ball nu = instance::noise_scale(instance.tau(), instance.sigma_y());
  const Ball theta_one = instance::big_theta_one(instance.delta());
  const Ball x_beta = -log(Ball(beta)) + m * instance::log_c_theta(instance.delta());
  return Ball(instance.n()) * log(Ball(2)) +
         m * log(sqrt(Ball(2) * Ball::pi()) * nu * (Ball(1) + theta_one) / (Ball(instance.sigma_y()) * Ball(instance.delta()))) + m +
         sqrt(Ball(2) * m * x_beta) + x_beta;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;

// B.2:bound-defaults: both forms of the bound are >= 0.7998897 (certified lower ends).
CheckResult bound_defaults(const CheckContext&) {
  const PrecisionScope scope(256);
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
  result.margin = fmt::format("coarse {} and sharp {} >= 0.7998897 (a (1/10,1/10)-posterior sampler inverts f with at least this probability)",
                              bounds.coarse.mid_str(9), bounds.sharp.mid_str(9));
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
  result.margin = fmt::format("ell(0.1) = {} nats = 10^{}, as printed in spec E.3", value.mid_str(10), decimal_exponent.mid_str(6));
  result.parameters = {{"precision_bits", 256}, {"beta", "0.1"}};
  return result;
}

}  // namespace

void register_reduction_constants_checks(audit::Registry& registry) {
  registry.add({"B.2:bound-defaults", spec::CheckKind::kCertified, bound_defaults});
  registry.add({"E.3:ell-defaults", spec::CheckKind::kCertified, ell_defaults});
}

}  // namespace dpsi::checks
