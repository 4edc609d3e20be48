// Tests for dpsi/owf/circuit.h: the circuit structure and statistics, the scalar and bit-sliced
// evaluators, the simplifying CircuitBuilder (checked against truth tables) and Bristol Fashion I/O.
#include "dpsi/owf/circuit.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace dpsi::owf {

// Counterexamples print as Bristol Fashion (found by RapidCheck through ADL).
static void showValue(const Circuit& circuit, std::ostream& os) { write_bristol(circuit, os); }

namespace {

// A full adder on inputs (p, q, c): outputs (sum, carry), with a NOT in the middle for the depth
// rules: wires 0,1,2 inputs; 3 = p^q; 4 = p&q; 5 = c&3; 6 = sum = 3^c; 7 = carry = 4^5; 8 = !7;
// 9 = !8 (= carry).
Circuit full_adder() {
  std::vector<Gate> gates{{GateType::kXor, 0, 1}, {GateType::kAnd, 0, 1}, {GateType::kAnd, 2, 3},
                          {GateType::kXor, 3, 2}, {GateType::kXor, 4, 5}, {GateType::kNot, 7, 7},
                          {GateType::kNot, 8, 8}};
  return Circuit(3, std::move(gates), {6, 9});
}

TEST(Circuit, FullAdderTruthTable) {
  const Circuit c = full_adder();
  for (int v = 0; v < 8; ++v) {
    const Bits in{static_cast<std::uint8_t>(v & 1), static_cast<std::uint8_t>((v >> 1) & 1),
                  static_cast<std::uint8_t>((v >> 2) & 1)};
    const int total = in[0] + in[1] + in[2];
    EXPECT_EQ(evaluate(c, in), (Bits{static_cast<std::uint8_t>(total & 1), static_cast<std::uint8_t>(total >> 1)}))
        << "inputs " << to_string(in);
  }
}

TEST(Circuit, CountsDepthAndLevels) {
  const Circuit c = full_adder();
  EXPECT_EQ(c.num_inputs(), 3U);
  EXPECT_EQ(c.num_gates(), 7U);
  EXPECT_EQ(c.num_wires(), 10U);
  EXPECT_EQ(c.num_outputs(), 2U);
  EXPECT_EQ(c.and_count(), 2U);
  EXPECT_EQ(c.xor_count(), 3U);
  EXPECT_EQ(c.not_count(), 2U);
  EXPECT_EQ(c.levels(), (std::vector<int>{0, 0, 0, 1, 1, 2, 2, 3, 3, 3}));  // NOT is free
  EXPECT_EQ(c.and_levels(), (std::vector<int>{0, 0, 0, 0, 1, 1, 0, 1, 1, 1}));
  EXPECT_EQ(c.depth(), 3);
  EXPECT_EQ(c.and_depth(), 1);
  EXPECT_EQ(c.level(7), 3);
  EXPECT_EQ(c.gate_wire(0), 3U);
  EXPECT_EQ(circuit_report(c),
            "3 inputs, 2 outputs, 2 AND, 3 XOR, 2 NOT, depth 3, AND-depth 1, ReLU units #AND + 2 #XOR = 8");
}

TEST(Circuit, EmptyAndTrivialCircuits) {
  const Circuit empty;
  EXPECT_EQ(empty.num_wires(), 0U);
  EXPECT_EQ(empty.depth(), 0);
  EXPECT_TRUE(evaluate(empty, Bits{}).empty());
  const Circuit wires_only(2, {}, {1, 0, 1});  // outputs may be inputs, repeated
  EXPECT_EQ(evaluate(wires_only, Bits{0, 1}), (Bits{1, 0, 1}));
}

TEST(Circuit, RejectsMalformedGatesAndOutputs) {
  EXPECT_THROW(Circuit(2, {{GateType::kAnd, 0, 2}}, {}), CircuitError);  // reads its own wire
  EXPECT_THROW(Circuit(2, {{GateType::kXor, 3, 0}}, {}), CircuitError);  // reads a later wire
  EXPECT_THROW(Circuit(2, {{GateType::kNot, 5, 0}}, {}), CircuitError);
  EXPECT_THROW(Circuit(2, {{GateType::kAnd, 0, 1}}, {3}), CircuitError);  // output out of range
  EXPECT_THROW(Circuit(0, {{GateType::kNot, 0, 0}}, {}), CircuitError);  // no wire to read
  EXPECT_THROW(Circuit(1, {{static_cast<GateType>(7), 0, 0}}, {}), CircuitError);
  // NOT gates are normalised to b = a.
  const Circuit c(2, {{GateType::kNot, 1, 0}}, {2});
  EXPECT_EQ(c.gates()[0].b, 1U);
}

TEST(Circuit, EvaluatorsValidateInputs) {
  const Circuit c = full_adder();
  EXPECT_THROW(evaluate(c, Bits{0, 1}), CircuitError);
  EXPECT_THROW(evaluate(c, Bits{0, 1, 1, 0}), CircuitError);
  EXPECT_THROW(evaluate(c, Bits{0, 2, 1}), CircuitError);
  EXPECT_THROW(evaluate_bitsliced(c, std::vector<std::uint64_t>(2)), CircuitError);
  EXPECT_THROW(evaluate_bitsliced256(c, std::vector<Lanes256>(4)), CircuitError);
  const BitslicedEvaluator evaluator(c);
  EXPECT_THROW(evaluator(std::vector<std::uint64_t>(2)), CircuitError);
  EXPECT_THROW(evaluator(std::vector<Lanes256>(4)), CircuitError);
}

TEST(Circuit, BitslicedFullAdderIsExhaustive) {
  // Lane j evaluates input bits (j & 1, j >> 1 & 1, j >> 2 & 1); 8 lanes cover everything.
  const Circuit c = full_adder();
  const std::vector<std::uint64_t> lanes{0xaa, 0xcc, 0xf0};
  const std::vector<std::uint64_t> out = evaluate_bitsliced(c, lanes);
  EXPECT_EQ(out[0] & 0xff, 0x96U);  // parity
  EXPECT_EQ(out[1] & 0xff, 0xe8U);  // majority
}

// ---- Random circuits (RapidCheck) ----------------------------------------------------------------

// A random valid circuit with 1..8 inputs, up to 60 gates and 1..12 outputs (any wire, repeats).
rc::Gen<Circuit> random_circuit() {
  return rc::gen::exec([] {
    const std::size_t inputs = *rc::gen::inRange<std::size_t>(1, 9);
    const std::size_t gate_count = *rc::gen::inRange<std::size_t>(0, 61);
    std::vector<Gate> gates;
    for (std::size_t g = 0; g < gate_count; ++g) {
      const WireId wires = static_cast<WireId>(inputs + g);
      const auto type = *rc::gen::element(GateType::kAnd, GateType::kXor, GateType::kNot);
      const WireId a = *rc::gen::inRange<WireId>(0, wires);
      const WireId b = *rc::gen::inRange<WireId>(0, wires);
      gates.push_back(Gate{type, a, b});
    }
    const WireId wires = static_cast<WireId>(inputs + gate_count);
    const auto outputs =
        *rc::gen::container<std::vector<WireId>>(*rc::gen::inRange<std::size_t>(1, 13), rc::gen::inRange<WireId>(0, wires));
    return Circuit(inputs, std::move(gates), outputs);
  });
}

// Lanes enumerating all 2^k input vectors of a circuit with k <= 8 inputs: lane j is vector j.
std::vector<Lanes256> exhaustive_lanes(std::size_t inputs) {
  std::vector<Lanes256> lanes(inputs, Lanes256{});
  for (std::size_t i = 0; i < inputs; ++i) {
    for (std::size_t j = 0; j < 256; ++j) lanes[i][j / 64] |= std::uint64_t{(j >> i) & 1U} << (j % 64);
  }
  return lanes;
}

Bits lane_bits(const std::vector<std::uint64_t>& words, std::size_t j) {
  Bits bits(words.size());
  for (std::size_t k = 0; k < words.size(); ++k) bits[k] = static_cast<std::uint8_t>((words[k] >> j) & 1U);
  return bits;
}

RC_GTEST_PROP(CircuitProp, BitslicedEqualsScalar, ()) {
  const Circuit c = *random_circuit();
  const auto lanes = *rc::gen::container<std::vector<std::uint64_t>>(c.num_inputs(), rc::gen::arbitrary<std::uint64_t>());
  const std::vector<std::uint64_t> sliced = evaluate_bitsliced(c, lanes);
  RC_ASSERT(sliced.size() == c.num_outputs());
  for (std::size_t j = 0; j < 64; ++j) RC_ASSERT(evaluate(c, lane_bits(lanes, j)) == lane_bits(sliced, j));
}

RC_GTEST_PROP(CircuitProp, Bitsliced256EqualsFourTimes64, ()) {
  const Circuit c = *random_circuit();
  const auto words = *rc::gen::container<std::vector<Lanes256>>(c.num_inputs(), rc::gen::arbitrary<Lanes256>());
  const std::vector<Lanes256> wide = evaluate_bitsliced256(c, words);
  for (std::size_t part = 0; part < 4; ++part) {
    std::vector<std::uint64_t> narrow;
    for (const Lanes256& w : words) narrow.push_back(w[part]);
    const std::vector<std::uint64_t> out = evaluate_bitsliced(c, narrow);
    for (std::size_t k = 0; k < out.size(); ++k) RC_ASSERT(wide[k][part] == out[k]);
  }
}

RC_GTEST_PROP(CircuitProp, EvaluatorEqualsBitsliced, ()) {
  const Circuit c = *random_circuit();
  const BitslicedEvaluator evaluator(c);
  RC_ASSERT(evaluator.num_inputs() == c.num_inputs());
  RC_ASSERT(evaluator.num_outputs() == c.num_outputs());
  RC_ASSERT(evaluator.num_slots() <= c.num_wires() + 1);
  const auto lanes = *rc::gen::container<std::vector<std::uint64_t>>(c.num_inputs(), rc::gen::arbitrary<std::uint64_t>());
  RC_ASSERT(evaluator(lanes) == evaluate_bitsliced(c, lanes));
  const std::vector<Lanes256> wide = exhaustive_lanes(c.num_inputs());
  RC_ASSERT(evaluator(wide) == evaluate_bitsliced256(c, wide));
}

RC_GTEST_PROP(CircuitProp, LevelsFollowTheDefinition, ()) {
  const Circuit c = *random_circuit();
  int depth = 0, and_depth = 0;
  for (std::size_t g = 0; g < c.num_gates(); ++g) {
    const Gate& gate = c.gates()[g];
    const WireId w = c.gate_wire(g);
    const int la = c.level(gate.a), lb = c.level(gate.b);
    const int aa = c.and_levels()[gate.a], ab = c.and_levels()[gate.b];
    switch (gate.type) {
      case GateType::kNot:
        RC_ASSERT(c.level(w) == la);
        RC_ASSERT(c.and_levels()[w] == aa);
        break;
      case GateType::kXor:
        RC_ASSERT(c.level(w) == 1 + std::max(la, lb));
        RC_ASSERT(c.and_levels()[w] == std::max(aa, ab));
        break;
      case GateType::kAnd:
        RC_ASSERT(c.level(w) == 1 + std::max(la, lb));
        RC_ASSERT(c.and_levels()[w] == 1 + std::max(aa, ab));
        break;
    }
    depth = std::max(depth, c.level(w));
    and_depth = std::max(and_depth, c.and_levels()[w]);
  }
  RC_ASSERT(c.depth() == depth);
  RC_ASSERT(c.and_depth() == and_depth);
  RC_ASSERT(c.and_count() + c.xor_count() + c.not_count() == c.num_gates());
}

RC_GTEST_PROP(CircuitProp, BristolRoundTripPreservesTheFunction, ()) {
  const Circuit c = *random_circuit();
  std::stringstream text;
  write_bristol(c, text);
  const Circuit back = read_bristol(text);
  RC_ASSERT(back.num_inputs() == c.num_inputs());
  RC_ASSERT(back.num_outputs() == c.num_outputs());
  RC_ASSERT(back.and_count() == c.and_count());
  RC_ASSERT(back.xor_count() == c.xor_count());
  RC_ASSERT(back.not_count() >= c.not_count());
  const std::vector<Lanes256> lanes = exhaustive_lanes(c.num_inputs());
  RC_ASSERT(evaluate_bitsliced256(back, lanes) == evaluate_bitsliced256(c, lanes));
  // Writing the read-back circuit again is a fixed point once outputs are in the output block.
  std::stringstream again;
  write_bristol(back, again);
  std::stringstream third;
  write_bristol(read_bristol(again), third);
  RC_ASSERT(again.str() == third.str());
}

// ---- CircuitBuilder ------------------------------------------------------------------------------

TEST(CircuitBuilder, SimplificationRulesCreateNoGates) {
  CircuitBuilder b;
  const Signal x = b.add_input();
  const Signal y = b.add_input();
  const Signal zero = Signal::zero(), one = Signal::one();
  EXPECT_EQ(b.make_and(x, zero), zero);
  EXPECT_EQ(b.make_and(zero, x), zero);
  EXPECT_EQ(b.make_and(x, one), x);
  EXPECT_EQ(b.make_and(one, !x), !x);
  EXPECT_EQ(b.make_xor(x, zero), x);
  EXPECT_EQ(b.make_xor(one, x), !x);
  EXPECT_EQ(b.make_xor(zero, one), one);
  EXPECT_EQ(b.make_and(one, one), one);
  EXPECT_EQ(CircuitBuilder::make_not(zero), one);
  EXPECT_EQ(b.make_xor(x, x), zero);
  EXPECT_EQ(b.make_xor(x, !x), one);
  EXPECT_EQ(b.make_and(x, x), x);
  EXPECT_EQ(b.make_and(x, !x), zero);
  EXPECT_EQ(!!x, x);
  EXPECT_EQ(b.make_or(x, one), one);
  EXPECT_EQ(b.num_nodes(), 0U);
  // Structural hashing, commutative and complement-normalised.
  const Signal a1 = b.make_and(x, y);
  EXPECT_EQ(b.make_and(y, x), a1);
  const Signal x1 = b.make_xor(x, y);
  EXPECT_EQ(b.make_xor(y, x), x1);
  EXPECT_EQ(b.make_xor(!x, y), !x1);
  EXPECT_EQ(b.make_xor(!y, !x), x1);
  EXPECT_NE(b.make_xor(x1, x), y);  // not a rule: x1 ^ x is a new node (semantically y)
  EXPECT_NE(b.make_and(!x, y), a1);
  EXPECT_EQ(b.num_nodes(), 4U);
}

TEST(CircuitBuilder, DeadGatesAreDroppedAndComplementsMaterialised) {
  CircuitBuilder b;
  const Signal x = b.add_input();
  const Signal y = b.add_input();
  const Signal z = b.add_input();
  const Signal unused = b.make_and(b.make_xor(x, z), y);
  static_cast<void>(unused);
  const Signal out = b.make_and(!x, y);
  const std::vector<Signal> outputs{out, !out};
  const Circuit c = b.build(outputs);
  EXPECT_EQ(c.num_inputs(), 3U);
  EXPECT_EQ(c.and_count(), 1U);
  EXPECT_EQ(c.xor_count(), 0U);
  EXPECT_EQ(c.not_count(), 2U);  // NOT x, NOT out
  for (int v = 0; v < 8; ++v) {
    const Bits in{static_cast<std::uint8_t>(v & 1), static_cast<std::uint8_t>((v >> 1) & 1),
                  static_cast<std::uint8_t>((v >> 2) & 1)};
    const std::uint8_t expected = static_cast<std::uint8_t>((in[0] ^ 1) & in[1]);
    EXPECT_EQ(evaluate(c, in), (Bits{expected, static_cast<std::uint8_t>(expected ^ 1)}));
  }
}

TEST(CircuitBuilder, ConstantOutputsAreMaterialised) {
  CircuitBuilder b;
  const Signal x = b.add_input();
  const std::vector<Signal> outputs{Signal::one(), b.make_xor(x, x), x, Signal::zero()};
  const Circuit c = b.build(outputs);
  EXPECT_EQ(c.xor_count(), 1U);  // XOR(w0, w0)
  EXPECT_EQ(c.not_count(), 1U);
  EXPECT_EQ(evaluate(c, Bits{0}), (Bits{1, 0, 0, 0}));
  EXPECT_EQ(evaluate(c, Bits{1}), (Bits{1, 0, 1, 0}));
  CircuitBuilder none;
  const std::vector<Signal> constant{Signal::one()};
  EXPECT_THROW(static_cast<void>(none.build(constant)), CircuitError);
}

TEST(CircuitBuilder, InputsMustComeFirst) {
  CircuitBuilder b;
  const Signal x = b.add_input();
  const Signal y = b.add_input();
  static_cast<void>(b.make_and(x, y));
  EXPECT_THROW(static_cast<void>(b.add_input()), CircuitError);
}

// Random expression DAGs over <= 6 variables, built through the builder and checked against
// truth tables computed directly (64-bit words: bit j = value on input vector j).
RC_GTEST_PROP(CircuitBuilderProp, SimplificationPreservesTruthTables, ()) {
  const std::size_t vars = *rc::gen::inRange<std::size_t>(1, 7);
  CircuitBuilder b;
  std::vector<Signal> signals{Signal::zero(), Signal::one()};
  std::vector<std::uint64_t> tables{0, ~std::uint64_t{0}};
  for (std::size_t i = 0; i < vars; ++i) {
    signals.push_back(b.add_input());
    std::uint64_t table = 0;
    for (std::size_t j = 0; j < 64; ++j) table |= std::uint64_t{(j >> i) & 1U} << j;
    tables.push_back(table);
  }
  const std::size_t steps = *rc::gen::inRange<std::size_t>(0, 80);
  for (std::size_t s = 0; s < steps; ++s) {
    const int op = *rc::gen::inRange(0, 4);
    // Prefer recent signals so that sharing and cancellation actually happen.
    const std::size_t i = *rc::gen::inRange<std::size_t>(0, signals.size());
    const std::size_t j = *rc::gen::oneOf(rc::gen::inRange<std::size_t>(0, signals.size()), rc::gen::just(i));
    switch (op) {
      case 0:
        signals.push_back(b.make_and(signals[i], signals[j]));
        tables.push_back(tables[i] & tables[j]);
        break;
      case 1:
        signals.push_back(b.make_xor(signals[i], signals[j]));
        tables.push_back(tables[i] ^ tables[j]);
        break;
      case 2:
        signals.push_back(!signals[i]);
        tables.push_back(~tables[i]);
        break;
      default:
        signals.push_back(b.make_or(signals[i], !signals[j]));
        tables.push_back(tables[i] | ~tables[j]);
        break;
    }
  }
  const std::size_t output_count = *rc::gen::inRange<std::size_t>(1, 6);
  std::vector<Signal> outputs;
  std::vector<std::uint64_t> expected;
  for (std::size_t k = 0; k < output_count; ++k) {
    const std::size_t pick = *rc::gen::inRange<std::size_t>(0, signals.size());
    outputs.push_back(signals[pick]);
    expected.push_back(tables[pick]);
  }
  const Circuit c = b.build(outputs);
  RC_ASSERT(c.num_inputs() == vars);
  std::vector<std::uint64_t> lanes(tables.begin() + 2, tables.begin() + 2 + static_cast<std::ptrdiff_t>(vars));
  const std::vector<std::uint64_t> got = evaluate_bitsliced(c, lanes);
  const std::uint64_t mask = vars >= 6 ? ~std::uint64_t{0} : (std::uint64_t{1} << (1U << vars)) - 1;
  for (std::size_t k = 0; k < output_count; ++k) RC_ASSERT((got[k] & mask) == (expected[k] & mask));
  // No two AND/XOR gates of the built circuit are identical (structural hashing), and every gate
  // reaches an output (dead-gate elimination).
  std::vector<Gate> seen;
  std::vector<std::uint8_t> used(c.num_wires(), 0);
  for (WireId w : c.outputs()) used[w] = 1;
  for (std::size_t g = c.num_gates(); g-- > 0;) {
    const Gate& gate = c.gates()[g];
    RC_ASSERT(used[c.gate_wire(g)] == 1);
    used[gate.a] = used[gate.b] = 1;
    if (gate.type == GateType::kNot) continue;
    if (gate.type == GateType::kXor && gate.a == 0 && gate.b == 0) continue;  // a materialised constant
    RC_ASSERT(gate.a != gate.b);
    RC_ASSERT(std::find(seen.begin(), seen.end(), gate) == seen.end());
    seen.push_back(gate);
  }
}

// ---- Bristol Fashion -----------------------------------------------------------------------------

TEST(Bristol, WritesTheFullAdder) {
  std::ostringstream out;
  write_bristol(full_adder(), out);
  // sum (wire 6) is read by no gate: moved to the output block as wire 8; carry (wire 9, a NOT
  // chain) likewise as wire 9; the rest keeps its order.
  EXPECT_EQ(out.str(),
            "7 10\n"
            "1 3\n"
            "1 2\n"
            "\n"
            "2 1 0 1 3 XOR\n"
            "2 1 0 1 4 AND\n"
            "2 1 2 3 5 AND\n"
            "2 1 4 5 6 XOR\n"
            "1 1 6 7 INV\n"
            "2 1 3 2 8 XOR\n"
            "1 1 7 9 INV\n");
}

TEST(Bristol, CopiesOutputsThatCannotMove) {
  // Outputs: an input, a wire read by another gate, the same wire twice.
  const Circuit c(2, {{GateType::kAnd, 0, 1}, {GateType::kNot, 2, 2}}, {0, 2, 3, 3});
  std::ostringstream out;
  const std::array<int, 2> widths{1, 3};
  write_bristol(c, out, std::array<int, 2>{1, 1}, widths);
  EXPECT_EQ(out.str(),
            "10 12\n"
            "2 1 1\n"
            "2 1 3\n"
            "\n"
            "2 1 0 1 2 AND\n"
            "1 1 2 3 INV\n"
            "1 1 0 4 INV\n"
            "1 1 2 5 INV\n"
            "1 1 3 6 INV\n"
            "1 1 3 7 INV\n"
            "1 1 4 8 INV\n"
            "1 1 5 9 INV\n"
            "1 1 6 10 INV\n"
            "1 1 7 11 INV\n");
  std::istringstream in(out.str());
  const Circuit back = read_bristol(in);
  for (int v = 0; v < 4; ++v) {
    const Bits bits{static_cast<std::uint8_t>(v & 1), static_cast<std::uint8_t>(v >> 1)};
    EXPECT_EQ(evaluate(back, bits), evaluate(c, bits));
  }
  EXPECT_THROW(write_bristol(c, out, std::array<int, 1>{3}), CircuitError);  // widths must sum up
  EXPECT_THROW(write_bristol(c, out, {}, std::array<int, 1>{5}), CircuitError);
}

TEST(Bristol, ReadsEqEqwMandAndMultipleValues) {
  std::istringstream in(
      "6 9\n"
      "2 1 1\n"
      "2 2 1\n"
      "\n"
      "1 1 1 2 EQ\n"
      "1 1 0 3 EQ\n"
      "4 2 0 1 2 3 4 5 MAND\n"
      "1 1 4 6 EQW\n"
      "2 1 5 6 7 XOR\n"
      "1 1 7 8 NOT\n");
  const Circuit c = read_bristol(in);
  EXPECT_EQ(c.num_inputs(), 2U);
  EXPECT_EQ(c.num_outputs(), 3U);  // wires 6, 7, 8
  EXPECT_EQ(c.and_count(), 2U);
  for (int v = 0; v < 4; ++v) {
    const std::uint8_t x = static_cast<std::uint8_t>(v & 1), y = static_cast<std::uint8_t>(v >> 1);
    // w4 = x & 1 = x, w5 = y & 0 = 0, w6 = w4, w7 = w5 ^ w6 = x, w8 = !x.
    EXPECT_EQ(evaluate(c, Bits{x, y}), (Bits{x, x, static_cast<std::uint8_t>(x ^ 1)}));
  }
}

TEST(Bristol, RejectsMalformedText) {
  const auto fails = [](const std::string& text) {
    std::istringstream in(text);
    EXPECT_THROW(static_cast<void>(read_bristol(in)), BristolFormatError) << text;
  };
  fails("");
  fails("1\n1 2\n1 1\n2 1 0 1 2 AND\n");                  // header needs two numbers
  fails("1 3\n1 2\n1 1\n\n2 1 0 1 2 NAND\n");             // unknown gate
  fails("1 3\n1 2\n1 1\n\n2 1 0 2 2 AND\n");              // reads an undefined wire
  fails("2 4\n1 2\n1 1\n\n2 1 0 1 3 AND\n2 1 0 1 3 XOR\n");  // defines a wire twice
  fails("1 3\n1 2\n1 1\n\n2 1 0 1 5 AND\n");              // wire id beyond #wires
  fails("2 4\n1 2\n1 1\n\n2 1 0 1 2 AND\n");              // fewer gates than announced
  fails("1 3\n1 2\n1 1\n\n2 1 0 1 2 AND\n1 1 2 2 INV\n");  // more gates than announced
  fails("1 4\n1 2\n1 1\n\n2 1 0 1 2 AND\n");              // output wire 3 never defined
  fails("1 3\n2 2\n1 1\n\n2 1 0 1 2 AND\n");              // input line count mismatch
  fails("1 3\n1 2\n1 1\n\n2 1 0 1 2 XOR extra\n");        // field count
  fails("1 3\n1 2\n1 1\n\n1 1 0 1 AND\n");                // AND needs two inputs
  fails("1 3\n1 x\n1 1\n\n2 1 0 1 2 AND\n");              // not a number
  fails("1 3\n1 2\n1 1\n\n1 1 2 2 EQ\n");                 // EQ constant must be a bit
  fails("1 1\n0\n1 1\n\n1 1 1 0 EQ\n");                   // EQ without an input to build on
  // Regressions (fuzz/bristol_fuzz.cc): a short header declaring 1.5e9 wires allocated 6 GB; widths
  // summing past 2^64 wrapped around the inputs-and-outputs check.
  fails("1 1558974406\n1 4\n1 2\n\n4 2 0 1 2 3 4 5 MAND\n");
  fails("1 3\n2 999999999999999999 999999999999999999\n1 1\n\n2 1 0 1 2 AND\n");
}

}  // namespace
}  // namespace dpsi::owf
