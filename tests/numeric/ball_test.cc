// Tests for dpsi/numeric/ball.h: every enclosure contains the exact (or high-precision reference)
// value at random rational points; comparisons are three-valued.
#include "dpsi/numeric/ball.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/multiprecision/mpfr.hpp>

#include <functional>

#include "dpsi/numeric/reference_ball.h"
#include "support/generators.h"

namespace dpsi {
namespace {

using R = ReferenceReal;

void check_function(const char* name, const Rational& x, const std::function<Ball(const Ball&)>& enclosure,
                    const std::function<R(const R&)>& reference) {
  Ball value;
  {
    const PrecisionScope scope(128);
    value = enclosure(Ball(x));
  }
  const R ref = reference(R(x));
  RC_LOG() << name << "(" << x << ") = " << value.str(40) << " vs " << ref.str(40) << "\n";
  RC_ASSERT(encloses_reference(value, ref, 280));  // see reference_ball.h for the 2^-280
  if (ref != 0) RC_ASSERT(value.rel_accuracy_bits() >= 100);
}

RC_GTEST_PROP(BallEnclosure, ExpLogSqrtAtRationals, ()) {
  const Rational x = *testing::rational(20'000'000, 1'000'000);
  const Rational positive = *testing::rational_in(Rational(1, 1'000'000), Rational(1'000'000));
  check_function("exp", x, [](const Ball& b) { return exp(b); }, [](const R& r) { return R(exp(r)); });
  check_function("log", positive, [](const Ball& b) { return log(b); }, [](const R& r) { return R(log(r)); });
  check_function("sqrt", positive, [](const Ball& b) { return sqrt(b); }, [](const R& r) { return R(sqrt(r)); });
  check_function("expm1", x, [](const Ball& b) { return expm1(b); }, [](const R& r) { return R(expm1(r)); });
}

RC_GTEST_PROP(BallEnclosure, TrigAndErrorFunctionsAtRationals, ()) {
  const Rational x = *testing::rational(20'000'000, 1'000'000);
  check_function("sin", x, [](const Ball& b) { return sin(b); }, [](const R& r) { return R(sin(r)); });
  check_function("cos", x, [](const Ball& b) { return cos(b); }, [](const R& r) { return R(cos(r)); });
  check_function("erf", x, [](const Ball& b) { return erf(b); },
                 [](const R& r) { return R(boost::multiprecision::erf(r)); });
  check_function("erfc", x, [](const Ball& b) { return erfc(b); },
                 [](const R& r) { return R(boost::multiprecision::erfc(r)); });
  check_function("normal_tail", x, [](const Ball& b) { return normal_tail(b); },
                 [](const R& r) { return R(boost::multiprecision::erfc(R(r / sqrt(R(2)))) / 2); });
  check_function("tanh", x, [](const Ball& b) { return tanh(b); }, [](const R& r) { return R(tanh(r)); });
}

RC_GTEST_PROP(BallArithmetic, EnclosesExactRationalResults, (const Rational& a, const Rational& b)) {
  RC_PRE(b != 0);
  const PrecisionScope scope(128);
  const Ball ba(a);
  const Ball bb(b);
  RC_ASSERT((ba + bb).contains(Rational(a + b)));
  RC_ASSERT((ba - bb).contains(Rational(a - b)));
  RC_ASSERT((ba * bb).contains(Rational(a * b)));
  RC_ASSERT((ba / bb).contains(Rational(a / b)));
  RC_ASSERT((-ba).contains(Rational(-a)));
  RC_ASSERT(sqr(ba).contains(Rational(a * a)));
  RC_ASSERT(pow(ba, 3).contains(Rational(a * a * a)));
}

RC_GTEST_PROP(BallArithmetic, ShortDyadicsAreExact, ()) {
  const auto p = *rc::gen::inRange<std::int64_t>(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
  const auto k = *rc::gen::inRange<unsigned>(0, 41);
  const Rational a(Integer(p), Integer(1) << k);
  const Ball ba(a);
  RC_ASSERT(ba.is_exact());
  RC_ASSERT(ba.lower_rational() == a);
  RC_ASSERT(ba.upper_rational() == a);
  RC_ASSERT((ba * ba).is_exact());
}

RC_GTEST_PROP(BallInterval, ContainsItsEndpointsAndBracketsThem, ()) {
  const auto interval = *testing::interval_in(Rational(-1000), Rational(1000));
  const Ball ball = Ball::interval(interval.lo, interval.hi);
  RC_ASSERT(ball.contains(interval.lo));
  RC_ASSERT(ball.contains(interval.hi));
  RC_ASSERT(ball.contains(Rational((interval.lo + interval.hi) / 2)));
  RC_ASSERT(ball.lower_rational() <= interval.lo);
  RC_ASSERT(ball.upper_rational() >= interval.hi);
  RC_ASSERT(ball.lower_double() <= ball.upper_double());
}

TEST(BallCompare, DisjointBallsAreDecided) {
  const Ball one(1);
  const Ball two(2);
  EXPECT_EQ(lt(one, two), Certainty::kTrue);
  EXPECT_EQ(lt(two, one), Certainty::kFalse);
  EXPECT_EQ(le(one, one), Certainty::kTrue);  // exact equal points
  EXPECT_EQ(gt(two, one), Certainty::kTrue);
  EXPECT_EQ(ge(one, two), Certainty::kFalse);
}

TEST(BallCompare, OverlappingBallsAreUndecided) {
  const Ball wide = Ball::interval(Rational(0), Rational(2));
  const Ball one(1);
  EXPECT_EQ(lt(wide, one), Certainty::kUndecided);
  EXPECT_EQ(le(wide, one), Certainty::kUndecided);
  EXPECT_EQ(gt(wide, one), Certainty::kUndecided);
  // A third of a non-dyadic value against itself: the balls overlap, so < is not certainly false.
  const Ball third(Rational(1, 3));
  EXPECT_EQ(lt(third, third), Certainty::kUndecided);
}

TEST(BallCompare, IndeterminateResultsDecideNothing) {
  const Ball nonsense = log(Ball::interval(Rational(-1), Rational(1)));
  EXPECT_FALSE(nonsense.is_finite());
  EXPECT_EQ(lt(nonsense, Ball(0)), Certainty::kUndecided);
  EXPECT_EQ(ge(nonsense, Ball(0)), Certainty::kUndecided);
}

TEST(BallCompare, KleeneLogic) {
  EXPECT_EQ(Certainty::kTrue && Certainty::kUndecided, Certainty::kUndecided);
  EXPECT_EQ(Certainty::kFalse && Certainty::kUndecided, Certainty::kFalse);
  EXPECT_EQ(Certainty::kTrue || Certainty::kUndecided, Certainty::kTrue);
  EXPECT_EQ(!Certainty::kUndecided, Certainty::kUndecided);
}

TEST(BallPrecision, ScopeSetsAndRestores) {
  EXPECT_EQ(working_precision(), kDefaultWorkingPrecision);
  {
    const PrecisionScope outer(64);
    EXPECT_EQ(working_precision(), 64);
    const Ball third(Rational(1, 3));
    EXPECT_LE(third.rel_accuracy_bits(), 64);
    {
      const PrecisionScope inner(1000);
      EXPECT_GE(Ball(Rational(1, 3)).rel_accuracy_bits(), 990);
    }
    EXPECT_EQ(working_precision(), 64);
  }
  EXPECT_EQ(working_precision(), kDefaultWorkingPrecision);
  EXPECT_THROW(PrecisionScope(2), std::invalid_argument);
}

// Known values, each from an independent source.
TEST(BallKnownValues, MatchPublishedDigits) {
  // sqrt(2 pi) = 2.5066282746310005024157652848110452530069867406099... (OEIS A019727)
  EXPECT_EQ(within(sqrt(Ball(2) * Ball::pi()), Ball(parse_rational("2.50662827463100050241576528481104525300698674")),
                   Ball(parse_rational("1e-44"))),
            Certainty::kTrue);
  // Phibar(0) = 1/2 exactly; Phibar(10) = erfc(10/sqrt 2)/2 = 7.6198530241605260659733432515993e-24
  // (mpmath 1.3 at 50 digits, an implementation independent of Arb and MPFR)
  EXPECT_TRUE(normal_tail(Ball(0)).contains(Rational(1, 2)));
  EXPECT_EQ(within(normal_tail(Ball(10)), Ball(parse_rational("7.6198530241605260659733432515993e-24")),
                   Ball(parse_rational("1e-54"))),
            Certainty::kTrue);
}

TEST(BallValue, CopyAndMoveKeepValues) {
  Ball a(Rational(7, 2));
  Ball b = a;
  Ball c = std::move(a);
  EXPECT_TRUE(b.contains(Rational(7, 2)));
  EXPECT_TRUE(c.contains(Rational(7, 2)));
  b = c;
  EXPECT_TRUE(b.contains(Rational(7, 2)));
  EXPECT_EQ(Ball::from_decimal("0.25").lower_rational(), Rational(1, 4));
  EXPECT_THROW(Ball::from_decimal("zero"), ParseError);
}

// mul_2exp is exact; the identity tolerance is 2^-bits max(1, |R|) and is decided on its lower
// bound, so an enclosure of R straddling 0 gets the tolerance of |R| = 0, i.e. 2^-bits (Erratum 7).
TEST(BallTolerance, MulTwoExpAndIdentityTolerance) {
  EXPECT_EQ(mul_2exp(Ball(Rational(3)), -4).lower_rational(), Rational(3, 16));
  EXPECT_EQ(mul_2exp(Ball(Rational(3)), -4).upper_rational(), Rational(3, 16));
  EXPECT_EQ(identity_tolerance(Ball(Rational(1, 2)), 10).lower_rational(), Rational(1, 1024));
  EXPECT_EQ(identity_tolerance(Ball(Rational(-4096)), 10).lower_rational(), Rational(4));
  const Ball reference(Rational(4096));
  EXPECT_EQ(within(Ball(Rational(4096) + Rational(4)), reference, identity_tolerance(reference, 10)), Certainty::kTrue);
  EXPECT_EQ(within(Ball(Rational(4096) + Rational(5)), reference, identity_tolerance(reference, 10)), Certainty::kFalse);
}

}  // namespace
}  // namespace dpsi
