// Tests for dpsi/instance/decoding_error.h (B.1(ii)): the series against an independent
// computation (a sum over both signs of erf differences, at higher precision), the constants of spec
// B.1, the bounds as a property over sigma_y, and false-bound twins that the claims must refute.
#include "dpsi/instance/decoding_error.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "dpsi/audit/registry.h"
#include "proofs-checks/decoding_checks.h"
#include "support/generators.h"
#include "support/check_runner.h"

namespace dpsi::instance {
namespace {

// p_err as P[round(2 nu zeta / delta) odd] = sum over odd k of P(zeta in ((2k-1) z, (2k+1) z)),
// both signs summed separately with erf (no symmetry, no Phibar), |k| <= K, plus [0, P(|zeta| > (2K+1) z)].
Ball independent_perr(const Ball& z, long K) {
  const Ball root2 = sqrt(Ball(2));
  Ball sum;
  for (long k = -K; k <= K; ++k) {
    if (k % 2 == 0) continue;
    sum += (erf(Ball(2 * k + 1) * z / root2) - erf(Ball(2 * k - 1) * z / root2)) / Ball(2);
  }
  const Ball outside = erfc(Ball(2 * K + 1) * z / root2);  // P(|zeta| > (2K+1) z)
  return Ball::hull(sum, sum + outside);
}

Ball half_unit(const char* text) { return Ball(parse_rational(text)); }

Certainty rounds_to(const Ball& value, const char* quoted, const char* half) {
  return within(value, Ball(parse_rational(quoted)), half_unit(half));
}

const Rational kDelta(1, 20);
const Rational kTau(1, 1000);

TEST(DecodingError, DefaultsMatchSpecAndIndependentSum) {
  // spec/B-inversion.md B.1 Constants: z = 4.64238345, p_err = 3.4441291567e-6,
  // 2Phibar(z) - p_err = 4.333e-44, P_dec = 5.5104643e-5, m p_err = 5.5106067e-5.
  const PrecisionScope scope(512);
  const Ball z = decoding_margin(kDelta, kTau, Rational(25, 10000));
  EXPECT_EQ(rounds_to(z, "4.64238345", "5e-9"), Certainty::kTrue) << z.str(20);
  const Ball independent = independent_perr(z, 11);
  const Ball series = decoding_error(z);
  EXPECT_EQ(rounds_to(independent, "3.4441291567e-6", "5e-17"), Certainty::kTrue) << independent.str(30);
  EXPECT_EQ(rounds_to(series, "3.4441291567e-6", "5e-17"), Certainty::kTrue) << series.str(30);
  EXPECT_EQ(rounds_to(series, "3.444129157e-6", "5e-16"), Certainty::kTrue);
  // The two computations agree far beyond the quoted digits.
  EXPECT_EQ(within(series, independent, Ball(parse_rational("1e-100"))), Certainty::kTrue)
      << series.str(40) << " vs " << independent.str(40);
  const Ball p_dec = decoding_failure_probability(series, 16);
  EXPECT_EQ(rounds_to(p_dec, "5.5104643e-5", "5e-13"), Certainty::kTrue) << p_dec.str(20);
  EXPECT_EQ(rounds_to(Ball(16) * series, "5.5106067e-5", "5e-13"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(decoding_error_upper_bound(z) - independent, "4.333e-44", "5e-48"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(decoding_error_upper_gap(z), "4.333e-44", "5e-48"), Certainty::kTrue);
}

// The Fourier form of p_err (decoding_error_fourier) is an independent route: it agrees with the
// series far beyond the quoted digits at small and large z, and with the erf sum above.
TEST(DecodingError, FourierFormAgreesWithSeries) {
  const PrecisionScope scope(512);
  for (const Rational& sigma_y : {Rational(1, 1000), Rational(25, 10000), Rational(6, 1000), Rational(1, 50)}) {
    const Ball z = decoding_margin(kDelta, kTau, sigma_y);
    const Ball fourier = decoding_error_fourier(z);
    const Ball series = decoding_error(z);
    EXPECT_EQ(within(series, fourier, Ball(Rational(abs(fourier).lower_rational() / Rational(Integer(1) << 200)))), Certainty::kTrue)
        << series.str(40) << " vs " << fourier.str(40);
    EXPECT_EQ(within(independent_perr(z, 200), fourier, Ball(parse_rational("1e-100"))), Certainty::kTrue);
  }
  // The Fourier form sees a wrong series term that the sandwich cannot: Phibar((4j+4)z) for Phibar((4j+3)z) at z ~ 0.62.
  const Ball z = decoding_margin(kDelta, kTau, Rational(1, 50));
  const Ball wrong = decoding_error(z) + Ball(2) * (normal_tail(Ball(3) * z) - normal_tail(Ball(4) * z));
  EXPECT_EQ(within(wrong, decoding_error_fourier(z), Ball(parse_rational("1e-6"))), Certainty::kFalse);
  EXPECT_EQ(decoding_error_fourier(Ball(0)).is_finite(), false);
}

TEST(DecodingError, OtherSpecConstants) {
  const PrecisionScope scope(512);
  // sigma_y = 0.01: z = 1.2437965, p_err = 0.2133840 while 2Phibar(z) = 0.2135745.
  const Ball z01 = decoding_margin(kDelta, kTau, Rational(1, 100));
  EXPECT_EQ(rounds_to(z01, "1.2437965", "5e-8"), Certainty::kTrue) << z01.str(20);
  EXPECT_EQ(rounds_to(decoding_error(z01), "0.2133840", "5e-8"), Certainty::kTrue) << decoding_error(z01).str(20);
  EXPECT_EQ(rounds_to(independent_perr(z01, 41), "0.2133840", "5e-8"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(decoding_error_upper_bound(z01), "0.2135745", "5e-8"), Certainty::kTrue);
  // sigma_y = 0.006: nu = 0.00608276, z = 2.0549873, p_err = 0.03988023.
  EXPECT_EQ(rounds_to(noise_scale(kTau, Rational(6, 1000)), "0.00608276", "5e-9"), Certainty::kTrue);
  const Ball z006 = decoding_margin(kDelta, kTau, Rational(6, 1000));
  EXPECT_EQ(rounds_to(z006, "2.0549873", "5e-8"), Certainty::kTrue);
  EXPECT_EQ(rounds_to(decoding_error(z006), "0.03988023", "5e-9"), Certainty::kTrue) << decoding_error(z006).str(20);
  // Decoding x_F itself (nu -> tau): z = 12.5, p_err = 7.4651e-36.
  const Ball z_tau = Ball(kDelta) / (Ball(4) * Ball(kTau));
  EXPECT_EQ(rounds_to(decoding_error(z_tau), "7.4651e-36", "5e-41"), Certainty::kTrue) << decoding_error(z_tau).str(20);
}

TEST(DecodingError, FixedTermsRemainderContainsAdaptiveValue) {
  const PrecisionScope scope(256);
  const Ball z = decoding_margin(kDelta, kTau, Rational(1, 100));
  const Ball adaptive = decoding_error(z);
  for (long J = 1; J <= 6; ++J) {
    const DecodingErrorSeries s = decoding_error_series(z, J);
    EXPECT_EQ(s.terms, J);
    EXPECT_TRUE(s.value.contains(adaptive)) << J;
    // S_J <= p_err; resolvable at 256 bits while the omitted mass 2Phibar((4J+1)z) exceeds ~2^-256.
    EXPECT_NE(le(s.partial, adaptive), Certainty::kFalse);
    if (J <= 3) {
      EXPECT_EQ(lt(s.partial, adaptive), Certainty::kTrue) << J;
    }
  }
  EXPECT_FALSE(decoding_error(Ball(0)).is_finite());  // z must be certainly > 0
}

// B.1(ii)'s bounds, strict, over random sigma_y (the same adaptive comparison the check uses).
RC_GTEST_PROP(DecodingError, SeriesBetweenBoundsStrictly, ()) {
  const Rational sigma_y = *testing::rational_in(Rational(5, 10000), Rational(1, 20));
  const auto lower = checks::compare_adaptively(
      [&] {
        const Ball z = decoding_margin(kDelta, kTau, sigma_y);
        return std::pair{decoding_error_lower_bound(z), decoding_error(z)};
      },
      true);
  const auto upper = checks::compare_adaptively(
      [&] {
        const Ball z = decoding_margin(kDelta, kTau, sigma_y);
        return std::pair{decoding_error(z), decoding_error_upper_bound(z)};
      },
      true);
  RC_ASSERT(lower.holds == Certainty::kTrue);
  RC_ASSERT(upper.holds == Certainty::kTrue);
}

RC_GTEST_PROP(DecodingFailure, MatchesExactPowerAtRationals, ()) {
  const Rational p = *testing::rational_in(Rational(0), Rational(999, 1000));
  const int m = *rc::gen::inRange(1, 64);
  Rational survive(1);
  for (int i = 0; i < m; ++i) survive *= (1 - p);
  const Ball p_dec = decoding_failure_probability(Ball(p), m);
  RC_ASSERT(p_dec.contains(Rational(1 - survive)));
  // P_dec <= m p (equality at m = 1 or p = 0, where the comparison may stay undecided).
  RC_ASSERT(le(p_dec, Ball(Rational(m * p))) != Certainty::kFalse);
}

// False-bound twins: tightened bounds must be refuted (certainly false), not merely undecided.
TEST(DecodingErrorFalseTwin, UpperBoundMinus1em43IsRefuted) {
  const PrecisionScope scope(256);
  const Ball z = decoding_margin(kDelta, kTau, Rational(25, 10000));
  const Ball twin = decoding_error_upper_bound(z) - Ball(parse_rational("1e-43"));
  EXPECT_EQ(le(decoding_error(z), twin), Certainty::kFalse);
}

TEST(DecodingErrorFalseTwin, RaisedLowerBoundIsRefuted) {
  // p_err - 2(Phibar(z) - Phibar(3z)) = 2 sum_{j>=1}[...] < 4 Phibar(5z): raising the lower bound by
  // 4 Phibar(5z) makes it false; refuting it needs ~400 bits at the defaults (adaptive).
  const auto twin = checks::compare_adaptively(
      [] {
        const Ball z = decoding_margin(kDelta, kTau, Rational(25, 10000));
        return std::pair{decoding_error_lower_bound(z) + Ball(4) * normal_tail(Ball(5) * z), decoding_error(z)};
      },
      false);
  EXPECT_EQ(twin.holds, Certainty::kFalse) << twin.bits;
}

TEST(DecodingErrorFalseTwin, WrongLastDigitIsRefuted) {
  const PrecisionScope scope(256);
  const Ball z = decoding_margin(kDelta, kTau, Rational(25, 10000));
  EXPECT_EQ(rounds_to(z, "4.64238346", "5e-9"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(decoding_error(z), "3.4441291568e-6", "5e-17"), Certainty::kFalse);
  EXPECT_EQ(rounds_to(decoding_failure_probability(decoding_error(z), 16), "5.5104644e-5", "5e-13"), Certainty::kFalse);
}

TEST(DecodingChecks, CertifiedChecksPassQuick) {
  testing::expect_checks_pass_quick(checks::register_decoding_checks, spec::CheckKind::kCertified, {"B.1:perr-series-bounds", "B.1:perr-defaults"});
}

}  // namespace
}  // namespace dpsi::instance
