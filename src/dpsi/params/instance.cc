#include "dpsi/params/instance.h"

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/theta.h"

namespace dpsi {
namespace {

ConstraintResult decided(std::string id, std::string statement, bool holds, std::string detail) {
  return {std::move(id), std::move(statement), holds ? Certainty::kTrue : Certainty::kFalse,
          std::move(detail)};
}

std::string show(const Rational& value) {
  return is_integer(value) ? to_fraction(value) : to_decimal(value, 12);
}

Ball v_of(const Rational& kappa) {
  const Rational k2 = kappa * kappa;
  return Ball(Rational(k2 / (1 + k2)));
}

}  // namespace

std::vector<ConstraintResult> evaluate_constraints(const ParameterValues& v) {
  std::vector<ConstraintResult> results;
  results.push_back(decided("P.1", "n is an integer with 1 <= n <= 440",
                            is_integer(v.n) && v.n >= 1 && v.n <= 440, "n = " + show(v.n)));
  results.push_back(decided("P.2", "m is an integer with 1 <= m <= 256",
                            is_integer(v.m) && v.m >= 1 && v.m <= 256, "m = " + show(v.m)));
  results.push_back(decided("P.3", "a > 0", v.a > 0, "a = " + show(v.a)));
  {
    const bool positive = v.delta > 0;
    const bool integral = positive && is_integer(Rational(4 / (v.delta * v.delta)));
    results.push_back(decided("P.4", "delta > 0 and 4/delta^2 is an integer", positive && integral,
                              positive ? "4/delta^2 = " + show(Rational(4 / (v.delta * v.delta)))
                                       : "delta = " + show(v.delta)));
  }
  results.push_back(decided("P.5", "tau > 0", v.tau > 0, "tau = " + show(v.tau)));
  results.push_back(decided("P.6", "sigma_y > 0", v.sigma_y > 0, "sigma_y = " + show(v.sigma_y)));
  {
    // kappa* <= (a - a/10)/sqrt(2)  <=>  kappa*^2 <= 81 a^2 / 200  (both sides >= 0 when a > 0).
    const Rational bound_squared = Rational(81, 200) * v.a * v.a;
    const bool holds = v.a > 0 && v.tau < v.kappa_star && v.kappa_star * v.kappa_star <= bound_squared;
    results.push_back(decided("P.7", "tau < kappa* <= (a - gamma)/sqrt(2), gamma = a/10", holds,
                              fmt::format("tau = {}, kappa* = {}, kappa*^2 = {} vs 81a^2/200 = {}",
                                          show(v.tau), show(v.kappa_star),
                                          show(Rational(v.kappa_star * v.kappa_star)),
                                          show(bound_squared))));
  }
  {
    ConstraintResult p8{"P.8", "Theta(v*) < 1, v* = kappa*^2/(1 + kappa*^2)", Certainty::kUndecided, ""};
    if (v.kappa_star > 0 && v.delta > 0) {
      // Theta >= 2q (its first term): when 2q >= 1 the constraint fails without summing a series
      // that would need ~sqrt(prec/-ln q) terms.
      const Ball q = theta::nome(v_of(v.kappa_star), v.delta);
      if (is_certainly_true(ge(Ball(2) * q, Ball(1)))) {
        p8.holds = Certainty::kFalse;
        p8.detail = "Theta(v*) >= 2q = " + (Ball(2) * q).str(6);
        results.push_back(std::move(p8));
        return results;
      }
      const Ball big_theta = theta::tail_sum(v_of(v.kappa_star), v.delta);
      p8.holds = lt(big_theta, Ball(1));
      p8.detail = "Theta(v*) = " + big_theta.str(6);
    } else {
      p8.detail = "needs kappa* > 0 and delta > 0";
    }
    results.push_back(std::move(p8));
  }
  return results;
}

Instance::Instance(const ParameterValues& values)
    : values_(values),
      n_(static_cast<int>(numerator(values.n).convert_to<long>())),
      m_(static_cast<int>(numerator(values.m).convert_to<long>())) {}

Instance Instance::from(const ParameterValues& values) {
  std::string violations;
  for (const ConstraintResult& result : evaluate_constraints(values)) {
    if (result.holds == Certainty::kTrue) continue;
    if (!violations.empty()) violations += "; ";
    violations += fmt::format("{} violated: {} ({}{})", result.id, result.statement, result.detail,
                              result.holds == Certainty::kUndecided ? ", not certified" : "");
  }
  if (!violations.empty()) throw InvalidParameters("invalid instance parameters: " + violations);
  return Instance(values);
}

std::vector<DerivedQuantity> derived_quantities(const Instance& instance) {
  const Ball a(instance.a());
  const Ball delta(instance.delta());
  const Ball tau(instance.tau());
  const Ball sigma_y(instance.sigma_y());
  const Ball kappa_star(instance.kappa_star());
  const Ball nu = sqrt(sqr(tau) + sqr(sigma_y));
  const Ball z = delta / (Ball(4) * nu);
  const Ball v_star = v_of(instance.kappa_star());
  const Ball tail_z = normal_tail(z);
  const Ball tail_a_tau = normal_tail(a / tau);
  const Ball dec_term = Ball(4) * Ball(DPSI_FAULT("params.dec-term-m-minus-1") ? instance.m() - 1 : instance.m()) * tail_z;
  const Ball sign_term = Ball(instance.n()) * tail_a_tau;
  const Ball b2_bound = Ball(Rational(8, 10)) - dec_term - sign_term;
  return {
      {"d", "dimension n + m", Ball(instance.d())},
      {"gamma", "soft-bit width a/10 (C.4)", Ball(instance.gamma())},
      {"nu", "sqrt(tau^2 + sigma_y^2), blur of a measurement", nu},
      {"z", "decoding margin delta/(4 nu) (B.1)", z},
      {"delta/(4 tau)", "decoding margin of x_F itself", delta / (Ball(4) * tau)},
      {"2 Phibar(z)", "upper bound on the per-coordinate decode error p_err (B.1)", Ball(2) * tail_z},
      {"4 m Phibar(z)", "decoding term of the B.2 bound", dec_term},
      {"n Phibar(a/tau)", "sign term of the B.2 bound", sign_term},
      {"B.2 bound", "1 - 0.1 - 0.1 - 4 m Phibar(z) - n Phibar(a/tau): inversion success of a (1/10,1/10)-sampler",
       b2_bound},
      {"sigma*", "sqrt(kappa*^2 - tau^2), the smoothing level of the regime switch", sqrt(sqr(kappa_star) - sqr(tau))},
      {"v*", "kappa*^2/(1 + kappa*^2)", v_star},
      {"Theta(v*)", "theta tail at the switch (C.5, C.8)", theta::tail_sum(v_star, instance.delta())},
  };
}

}  // namespace dpsi
