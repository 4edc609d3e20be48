// Tests for FastEvaluator::evaluate_with_error_bound and FastEvaluator::evaluate_batch
// (dpsi/relu/network.h): the certified bound holds against exact rational evaluation, is exactly 0
// where every operation is exact (integer networks on bits, through the deep circuit of f_{n,m}),
// and the batched evaluation is bitwise the row-by-row one.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <span>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/network.h"
#include "support/generators.h"

namespace dpsi::relu {
namespace {

// Weights with non-dyadic values (1/3, 7/10, ...) so every weight carries a conversion error.
Rational random_weight() {
  static const std::vector<Rational> pool = {Rational(1, 3),  Rational(-7, 10), Rational(22, 7),    Rational(-1, 1000),
                                             Rational(5, 11), Rational(3),      Rational(-1, 1024), Rational(1, 999983)};
  return *rc::gen::elementOf(pool) * Rational(*rc::gen::inRange(-5, 6));
}

// A random DAG network: `inputs` inputs, three hidden layers (units read every earlier node), two outputs.
Network random_network(std::size_t inputs) {
  Network network(inputs);
  std::size_t nodes = inputs;
  auto random_form = [&](std::size_t visible) {
    AffineForm form = AffineForm::constant(random_weight());
    for (NodeId node = 0; node < visible; ++node) {
      if (*rc::gen::inRange(0, 3) != 0) form.add(AffineForm::node(node, random_weight()));
    }
    return form;
  };
  for (int layer = 0; layer < 3; ++layer) {
    network.begin_layer();
    const int width = *rc::gen::inRange(1, 6);
    const std::size_t visible = nodes;
    for (int u = 0; u < width; ++u) {
      network.add_unit(random_form(visible));
      ++nodes;
    }
  }
  network.add_output(random_form(nodes));
  network.add_output(random_form(nodes));
  return network;
}

std::vector<double> random_inputs(std::size_t count) {
  std::vector<double> x;
  for (std::size_t i = 0; i < count; ++i) {
    const double mantissa = static_cast<double>(*rc::gen::inRange<std::int64_t>(-(std::int64_t{1} << 52), std::int64_t{1} << 52));
    x.push_back(std::ldexp(mantissa, *rc::gen::inRange(-70, -49)));  // |x| < 4, full 53-bit mantissas
  }
  return x;
}

std::vector<Rational> exact_inputs(const std::vector<double>& x) {
  std::vector<Rational> exact;
  for (double value : x) exact.emplace_back(value);  // Rational from double is exact
  return exact;
}

RC_GTEST_PROP(FastEvaluatorErrorBound, BoundsTheDistanceToExactEvaluation, ()) {
  const std::size_t inputs = static_cast<std::size_t>(*rc::gen::inRange(1, 5));
  const Network network = random_network(inputs);
  const FastEvaluator fast(network);
  const std::vector<double> x = random_inputs(inputs);
  std::vector<double> bounds;
  const std::vector<double> values = fast.evaluate_with_error_bound(x, bounds);
  const std::vector<Rational> exact = network.evaluate(exact_inputs(x));
  RC_ASSERT(values == fast.evaluate(x));
  RC_ASSERT(bounds.size() == exact.size());
  for (std::size_t k = 0; k < exact.size(); ++k) {
    RC_ASSERT(std::isfinite(bounds[k]));
    RC_ASSERT(abs(Rational(values[k]) - exact[k]) <= Rational(bounds[k]));
    // Not vacuous: intermediate values stay below ~1e10 here, so a bound of a few ulps of them is < 1e-3.
    RC_ASSERT(bounds[k] <= 1e-3);
  }
}

TEST(FastEvaluatorErrorBound, ExactWeightsAndInputsGiveBoundZero) {
  Network network(2);
  network.begin_layer();
  AffineForm form = AffineForm::constant(Rational(1, 4));
  form.add(AffineForm::node(0, Rational(3)));
  form.add(AffineForm::node(1, Rational(-1, 2)));
  const NodeId unit = network.add_unit(form);
  AffineForm output = AffineForm::node(unit, Rational(5));
  output.add(AffineForm::node(0));
  network.add_output(output);
  std::vector<double> bounds;
  const std::vector<double> values = FastEvaluator(network).evaluate_with_error_bound(std::vector<double>{0.5, 0.25}, bounds);
  EXPECT_EQ(values[0], 5 * (0.25 + 1.5 - 0.125) + 0.5);
  EXPECT_EQ(bounds[0], 0.0);
}

TEST(FastEvaluatorErrorBound, NonDyadicWeightIsCounted) {
  // 1/3 is not a double: the bound covers |fl(1/3) - 1/3| > 0 and is not much larger.
  Network network(1);
  network.add_output(AffineForm::node(0, Rational(1, 3)));
  std::vector<double> bounds;
  const std::vector<double> values = FastEvaluator(network).evaluate_with_error_bound(std::vector<double>{1.0}, bounds);
  const Rational distance = abs(Rational(values[0]) - Rational(1, 3));
  EXPECT_GT(distance, 0);
  EXPECT_LE(distance, Rational(bounds[0]));
  EXPECT_LE(bounds[0], 0x1p-50);
}

TEST(FastEvaluatorErrorBound, RoundingOfTheSumIsCounted) {
  // 1 + 2^-60 rounds to 1: the bound must be at least 2^-60 although every weight is a double.
  Network network(2);
  AffineForm output = AffineForm::node(0);
  output.add(AffineForm::node(1));
  network.add_output(output);
  std::vector<double> bounds;
  const std::vector<double> values = FastEvaluator(network).evaluate_with_error_bound(std::vector<double>{1.0, 0x1p-60}, bounds);
  EXPECT_EQ(values[0], 1.0);
  EXPECT_GE(bounds[0], 0x1p-60);
  EXPECT_LE(bounds[0], 0x1p-59);
}

TEST(FastEvaluatorErrorBound, InactiveUnitsCarryNoError) {
  // ReLU(1/3 x - 1) at x = 1 is certainly 0: the output reads it with weight 1/3 and stays exact
  // up to the output's own (zero-valued) terms.
  Network network(1);
  network.begin_layer();
  AffineForm form = AffineForm::constant(Rational(-1));
  form.add(AffineForm::node(0, Rational(1, 3)));
  const NodeId unit = network.add_unit(form);
  network.add_output(AffineForm::node(unit, Rational(7)));
  std::vector<double> bounds;
  const std::vector<double> values = FastEvaluator(network).evaluate_with_error_bound(std::vector<double>{1.0}, bounds);
  EXPECT_EQ(values[0], 0.0);
  EXPECT_EQ(bounds[0], 0.0);
}

TEST(FastEvaluatorErrorBound, OverflowGivesAnInfiniteBound) {
  Network network(1);
  network.add_output(AffineForm::node(0, Rational(1, 3)));
  std::vector<double> bounds;
  FastEvaluator(network).evaluate_with_error_bound(std::vector<double>{std::numeric_limits<double>::infinity()}, bounds);
  EXPECT_EQ(bounds[0], std::numeric_limits<double>::infinity());
}

TEST(FastEvaluatorErrorBound, DeepCircuitOnBitsHasBoundZero) {
  // The compiled f_{8,8}: thousands of layers of integer weights; bits in, bits out, bound 0.
  const owf::Circuit circuit = owf::owf_circuit(8, 8);
  const Network network = compile_circuit(circuit);
  const FastEvaluator fast(network);
  std::mt19937_64 engine(7);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<double> bits;
    std::vector<std::int64_t> integer_bits;
    for (std::size_t i = 0; i < network.num_inputs(); ++i) {
      integer_bits.push_back(static_cast<std::int64_t>(engine() & 1));
      bits.push_back(static_cast<double>(integer_bits.back()));
    }
    std::vector<double> bounds;
    const std::vector<double> values = fast.evaluate_with_error_bound(bits, bounds);
    const std::vector<std::int64_t> expected = fast.evaluate_integer(integer_bits);
    ASSERT_EQ(values.size(), expected.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
      EXPECT_EQ(values[k], static_cast<double>(expected[k]));
      EXPECT_EQ(bounds[k], 0.0);
    }
  }
}

RC_GTEST_PROP(FastEvaluatorBatch, EqualsRowByRowEvaluationBitwise, ()) {
  const std::size_t inputs = static_cast<std::size_t>(*rc::gen::inRange(1, 5));
  const Network network = random_network(inputs);
  const FastEvaluator fast(network);
  const std::size_t count = static_cast<std::size_t>(*rc::gen::inRange(0, 80));  // crosses the block size
  const std::vector<double> rows = random_inputs(count * inputs);
  std::vector<double> outputs(count * network.num_outputs());
  fast.evaluate_batch(rows, count, outputs);
  for (std::size_t r = 0; r < count; ++r) {
    const std::vector<double> expected = fast.evaluate(std::span<const double>(rows).subspan(r * inputs, inputs));
    for (std::size_t k = 0; k < expected.size(); ++k) {
      RC_ASSERT(std::bit_cast<std::uint64_t>(outputs[r * network.num_outputs() + k]) == std::bit_cast<std::uint64_t>(expected[k]));
    }
  }
}

TEST(FastEvaluatorBatch, RejectsWrongSizes) {
  Network network(2);
  network.add_output(AffineForm::node(0));
  const FastEvaluator fast(network);
  std::vector<double> outputs(3);
  EXPECT_THROW(fast.evaluate_batch(std::vector<double>(5), 3, outputs), NetworkError);
  EXPECT_THROW(fast.evaluate_batch(std::vector<double>(6), 3, std::span<double>(outputs).first(2)), NetworkError);
}

}  // namespace
}  // namespace dpsi::relu
