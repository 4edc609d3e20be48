#include "proofs-checks/composition_checks.h"

#include <fmt/format.h>

namespace dpsi::checks {
namespace detail {

audit::CheckResult compose(const audit::CheckContext& context, const std::string& label, const std::vector<std::string>& hypotheses,
                           const Rational& lhs, const Rational& rhs, const std::string& inequality) {
  audit::CheckResult result;
  std::vector<std::string> pending;
  std::vector<std::string> failed;
  std::vector<std::string> missing;
  for (const std::string& name : hypotheses) {
    if (context.pending != nullptr && context.pending->count(name) != 0) {
      pending.push_back(name);
    } else if (context.earlier_verdicts == nullptr || context.earlier_verdicts->count(name) == 0) {
      missing.push_back(name);
    } else if (!context.earlier_verdicts->at(name)) {
      failed.push_back(name);
    } else {
      result.log.push_back(fmt::format("{}: hypothesis {} passed in this audit", label, name));
    }
  }
  const bool arithmetic = lhs >= rhs;
  result.log.push_back(fmt::format("{}: {} (exact rationals): {}", label, inequality, arithmetic ? "holds" : "FAILS"));
  if (!pending.empty()) {
    result.pending = true;
    result.margin = fmt::format("pending: hypotheses not implemented yet: {}", fmt::join(pending, ", "));
    return result;
  }
  if (!missing.empty()) result.log.push_back(fmt::format("{}: not run in this audit: {}", label, fmt::join(missing, ", ")));
  if (!failed.empty()) result.log.push_back(fmt::format("{}: FAILED in this audit: {}", label, fmt::join(failed, ", ")));
  result.passed = missing.empty() && failed.empty() && arithmetic;
  result.margin = result.passed
                      ? fmt::format("{} hypotheses passed in this audit; {}", hypotheses.size(), inequality)
                      : fmt::format("{} of {} hypotheses failed, {} not run; arithmetic {}", failed.size(), hypotheses.size(), missing.size(),
                                    arithmetic ? "holds" : "fails");
  result.parameters = {{"hypotheses", hypotheses}};
  return result;
}

}  // namespace detail

namespace {

const std::vector<std::string>& rule_r_checks() {
  static const std::vector<std::string> names = {"D.R:k1-k2-failure-terms", "D.R:k3-regime-order", "D.R:k4-overlap"};
  return names;
}

std::vector<std::string> theorem_a_hypotheses() {
  std::vector<std::string> names = rule_r_checks();
  names.insert(names.end(), {"C.8:overlap-conditions", "C.8:monotonicity", "B.2:inverter-success"});
  return names;
}

std::vector<std::string> theorem_b_hypotheses() {
  std::vector<std::string> names = rule_r_checks();
  names.push_back("B.2:inverter-success");
  return names;
}

// Theorem A: success of the inverter >= 1 - 1/10 - 1/10 - 1/200 - 1/200 >= 79/100.
audit::CheckResult theorem_a(const audit::CheckContext& context) {
  const Rational success = Rational(1) - Rational(1, 10) - Rational(1, 10) - Rational(1, 200) - Rational(1, 200);
  return detail::compose(context, "D.A", theorem_a_hypotheses(), success, Rational(79, 100),
                         "1 - 1/10 - 1/10 - 1/200 - 1/200 = " + to_decimal(success, 6) + " >= 0.79");
}

// Theorem B: (K1) + (K2) give 4 m Phibar(z_n) + n Phibar(a/tau) <= 1/200 + 1/200 = 1/100.
audit::CheckResult theorem_b(const audit::CheckContext& context) {
  const Rational failure_terms = Rational(1, 200) + Rational(1, 200);
  return detail::compose(context, "D.B", theorem_b_hypotheses(), Rational(1, 100), failure_terms,
                         "(K1) + (K2): 4 m Phibar(z_n) + n Phibar(a/tau) <= 1/200 + 1/200 = " + to_decimal(failure_terms, 6) +
                             " <= 1/100, so success >= 1 - alpha - beta - 0.01");
}

}  // namespace

void register_composition_checks(audit::Registry& registry) {
  registry.add({"D.A:composition", spec::CheckKind::kExact, theorem_a, theorem_a_hypotheses()});
  registry.add({"D.B:composition", spec::CheckKind::kExact, theorem_b, theorem_b_hypotheses()});
}

}  // namespace dpsi::checks
