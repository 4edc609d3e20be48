// Tests for dpsi/relu/circuit_compiler.h (spec C.4): the compiled network of f_{n,m} equals
// f_{n,m} (OpenSSL) exactly, its size is #AND + 2 #XOR, and the soft front end makes the map
// x -> f(sign(x)) one exact network away from the ramp.
#include "dpsi/relu/circuit_compiler.h"

#include <gtest/gtest.h>

#include <random>

#include "dpsi/owf/sha256_circuit.h"

namespace dpsi::relu {
namespace {

TEST(CircuitCompiler, SmallCircuitExhaustively) {
  // (p AND q) XOR NOT r, two outputs.
  const owf::Circuit circuit(3, {{owf::GateType::kAnd, 0, 1}, {owf::GateType::kNot, 2, 2}, {owf::GateType::kXor, 3, 4}},
                             {5, 3});
  const Network network = compile_circuit(circuit);
  EXPECT_EQ(network.num_units(), 3u);  // 1 AND + 2 XOR units
  EXPECT_EQ(network.depth(), 2u);
  for (int x = 0; x < 8; ++x) {
    const std::vector<std::int64_t> in = {x >> 2 & 1, x >> 1 & 1, x & 1};
    const auto out = network.evaluate_integer(in);
    EXPECT_EQ(out[0], ((in[0] & in[1]) ^ (1 - in[2])));
    EXPECT_EQ(out[1], in[0] & in[1]);
  }
}

TEST(CircuitCompiler, CompiledOwfEqualsOpenSslOnAllSeeds) {
  for (const auto& [n, m] : {std::pair{8, 8}, std::pair{12, 16}}) {
    const owf::Circuit circuit = owf::owf_circuit(n, m);
    const Network network = compile_circuit(circuit);
    EXPECT_EQ(network.num_units(), circuit.and_count() + 2 * circuit.xor_count());
    EXPECT_EQ(network.depth(), static_cast<std::size_t>(circuit.depth()));
    EXPECT_LE(network.max_abs_weight(), Rational(2));
    const FastEvaluator fast(network);
    ASSERT_TRUE(fast.integer_capable());
    const owf::OneWayFunction f(n, m);
    std::vector<std::vector<std::int64_t>> seeds;
    for (std::uint64_t s = 0; s < (std::uint64_t{1} << n); ++s) seeds.push_back(network_bits(f.seed_of_index(s)));
    const auto outputs = fast.evaluate_integer_batch(seeds);
    for (std::uint64_t s = 0; s < seeds.size(); ++s) {
      ASSERT_EQ(outputs[s], network_bits(f(f.seed_of_index(s)))) << "n = " << n << ", seed index " << s;
    }
    // The batched path agrees with the one-at-a-time one.
    EXPECT_EQ(fast.evaluate_integer(seeds[5]), outputs[5]);
  }
}

TEST(CircuitCompiler, ExactRationalEvaluationAgrees) {
  const owf::Circuit circuit = owf::owf_circuit(16, 16);
  const Network network = compile_circuit(circuit);
  const owf::OneWayFunction f(16, 16);
  std::mt19937_64 rng(16);
  for (int k = 0; k < 2; ++k) {
    const owf::Bits seed = f.seed_of_index(rng() & 0xffff);
    const std::vector<Rational> x(seed.begin(), seed.end());
    const auto out = network.evaluate(x);
    const owf::Bits expected = f(seed);
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], Rational(expected[i]));
  }
}

TEST(CircuitCompiler, SoftFrontEndIsExactAwayFromTheRamp) {
  const Rational gamma(1, 10);
  const owf::Circuit circuit = owf::owf_circuit(8, 8);
  const Network network = compile_soft_circuit(circuit, gamma);
  EXPECT_EQ(network.num_units(), 2 * 8 + circuit.and_count() + 2 * circuit.xor_count());  // G2: 2 units per input
  EXPECT_EQ(network.depth(), static_cast<std::size_t>(circuit.depth()) + 1);
  const owf::OneWayFunction f(8, 8);
  std::mt19937_64 rng(8);
  std::uniform_int_distribution<int> magnitude(10, 3000);  // |x| in [0.1, 3]: outside the ramp
  for (int k = 0; k < 2; ++k) {
    std::vector<Rational> x(8);
    owf::Bits signs(8);
    for (std::size_t i = 0; i < 8; ++i) {
      signs[i] = rng() & 1;
      x[i] = Rational(magnitude(rng) * (signs[i] != 0 ? 1 : -1), 100);
    }
    const auto out = network.evaluate(x);
    const owf::Bits expected = f(signs);
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], Rational(expected[i]));
  }
}

}  // namespace
}  // namespace dpsi::relu
