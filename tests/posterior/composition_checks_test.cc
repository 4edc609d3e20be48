// Tests of proofs-checks/composition_checks (D.A, D.B): the composition passes only when every
// hypothesis passed in the same audit and the exact inequalities on the values they certified hold;
// a failed or missing hypothesis, a missing value, or a value outside the proof's bracket (the (K1)
// maximum 10x too small or too large) fails it, a pending hypothesis makes it pending.
#include "proofs-checks/composition_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dpsi/audit/runner.h"

namespace dpsi::checks {
namespace {

using Values = std::map<std::string, std::map<std::string, Rational>>;

// The values a passing audit certifies (rounded as the checks round them; D.R Constants, C.8, B.2).
Values good_values() {
  return {{"D.R:k1-k2-failure-terms",
           {{"k1_max_lower", parse_rational("9.96656e-4")}, {"k1_max_upper", parse_rational("9.96657e-4")}, {"k2_max_upper", parse_rational("1e-40")}}},
          {"D.R:k3-regime-order", {{"tau_over_kappa_star_max_upper", parse_rational("0.05")}, {"kappa_star_squared_max_upper", parse_rational("0.0349")}}},
          {"D.R:k4-overlap", {{"ov_s_over_eps2_max_upper", parse_rational("0.0150")}, {"ov_l_over_eps2_max_upper", parse_rational("4.5e-125")}}},
          {"C.8:overlap-conditions",
           {{"ov_s_lower", parse_rational("3.42596e-14")}, {"ov_s_upper", parse_rational("3.42598e-14")}, {"ov_l_upper", parse_rational("9.48e-62")},
            {"epsilon", Rational(1, 10)}}},
          {"B.2:bound-defaults",
           {{"alpha", Rational(1, 10)}, {"beta", Rational(1, 10)}, {"success_coarse_lower", parse_rational("0.79988975")},
            {"success_sharp_lower", parse_rational("0.79988979")}, {"failure_terms_upper", parse_rational("1.10249e-4")}}}};
}

struct Audit {
  std::map<std::string, bool> verdicts;
  std::set<std::string> pending;
  Values values = good_values();
};

Audit passing(const std::vector<std::string>& hypotheses) {
  Audit audit;
  for (const std::string& name : hypotheses) audit.verdicts[name] = true;
  return audit;
}

audit::CheckResult run(const char* name, const Audit& audit) {
  audit::Registry registry;
  register_composition_checks(registry);
  const Instance instance = Instance::defaults();
  audit::CheckContext context{instance, true, 0, {}};
  context.earlier_verdicts = &audit.verdicts;
  context.pending = &audit.pending;
  context.earlier_values = &audit.values;
  return registry.find(name)->run(context);
}

TEST(CompositionChecks, PassWithEveryHypothesisAndValue) {
  const audit::CheckResult a = run("D.A:composition", passing(detail::theorem_a_hypotheses()));
  EXPECT_TRUE(a.passed) << a.margin;
  const audit::CheckResult b = run("D.B:composition", passing(detail::theorem_b_hypotheses()));
  EXPECT_TRUE(b.passed) << b.margin;
}

TEST(CompositionChecks, FailOrPendOnAnyHypothesis) {
  for (const char* name : {"D.A:composition", "D.B:composition"}) {
    const std::vector<std::string> hypotheses =
        std::string(name) == "D.A:composition" ? detail::theorem_a_hypotheses() : detail::theorem_b_hypotheses();
    for (const std::string& hypothesis : hypotheses) {
      Audit failed = passing(hypotheses);
      failed.verdicts[hypothesis] = false;
      const audit::CheckResult fail = run(name, failed);
      EXPECT_FALSE(fail.passed) << name << " with " << hypothesis << " failed";
      EXPECT_NE(fail.margin.find(hypothesis), std::string::npos) << fail.margin;
      EXPECT_TRUE(audit::fail_margin_defects(fail.margin).empty()) << fail.margin;
      Audit missing = passing(hypotheses);
      missing.verdicts.erase(hypothesis);
      EXPECT_FALSE(run(name, missing).passed) << name << " without " << hypothesis;
      Audit pending = passing(hypotheses);
      pending.verdicts.erase(hypothesis);
      pending.pending.insert(hypothesis);
      const audit::CheckResult pended = run(name, pending);
      EXPECT_TRUE(pended.pending) << name << " with " << hypothesis << " pending";
      EXPECT_FALSE(pended.passed);
    }
  }
}

TEST(CompositionChecks, FailOnAMissingValue) {
  for (const auto& [check, values] : good_values()) {
    for (const auto& entry : values) {
      Audit audit = passing(detail::theorem_a_hypotheses());
      audit.values[check].erase(entry.first);
      const audit::CheckResult a = run("D.A:composition", audit);
      EXPECT_FALSE(a.passed) << check << "/" << entry.first;
      EXPECT_NE(a.margin.find("missing"), std::string::npos) << a.margin;
    }
  }
}

TEST(CompositionChecks, FailOnAPerturbedValue) {
  auto perturbed = [](const std::string& check, const std::string& value, const Rational& factor) {
    Audit audit = passing(detail::theorem_a_hypotheses());
    audit.values[check][value] *= factor;
    for (const auto& name : detail::theorem_b_hypotheses()) audit.verdicts[name] = true;
    return audit;
  };
  // The (K1) maximum reported 10x too small (below the Mills-ratio bound 9.9e-4) or too large (above 1/200).
  for (const Rational& factor : {Rational(1, 10), Rational(10)}) {
    const Audit audit = perturbed("D.R:k1-k2-failure-terms", "k1_max_upper", factor);
    EXPECT_FALSE(run("D.A:composition", audit).passed) << factor;
    EXPECT_FALSE(run("D.B:composition", audit).passed) << factor;
  }
  EXPECT_GT(detail::k1_maximum_lower_bound(), parse_rational("9.8e-4"));
  EXPECT_LT(detail::k1_maximum_lower_bound(), parse_rational("9.96656e-4"));
  EXPECT_FALSE(run("D.A:composition", perturbed("D.R:k1-k2-failure-terms", "k2_max_upper", parse_rational("6e38"))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("D.R:k3-regime-order", "tau_over_kappa_star_max_upper", Rational(20))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("D.R:k3-regime-order", "kappa_star_squared_max_upper", Rational(12))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("D.R:k4-overlap", "ov_s_over_eps2_max_upper", Rational(26))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("C.8:overlap-conditions", "ov_s_upper", parse_rational("1e12"))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("C.8:overlap-conditions", "ov_s_lower", Rational(2))).passed);  // lower > upper
  EXPECT_FALSE(run("D.A:composition", perturbed("C.8:overlap-conditions", "epsilon", Rational(1, 10))).passed);  // not the audited eps
  EXPECT_FALSE(run("D.A:composition", perturbed("B.2:bound-defaults", "alpha", Rational(2))).passed);
  EXPECT_FALSE(run("D.A:composition", perturbed("B.2:bound-defaults", "failure_terms_upper", Rational(100))).passed);
  EXPECT_FALSE(run("D.B:composition", perturbed("B.2:bound-defaults", "failure_terms_upper", Rational(100))).passed);
}

TEST(CompositionChecks, RegisteredWithTheirHypotheses) {
  audit::Registry registry;
  register_composition_checks(registry);
  const audit::CheckDefinition* theorem_a = registry.find("D.A:composition");
  ASSERT_NE(theorem_a, nullptr);
  EXPECT_EQ(theorem_a->requires_checks, detail::theorem_a_hypotheses());
  for (const char* name : {"C.1:knot-increments", "C.4:network-error", "C.5:score-deviation", "C.6:score-bounds", "C.7:network-error",
                           "A.3:blurred-tail-bound", "C.8:end-to-end", "F.2:corollary-defaults", "B.2:bound-defaults"}) {
    EXPECT_NE(std::find(theorem_a->requires_checks.begin(), theorem_a->requires_checks.end(), name), theorem_a->requires_checks.end()) << name;
  }
  const audit::CheckDefinition* theorem_b = registry.find("D.B:composition");
  ASSERT_NE(theorem_b, nullptr);
  EXPECT_EQ(theorem_b->requires_checks, detail::theorem_b_hypotheses());
  // Every hypothesis is a check of the lemma index.
  for (const std::string& name : detail::theorem_a_hypotheses()) EXPECT_NE(spec::builtin_lemma_index().find_check(name), nullptr) << name;
}

}  // namespace
}  // namespace dpsi::checks
