// Tests of proofs-checks/composition_checks (D.A, D.B): the composition passes only when every
// hypothesis passed in the same audit and the arithmetic holds; a failed or missing hypothesis
// fails it, a pending one makes it pending.
#include "proofs-checks/composition_checks.h"

#include <gtest/gtest.h>

namespace dpsi::checks {
namespace {

audit::CheckResult compose_with(const std::map<std::string, bool>& verdicts, const std::set<std::string>& pending,
                                const Rational& lhs = Rational(79, 100)) {
  const Instance instance = Instance::defaults();
  audit::CheckContext context{instance, true, 0, {}};
  context.earlier_verdicts = &verdicts;
  context.pending = &pending;
  return detail::compose(context, "D.X", {"A:one", "B:two"}, lhs, Rational(79, 100), "lhs >= 0.79");
}

TEST(CompositionChecks, PassesOnlyWithEveryHypothesisPassed) {
  EXPECT_TRUE(compose_with({{"A:one", true}, {"B:two", true}}, {}).passed);
  EXPECT_FALSE(compose_with({{"A:one", true}, {"B:two", false}}, {}).passed);
  EXPECT_FALSE(compose_with({{"A:one", true}}, {}).passed);  // B:two not run
  EXPECT_FALSE(compose_with({{"A:one", true}, {"B:two", true}}, {}, Rational(78, 100)).passed);  // arithmetic fails
  const audit::CheckResult pending = compose_with({{"A:one", true}}, {"B:two"});
  EXPECT_TRUE(pending.pending);
  EXPECT_FALSE(pending.passed);
}

TEST(CompositionChecks, RegisteredWithTheirHypotheses) {
  audit::Registry registry;
  register_composition_checks(registry);
  const audit::CheckDefinition* theorem_a = registry.find("D.A:composition");
  ASSERT_NE(theorem_a, nullptr);
  EXPECT_EQ(theorem_a->requires_checks.size(), 6U);
  const audit::CheckDefinition* theorem_b = registry.find("D.B:composition");
  ASSERT_NE(theorem_b, nullptr);
  EXPECT_EQ(theorem_b->requires_checks.size(), 4U);
}

}  // namespace
}  // namespace dpsi::checks
