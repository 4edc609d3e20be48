// Tests for dpsi/relu/gadgets.h (spec C.4, G1-G7): each gadget, built as a network, equals its
// closed form exactly on bits and at random rationals.
#include "dpsi/relu/gadgets.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>

#include "support/generators.h"

namespace dpsi::relu {
namespace {

using gadgets::Builder;
using gadgets::evaluate_gadget;

Rational clamp(const Rational& z) { return std::min(std::max(z, Rational(0)), Rational(1)); }

const Builder kAnd = [](Network& n, const std::vector<AffineForm>& in) { return gadgets::logical_and(n, in[0], in[1]); };
const Builder kXor = [](Network& n, const std::vector<AffineForm>& in) { return gadgets::logical_xor(n, in[0], in[1]); };
const Builder kNot = [](Network&, const std::vector<AffineForm>& in) { return gadgets::logical_not(in[0]); };

TEST(Gadgets, TruthTablesOnBits) {
  for (int p = 0; p < 2; ++p) {
    for (int q = 0; q < 2; ++q) {
      const std::vector<Rational> x = {Rational(p), Rational(q)};
      EXPECT_EQ(evaluate_gadget(2, kAnd, x), Rational(p & q));
      EXPECT_EQ(evaluate_gadget(2, kXor, x), Rational(p ^ q));
    }
    EXPECT_EQ(evaluate_gadget(1, kNot, {Rational(p)}), Rational(1 - p));
  }
}

TEST(Gadgets, UnitCounts) {
  Network network(2);
  network.begin_layer();
  const AffineForm p = AffineForm::node(0);
  const AffineForm q = AffineForm::node(1);
  gadgets::logical_and(network, p, q);
  EXPECT_EQ(network.num_units(), 1u);
  gadgets::logical_xor(network, p, q);
  EXPECT_EQ(network.num_units(), 3u);
  gadgets::clamp01(network, p);
  EXPECT_EQ(network.num_units(), 5u);
  gadgets::gate(network, p, q, Rational(1));
  EXPECT_EQ(network.num_units(), 7u);
  gadgets::identity(network, p, Rational(1));
  EXPECT_EQ(network.num_units(), 8u);
  gadgets::logical_not(p);
  EXPECT_EQ(network.num_units(), 8u);
}

RC_GTEST_PROP(Gadgets, LogicMapsUnitSquareIntoUnitInterval, ()) {
  const Rational p = *testing::rational_in(Rational(0), Rational(1));
  const Rational q = *testing::rational_in(Rational(0), Rational(1));
  const Rational a = evaluate_gadget(2, kAnd, {p, q});
  const Rational x = evaluate_gadget(2, kXor, {p, q});
  RC_ASSERT(a >= 0 && a <= 1);
  RC_ASSERT(x == abs(Rational(p - q)));  // G5 = |p - q|
}

RC_GTEST_PROP(Gadgets, ClampAndSoftBit, ()) {
  const Rational z = *testing::rational_in(Rational(-3), Rational(3));
  RC_ASSERT(evaluate_gadget(1, [](Network& n, const std::vector<AffineForm>& in) { return gadgets::clamp01(n, in[0]); }, {z}) ==
            clamp(z));
  const Rational gamma = *testing::rational_in(Rational(1, 100), Rational(1));
  const Rational bit = evaluate_gadget(
      1, [&](Network& n, const std::vector<AffineForm>& in) { return gadgets::soft_bit(n, in[0], gamma); }, {z});
  RC_ASSERT(bit >= 0 && bit <= 1);
  if (abs(z) >= gamma) RC_ASSERT(bit == Rational(z > 0 ? 1 : 0));  // exact away from the ramp
}

RC_GTEST_PROP(Gadgets, GateSelectsAndStaysBetween, ()) {
  const Rational bound = *testing::rational_in(Rational(1, 100), Rational(10));
  const Rational t = *testing::rational_in(Rational(-bound), bound);
  const Builder g = [&](Network& n, const std::vector<AffineForm>& in) { return gadgets::gate(n, in[0], in[1], bound); };
  RC_ASSERT(evaluate_gadget(2, g, {Rational(1), t}) == t);
  RC_ASSERT(evaluate_gadget(2, g, {Rational(0), t}) == 0);
  const Rational c = *testing::rational_in(Rational(0), Rational(1));
  const Rational between = evaluate_gadget(2, g, {c, t});
  RC_ASSERT(std::min(Rational(0), t) <= between && between <= std::max(Rational(0), t));
}

RC_GTEST_PROP(Gadgets, IdentityCopiesAboveMinusBound, ()) {
  const Rational bound = *testing::rational_in(Rational(0), Rational(10));
  const Rational t = *testing::rational_in(Rational(-bound), Rational(20));
  RC_ASSERT(evaluate_gadget(1, [&](Network& n, const std::vector<AffineForm>& in) { return gadgets::identity(n, in[0], bound); },
                  {t}) == t);
}

}  // namespace
}  // namespace dpsi::relu
