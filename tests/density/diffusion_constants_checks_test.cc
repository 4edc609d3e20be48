// Tests of proofs-checks/diffusion_constants_checks (spec F.1, F.2): both checks pass in quick mode;
// the explicit OU mixture with a wrong blur (tau^2 not damped by e^{-2t}) is refuted by the identity;
// the corollary's inequalities with a false constant are refuted; printed constants off by one digit
// are refuted.
#include "proofs-checks/diffusion_constants_checks.h"

#include <gtest/gtest.h>

#include "proofs-checks/printed_value.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(DiffusionConstantsChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_diffusion_constants_checks, spec::CheckKind::kCertified,
                                    {"F.1:ou-identity", "F.2:corollary-defaults"});
}

TEST(DiffusionConstantsChecks, WrongBlurIsRefuted) {
  const PrecisionScope scope(256);
  ParameterValues values = Instance::defaults().values();
  values.n = 3;
  values.m = 3;
  const Instance instance = Instance::from(values);
  const density::VertexMixture mixture(instance);
  const std::vector<Ball> y{Ball(Rational(1, 2)), Ball(Rational(-3, 4)), Ball(Rational(1, 8)),
                            Ball(Rational(5, 4)), Ball(Rational(-1, 16)), Ball(Rational(1, 3))};
  const Ball t(Rational(1, 10));
  const detail::OuMarginal reference = detail::ou_marginal_by_smoothing(mixture, y, t);
  const detail::OuMarginal right = detail::ou_marginal_explicit(mixture, y, t, detail::ou_blur(instance, t));
  EXPECT_EQ(within(right.log_density, reference.log_density, identity_tolerance(reference.log_density)), Certainty::kTrue);
  const Ball wrong_blur = sqrt(sqr(Ball(instance.tau())) - expm1(Ball(-2) * t));  // tau^2 + 1 - e^{-2t}
  const detail::OuMarginal wrong = detail::ou_marginal_explicit(mixture, y, t, wrong_blur);
  EXPECT_EQ(within(wrong.log_density, reference.log_density, identity_tolerance(reference.log_density)), Certainty::kFalse);
}

TEST(DiffusionConstantsChecks, FalseCorollaryInequalitiesAreRefuted) {
  const certify::Budget budget;
  EXPECT_TRUE(detail::certify_score_weight_inequality(Rational(1, 2), parse_rational("1e-12"), Rational(10), budget).proven());
  EXPECT_EQ(detail::certify_score_weight_inequality(Rational(1, 4), parse_rational("1e-12"), Rational(10), budget).outcome,
            certify::Outcome::kRefuted);
  EXPECT_TRUE(detail::certify_log_inequality(Rational(1), Rational(1, 1'000'000), Rational(999, 1000), budget).proven());
  EXPECT_EQ(detail::certify_log_inequality(Rational(11, 10), Rational(1, 1'000'000), Rational(999, 1000), budget).outcome, certify::Outcome::kRefuted);
}

TEST(DiffusionConstantsChecks, PrintedConstantsOffByOneDigitAreRefuted) {
  const PrecisionScope scope(256);
  const detail::CorollaryConstants constants = detail::corollary_constants(Instance::defaults(), Rational(8), parse_rational("2.5e-9"));
  EXPECT_EQ(rounds_to(constants.sigma_min_squared, "5.0000000126e-9"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(constants.bracket, "18.9433"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(constants.initial_term, "7.2024e-6"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(constants.second_moment, "32.000032"), Certainty::kTrue);  // spec A.4's M_2
}

}  // namespace
}  // namespace dpsi::checks
