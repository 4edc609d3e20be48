// Tests for dpsi/relu/network.h: construction rules, statistics, and the three evaluators agreeing.
#include "dpsi/relu/network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <rapidcheck/gtest.h>

#include "support/generators.h"

namespace dpsi::relu {
namespace {

// |x| - 1 on one input: units ReLU(x), ReLU(-x) in layer 1, output u1 + u2 - 1.
Network absolute_value_minus_one() {
  Network network(1);
  network.begin_layer();
  const NodeId positive = network.add_unit(AffineForm::node(0));
  const NodeId negative = network.add_unit(AffineForm::node(0, Rational(-1)));
  AffineForm output = AffineForm::constant(Rational(-1));
  output.add(AffineForm::node(positive));
  output.add(AffineForm::node(negative));
  network.add_output(output);
  return network;
}

TEST(Network, EvaluatesExactly) {
  const Network network = absolute_value_minus_one();
  EXPECT_EQ(network.evaluate(std::vector<Rational>{Rational(-7, 3)})[0], Rational(4, 3));
  EXPECT_EQ(network.evaluate_integer(std::vector<std::int64_t>{-5})[0], 4);
  EXPECT_DOUBLE_EQ(network.evaluate_double(std::vector<double>{0.25})[0], -0.75);
  EXPECT_EQ(network.num_units(), 2u);
  EXPECT_EQ(network.depth(), 1u);
  EXPECT_EQ(network.max_abs_weight(), Rational(1));
}

TEST(Network, RejectsReadsOfTheCurrentLayerAndUnknownNodes) {
  Network network(2);
  EXPECT_THROW(network.add_unit(AffineForm::node(0)), NetworkError);  // no layer begun
  network.begin_layer();
  const NodeId unit = network.add_unit(AffineForm::node(0));
  EXPECT_THROW(network.add_unit(AffineForm::node(unit)), NetworkError);  // same layer
  EXPECT_THROW(network.add_output(AffineForm::node(99)), NetworkError);
  EXPECT_THROW(network.evaluate(std::vector<Rational>{Rational(1)}), NetworkError);  // wrong arity
}

TEST(Network, StrictlyLayeredUnitsCountSkippedLayers) {
  // Input read at layer 3 (skips layers 1, 2) and a layer-1 unit read by the output after layer 3.
  Network network(1);
  network.begin_layer();
  const NodeId a = network.add_unit(AffineForm::node(0));
  network.begin_layer();
  const NodeId b = network.add_unit(AffineForm::node(a));
  network.begin_layer();
  AffineForm form = AffineForm::node(b);
  form.add(AffineForm::node(0));
  const NodeId c = network.add_unit(form);
  AffineForm output = AffineForm::node(c);
  output.add(AffineForm::node(a));
  network.add_output(output);
  // Copies: input at layers 1, 2 (2); a at layers 2, 3 (2): 3 + 4 = 7 units.
  EXPECT_EQ(network.strictly_layered_units(), 7u);
  EXPECT_EQ(network.layer_of(c), 3u);
}

TEST(Network, IntegerEvaluationNeedsIntegerWeights) {
  Network network(1);
  network.begin_layer();
  network.add_unit(AffineForm::node(0, Rational(1, 2)));
  network.add_output(AffineForm::node(1));
  EXPECT_THROW(network.evaluate_integer(std::vector<std::int64_t>{2}), NetworkError);
  EXPECT_FALSE(FastEvaluator(network).integer_capable());
  EXPECT_THROW(FastEvaluator(network).evaluate_integer(std::vector<std::int64_t>{2}), NetworkError);
}

// Regression (fuzz/network_export_fuzz.cc): an integer weight or bias beyond the integer path's range
// made FastEvaluator's constructor throw, so a valid network could not be evaluated in double at all.
TEST(Network, HugeIntegerWeightsOnlyDisableTheIntegerPath) {
  const Rational huge(Integer(1) << 70);
  Network network(1);
  network.begin_layer();
  network.add_unit(AffineForm{huge, {{0, Rational(2)}}});
  network.add_output(AffineForm{Rational(0), {{1, huge}}});
  const FastEvaluator fast(network);
  EXPECT_FALSE(fast.integer_capable());
  const std::vector<double> out = fast.evaluate(std::vector<double>{1.0});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], std::ldexp(1.0, 140) + std::ldexp(1.0, 71));  // (2^70 + 2) * 2^70, exact in double
  EXPECT_THROW(fast.evaluate_integer(std::vector<std::int64_t>{1}), NetworkError);
}

TEST(AffineForm, MergesAndDropsCancelledTerms) {
  AffineForm form = AffineForm::node(3, Rational(2));
  form.add(AffineForm::node(3, Rational(-2)));
  EXPECT_TRUE(form.terms.empty());
  form.add(AffineForm::constant(Rational(5)), Rational(1, 5));
  EXPECT_EQ(form.bias, Rational(1));
}

// A random two-layer network with small integer weights: exact, integer, double and fast
// evaluators agree (double exactly, since all values are small integers).
// AffineForm::add has a fast path for scale = +-1 (the compiler's common case); it must give the
// same form as the generic this += scale * other, computed here independently.
AffineForm reference_add(AffineForm form, const AffineForm& other, const Rational& scale) {
  form.bias = form.bias + scale * other.bias;
  for (const auto& [node, weight] : other.terms) {
    bool merged = false;
    for (std::size_t k = 0; k < form.terms.size(); ++k) {
      if (form.terms[k].first != node) continue;
      const Rational sum = form.terms[k].second + scale * weight;
      if (sum == 0) {
        form.terms.erase(form.terms.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        form.terms[k].second = sum;
      }
      merged = true;
      break;
    }
    if (!merged) form.terms.emplace_back(node, scale * weight);
  }
  return form;
}

AffineForm random_form() {
  AffineForm form = AffineForm::constant(*testing::rational(5, 3));
  const int count = *rc::gen::inRange(0, 6);
  for (int k = 0; k < count; ++k) {
    const NodeId node = *rc::gen::inRange<NodeId>(0, 5);
    const Rational weight = *rc::gen::element(Rational(1), Rational(-1), Rational(2), Rational(1, 3));
    form.add(AffineForm::node(node, weight), Rational(1));
  }
  return form;
}

RC_GTEST_PROP(AffineForm, UnitScaleFastPathMatchesGenericAdd, ()) {
  const AffineForm form = random_form();
  const AffineForm other = random_form();
  const Rational scale = *rc::gen::element(Rational(1), Rational(-1), Rational(2), Rational(-3, 7), Rational(0));
  AffineForm fast = form;
  fast.add(other, scale);
  const AffineForm expected = reference_add(form, other, scale);
  RC_ASSERT(fast.bias == expected.bias);
  RC_ASSERT(fast.terms == expected.terms);
}

// FastEvaluator flattens integers up to 2^53 by a fast path; integers beyond it and fractions take
// the generic conversions. All evaluators must agree across that boundary.
TEST(FastEvaluator, IntegerFastPathAgreesAcrossItsBoundary) {
  const Rational limit(Integer(1) << 53);
  for (const Rational& weight : {Rational(3), Rational(-7), limit, Rational(-limit), Rational(limit + 1),
                                 Rational(Integer(1) << 60)}) {
    Network network(2);
    network.begin_layer();
    AffineForm form = AffineForm::node(0, weight);
    form.add(AffineForm::node(1, Rational(2)));
    form.bias = Rational(-1);
    const NodeId unit = network.add_unit(form);
    AffineForm output = AffineForm::node(unit, Rational(-1));
    output.bias = weight;
    network.add_output(output);
    const FastEvaluator fast(network);
    EXPECT_TRUE(fast.integer_capable());
    const std::vector<std::int64_t> x = {1, 0};
    EXPECT_EQ(fast.evaluate_integer(x), network.evaluate_integer(x)) << to_fraction(weight);
    const std::vector<Rational> exact_x = {Rational(1), Rational(0)};
    if (weight < limit) {  // the exact path's 64-bit fractions hold these values
      EXPECT_EQ(fast.evaluate_exact(exact_x), network.evaluate(exact_x)) << to_fraction(weight);
    }
    const std::vector<double> double_x = {1.0, 0.0};
    EXPECT_EQ(fast.evaluate(double_x), network.evaluate_double(double_x)) << to_fraction(weight);
  }
  Network fractional(1);
  fractional.begin_layer();
  fractional.add_unit(AffineForm::node(0, Rational(1, 2)));
  fractional.add_output(AffineForm::node(1));
  EXPECT_FALSE(FastEvaluator(fractional).integer_capable());
}

RC_GTEST_PROP(Network, EvaluatorsAgree, ()) {
  const int inputs = *rc::gen::inRange(1, 5);
  const int width = *rc::gen::inRange(1, 6);
  Network network(static_cast<std::size_t>(inputs));
  auto random_form = [&](NodeId limit) {
    AffineForm form = AffineForm::constant(Rational(*rc::gen::inRange(-3, 4)));
    for (NodeId node = 0; node < limit; ++node) form.add(AffineForm::node(node, Rational(*rc::gen::inRange(-3, 4))));
    return form;
  };
  std::size_t nodes = static_cast<std::size_t>(inputs);
  for (int layer = 0; layer < 2; ++layer) {
    network.begin_layer();
    const std::size_t visible = nodes;
    for (int u = 0; u < width; ++u) {
      network.add_unit(random_form(static_cast<NodeId>(visible)));
      ++nodes;
    }
  }
  network.add_output(random_form(static_cast<NodeId>(nodes)));
  const auto x = *rc::gen::container<std::vector<std::int64_t>>(static_cast<std::size_t>(inputs), rc::gen::inRange<std::int64_t>(-5, 6));
  std::vector<Rational> xr(x.begin(), x.end());
  std::vector<double> xd(x.begin(), x.end());
  const Rational exact = network.evaluate(xr)[0];
  RC_ASSERT(Rational(network.evaluate_integer(x)[0]) == exact);
  RC_ASSERT(Rational(network.evaluate_double(xd)[0]) == exact);
  const FastEvaluator fast(network);
  RC_ASSERT(Rational(fast.evaluate_integer(x)[0]) == exact);
  RC_ASSERT(Rational(fast.evaluate(xd)[0]) == exact);
}

}  // namespace
}  // namespace dpsi::relu
