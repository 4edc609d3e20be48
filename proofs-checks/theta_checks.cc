// A.2: the theta form of a lattice Gaussian sum (Poisson summation), checked against the direct
// lattice sum, both enclosed with certified remainders (spec/A-instance.md).
#include "proofs-checks/theta_checks.h"

#include <fmt/format.h>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kIdentityPrecision = 256;

// sqrt(2 pi omega)/delta * theta(mu - c; omega)
Ball theta_form(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta) {
  return sqrt(Ball(2) * Ball::pi() * omega) / Ball(delta) * theta::theta(mu - c, omega, delta);
}

CheckResult theta_vs_lattice(const CheckContext& context) {
  const PrecisionScope scope(kIdentityPrecision);
  const Rational delta = context.instance.delta();
  // omega = 1 (the normaliser) and omega = v(kappa) = kappa^2/(1 + kappa^2) for kappa/delta on a grid
  // through both regimes of R.1 (lattice form natural below kappa ~ delta/sqrt(2 pi), theta above).
  const Rational kappa_over_delta[] = {Rational(1, 4), Rational(1, 2), Rational(3, 4), Rational(1),
                                       Rational(3, 2), Rational(2),    Rational(3)};
  std::vector<std::pair<std::string, Ball>> omegas = {{"1", Ball(1)}};
  for (const Rational& ratio : kappa_over_delta) {
    const Rational kappa = ratio * delta;
    const Rational v = kappa * kappa / (1 + kappa * kappa);
    omegas.emplace_back(fmt::format("v({}*delta)", to_decimal(ratio, 4)), Ball(v));
  }
  const int mu_points = context.quick ? 9 : 41;
  const Rational phases[] = {Rational(0), delta / 2};  // theta_0, theta_1
  CheckResult result;
  bool all_within = true;
  Ball worst_ratio(0);  // max |lattice - theta| / tolerance (upper bounds)
  std::string worst_at;
  int evaluated = 0;
  const int total = static_cast<int>(omegas.size()) * mu_points * 2;
  for (const auto& [omega_name, omega] : omegas) {
    for (int k = 0; k < mu_points; ++k) {
      const Rational mu = -delta + 2 * delta * k / (mu_points - 1);
      for (const Rational& c : phases) {
        const Ball lattice = theta::lattice_gaussian_sum(Ball(c), Ball(mu), omega, delta);
        const Ball theta_side = theta_form(Ball(c), Ball(mu), omega, delta);
        const Ball tolerance = identity_tolerance(theta_side);
        const Certainty agree = within(lattice, theta_side, tolerance);
        if (agree != Certainty::kTrue) {
          all_within = false;
          result.log.push_back(fmt::format("A.2: omega = {}, mu = {}, c = {}: lattice {} vs theta {} NOT within {}",
                                           omega_name, to_decimal(mu, 8), to_decimal(c, 8), lattice.str(25),
                                           theta_side.str(25), tolerance.mid_str(3)));
        }
        Ball ratio = abs(lattice - theta_side) / tolerance;
        Ball ratio_upper(ratio.is_finite() ? ratio.upper_rational() : Rational(1000000));
        if (is_certainly_true(gt(ratio_upper, worst_ratio))) {
          worst_ratio = ratio_upper;
          worst_at = fmt::format("omega = {}, mu = {}, c = {}", omega_name, to_decimal(mu, 6), to_decimal(c, 6));
        }
        ++evaluated;
      }
      if (context.progress) context.progress(static_cast<double>(evaluated) / total);
    }
  }
  result.passed = all_within;
  result.margin = fmt::format("max |lattice - theta| <= {} x tolerance (2^-100 max(1,|R|)) over {} points",
                              worst_ratio.mid_str(3), evaluated);
  result.log.push_back(fmt::format("A.2: {} omegas x {} mu in [-delta, delta] x 2 phases at {} bits, delta = {}",
                                   omegas.size(), mu_points, kIdentityPrecision, to_fraction(delta)));
  result.log.push_back(fmt::format("A.2: worst agreement at {}: |difference| <= {} x tolerance", worst_at,
                                   worst_ratio.mid_str(3)));
  result.parameters = {{"omegas", omegas.size()},
                       {"mu_points", mu_points},
                       {"precision_bits", kIdentityPrecision},
                       {"tolerance", "2^-100 max(1,|R|)"},
                       {"delta", to_fraction(delta)}};
  return result;
}

CheckResult normaliser_defaults(const CheckContext&) {
  const PrecisionScope scope(kIdentityPrecision);
  const Instance defaults = Instance::defaults();
  const Rational delta = defaults.delta();
  const Ball quoted(parse_rational("50.1325654926200100483"));
  const Ball quoted_tolerance(parse_rational("0.00000000000000000005"));  // half a unit in the 21st digit
  CheckResult result;
  bool passed = true;
  Ball normaliser[2];
  for (int b = 0; b < 2; ++b) {
    const Ball phase(Rational(b * delta / 2));
    const Ball direct = theta::lattice_gaussian_sum(phase, Ball(0), Ball(1), delta);
    const Ball theta_side = theta_form(phase, Ball(0), Ball(1), delta);
    const Certainty identity = within(direct, theta_side, identity_tolerance(theta_side));
    const Certainty digits = within(direct, quoted, quoted_tolerance);
    passed = passed && identity == Certainty::kTrue && digits == Certainty::kTrue;
    result.log.push_back(fmt::format("A.2: Z_{} = {} (direct lattice sum); theta form {}: identity {}, quoted digits {}",
                                     b, direct.str(30), theta_side.str(30), to_string(identity), to_string(digits)));
    normaliser[b] = direct;
  }
  const Certainty equal = within(normaliser[0], normaliser[1], identity_tolerance(normaliser[0]));
  passed = passed && equal == Certainty::kTrue;
  const Ball big_theta = theta::tail_sum(Ball(1), delta);
  result.log.push_back(fmt::format("A.2: Theta(1) = {} bounds |Z_b delta/sqrt(2 pi) - 1|", big_theta.str(6)));
  result.passed = passed;
  result.margin = fmt::format("Z_0, Z_1 = {} agree with theta form, each other and 50.1325654926200100483 +/- 5e-20",
                              normaliser[0].mid_str(22));
  result.parameters = {{"precision_bits", kIdentityPrecision}, {"delta", to_fraction(delta)}};
  return result;
}

}  // namespace

void register_theta_checks(audit::Registry& registry) {
  registry.add({"A.2:theta-vs-lattice", spec::CheckKind::kCertified, theta_vs_lattice});
  registry.add({"A.2:normaliser-defaults", spec::CheckKind::kCertified, normaliser_defaults});
}

}  // namespace dpsi::checks
