// Tests for dpsi/certify/branch_and_bound.h: true claims are proven, false ones refuted with a
// witness that an independent MPFR evaluation confirms, and an exhausted budget is never a proof.
#include "dpsi/certify/branch_and_bound.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "dpsi/numeric/reference_real.h"
#include "support/generators.h"

namespace dpsi::certify {
namespace {

using R = ReferenceReal;

Inequality exp_below(const Rational& threshold) {
  return {[](std::span<const Ball> x) { return exp(x[0]); },
          [threshold](std::span<const Ball>) { return Ball(threshold); }};
}

Inequality taylor_remainder_below(const Rational& bound) {
  return {[](std::span<const Ball> x) { return abs(exp(x[0]) - (Ball(1) + x[0] + sqr(x[0]) / Ball(2))); },
          [bound](std::span<const Ball>) { return Ball(bound); }};
}

TEST(Certifier, ProvesTaylorRemainderBound) {
  const Result result = certify_le(taylor_remainder_below(Rational(5, 10000)), {{Rational(0), Rational(1, 8)}});
  ASSERT_EQ(result.outcome, Outcome::kProven) << result.summary();
  ASSERT_TRUE(result.margin_lower_bound.has_value());
  // The certified margin is a lower bound of the true min of 5e-4 - |remainder|, which is
  // 5e-4 - (e^{1/8} - 1 - 1/8 - 1/128) = 1.6775e-4 (attained at x = 1/8).
  const R true_margin = R(Rational(5, 10000)) - (exp(R(Rational(1, 8))) - 1 - R(Rational(1, 8)) - R(Rational(1, 128)));
  EXPECT_LE(R(result.margin_lower_bound->upper_rational()), true_margin);
  EXPECT_GE(result.margin_lower_bound->lower_rational(), Rational(0));
  EXPECT_GT(result.boxes_evaluated, 1u);  // one ball over the whole box is too wide (dependency problem)
}

TEST(Certifier, RefutesFalseBoundWithConfirmedWitness) {
  const Result result = certify_le(taylor_remainder_below(Rational(3, 10000)), {{Rational(0), Rational(1, 8)}});
  ASSERT_EQ(result.outcome, Outcome::kRefuted) << result.summary();
  ASSERT_EQ(result.witness.size(), 1u);
  const Rational& x = result.witness[0];
  EXPECT_GE(x, 0);
  EXPECT_LE(x, Rational(1, 8));
  const R rx(x);
  EXPECT_GT(R(abs(R(exp(rx) - (1 + rx + rx * rx / 2)))), R(Rational(3, 10000)));
  ASSERT_TRUE(result.witness_excess.has_value());
  EXPECT_EQ(gt(*result.witness_excess, Ball(0)), Certainty::kTrue);
}

TEST(Certifier, ExhaustedBudgetIsNotAProof) {
  const Inequality pythagoras{[](std::span<const Ball> x) { return sqr(sin(x[0])) + sqr(cos(x[0])); },
                              [](std::span<const Ball>) { return Ball(1); }};
  const Result result = certify_le(pythagoras, {{Rational(0), Rational(1)}});
  EXPECT_EQ(result.outcome, Outcome::kBudgetExhausted) << result.summary();
  EXPECT_FALSE(result.proven());
  EXPECT_FALSE(result.undecided_box.empty());
}

TEST(Certifier, BoxBudgetIsEnforced) {
  Budget tiny;
  tiny.max_boxes = 3;
  const Result result = certify_le(taylor_remainder_below(Rational(5, 10000)), {{Rational(0), Rational(1, 8)}}, tiny);
  EXPECT_EQ(result.outcome, Outcome::kBudgetExhausted);
  EXPECT_LE(result.boxes_evaluated, 3u);
  EXPECT_FALSE(result.proven());
}

TEST(Certifier, RejectsMalformedBoxes) {
  EXPECT_THROW(certify_le(exp_below(Rational(3)), {{Rational(1), Rational(0)}}), std::invalid_argument);
  EXPECT_THROW(certify_le(exp_below(Rational(3)), {}), std::invalid_argument);
}

// exp(x) <= t on [lo, hi] holds iff exp(hi) <= t. Away from the boundary case the certifier must
// decide it: prove it when true, refute it with a confirmed witness when false.
RC_GTEST_PROP(Certifier, DecidesMonotoneClaimsCorrectly, ()) {
  const auto domain = *testing::interval_in(Rational(-3), Rational(3));
  const Rational threshold = *testing::rational_in(Rational(1, 100), Rational(25));
  const R exp_hi = exp(R(domain.hi));
  const R relative_gap = abs(R(R(threshold) - exp_hi)) / exp_hi;
  RC_PRE(relative_gap > R(Rational(1, 1000000)));
  const Result result = certify_le(exp_below(threshold), {domain});
  RC_LOG() << result.summary() << "\n";
  if (exp_hi < R(threshold)) {
    RC_ASSERT(result.outcome == Outcome::kProven);
    // The certified margin never exceeds the true one, threshold - exp(hi) (up to MPFR rounding).
    RC_ASSERT(R(result.margin_lower_bound->upper_rational()) <= R(threshold) - exp_hi + R(Rational(1, Integer(1) << 300)));
  } else {
    RC_ASSERT(result.outcome == Outcome::kRefuted);
    const Rational& x = result.witness.at(0);
    RC_ASSERT(domain.lo <= x);
    RC_ASSERT(x <= domain.hi);
    RC_ASSERT(exp(R(x)) > R(threshold));
  }
}

// Two variables: x^2 + y^2 <= r on a box holds iff the farthest corner satisfies it.
RC_GTEST_PROP(Certifier, DecidesTwoDimensionalClaims, ()) {
  const auto box = *testing::box_in(2, Rational(-2), Rational(2));
  const Rational r = *testing::rational_in(Rational(1, 10), Rational(9));
  Rational farthest = 0;
  for (const Interval& side : box) farthest += std::max(side.lo * side.lo, side.hi * side.hi);
  // Away from the boundary case (a near-tie needs boxes deeper than the depth budget allows).
  RC_PRE(abs(Rational(farthest - r)) > Rational(1, 1000));
  const Inequality claim{[](std::span<const Ball> x) { return sqr(x[0]) + sqr(x[1]); },
                         [r](std::span<const Ball>) { return Ball(r); }};
  const Result result = certify_le(claim, box);
  RC_LOG() << result.summary() << "\n";
  if (farthest < r) {
    RC_ASSERT(result.outcome == Outcome::kProven);
  } else {
    RC_ASSERT(result.outcome == Outcome::kRefuted);
    const auto& w = result.witness;
    RC_ASSERT(w.size() == 2u);
    RC_ASSERT(w[0] * w[0] + w[1] * w[1] > r);  // exact
  }
}

}  // namespace
}  // namespace dpsi::certify
