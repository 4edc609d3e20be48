// False-bound twins for P:defaults-satisfy-constraints (proofs-checks/params_checks.cc): the
// check's constraint evaluation accepts the defaults and rejects a parameter set violating P.8,
// naming the constraint; its quoted-value comparison rejects a quoted value off in the last digit.
#include "proofs-checks/params_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(ParamsChecks, CheckPassesQuick) {
  testing::expect_checks_pass_quick(register_params_checks, spec::CheckKind::kCertified,
                                    {"P:defaults-satisfy-constraints"});
}

TEST(ParamsChecks, DefaultsHoldAndAViolationIsNamed) {
  EXPECT_TRUE(params_check::check_constraints(ParameterValues::defaults()).all_hold);
  ParameterValues values = ParameterValues::defaults();
  values.kappa_star = Rational(2, 1000);  // Theta(v*) no longer small: P.8 fails
  const params_check::ConstraintVerdict verdict = params_check::check_constraints(values);
  EXPECT_FALSE(verdict.all_hold);
  const bool named = std::any_of(verdict.log.begin(), verdict.log.end(), [](const std::string& line) {
    return line.rfind("P.8:", 0) == 0 && line.find("VIOLATED") != std::string::npos;
  });
  EXPECT_TRUE(named);
}

TEST(ParamsChecks, WrongQuotedValueIsRejected) {
  const Instance defaults = Instance::defaults();
  for (const DerivedQuantity& quantity : derived_quantities(defaults)) {
    if (quantity.symbol != "nu") continue;
    EXPECT_EQ(params_check::matches_quoted(quantity.value, "0.00269258", "0.000000005"), Certainty::kTrue);
    EXPECT_EQ(params_check::matches_quoted(quantity.value, "0.00269259", "0.000000005"), Certainty::kFalse);
    return;
  }
  FAIL() << "no derived quantity nu";
}

}  // namespace
}  // namespace dpsi::checks
