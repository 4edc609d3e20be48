// The registered R.3 / A.1 checks, run in quick mode with the spec seeds: they pass, and their
// margins and logs have the documented form. (Full-size runs: set DPSI_SAMPLING_FULL=1.)
#include "proofs-checks/sampling_checks.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "dpsi/audit/registry.h"
#include "dpsi/params/instance.h"

namespace dpsi::checks {
namespace {

audit::CheckResult run(const std::string& name, bool quick) {
  audit::Registry registry;
  register_sampling_checks(registry);
  const audit::CheckDefinition* definition = registry.find(name);
  if (definition == nullptr) throw std::runtime_error("not registered: " + name);
  const Instance instance = Instance::defaults();
  const audit::CheckContext context{instance, quick, audit::derive_seed(name.substr(0, name.find(':')), std::nullopt), {}};
  audit::CheckResult result = definition->run(context);
  std::cout << name << (quick ? " (quick)" : "") << ": " << (result.passed ? "pass" : "FAIL") << ": " << result.margin
            << "\n";
  for (const std::string& line : result.log) std::cout << "  " << line << "\n";
  return result;
}

TEST(SamplingChecks, RegisteredWithTheirKinds) {
  audit::Registry registry;
  register_sampling_checks(registry);
  ASSERT_EQ(registry.checks().size(), 3U);
  EXPECT_EQ(registry.find("R.3:bernoulli-exp")->kind, spec::CheckKind::kStatistical);
  EXPECT_EQ(registry.find("R.3:discrete-gaussian-law")->kind, spec::CheckKind::kStatistical);
  EXPECT_EQ(registry.find("A.1:lattice-membership")->kind, spec::CheckKind::kExact);
}

// Statistical: false-failure probability <= 5e-9 (five claims at 1e-9) with the spec seed.
TEST(SamplingChecks, BernoulliExpQuickPasses) {
  const audit::CheckResult result = run("R.3:bernoulli-exp", true);
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_EQ(result.margin.rfind("max |p_hat - e^-gamma'| <= ", 0), 0U) << result.margin;
  for (const std::string& line : result.log) EXPECT_EQ(line.rfind("R.3:bernoulli-exp: ", 0), 0U) << line;
}

// Statistical: false-failure probability <= 4e-9 (four claims at 1e-9) with the spec seed.
TEST(SamplingChecks, DiscreteGaussianLawQuickPasses) {
  const audit::CheckResult result = run("R.3:discrete-gaussian-law", true);
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_EQ(result.margin.rfind("max sup|F_N - F| <= ", 0), 0U) << result.margin;
  for (const std::string& line : result.log) EXPECT_EQ(line.rfind("R.3:discrete-gaussian-law: ", 0), 0U) << line;
}

TEST(SamplingChecks, LatticeMembershipQuickPasses) {
  const audit::CheckResult result = run("A.1:lattice-membership", true);
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_EQ(result.margin.rfind("0/40000 draws off the lattice", 0), 0U) << result.margin;
  for (const std::string& line : result.log) EXPECT_EQ(line.rfind("A.1:lattice-membership: ", 0), 0U) << line;
}

// The full-size checks (as `dpsi audit` runs them); skipped unless DPSI_SAMPLING_FULL is set, to
// keep the suite short.
TEST(SamplingChecks, FullSize) {
  if (std::getenv("DPSI_SAMPLING_FULL") == nullptr) GTEST_SKIP() << "set DPSI_SAMPLING_FULL=1 to run";
  for (const char* name : {"R.3:bernoulli-exp", "R.3:discrete-gaussian-law", "A.1:lattice-membership"}) {
    EXPECT_TRUE(run(name, false).passed) << name;
  }
}

}  // namespace
}  // namespace dpsi::checks
