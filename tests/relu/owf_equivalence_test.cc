// f_{n,m} four ways agree (issue 3, spec G.1/C.4): OpenSSL == Boolean circuit == bit-sliced circuit
// lanes == compiled ReLU network (exact integer arithmetic); the soft front end gives f(sign(x)) for
// any x with |x_i| >= gamma; and corrupting one gate breaks the equivalence (so it can fail).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <memory>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "support/generators.h"

namespace dpsi {
namespace {

// Circuits and networks are built once per (n, m) and shared across cases: building costs ~1 s.
struct Compiled {
  owf::Circuit circuit;
  relu::Network network;
  relu::FastEvaluator fast;
};

const Rational kGamma(1, 10);

const Compiled& compiled(int n, int m) {
  static std::map<std::pair<int, int>, std::unique_ptr<Compiled>> cache;
  auto& slot = cache[{n, m}];
  if (!slot) {
    owf::Circuit circuit = owf::owf_circuit(n, m);
    relu::Network network = relu::compile_circuit(circuit);
    relu::FastEvaluator fast(network);
    slot = std::make_unique<Compiled>(Compiled{std::move(circuit), std::move(network), std::move(fast)});
  }
  return *slot;
}

// The same with the ramp-sign front end G2 (gamma = 1/10) in front of the circuit.
const Compiled& compiled_soft(int n, int m) {
  static std::map<std::pair<int, int>, std::unique_ptr<Compiled>> cache;
  auto& slot = cache[{n, m}];
  if (!slot) {
    owf::Circuit circuit = owf::owf_circuit(n, m);
    relu::Network network = relu::compile_soft_circuit(circuit, kGamma);
    relu::FastEvaluator fast(network);
    slot = std::make_unique<Compiled>(Compiled{std::move(circuit), std::move(network), std::move(fast)});
  }
  return *slot;
}

// (n, m) pairs spanning the domain: byte boundaries, one and several output bytes, the maxima.
rc::Gen<std::pair<int, int>> shape() {
  return rc::gen::element(std::pair{1, 1}, std::pair{7, 17}, std::pair{8, 8}, std::pair{16, 16}, std::pair{33, 3},
                          std::pair{440, 256});
}

rc::Gen<owf::Bits> seed_of_length(int n) {
  return rc::gen::container<owf::Bits>(static_cast<std::size_t>(n), rc::gen::inRange<std::uint8_t>(0, 2));
}

RC_GTEST_PROP(OwfEquivalence, OpenSslCircuitBitslicedAndReluAgree, ()) {
  const auto [n, m] = *shape();
  const Compiled& c = compiled(n, m);
  const owf::OneWayFunction f(n, m);
  // 64 random seeds: one bit-sliced evaluation covers them all.
  std::vector<owf::Bits> seeds;
  for (int k = 0; k < 64; ++k) seeds.push_back(*seed_of_length(n));
  std::vector<std::uint64_t> lanes(static_cast<std::size_t>(n), 0);
  for (std::size_t k = 0; k < 64; ++k) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) lanes[i] |= std::uint64_t{seeds[k][i]} << k;
  }
  const auto sliced = owf::evaluate_bitsliced(c.circuit, lanes);
  for (std::size_t k = 0; k < 64; k += 9) {
    const owf::Bits expected = f(seeds[k]);
    RC_ASSERT(owf::evaluate(c.circuit, seeds[k]) == expected);
    const std::vector<std::int64_t> x(seeds[k].begin(), seeds[k].end());
    const auto relu_out = c.fast.evaluate_integer(x);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      RC_ASSERT(relu_out[i] == expected[i]);
      RC_ASSERT(((sliced[i] >> k) & 1U) == expected[i]);
    }
  }
}

// x_i = sign_i * |x_i| with |x_i| >= gamma (rational, up to 1/1000 resolution): the soft network
// outputs f(signs) exactly (exact small-fraction evaluation).
RC_GTEST_PROP(OwfEquivalence, SoftFrontEndGivesBitsOfTheSigns, ()) {
  const auto [n, m] = *rc::gen::element(std::pair{8, 8}, std::pair{12, 16}, std::pair{16, 16});
  const Compiled& c = compiled_soft(n, m);
  const owf::Bits signs = *seed_of_length(n);
  std::vector<Rational> x;
  for (std::uint8_t sign : signs) {
    const Rational magnitude = *testing::rational_in(kGamma, Rational(5));
    x.push_back(sign != 0 ? magnitude : Rational(-magnitude));
  }
  const auto out = c.fast.evaluate_exact(x);
  const owf::Bits expected = owf::OneWayFunction(n, m)(signs);
  for (std::size_t i = 0; i < expected.size(); ++i) RC_ASSERT(out[i] == Rational(expected[i]));
}

TEST(OwfEquivalence, ExactEvaluatorsAgreeOnTheRamp) {
  // Inside the ramp the soft bits are fractions; both exact evaluators must give the same values.
  const Compiled& c = compiled_soft(8, 8);
  std::vector<Rational> x;
  for (int i = 0; i < 8; ++i) x.push_back(Rational(i - 4, 97));  // |x| < gamma: fractional soft bits
  EXPECT_EQ(c.fast.evaluate_exact(x), c.network.evaluate(x));
}

// Negative control: flip one gate's type (AND <-> XOR) in the middle of the circuit; the compiled
// network and the circuit then disagree with OpenSSL on some of 256 seeds.
TEST(OwfEquivalence, CorruptingOneGateBreaksIt) {
  const owf::Circuit& original = compiled(16, 16).circuit;
  std::vector<owf::Gate> gates = original.gates();
  std::size_t target = gates.size() / 2;
  while (gates[target].type == owf::GateType::kNot) ++target;
  gates[target].type = gates[target].type == owf::GateType::kAnd ? owf::GateType::kXor : owf::GateType::kAnd;
  const owf::Circuit corrupted(original.num_inputs(), gates, original.outputs());
  const relu::Network network = relu::compile_circuit(corrupted);
  const relu::FastEvaluator fast(network);
  const owf::OneWayFunction f(16, 16);
  std::size_t circuit_mismatches = 0;
  std::size_t network_mismatches = 0;
  for (std::uint64_t s = 0; s < 256; ++s) {
    const owf::Bits seed = f.seed_of_index(s * 257);
    const owf::Bits expected = f(seed);
    circuit_mismatches += owf::evaluate(corrupted, seed) == expected ? 0 : 1;
    const auto out = fast.evaluate_integer(std::vector<std::int64_t>(seed.begin(), seed.end()));
    network_mismatches += std::equal(out.begin(), out.end(), expected.begin()) ? 0 : 1;
  }
  EXPECT_GT(circuit_mismatches, 0u) << "flipping gate " << target << " changed nothing";
  EXPECT_EQ(network_mismatches, circuit_mismatches);  // the network follows the (corrupted) circuit
}

}  // namespace
}  // namespace dpsi
