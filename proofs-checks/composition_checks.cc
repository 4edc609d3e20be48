#include "proofs-checks/composition_checks.h"

#include <fmt/format.h>

#include "dpsi/numeric/ball.h"
#include "proofs-checks/certified_value.h"

namespace dpsi::checks {
namespace detail {

std::optional<Rational> CertifiedValues::get(const std::string& check, const std::string& name) {
  if (values_ != nullptr) {
    const auto by_check = values_->find(check);
    if (by_check != values_->end()) {
      const auto value = by_check->second.find(name);
      if (value != by_check->second.end()) return value->second;
    }
  }
  missing_.push_back(check + "/" + name);
  return std::nullopt;
}

audit::CheckResult compose(const audit::CheckContext& context, const std::string& label, const std::vector<std::string>& hypotheses,
                           const CompositionArithmetic& arithmetic) {
  audit::CheckResult result;
  result.parameters = {{"hypotheses", hypotheses}};
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
  if (!pending.empty()) {
    result.pending = true;
    result.margin = fmt::format("pending: hypotheses not implemented yet: {}", fmt::join(pending, ", "));
    return result;
  }
  CertifiedValues values(context.earlier_values);
  const std::vector<CompositionStep> steps = arithmetic(values);
  std::vector<std::string> failed_steps;
  for (const CompositionStep& step : steps) {
    result.log.push_back(fmt::format("{}: {} (exact rationals on certified values): {}", label, step.text, step.holds ? "holds" : "FAILS"));
    if (!step.holds) failed_steps.push_back(step.text);
  }
  if (!missing.empty()) result.log.push_back(fmt::format("{}: hypotheses not run in this audit: {}", label, fmt::join(missing, ", ")));
  if (!failed.empty()) result.log.push_back(fmt::format("{}: hypotheses FAILED in this audit: {}", label, fmt::join(failed, ", ")));
  if (!values.missing().empty()) {
    result.log.push_back(fmt::format("{}: certified values missing: {}", label, fmt::join(values.missing(), ", ")));
  }
  result.passed = missing.empty() && failed.empty() && values.missing().empty() && failed_steps.empty() && !steps.empty();
  if (result.passed) {
    result.margin = fmt::format("{} hypotheses passed in this audit; {}", hypotheses.size(), steps.back().text);
    return result;
  }
  std::vector<std::string> reasons;
  if (!failed.empty()) reasons.push_back(fmt::format("hypotheses failed: {}", fmt::join(failed, ", ")));
  if (!missing.empty()) reasons.push_back(fmt::format("hypotheses not run: {}", fmt::join(missing, ", ")));
  if (!values.missing().empty()) reasons.push_back(fmt::format("certified values missing: {}", fmt::join(values.missing(), ", ")));
  for (const std::string& step : failed_steps) reasons.push_back("does not hold: " + step);
  result.margin = fmt::format("FAILS: {}", fmt::join(reasons, "; "));
  return result;
}

namespace {

constexpr const char* kK1K2 = "D.R:k1-k2-failure-terms";
constexpr const char* kK3 = "D.R:k3-regime-order";
constexpr const char* kK4 = "D.R:k4-overlap";
constexpr const char* kBound = "B.2:bound-defaults";
constexpr const char* kOverlap = "C.8:overlap-conditions";

std::string show(const Rational& value) { return to_decimal(value, 6); }

// Certified values are rounded outward at 12 significant digits (certified_value.h): two values of one
// quantity, each rounded its own way, agree to within this.
const Rational kRounding(1, 1000000000);

// "(K1): 9.9e-4 <= 9.967e-4 <= 1/200" and friends: a step from optional values; missing -> does not hold.
CompositionStep step(const std::string& text, bool holds) { return {text, holds}; }

// (K1) and (K2), shared by both theorems: the certified grid maxima lie in the proof's brackets.
void failure_term_steps(CertifiedValues& values, std::vector<CompositionStep>& steps, Rational& k1, Rational& k2) {
  const std::optional<Rational> k1_upper = values.get(kK1K2, "k1_max_upper");
  const std::optional<Rational> k1_lower = values.get(kK1K2, "k1_max_lower");
  const std::optional<Rational> k2_upper = values.get(kK1K2, "k2_max_upper");
  const Rational gordon = k1_maximum_lower_bound();
  const Rational limit(1, 200);
  if (k1_upper && k1_lower) {
    // Three comparisons, each its own step so that a failure names the one that fails.
    steps.push_back(step(fmt::format("(K1) enclosure: certified max 4 n Phibar(z_n) lower end {} <= upper end {}", show(*k1_lower),
                                     show(*k1_upper)),
                         *k1_lower <= *k1_upper));
    steps.push_back(step(fmt::format("(K1) bracket: Mills-ratio lower bound {} <= certified max 4 n Phibar(z_n) <= {}", show(gordon),
                                     show(*k1_upper)),
                         gordon <= *k1_upper));
    steps.push_back(step(fmt::format("(K1): certified max 4 n Phibar(z_n) <= {} <= 1/200", show(*k1_upper)), *k1_upper <= limit));
    k1 = *k1_upper;
  }
  if (k2_upper) {
    steps.push_back(step(fmt::format("(K2): certified max n Phibar(a/tau) <= {} <= 1/200", show(*k2_upper)), *k2_upper >= 0 && *k2_upper <= limit));
    k2 = *k2_upper;
  }
}

}  // namespace

Rational k1_maximum_lower_bound() {
  const PrecisionScope scope(128);
  const Ball z = sqrt(Ball(2) * log(Ball(1200)));
  const Ball bound = z / (Ball(100) * sqrt(Ball(2) * Ball::pi()) * (Ball(1) + sqr(z)));
  return certified_lower(bound, 6);
}

std::vector<std::string> theorem_a_hypotheses() {
  return {// rule R: (K1)-(K4)
          kK1K2, kK3, kK4,
          // part (1), well-modeled: C.8 and what its conclusion rests on (C.4's network is a C.3 product of
          // C.2's orthant approximation; C.5's table evaluates A.2's theta forms)
          "A.2:theta-vs-lattice", "A.2:normaliser-defaults", "A.2:theta-deviation-bound", "A.3:lattice-tail-bound",
          "A.3:blurred-tail-bound", "C.1:interpolant-network", "C.1:knot-increments", "C.2:orthant-misclassification",
          "C.2:pointwise-bound", "C.2:orthant-error-bound", "C.2:es-defaults", "C.3:parallel-composition", "C.3:product-score",
          "C.4:gadgets",
          "C.4:compiled-circuit", "C.4:network-error", "C.4:error-terms-defaults", "C.5:lattice-vs-theta", "C.5:central-cell",
          "C.5:posterior-variance", "C.5:density-ratio", "C.5:score-deviation", "C.5:table-defaults", "C.6:ratio-bounds", "C.6:score-bounds",
          "C.7:increments-and-end-gaps", "C.7:network-error", kOverlap, "C.8:monotonicity", "C.8:end-to-end",
          // part (1), the unconditional sampler
          "F.1:ou-identity", "F.2:corollary-defaults",
          // part (2), the inverter
          "B.1:perr-series-bounds", "B.2:inverter-success", kBound};
}

std::vector<std::string> theorem_b_hypotheses() { return {kK1K2, kK3, kK4, "B.1:perr-series-bounds", "B.2:inverter-success", kBound}; }

std::vector<CompositionStep> theorem_a_arithmetic(CertifiedValues& values, const Rational& audited_epsilon) {
  std::vector<CompositionStep> steps;
  Rational k1(1);
  Rational k2(1);
  failure_term_steps(values, steps, k1, k2);
  // (K3): tau < kappa* <= (a - gamma)/sqrt 2, i.e. kappa*^2 <= 81/200 (C.8's P.7 and its regime order).
  const std::optional<Rational> ratio = values.get(kK3, "tau_over_kappa_star_max_upper");
  const std::optional<Rational> kappa2 = values.get(kK3, "kappa_star_squared_max_upper");
  if (ratio && kappa2) {
    steps.push_back(step(fmt::format("(K3): max tau/kappa* <= {} < 1 and max kappa*^2 <= {} <= 81/200", show(*ratio), show(*kappa2)),
                         *ratio < 1 && *kappa2 <= Rational(81, 200)));
  }
  // (K4): C.8's OV-S and OV-L on the rule-R grid.
  const std::optional<Rational> ov_s_grid = values.get(kK4, "ov_s_over_eps2_max_upper");
  const std::optional<Rational> ov_l_grid = values.get(kK4, "ov_l_over_eps2_max_upper");
  if (ov_s_grid && ov_l_grid) {
    steps.push_back(step(fmt::format("(K4): max OV-S LHS/eps^2 <= {} <= 3/8 and max OV-L LHS/eps^2 <= {} <= 1", show(*ov_s_grid),
                                     show(*ov_l_grid)),
                         *ov_s_grid >= 0 && *ov_s_grid <= Rational(3, 8) && *ov_l_grid >= 0 && *ov_l_grid <= 1));
  }
  // C.8 at the audited parameters and eps.
  const std::optional<Rational> ov_s_lower = values.get(kOverlap, "ov_s_lower");
  const std::optional<Rational> ov_s_upper = values.get(kOverlap, "ov_s_upper");
  const std::optional<Rational> ov_l_upper = values.get(kOverlap, "ov_l_upper");
  const std::optional<Rational> epsilon = values.get(kOverlap, "epsilon");
  if (ov_s_lower && ov_s_upper && ov_l_upper && epsilon) {
    const Rational eps2 = *epsilon * *epsilon;
    steps.push_back(step(fmt::format("C.8 at the audited instance, eps = {}: OV-S LHS in [{}, {}] <= 3 eps^2/8 = {}, OV-L LHS <= {} <= eps^2",
                                     show(*epsilon), show(*ov_s_lower), show(*ov_s_upper), show(3 * eps2 / 8), show(*ov_l_upper)),
                         *epsilon == audited_epsilon && 0 <= *ov_s_lower && *ov_s_lower <= *ov_s_upper && *ov_s_upper <= 3 * eps2 / 8 &&
                             *ov_l_upper >= 0 && *ov_l_upper <= eps2));
  }
  // B.2 at the defaults, with the theorem's alpha = beta = 1/10.
  const std::optional<Rational> alpha = values.get(kBound, "alpha");
  const std::optional<Rational> beta = values.get(kBound, "beta");
  const std::optional<Rational> coarse = values.get(kBound, "success_coarse_lower");
  const std::optional<Rational> sharp = values.get(kBound, "success_sharp_lower");
  const std::optional<Rational> failure = values.get(kBound, "failure_terms_upper");
  if (alpha && beta && coarse && sharp && failure) {
    // coarse = 1 - alpha - beta - failure terms, and the sharp form 1 - alpha - beta - 2 P_dec - P_sgn is at least it (B.1).
    steps.push_back(step(fmt::format("B.2 at the defaults: 1 - alpha - beta - (4 m Phibar(z) + n Phibar(a/tau)) >= 1 - {} - {} - {} = {} >= 79/100, "
                                     "consistent with the certified bounds coarse {} <= sharp {}",
                                     show(*alpha), show(*beta), show(*failure), show(1 - *alpha - *beta - *failure), show(*coarse), show(*sharp)),
                         *alpha == Rational(1, 10) && *beta == Rational(1, 10) && *failure >= 0 && 1 - *alpha - *beta - *failure >= Rational(79, 100) &&
                             *coarse + kRounding >= 1 - *alpha - *beta - *failure && *coarse <= 1 - *alpha - *beta && *sharp + kRounding >= *coarse &&
                             *sharp <= 1 - *alpha - *beta));
    // Theorem A (2): Inv^A succeeds with probability >= 1 - alpha - beta - (K1) - (K2) at every rule-R point.
    const Rational success = 1 - *alpha - *beta - k1 - k2;
    steps.push_back(step(fmt::format("Theorem A (2): success of Inv^A >= 1 - alpha - beta - (K1) - (K2) >= 1 - {} - {} - {} - {} = {} >= 79/100",
                                     show(*alpha), show(*beta), show(k1), show(k2), show(success)),
                         success >= Rational(79, 100)));
  }
  return steps;
}

std::vector<CompositionStep> theorem_b_arithmetic(CertifiedValues& values) {
  std::vector<CompositionStep> steps;
  Rational k1(1);
  Rational k2(1);
  failure_term_steps(values, steps, k1, k2);
  const std::optional<Rational> failure = values.get(kBound, "failure_terms_upper");
  if (failure) {
    steps.push_back(step(fmt::format("B.2 at the defaults: 4 m Phibar(z) + n Phibar(a/tau) <= {} <= 1/100", show(*failure)),
                         *failure >= 0 && *failure <= Rational(1, 100)));
  }
  steps.push_back(step(fmt::format("Theorem B: 4 m Phibar(z_n) + n Phibar(a/tau) <= {} + {} = {} <= 1/100 on the rule-R grid, so success >= "
                                   "1 - alpha - beta - 0.01",
                                   show(k1), show(k2), show(k1 + k2)),
                       k1 + k2 <= Rational(1, 100)));
  return steps;
}

}  // namespace detail

namespace {

audit::CheckResult theorem_a(const audit::CheckContext& context) {
  return detail::compose(context, "D.A", detail::theorem_a_hypotheses(),
                         [&context](detail::CertifiedValues& values) { return detail::theorem_a_arithmetic(values, context.epsilon); });
}

audit::CheckResult theorem_b(const audit::CheckContext& context) {
  return detail::compose(context, "D.B", detail::theorem_b_hypotheses(), detail::theorem_b_arithmetic);
}

}  // namespace

void register_composition_checks(audit::Registry& registry) {
  registry.add({"D.A:composition", spec::CheckKind::kExact, theorem_a, detail::theorem_a_hypotheses()});
  registry.add({"D.B:composition", spec::CheckKind::kExact, theorem_b, detail::theorem_b_hypotheses()});
}

}  // namespace dpsi::checks
