#include "proofs-checks/rule_r_checks.h"

#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

#include "dpsi/fault/fault_point.h"
#include "dpsi/params/rule_r.h"
#include "proofs-checks/certified_value.h"
#include "proofs-checks/printed_value.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecisionBits = 256;

struct GridPoint {
  long n;
  Rational epsilon;
};

// D.R's grid; quick mode keeps n in {3, 316, 1e5, 1e10, 1e15} and eps in {1/2, 1e-6, 1e-15} (the ends).
std::vector<GridPoint> grid(bool quick) {
  std::vector<GridPoint> points;
  const std::vector<long> all_n = params::rule_r_n_grid();
  const std::vector<Rational> all_eps = params::rule_r_epsilon_grid();
  for (const long n : all_n) {
    if (quick && n != 3 && n != 316 && n != 100000 && n != 10000000000L && n != 1000000000000000L) continue;
    for (const Rational& eps : all_eps) {
      if (quick && eps != Rational(1, 2) && eps != Rational(1, 1000000) && eps != Rational(1, 1000000000000000LL)) continue;
      points.push_back({n, eps});
    }
  }
  return points;
}

std::string point_name(const GridPoint& point) { return fmt::format("n = {}, eps = {}", point.n, to_decimal(point.epsilon, 3)); }

// One condition "value <= bound" over the grid, reported as the worst (largest) ratio value/unit.
// `value` and `limit` are in the same units (e.g. the term / eps^2 and 1/4).
class Condition {
 public:
  // `printed_max`: the spec's value of the maximum, to its printed digits, or (`printed_is_bound`) a
  // printed upper bound of it ("Pbar_B <= 0.0953 * 2 e^{-B^2/8}").
  Condition(std::string label, std::string printed_max, bool printed_is_bound = false)
      : label_(std::move(label)), printed_max_(std::move(printed_max)), printed_is_bound_(printed_is_bound) {}

  void add(const GridPoint& point, const Ball& value, const Ball& limit) {
    ++count_;
    if (!is_certainly_true(le(value, limit))) {
      ++failures_;
      if (first_failure_.empty()) first_failure_ = fmt::format("{} ({} vs {})", point_name(point), value.mid_str(6), limit.mid_str(6));
    }
    if (count_ == 1 || is_certainly_true(gt(value, worst_))) {
      worst_ = value;
      worst_point_ = point_name(point);
    } else if (!is_certainly_true(lt(value, worst_))) {
      worst_ = max(worst_, value);
    }
    limit_ = limit;
  }

  bool passed() const { return count_ > 0 && failures_ == 0; }
  const Ball& worst() const { return worst_; }

  // "D.R(K1): max 4 n Phibar(z_n) = 9.967e-4 <= 0.005 over 180 grid points (at n = 3, eps = 0.5)"; on a
  // failure "D.R(K1) 4 n Phibar(z_n): FAILS: <= 0.005 not certain at 3 of 180 grid points, first n = ... (value vs bound); max ...".
  std::string line() const {
    if (failures_ > 0) {
      return fmt::format("{}: FAILS: <= {} not certain at {} of {} grid points, first {}; max {} (at {})", label_, limit_.mid_str(5),
                         failures_, count_, first_failure_, worst_.mid_str(5), worst_point_);
    }
    return fmt::format("{}: max {} <= {} over {} grid points (at {})", label_, worst_.mid_str(5), limit_.mid_str(5), count_,
                       worst_point_);
  }

  // The spec's printed maximum (D.R Constants), compared on the full grid only.
  // Appends to `failures` the comparison that failed, if any.
  bool printed_ok(bool full, std::vector<std::string>& log, std::string& failures) const {
    if (printed_max_.empty() || !full) return true;
    const bool ok = printed_is_bound_ ? is_certainly_true(le(worst_, Ball(parse_rational(printed_max_))))
                                      : rounds_to(worst_, printed_max_) == Certainty::kTrue;
    log.push_back(fmt::format("{}: the maximum {} {} {} (spec D.R Constants): {}", label_, worst_.str(8),
                              printed_is_bound_ ? "is <=" : "prints as", printed_max_, ok ? "yes" : "NO"));
    if (!ok) {
      failures += fmt::format("{}FAILS: {}: the grid maximum {} {} the printed {} (spec D.R Constants)", failures.empty() ? "" : "; ",
                              label_, worst_.str(8), printed_is_bound_ ? "is not certainly <=" : "does not print as", printed_max_);
    }
    return ok;
  }

 private:
  std::string label_;
  std::string printed_max_;
  bool printed_is_bound_ = false;
  Ball worst_;
  Ball limit_;
  std::string worst_point_;
  std::string first_failure_;
  std::size_t count_ = 0;
  std::size_t failures_ = 0;
};

CheckResult finish(const CheckContext& context, std::vector<Condition>& conditions, std::size_t points) {
  CheckResult result;
  result.passed = true;
  // Failing conditions first, so that the margin opens with the failing comparison.
  std::string margin;
  std::string passing;
  for (const Condition& condition : conditions) {
    result.passed = result.passed && condition.passed();
    result.log.push_back(condition.line());
    std::string& part = condition.passed() ? passing : margin;
    part += (part.empty() ? "" : "; ") + condition.line();
  }
  if (!margin.empty()) margin = "FAILS: " + margin + (passing.empty() ? "" : "; holding: " + passing);
  else margin = passing;
  std::string printed_failures;
  for (const Condition& condition : conditions) {
    result.passed = condition.printed_ok(!context.quick, result.log, printed_failures) && result.passed;
  }
  result.margin = printed_failures.empty() ? margin : printed_failures + "; " + margin;
  result.parameters = {{"precision_bits", kPrecisionBits}, {"grid_points", points}, {"quick", context.quick}};
  return result;
}

}  // namespace

namespace detail {

CheckResult run_k1_k2(const CheckContext& context, const RuleRBounds& bounds) {
  const PrecisionScope scope(kPrecisionBits);
  const std::vector<GridPoint> points = grid(context.quick);
  std::vector<Condition> conditions{{"D.R(K1) 4 n Phibar(z_n)", "9.967e-4"}, {"D.R(K2) n Phibar(a/tau)", ""}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const params::RuleR rule = params::rule_r(points[i].n, points[i].epsilon);
    const params::RuleRFailureTerms terms = params::rule_r_failure_terms(rule);
    conditions[0].add(points[i], terms.k1, Ball(bounds.k1));
    conditions[1].add(points[i], terms.k2, Ball(bounds.k2));
    if (context.progress) context.progress(static_cast<double>(i + 1) / static_cast<double>(points.size()));
  }
  CheckResult result = finish(context, conditions, points.size());
  Rational k1_upper = certified_upper(conditions[0].worst());
  if (DPSI_FAULT("rule-r-check.k1-value-10x-small")) k1_upper /= 10;
  if (DPSI_FAULT("rule-r-check.k1-value-10x-large")) k1_upper *= 10;
  result.certified_values["k1_max_lower"] = certified_lower(conditions[0].worst());
  result.certified_values["k1_max_upper"] = k1_upper;
  result.certified_values["k2_max_upper"] = certified_upper(conditions[1].worst());
  return result;
}

CheckResult run_k3(const CheckContext& context, const RuleRBounds& bounds) {
  const PrecisionScope scope(kPrecisionBits);
  const std::vector<GridPoint> points = grid(context.quick);
  // tau < kappa* is reported as the ratio tau/kappa* < 1 (strict: certainly less).
  std::vector<Condition> conditions{{"D.R(K3) tau/kappa*", ""}, {"D.R(K3) kappa*^2", ""}};
  std::size_t strict_failures = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const params::RuleR rule = params::rule_r(points[i].n, points[i].epsilon);
    const Ball ratio = rule.tau / rule.kappa_star;
    if (!is_certainly_true(lt(ratio, Ball(1)))) ++strict_failures;
    conditions[0].add(points[i], ratio, Ball(1));
    conditions[1].add(points[i], sqr(rule.kappa_star), Ball(bounds.kappa_star_squared));
    if (context.progress) context.progress(static_cast<double>(i + 1) / static_cast<double>(points.size()));
  }
  CheckResult result = finish(context, conditions, points.size());
  if (strict_failures > 0) {
    result.passed = false;
    result.log.push_back(fmt::format("D.R(K3): tau < kappa* not certainly strict at {} points", strict_failures));
    result.margin = fmt::format("FAILS: tau < kappa* not certainly strict at {} grid points; ", strict_failures) + result.margin;
  }
  result.certified_values["tau_over_kappa_star_max_upper"] = certified_upper(conditions[0].worst());
  result.certified_values["kappa_star_squared_max_upper"] = certified_upper(conditions[1].worst());
  return result;
}

CheckResult run_k4(const CheckContext& context, const RuleRBounds& bounds) {
  const PrecisionScope scope(kPrecisionBits);
  const std::vector<GridPoint> points = grid(context.quick);
  // OV-S is C.8's own condition: the sum of its two terms <= 3 eps^2/8 (Erratum 24); the terms are also
  // reported one by one, each against the same bound (a term above it would fail the sum too), for the
  // maxima printed in spec D.R's Constants.
  std::vector<Condition> conditions{{"D.R(K4) OV-S [(t1+t2)/kappa*^2 + 2 m delta^2 Pbar_B/tau^2] / eps^2", ""},
                                    {"D.R(K4) OV-S first term (t1+t2)/kappa*^2 / eps^2", "0.003102"},
                                    {"D.R(K4) OV-S t3 term 2 m delta^2 Pbar_B/tau^2 / eps^2", "0.0119"},
                                    {"D.R(K4) OV-L / eps^2", "4.464e-125"},
                                    {"D.R Pbar_B / (2 exp(-B^2/8))", "0.0953", true},
                                    {"D.R ln q_{v*} / (74 ln(eps/n))", ""}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const params::RuleR rule = params::rule_r(points[i].n, points[i].epsilon);
    const params::RuleROverlapTerms terms = params::rule_r_overlap_terms(rule);
    const Ball eps2 = sqr(Ball(points[i].epsilon));
    conditions[0].add(points[i], (terms.ov_s_first + terms.ov_s_second) / eps2, Ball(bounds.ov_s));
    conditions[1].add(points[i], terms.ov_s_first / eps2, Ball(bounds.ov_s));
    conditions[2].add(points[i], terms.ov_s_second / eps2, Ball(bounds.ov_s));
    conditions[3].add(points[i], terms.ov_l / eps2, Ball(bounds.ov_l));
    conditions[4].add(points[i], terms.pbar_b / terms.pbar_b_reference, Ball(bounds.pbar_b));
    // q_{v*} <= (eps/n)^74 iff ln q_{v*} <= 74 ln(eps/n) = -74 L, i.e. (both negative) ln q / (-74 L) >= 1;
    // reported as the ratio (-74 L)/ln q <= 1 so that "worst" is the largest.
    conditions[5].add(points[i], terms.log_q_reference * Ball(bounds.q_exponent) / Ball(74) / terms.log_q_v_star, Ball(1));
    if (context.progress) context.progress(static_cast<double>(i + 1) / static_cast<double>(points.size()));
  }
  CheckResult result = finish(context, conditions, points.size());
  result.certified_values["ov_s_over_eps2_max_upper"] = certified_upper(conditions[0].worst());
  result.certified_values["ov_l_over_eps2_max_upper"] = certified_upper(conditions[3].worst());
  return result;
}

}  // namespace detail

void register_rule_r_checks(audit::Registry& registry) {
  registry.add({"D.R:k1-k2-failure-terms", spec::CheckKind::kCertified,
                [](const CheckContext& context) { return detail::run_k1_k2(context, {}); }});
  registry.add({"D.R:k3-regime-order", spec::CheckKind::kCertified,
                [](const CheckContext& context) { return detail::run_k3(context, {}); }});
  registry.add({"D.R:k4-overlap", spec::CheckKind::kCertified,
                [](const CheckContext& context) { return detail::run_k4(context, {}); }});
}

}  // namespace dpsi::checks
