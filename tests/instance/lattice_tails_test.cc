// Tests for dpsi/instance/lattice_tails.h (A.3): spec constants, independent recomputations
// (complementary sums, the kappa -> 0 limit of the blurred tail, direct vs theta-form moments), and
// false-bound twins that must be refuted.
#include "dpsi/instance/lattice_tails.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/theta.h"
#include "proofs-checks/decoding_checks.h"
#include "support/generators.h"
#include "support/check_runner.h"

namespace dpsi::instance {
namespace {

const Rational kDelta(1, 20);

Certainty rounds_to(const Ball& value, const char* quoted, const char* half) {
  return within(value, Ball(parse_rational(quoted)), Ball(parse_rational(half)));
}

TEST(LatticeTails, SpecConstantsAtDefaults) {
  // spec/A-instance.md A.3 Constants.
  const PrecisionScope scope(256);
  EXPECT_EQ(rounds_to(lattice_tail_bound(kDelta, Rational(10)), "1.95558e-23", "5e-29"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(lattice_tail(kDelta, 0, Rational(10)), "1.94063e-23", "5e-29"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(lattice_tail(kDelta, 1, Rational(10)), "1.50805e-23", "5e-29"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(lattice_tail(kDelta, 0, Rational(9)), "2.80959e-19", "5e-25"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(lattice_tail(kDelta, 1, Rational(9)), "2.23801e-19", "5e-25"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(lattice_tail_bound(kDelta, Rational(9)), "2.83680e-19", "5e-25"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(Ball(2) * normal_tail(Ball(10)), "1.52397e-23", "5e-29"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(blurred_tail_bound_via_i(kDelta, Rational(1, 10), Rational(10), Rational(1)), "2.83695e-19", "5e-25"),
            Certainty::kTrue);
}

// P(|w| >= K) + P(|w| < K) = 1, the second summed directly (an independent enumeration).
RC_GTEST_PROP(LatticeTails, TailPlusCentreIsOne, ()) {
  const Rational delta = *rc::gen::element(Rational(1, 2), Rational(1, 20), Rational(1, 7));
  const int b = *rc::gen::inRange(0, 2);
  const Rational K = *testing::rational_in(Rational(1, 10), Rational(4));
  const PrecisionScope scope(256);
  Ball centre;
  for (long k = -1000; k <= 1000; ++k) {
    const Rational w((2 * k + b) * delta / 2);
    if (w > -K && w < K) centre += exp(-Ball(Rational(w * w / 2)));
  }
  const Ball total = lattice_tail(delta, b, K) + centre / lattice_normaliser(delta, b);
  RC_ASSERT(within(total, Ball(1), identity_tolerance(Ball(1), 200)) == Certainty::kTrue);
}

RC_GTEST_PROP(LatticeTails, BoundIHoldsOnRandomK, ()) {
  const Rational delta = *rc::gen::element(Rational(1, 2), Rational(1, 20), Rational(1, 3));
  const int b = *rc::gen::inRange(0, 2);
  const Rational K = *testing::rational_in(Rational(1, 4), Rational(15));
  const PrecisionScope scope(256);
  RC_ASSERT(le(lattice_tail(delta, b, K), lattice_tail_bound(delta, K)) == Certainty::kTrue);
}

TEST(LatticeTails, RejectsBadArguments) {
  EXPECT_THROW(lattice_tail(Rational(0), 0, Rational(1)), std::invalid_argument);
  EXPECT_THROW(lattice_tail(kDelta, 2, Rational(1)), std::invalid_argument);
  EXPECT_THROW(lattice_tail(kDelta, 0, Rational(0)), std::invalid_argument);
  EXPECT_THROW(exponential_moment(kDelta, 0, Rational(1, 2)), std::invalid_argument);
  EXPECT_THROW(blurred_tail_bound(kDelta, 0, Rational(1, 10), Rational(1), Rational(1)), std::invalid_argument);
}

TEST(ExponentialMoment, ThetaFormEqualsDirectSums) {
  const PrecisionScope scope(256);
  for (const Rational& delta : {Rational(1, 2), Rational(1, 20), Rational(1)}) {
    for (int b = 0; b < 2; ++b) {
      for (const Rational& lambda : {Rational(0), Rational(1, 10), Rational(1, 4), Rational(49, 100)}) {
        const Ball theta_form = exponential_moment(delta, b, lambda);
        const Ball direct = exponential_moment_direct(delta, b, lambda);
        EXPECT_EQ(within(direct, theta_form, identity_tolerance(theta_form, 200)), Certainty::kTrue)
            << direct.str(30) << " vs " << theta_form.str(30);
        // The log form is log(E exp(lambda w^2)) - log sqrt(omega), omega = 1/(1 - 2 lambda).
        const Ball log_sqrt_omega = log(sqrt(Ball(Rational(1 / (1 - 2 * lambda)))));
        EXPECT_EQ(within(exponential_moment_log_excess(delta, b, lambda) + log_sqrt_omega, log(theta_form),
                         identity_tolerance(Ball(1), 200)),
                  Certainty::kTrue);
      }
    }
  }
}

TEST(ExponentialMoment, LogFormResolvesTheDefaultMargin) {
  // At delta = 1/20, Theta(1) = 10^-3428.75: the claim's margin lies far below 2^-256 relative but is
  // resolved in log form (spec/README.md, CERTIFIED: 1 +- Theta via log1p).
  const PrecisionScope scope(256);
  EXPECT_EQ(rounds_to(log(big_theta_one(kDelta)) / log(Ball(10)), "-3428.7508", "5e-5"), Certainty::kTrue);
  for (int b = 0; b < 2; ++b) {
    EXPECT_EQ(lt(exponential_moment_log_excess(kDelta, b, Rational(1, 4)), log_c_theta(kDelta)), Certainty::kTrue);
  }
}

// False twin: dropping c_Theta from the bound (E exp(lambda w^2) <= (1-2 lambda)^-1/2) is false for b = 1.
TEST(ExponentialMomentFalseTwin, BoundWithoutCThetaIsRefuted) {
  const PrecisionScope scope(256);
  const Rational lambda(1, 4);
  const Rational delta(1, 2);
  EXPECT_EQ(le(exponential_moment(delta, 1, lambda), sqrt(Ball(Rational(1 / (1 - 2 * lambda))))), Certainty::kFalse);
  // At delta = 1/20 the excess is ~1e-3428: refuted in log form.
  EXPECT_EQ(le(exponential_moment_log_excess(kDelta, 1, lambda), Ball(0)), Certainty::kFalse);
}

// False twin: the A.3(i) bound halved is refuted at the defaults' K = 10.
TEST(LatticeTailFalseTwin, HalvedBoundIIsRefuted) {
  const PrecisionScope scope(256);
  EXPECT_EQ(le(lattice_tail(kDelta, 0, Rational(10)), lattice_tail_bound(kDelta, Rational(10)) / Ball(2)), Certainty::kFalse);
}

// kappa -> 0: the blurred tail at a lattice point B is P(|w| > B) + P(|w| = B)/2 (neighbours at distance
// delta contribute Phibar(delta/kappa) ~ e^-1.25e9).
TEST(BlurredTail, SmallKappaLimit) {
  const PrecisionScope scope(256);
  for (int b = 0; b < 2; ++b) {
    const Rational B = b == 0 ? Rational(10) : Rational(10) + kDelta / 2;
    const Ball strictly_above = lattice_tail(kDelta, b, Rational(B + kDelta / 2));
    const Ball at_or_above = lattice_tail(kDelta, b, B);
    const Ball expected = strictly_above + (at_or_above - strictly_above) / Ball(2);
    const Ball blurred = blurred_tail(kDelta, b, Rational(1, 1'000'000), B);
    EXPECT_EQ(within(blurred, expected, identity_tolerance(expected, 100) * expected), Certainty::kTrue)
        << blurred.str(30) << " vs " << expected.str(30);
  }
}

// False twins for A.3(iii): dropping the blur (P_h(|t| > B) <= P_D(|w| > B)) and tightening P_B.
TEST(BlurredTailFalseTwin, BlurFreeBoundAndTightenedDefaultAreRefuted) {
  const PrecisionScope scope(256);
  const Rational B(10);
  const Ball blurred = blurred_tail(kDelta, 0, Rational(1, 10), B);
  EXPECT_EQ(le(blurred, lattice_tail(kDelta, 0, Rational(B + kDelta / 2))), Certainty::kFalse);
  const Ball p_b = blurred_tail_bound_via_i(kDelta, Rational(1, 10), B, Rational(1));
  EXPECT_EQ(le(p_b, Ball(parse_rational("2.8369e-19"))), Certainty::kFalse);
  EXPECT_EQ(le(p_b, Ball(parse_rational("2.8370e-19"))), Certainty::kTrue);
}

TEST(LatticeTailChecks, CertifiedChecksPassQuick) {
  testing::expect_checks_pass_quick(checks::register_decoding_checks, spec::CheckKind::kCertified,
                                    {"A.3:lattice-tail-bound", "A.3:exponential-moment", "A.3:blurred-tail-bound"});
}

}  // namespace
}  // namespace dpsi::instance
