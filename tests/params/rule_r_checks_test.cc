// Tests of dpsi/params/rule_r and proofs-checks/rule_r_checks (spec D.R): the grid is D.R's, the
// parameters satisfy their defining identities, the three checks pass in quick mode, and each
// check fails when one of its bounds is replaced by a value below the grid's maximum.
#include "proofs-checks/rule_r_checks.h"

#include <gtest/gtest.h>

#include "dpsi/audit/runner.h"
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
  ov_s.ov_s = Rational(1, 100);  // the t3 term alone reaches 0.0119 eps^2
  EXPECT_FALSE(run_quick(detail::run_k4, ov_s).passed);
  detail::RuleRBounds q;
  q.q_exponent = Rational(80);  // q_{v*} <= (eps/n)^80 fails where 2 pi^2 v*/delta^2 < 80 L
  EXPECT_FALSE(run_quick(detail::run_k4, q).passed);
}

// The checks hand their grid maxima to D.A/D.B: (K1)'s maximum 9.967e-4 (at n = 3) enclosed, OV-S's sum
// below C.8's 3/8 (not the old per-term 1/4 of the spec's first draft, Erratum 38), and a failure margin that names the comparison.
TEST(RuleRChecks, CertifiedValuesAndFailWording) {
  const audit::CheckResult k1 = run_quick(detail::run_k1_k2, {});
  ASSERT_TRUE(k1.passed) << k1.margin;
  EXPECT_LE(k1.certified_values.at("k1_max_lower"), k1.certified_values.at("k1_max_upper"));
  EXPECT_GT(k1.certified_values.at("k1_max_lower"), parse_rational("9.966e-4"));
  EXPECT_LT(k1.certified_values.at("k1_max_upper"), parse_rational("9.968e-4"));
  EXPECT_LT(k1.certified_values.at("k2_max_upper"), parse_rational("1e-10"));
  const audit::CheckResult k3 = run_quick(detail::run_k3, {});
  EXPECT_LT(k3.certified_values.at("tau_over_kappa_star_max_upper"), 1);
  EXPECT_LE(k3.certified_values.at("kappa_star_squared_max_upper"), Rational(81, 200));
  const audit::CheckResult k4 = run_quick(detail::run_k4, {});
  ASSERT_TRUE(k4.passed) << k4.margin;
  EXPECT_LE(k4.certified_values.at("ov_s_over_eps2_max_upper"), Rational(3, 8));
  EXPECT_GT(k4.certified_values.at("ov_s_over_eps2_max_upper"), parse_rational("0.0119"));  // at least the t3 term's maximum
  detail::RuleRBounds k1_false;
  k1_false.k1 = Rational(9, 10'000);
  const audit::CheckResult failed = run_quick(detail::run_k1_k2, k1_false);
  EXPECT_FALSE(failed.passed);
  EXPECT_NE(failed.margin.find("FAILS: <= 0.00090000 not certain"), std::string::npos) << failed.margin;
  EXPECT_TRUE(audit::fail_margin_defects(failed.margin).empty()) << failed.margin;
}

}  // namespace
}  // namespace dpsi::checks
