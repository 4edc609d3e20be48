#include "proofs-checks/overlap_checks.h"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/relu/score_network.h"
#include "dpsi/numeric/ball.h"
#include "proofs-checks/budget_json.h"
#include "proofs-checks/certified_value.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

// h(z) = z - 2 Phibar(z)/phi(z) at one point z > 0.
Ball mills_bracket(const Rational& z) {
  const Ball point(z);
  const Ball density = exp(-sqr(point) / Ball(2)) / sqrt(Ball(2) * Ball::pi());
  return point - Ball(2) * normal_tail(point) / density;
}

// h on the z-interval {c/kappa : kappa in the ball}: the hull of its values at the ends (h increasing).
Ball mills_bracket_on(const Rational& c, const Ball& kappa) {
  return Ball::hull(mills_bracket(c / kappa.upper_rational()), mills_bracket(c / kappa.lower_rational()));
}

// sum_{j>=1} j^p q^{j^2} for q = exp(log_q) < 1, summed until the geometric remainder
// (J+1)^p q^{(J+1)^2} / (1 - ((J+2)/(J+1))^p q^{2J+3}) is below 2^-prec of the partial sum (at most 64
// terms; the remainder is added either way, as [0, remainder]).
Ball power_sum(const Ball& log_q, unsigned long p) {
  Ball sum(0);
  long J = 0;
  for (;;) {
    ++J;
    sum += pow(Ball(J), p) * exp(Ball(J * J) * log_q);
    const Ball ratio = pow(Ball(Rational(J + 2, J + 1)), p) * exp(Ball(2 * J + 3) * log_q);
    const Ball remainder = pow(Ball(J + 1), p) * exp(Ball((J + 1) * (J + 1)) * log_q) / (Ball(1) - ratio);
    const bool converging = is_certainly_true(lt(ratio, Ball(1)));
    if (converging && (J >= 64 || is_certainly_true(le(remainder, mul_2exp(sum, -working_precision()))))) {
      return sum + Ball::hull(Ball(0), remainder);
    }
    if (J >= 64) return Ball::whole_line();
  }
}

// (t1 + t2)/kappa^2 (spec C.4, gamma = a/10), directly.
Ball small_regime_ratio(const Instance& instance, const Ball& kappa) {
  const auto [t1, t2] = relu::small_regime_terms(instance, kappa, instance.gamma());
  return (t1 + t2) / sqr(kappa);
}

// Independent confirmation at grid points: the sign of f(kappa + h) - f(kappa - h), h = 2^-60, for the
// three functions computed directly (no derivative formula), at 512 bits. Returns the points where the
// sign is not certainly the claimed one (the first of them described in `first_failure`).
std::size_t grid_sign_failures(const Instance& instance, int points, std::size_t& compared, std::string& first_failure) {
  const PrecisionScope scope(512);
  const Rational h = Rational(1, 1L << 40) / (1L << 20);
  std::size_t failures = 0;
  auto expect_sign = [&](const Ball& difference, bool increasing, const char* what, const Rational& kappa) {
    ++compared;
    if (!is_certainly_true(increasing ? gt(difference, Ball(0)) : lt(difference, Ball(0)))) {
      if (failures++ == 0) {
        first_failure = fmt::format("{} at kappa = {}: f(kappa + h) - f(kappa - h) = {}, claimed {} 0 (h = 2^-60)", what,
                                    to_decimal(kappa, 6), difference.str(4), increasing ? ">" : "<");
      }
    }
  };
  for (int k = 0; k < points; ++k) {
    const Rational t = Rational(2 * k + 1, 2 * points);  // interior grid
    const Rational small = instance.tau() + (instance.kappa_star() - instance.tau()) * t;
    expect_sign(small_regime_ratio(instance, Ball(small + h)) - small_regime_ratio(instance, Ball(small - h)), true,
                "(t1+t2)/kappa^2", small);
    const Rational large = instance.kappa_star() + (Rational(10) - instance.kappa_star()) * t;
    const density::PhaseBounds up = density::phase_bounds(Ball(large + h), instance.delta(), instance.m());
    const density::PhaseBounds down = density::phase_bounds(Ball(large - h), instance.delta(), instance.m());
    expect_sign(sqr(up.rho) / sqr(Ball(large + h)) - sqr(down.rho) / sqr(Ball(large - h)), false, "rho^2/kappa^2", large);
    expect_sign(up.s1_v / (Ball(1) - up.theta_v) - down.s1_v / (Ball(1) - down.theta_v), false, "S1(v)/(1-Theta(v))", large);
  }
  return failures;
}

// C.8:monotonicity.
CheckResult monotonicity(const CheckContext& context) {
  const Instance& instance = context.instance;
  certify::Budget budget;
  budget.max_boxes = 20000;
  CheckResult result;
  const certify::Result small =
      detail::certify_small_regime_monotonicity(instance, {{instance.tau(), instance.kappa_star()}}, budget);
  const certify::Box large_domain = {{instance.kappa_star(), Rational(10)}};
  // The large-regime derivatives are ~ q_v^2 ~ e^{-4 pi^2 v/delta^2}: across a box they span many orders of
  // magnitude, and the ball [-P_hi, -P_lo] keeps its sign only if P_lo/P_hi > ~2^-30 (Arb radii carry 30
  // bits), so the certifier needs some 10^3 boxes there, in quick mode as well.
  const certify::Result rho = detail::certify_large_regime_decreasing(
      instance, detail::LargeRegimeRatio::kRhoSquaredOverKappaSquared, large_domain, false, budget);
  const certify::Result s1 = detail::certify_large_regime_decreasing(
      instance, detail::LargeRegimeRatio::kS1OverOneMinusTheta, large_domain, false, budget);
  auto margin = [](const certify::Result& outcome) {
    return outcome.proven() ? outcome.margin_lower_bound->mid_str(4) : std::string(certify::to_string(outcome.outcome));
  };
  std::size_t compared = 0;
  std::string first_sign_failure;
  const std::size_t sign_failures = grid_sign_failures(instance, context.quick ? 4 : 32, compared, first_sign_failure);
  result.passed = small.proven() && rho.proven() && s1.proven() && sign_failures == 0;
  result.margin = fmt::format(
      "kappa in [tau, kappa*] = [{}, {}]: kappa^3 d/dkappa[(t1+t2)/kappa^2] / (C2 phi((a-gamma)/kappa)) >= {} > 0; "
      "kappa in [kappa*, 10]: -d/dkappa[rho^2/kappa^2] >= {}, -d/dkappa[S1(v)/(1-Theta(v))] >= {} (all >= 0); "
      "centred differences of the functions themselves: {}/{} grid signs as claimed",
      to_decimal(instance.tau(), 6), to_decimal(instance.kappa_star(), 6), margin(small), margin(rho), margin(s1),
      compared - sign_failures, compared);
  if (!result.passed) {
    std::string wrong;
    if (!small.proven()) wrong += fmt::format("(t1+t2)/kappa^2 nondecreasing on [tau, kappa*] not proven ({})", margin(small));
    if (!rho.proven()) wrong += fmt::format("{}rho^2/kappa^2 decreasing on [kappa*, 10] not proven ({})", wrong.empty() ? "" : "; ", margin(rho));
    if (!s1.proven()) wrong += fmt::format("{}S1/(1-Theta) decreasing on [kappa*, 10] not proven ({})", wrong.empty() ? "" : "; ", margin(s1));
    if (sign_failures > 0) {
      wrong += fmt::format("{}{} of {} grid signs not as claimed (first: {})", wrong.empty() ? "" : "; ", sign_failures, compared,
                           first_sign_failure);
    }
    result.margin = "FAILS: " + wrong;
  }
  result.log.push_back("C.8 (t1+t2)/kappa^2 nondecreasing: " + small.summary());
  result.log.push_back("C.8 rho^2/kappa^2 decreasing: " + rho.summary());
  result.log.push_back("C.8 S1(v)/(1-Theta(v)) decreasing: " + s1.summary());
  result.log.push_back("C.8: " + result.margin);
  result.parameters = {{"budget", budget_json(budget)}, {"large_regime_upper_kappa", 10},
                       {"grid_points", context.quick ? 4 : 32}};
  return result;
}

}  // namespace

namespace detail {

certify::Result certify_small_regime_monotonicity(const Instance& instance, const certify::Box& domain,
                                                  const certify::Budget& budget) {
  const Rational a = instance.a();
  const Rational c2 = a - instance.gamma();
  const Rational delta2 = instance.delta() * instance.delta();
  const Rational C1 = 2 * (4 * a * a + instance.m() * delta2 / 4) * instance.n();
  const Rational C2 = (4 * a * a * instance.n() + instance.m() * delta2) * instance.n();
  const certify::Inequality claim{
      [](std::span<const Ball>) { return Ball(0); },
      [a, c2, C1, C2](std::span<const Ball> x) {
        const Ball& kappa = x[0];
        const Ball ratio = exp(-Ball(a * a - c2 * c2) / (Ball(2) * sqr(kappa)));  // phi(z1)/phi(z2)
        return Ball(C1 / C2) * ratio * mills_bracket_on(a, kappa) + mills_bracket_on(c2, kappa);
      }};
  return certify::certify_le(claim, domain, budget);
}

certify::Result certify_large_regime_decreasing(const Instance& instance, LargeRegimeRatio which,
                                                const certify::Box& domain, bool reversed,
                                                const certify::Budget& budget) {
  const Rational delta = instance.delta();
  const int m = instance.m();
  // The derivative is -P with P a sum of products of positive factors, each monotone in kappa
  // (termwise: q_v^{j^2} decreases in v, v increases in kappa): S1, S2, S3, Theta, rho, 1/kappa
  // decrease, 1 - Theta increases. On a kappa-box [lo, hi] each factor's bounds are its values at the
  // ends (point evaluations, tight even where q_v ~ e^-7800 changes by a large factor across the
  // box, which Ball arithmetic on the whole box could not keep positive); v' = 2 kappa/(1+kappa^2)^2
  // (not monotone) is enclosed directly. P's bounds then give the derivative's enclosure [-P_hi, -P_lo].
  struct Factors {
    Ball kappa, rho, theta, s1, s2, s3;
  };
  auto factors_at = [delta, m](const Rational& kappa) {
    const density::PhaseBounds bounds = density::phase_bounds(Ball(kappa), delta, m);
    const Ball log_q = -Ball(2) * sqr(Ball::pi()) * bounds.v / Ball(delta * delta);
    return Factors{Ball(kappa), bounds.rho, bounds.theta_v, bounds.s1_v, power_sum(log_q, 2), power_sum(log_q, 3)};
  };
  auto derivative = [factors_at, m, which, delta](std::span<const Ball> x) {
    const Ball& kappa = x[0];
    Factors at_lo;
    Factors at_hi;
    try {
      at_lo = factors_at(kappa.lower_rational());
      at_hi = factors_at(kappa.upper_rational());
    } catch (const std::invalid_argument&) {
      return Ball::whole_line();  // Theta(v) < 1 not certain: no information
    }
    const Ball c = Ball(2) * sqr(Ball::pi()) / Ball(delta * delta);
    // v' = 2 kappa/(1+kappa^2)^2 rises to 3 sqrt(3)/8 at kappa^2 = 1/3 and falls after (v'' has the sign
    // of 1 - 3 kappa^2): its minimum on the box is at an end, its maximum at an end or at 1/sqrt 3.
    auto v_prime_at = [](const Rational& k) { return Ball(2 * k) / sqr(Ball(1 + k * k)); };
    const Ball v_prime_ends = Ball::hull(v_prime_at(kappa.lower_rational()), v_prime_at(kappa.upper_rational()));
    const Rational lo2 = kappa.lower_rational() * kappa.lower_rational();
    const Rational hi2 = kappa.upper_rational() * kappa.upper_rational();
    const bool peak_inside = lo2 * 3 <= 1 && 1 <= hi2 * 3;
    const Ball v_prime_lo(v_prime_ends.lower_rational());
    const Ball v_prime_hi(peak_inside ? Rational(Ball(Ball(3) * sqrt(Ball(3)) / Ball(8)).upper_rational())
                                      : v_prime_ends.upper_rational());
    // P for decreasing factors taken at `dec` and increasing ones at `inc`, with v' bound `vp`.
    auto p_value = [&](const Factors& dec, const Factors& inc, const Ball& vp) {
      if (which == LargeRegimeRatio::kS1OverOneMinusTheta) {
        // -(d/dkappa) S1/(1-Theta) = c v' [S3 (1-Theta) + 2 S1 S2] / (1-Theta)^2
        return c * vp * (dec.s3 * (Ball(1) - inc.theta) + Ball(2) * dec.s1 * dec.s2) / sqr(Ball(1) - dec.theta);
      }
      // -(d/dkappa) rho^2/kappa^2 = (2 rho/kappa^2) [(rho+1) 4 m c S2 v'/(1 - Theta^2) + rho/kappa]
      return Ball(2) * dec.rho / sqr(dec.kappa) *
             ((dec.rho + Ball(1)) * Ball(4L * m) * c * dec.s2 * vp / (Ball(1) - sqr(dec.theta)) + dec.rho / dec.kappa);
    };
    const Ball p_lo = p_value(at_hi, at_lo, v_prime_lo);
    const Ball p_hi = p_value(at_lo, at_hi, v_prime_hi);
    return Ball::interval(-p_hi.upper_rational(), -p_lo.lower_rational());
  };
  const certify::BallFunction zero = [](std::span<const Ball>) { return Ball(0); };
  const certify::Inequality claim = reversed ? certify::Inequality{zero, derivative} : certify::Inequality{derivative, zero};
  return certify::certify_le(claim, domain, budget);
}

}  // namespace detail

namespace {

// C.8:overlap-conditions at the audited parameters: enclosures of the left sides of OV-S (with
// dpsi's 3 eps^2/8, Erratum 24) and OV-L, the eps thresholds they imply, and the decisions at the
// audited eps and at the spec's probe values just above and below the OV-S threshold.
CheckResult overlap_conditions(const CheckContext& context) {
  const PrecisionScope scope(256);
  const Instance& instance = context.instance;
  const Ball a(instance.a());
  const Ball delta(instance.delta());
  const Ball n(instance.n());
  const Ball m(instance.m());
  const Ball kappa(instance.kappa_star());
  const Ball kappa2 = sqr(kappa);
  const auto [t1, t2] = relu::small_regime_terms(instance, kappa, instance.gamma());
  const Ball p_bar = instance::blurred_tail_bound_via_i(instance.delta(), instance.kappa_star(), Rational(10), Rational(1));
  const Ball ov_s = (t1 + t2) / kappa2 + Ball(2) * m * sqr(delta) * p_bar / sqr(Ball(instance.tau()));
  const density::PhaseBounds phase = density::phase_bounds(kappa, instance.delta(), instance.m());
  const Ball ov_l = n * sqr(a) * sqr(phase.rho) / kappa2 +
                    m * sqr(Ball(4) * Ball::pi() / delta) * sqr(phase.s1_v / (Ball(1) - phase.theta_v));
  // OV-S holds iff eps >= sqrt(8 LHS / 3); OV-L iff eps >= sqrt(LHS).
  const Ball threshold_s = sqrt(Ball(8) * ov_s / Ball(3));
  const Ball threshold_l = sqrt(ov_l);
  const auto ov_s_holds = [&](const Rational& eps) { return le(ov_s, Ball(3) * sqr(Ball(eps)) / Ball(8)); };
  const auto ov_l_holds = [&](const Rational& eps) { return le(ov_l, sqr(Ball(eps))); };
  // Probes: the threshold rounded up and down at its third significant digit.
  const Rational above = parse_rational(fmt::format("{:.2e}", threshold_s.upper_double() * (1 + 5e-3)));
  const Rational below = parse_rational(fmt::format("{:.2e}", threshold_s.lower_double() * (1 - 5e-3)));
  const Rational& eps = context.epsilon;
  CheckResult result;
  const bool at_eps = is_certainly_true(ov_s_holds(eps)) && is_certainly_true(ov_l_holds(eps));
  const bool probe_above = is_certainly_true(ov_s_holds(above));
  const bool probe_below = ov_s_holds(below) == Certainty::kFalse;
  const bool ov_l_tiny = is_certainly_true(ov_l_holds(Rational(1, 1) / parse_rational("1e30")));
  result.passed = at_eps && probe_above && probe_below && ov_l_tiny;
  result.log.push_back(fmt::format("C.8 OV-S: (t1+t2)/kappa*^2 = {} + 2 m delta^2 P_B/tau^2 = {} -> LHS {} <= 3 eps^2/8 iff eps >= {}",
                                   ((t1 + t2) / kappa2).mid_str(6),
                                   (Ball(2) * m * sqr(delta) * p_bar / sqr(Ball(instance.tau()))).mid_str(6), ov_s.mid_str(6),
                                   threshold_s.mid_str(6)));
  result.log.push_back(fmt::format("C.8 OV-S at eps = {}: {}; at eps = {}: {} (must fail)", to_decimal(above, 3),
                                   probe_above ? "holds" : "NOT proven", to_decimal(below, 3), probe_below ? "fails" : "NOT refuted"));
  result.log.push_back(fmt::format("C.8 OV-L: n a^2 rho^2/kappa*^2 + m (4 pi/delta)^2 (S1/(1-Theta))^2 = {} <= eps^2 iff eps >= {}; "
                                   "at eps = 1e-30: {}",
                                   ov_l.mid_str(6), threshold_l.mid_str(4), ov_l_tiny ? "holds" : "NOT proven"));
  result.log.push_back(fmt::format("C.8 at the audited eps = {}: OV-S {}, OV-L {}", to_decimal(eps), ov_s_holds(eps) == Certainty::kTrue ? "holds" : "NOT proven",
                                   ov_l_holds(eps) == Certainty::kTrue ? "holds" : "NOT proven"));
  result.margin = fmt::format("OV-S LHS {} <= 3 eps^2/8 iff eps >= {}; OV-L LHS {}; both hold at eps = {}: {}", ov_s.mid_str(6),
                              threshold_s.mid_str(6), ov_l.mid_str(5), to_decimal(eps), at_eps ? "yes" : "NO");
  if (!result.passed) {
    std::string wrong;
    auto note = [&wrong](bool ok, const std::string& what) {
      if (!ok) wrong += (wrong.empty() ? "" : ", ") + what;
    };
    note(at_eps, fmt::format("OV-S or OV-L not certain at the audited eps = {} (OV-S LHS {} vs 3 eps^2/8 = {}, OV-L LHS {} vs eps^2)",
                             to_decimal(eps), ov_s.str(6), to_decimal(3 * eps * eps / 8, 6), ov_l.str(5)));
    note(probe_above, fmt::format("OV-S not proven at the probe eps = {} above the threshold", to_decimal(above, 3)));
    note(probe_below, fmt::format("OV-S not refuted at the probe eps = {} below the threshold", to_decimal(below, 3)));
    note(ov_l_tiny, "OV-L not proven at eps = 1e-30");
    result.margin = "FAILS: " + wrong;
  }
  // For D.A: the enclosures of both left sides at the audited parameters, and the eps they were decided at.
  result.certified_values["ov_s_lower"] = certified_lower(ov_s);
  result.certified_values["ov_s_upper"] = certified_upper(ov_s);
  result.certified_values["ov_l_upper"] = certified_upper(ov_l);
  result.certified_values["epsilon"] = eps;
  result.parameters = {{"B", "10"}, {"P_B", "A.3(iii) via A.3(i), r = 1"}, {"precision_bits", 256}, {"epsilon", to_decimal(eps)}};
  return result;
}

}  // namespace

void register_overlap_checks(audit::Registry& registry) {
  registry.add({"C.8:monotonicity", spec::CheckKind::kCertified, monotonicity});
  registry.add({"C.8:overlap-conditions", spec::CheckKind::kCertified, overlap_conditions});
}

}  // namespace dpsi::checks
