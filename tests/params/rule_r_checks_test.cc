// Tests of dpsi/params/rule_r and proofs-checks/rule_r_checks (spec D.R): the grid is D.R's, the
// parameters satisfy their defining identities, the three checks pass in quick mode, and each
// check fails when one of its bounds is replaced by a value below the grid's maximum.
#include "proofs-checks/rule_r_checks.h"

#include <gtest/gtest.h>

#include "dpsi/params/rule_r.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

TEST(RuleR, GridIsSpecDR) {
  const std::vector<long> n = params::rule_r_n_grid();
  ASSERT_EQ(n.size(), 30U);
  EXPECT_EQ(n[0], 3);
  EXPECT_EQ(n[1], 10);
  EXPECT_EQ(n[2], 32);    // round(10^1.5) = round(31.62)
  EXPECT_EQ(n[4], 316);   // round(10^2.5) = round(316.23)
  EXPECT_EQ(n[6], 3162);  // round(10^3.5) = round(3162.28)
  EXPECT_EQ(n.back(), 1'000'000'000'000'000L);
  EXPECT_EQ(n[28], 316'227'766'016'838L);  // round(10^14.5)
  EXPECT_EQ(params::rule_r_epsilon_grid().size(), 6U);
}

TEST(RuleR, ParametersSatisfyTheirDefinitions) {
  const PrecisionScope scope(256);
  const params::RuleR rule = params::rule_r(1000, Rational(1, 1000));
  // L = ln(1e6) = 13.8155..., 8L = 110.52..., delta = 1/111.
  EXPECT_EQ(rule.delta, Rational(1, 111));
  EXPECT_EQ(within(sqr(rule.nu), Ball(2) * sqr(rule.tau), Ball::from_decimal("1e-60")), Certainty::kTrue);  // nu^2 = tau^2 + sigma_y^2
  EXPECT_EQ(within(Ball(16) * sqr(rule.kappa_star) * rule.L, Ball(1), Ball::from_decimal("1e-60")), Certainty::kTrue);
  EXPECT_THROW(params::rule_r(2, Rational(1, 2)), std::invalid_argument);
  EXPECT_THROW(params::rule_r(3, Rational(3, 4)), std::invalid_argument);
}

TEST(RuleRChecks, PassInQuickMode) {
  testing::expect_checks_pass_quick(register_rule_r_checks, spec::CheckKind::kCertified,
                                    {"D.R:k1-k2-failure-terms", "D.R:k3-regime-order", "D.R:k4-overlap"});
}

audit::CheckResult run_quick(audit::CheckResult (*run)(const audit::CheckContext&, const detail::RuleRBounds&),
                             const detail::RuleRBounds& bounds) {
  const Instance defaults = Instance::defaults();
  return run({defaults, true, 0, {}}, bounds);
}

TEST(RuleRChecks, FalseBoundsFail) {
  detail::RuleRBounds k1;
  k1.k1 = Rational(9, 10'000);  // below max 4 n Phibar(z_n) = 9.967e-4 (at n = 3)
  EXPECT_FALSE(run_quick(detail::run_k1_k2, k1).passed);
  detail::RuleRBounds kappa;
  kappa.kappa_star_squared = Rational(1, 100);  // kappa*^2 = 1/(16 L) reaches 0.0349 at n = 3, eps = 1/2
  EXPECT_FALSE(run_quick(detail::run_k3, kappa).passed);
  detail::RuleRBounds ov_s;
  ov_s.ov_s_term = Rational(1, 100);  // the t3 term reaches 0.0119 eps^2
  EXPECT_FALSE(run_quick(detail::run_k4, ov_s).passed);
  detail::RuleRBounds q;
  q.q_exponent = Rational(80);  // q_{v*} <= (eps/n)^80 fails where 2 pi^2 v*/delta^2 < 80 L
  EXPECT_FALSE(run_quick(detail::run_k4, q).passed);
}

}  // namespace
}  // namespace dpsi::checks
