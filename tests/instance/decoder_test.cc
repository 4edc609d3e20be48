// Tests for dpsi/instance/decoder.h: the decoder identity B.1(i) as a property over random rationals
// (ties included), rounding and residue conventions for negative inputs, and the double fast path.
#include "dpsi/instance/decoder.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/params/instance.h"
#include "proofs-checks/decoding_checks.h"
#include "support/generators.h"

namespace dpsi::instance {
namespace {

TEST(RoundHalfUp, TiesRoundUpAlsoForNegatives) {
  EXPECT_EQ(round_half_up(Rational(1, 2)), Integer(1));
  EXPECT_EQ(round_half_up(Rational(-1, 2)), Integer(0));
  EXPECT_EQ(round_half_up(Rational(-3, 2)), Integer(-1));
  EXPECT_EQ(round_half_up(Rational(-7, 10)), Integer(-1));
  EXPECT_EQ(round_half_up(Rational(-3, 10)), Integer(0));
  EXPECT_EQ(round_half_up(Rational(5, 2)), Integer(3));
  EXPECT_EQ(round_half_up(Rational(-5)), Integer(-5));
}

TEST(DecodeBit, NonNegativeResidueForNegativeInputs) {
  const Rational delta(1, 20);
  EXPECT_EQ(decode_bit(Rational(-delta / 2), delta), 1);      // round(-1) = -1 -> 1
  EXPECT_EQ(decode_bit(Rational(-delta), delta), 0);          // -2 -> 0
  EXPECT_EQ(decode_bit(Rational(-delta / 4), delta), 0);      // round(-1/2) = 0
  EXPECT_EQ(decode_bit(Rational(-3 * delta / 4), delta), 1);  // round(-3/2) = -1
  EXPECT_EQ(decode_bit(Rational(delta / 4), delta), 1);       // round(1/2) = 1
  EXPECT_EQ(decode_bit(Rational(3 * delta / 4), delta), 0);   // round(3/2) = 2
  EXPECT_EQ(decode_bit(Rational(-3 * delta / 2), delta), 1);  // -3 -> 1
  const std::vector<Rational> y = {Rational(0), Rational(delta / 2), Rational(-delta / 2), Rational(7 * delta / 2)};
  EXPECT_EQ(decode(y, delta), (std::vector<std::uint8_t>{0, 1, 1, 1}));
}

TEST(DecodeBit, RejectsNonPositiveDelta) {
  EXPECT_THROW(decode_bit(Rational(1), Rational(0)), std::invalid_argument);
  EXPECT_THROW(decode_bit(Rational(1), Rational(-1, 20)), std::invalid_argument);
  EXPECT_THROW(decode_bit(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(decode_bit(std::nan(""), 0.05), std::invalid_argument);
}

// B.1(i) for random w in Lambda_b, random rational e, delta = 1/N.
RC_GTEST_PROP(DecoderIdentity, HoldsForRandomRationals, ()) {
  const auto N = *rc::gen::inRange<std::int64_t>(1, 1001);
  const Rational delta(1, N);
  const int b = *rc::gen::inRange(0, 2);
  const auto k = *rc::gen::inRange<std::int64_t>(-1'000'000'000, 1'000'000'001);
  const Rational w((2 * Integer(k) + b) * delta / 2);
  const Rational e = *testing::rational(1'000'000'000'000, 1'000'000'000);
  RC_ASSERT(decode_bit(Rational(w + e), delta) == (b ^ decode_bit(e, delta)));
}

// B.1(i) at and within 2^-60 of the ties (2t+1) delta/4.
RC_GTEST_PROP(DecoderIdentity, HoldsAtAndNearTies, ()) {
  const auto N = *rc::gen::inRange<std::int64_t>(1, 1001);
  const Rational delta(1, N);
  const int b = *rc::gen::inRange(0, 2);
  const auto k = *rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'001);
  const auto t = *rc::gen::inRange<std::int64_t>(-1000, 1001);
  const auto offset = *rc::gen::inRange<std::int64_t>(-(std::int64_t{1} << 20), (std::int64_t{1} << 20) + 1);
  const Rational w((2 * Integer(k) + b) * delta / 2);
  const Rational e((2 * Integer(t) + 1) * delta / 4 + Rational(offset, std::int64_t{1} << 20) / Rational(Integer(1) << 60));
  RC_ASSERT(decode_bit(Rational(w + e), delta) == (b ^ decode_bit(e, delta)));
}

// The fast path agrees with the exact decoder away from ties (|2y/delta - (k + 1/2)| >= 1e-6).
RC_GTEST_PROP(DecoderFastPath, AgreesWithExactAwayFromTies, ()) {
  const auto micro = *rc::gen::inRange<std::int64_t>(-100'000'000, 100'000'001);  // 2y/delta in micro-units
  const auto frac = ((micro % 1'000'000) + 1'000'000) % 1'000'000;
  RC_PRE(std::llabs(frac - 500'000) > 1);
  const Rational delta(1, 20);
  const Rational y = Rational(micro, 1'000'000) * delta / 2;
  RC_ASSERT(decode_bit(y.convert_to<double>(), 0.05) == decode_bit(y, delta));
}

TEST(DecoderIdentityCheck, QuickRunPasses) {
  audit::Registry registry;
  checks::register_decoding_checks(registry);
  const audit::CheckDefinition* check = registry.find("B.1:decoder-identity");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->kind, spec::CheckKind::kExact);
  const Instance defaults = Instance::defaults();
  const audit::CheckResult result = check->run({defaults, true, audit::derive_seed("B.1", std::nullopt), {}});
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_NE(result.margin.find("0 mismatches of the identity and 0 of dec with its definition"), std::string::npos) << result.margin;
  EXPECT_NE(result.margin.find("in 100000 pairs"), std::string::npos) << result.margin;
}

}  // namespace
}  // namespace dpsi::instance
