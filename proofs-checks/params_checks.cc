// P: the default parameters satisfy the constraints P.1-P.8 (spec/instance.md), and the derived
// values the spec quotes for them agree with certified enclosures.
#include "proofs-checks/params_checks.h"

#include <fmt/format.h>

#include "dpsi/numeric/ball.h"

namespace dpsi::checks {
namespace params_check {

ConstraintVerdict check_constraints(const ParameterValues& values) {
  ConstraintVerdict verdict;
  for (const ConstraintResult& constraint : evaluate_constraints(values)) {
    const bool holds = constraint.holds == Certainty::kTrue;
    verdict.all_hold = verdict.all_hold && holds;
    verdict.log.push_back(fmt::format("{}: {} -- {} ({})", constraint.id, constraint.statement,
                                      holds ? "holds" : "VIOLATED", constraint.detail));
  }
  return verdict;
}

Certainty matches_quoted(const Ball& value, const char* quoted, const char* half_unit) {
  return within(value, Ball(parse_rational(quoted)), Ball(parse_rational(half_unit)));
}

}  // namespace params_check

namespace {

using audit::CheckContext;
using audit::CheckResult;

struct QuotedValue {
  const char* symbol;
  const char* quoted;     // as printed in spec/notation.md
  const char* tolerance;  // half a unit in the last quoted digit
};

// spec/notation.md, "Default parameters": values quoted to the digits shown.
constexpr QuotedValue kQuotedDefaults[] = {
    {"nu", "0.00269258", "0.000000005"},
    {"z", "4.642383", "0.0000005"},
    {"delta/(4 tau)", "12.5", "1e-30"},  // exact value; the ball of 1/20 is not
    {"4 m Phibar(z)", "1.10e-4", "0.005e-4"},
    {"sigma*", "0.0999950", "0.00000005"},
};

CheckResult defaults_satisfy_constraints(const CheckContext& context) {
  CheckResult result;
  params_check::ConstraintVerdict constraints = params_check::check_constraints(ParameterValues::defaults());
  const bool all_hold = constraints.all_hold;
  std::string failures;  // the violated constraints and disagreeing values, for a failing margin
  for (const std::string& line : constraints.log) {
    if (line.find("VIOLATED") != std::string::npos) failures += (failures.empty() ? "" : "; ") + line;
  }
  result.log = std::move(constraints.log);
  const Instance defaults = Instance::defaults();
  bool quoted_match = true;
  const auto derived = derived_quantities(defaults);
  for (const QuotedValue& quoted : kQuotedDefaults) {
    const DerivedQuantity* quantity = nullptr;
    for (const DerivedQuantity& q : derived) {
      if (q.symbol == quoted.symbol) quantity = &q;
    }
    if (quantity == nullptr) throw std::logic_error(fmt::format("no derived quantity {}", quoted.symbol));
    const Certainty match = params_check::matches_quoted(quantity->value, quoted.quoted, quoted.tolerance);
    quoted_match = quoted_match && match == Certainty::kTrue;
    if (match != Certainty::kTrue) {
      failures += fmt::format("{}{} = {} differs from the quoted {} (+/- {})", failures.empty() ? "" : "; ",
                              quoted.symbol, quantity->value.mid_str(6), quoted.quoted, quoted.tolerance);
    }
    result.log.push_back(fmt::format("P: {} = {} vs quoted {} (+/- {}): {}", quoted.symbol, quantity->value.str(12),
                                     quoted.quoted, quoted.tolerance,
                                     match == Certainty::kTrue ? "agrees" : "DISAGREES"));
  }
  // The margins of the two constraints that are not plain sign conditions.
  const Ball kappa_bound = Ball(Rational(9, 10)) * Ball(defaults.a()) / sqrt(Ball(2));
  Ball big_theta = Ball::whole_line();
  for (const DerivedQuantity& q : derived) {
    if (q.symbol == "Theta(v*)") big_theta = q.value;
  }
  result.passed = all_hold && quoted_match;
  result.margin = result.passed ? fmt::format("P.1-P.8 hold; kappa* = 0.1 <= {} ; Theta(v*) = {} < 1; quoted values agree",
                                              kappa_bound.mid_str(4), big_theta.mid_str(3))
                                : fmt::format("FAILED: P.1-P.8 {}; quoted values {}: {}", all_hold ? "hold" : "VIOLATED",
                                              quoted_match ? "agree" : "DISAGREE", failures);
  if (context.instance.values().n != defaults.values().n || context.instance.values().delta != defaults.delta()) {
    result.log.push_back("P: note: the audited instance differs from the defaults; it passed P.1-P.8 on entry");
  }
  result.parameters = {{"constraints", "P.1-P.8"}, {"quoted_values", std::size(kQuotedDefaults)}};
  return result;
}

}  // namespace

void register_params_checks(audit::Registry& registry) {
  registry.add({"P:defaults-satisfy-constraints", spec::CheckKind::kCertified, defaults_satisfy_constraints});
}

}  // namespace dpsi::checks
