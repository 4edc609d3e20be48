// Tests for dpsi/owf/sha256_circuit.h: the SHA-256 compression circuit against an independent
// FIPS 180-4 compression written here on uint32 (itself checked against OpenSSL), and the circuit of
// f_{n,m} against OneWayFunction (OpenSSL) exhaustively for small n and on fixed random seeds.
#include "dpsi/owf/sha256_circuit.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/crypto/sha256.h"
#include "dpsi/crypto/sha256_portable.h"
#include "dpsi/owf/one_way_function.h"

namespace dpsi::owf {
namespace {

// ---- A reference SHA-256 compression, independent of the circuit generator ----------------------

using State = std::array<std::uint32_t, 8>;
using Block = std::array<std::uint32_t, 16>;

constexpr const State& kIv = crypto::kSha256InitialState;

// The portable FIPS 180-4 compression (dpsi/crypto/sha256_portable.h, itself checked against
// OpenSSL on every NIST CAVP vector), on big-endian words.
State software_compress(const State& h, const Block& m) {
  std::array<std::uint8_t, 64> bytes{};
  for (std::size_t t = 0; t < 16; ++t) {
    for (std::size_t j = 0; j < 4; ++j) bytes[4 * t + j] = static_cast<std::uint8_t>(m[t] >> (24 - 8 * j));
  }
  return crypto::sha256_compress(h, std::span<const std::uint8_t, 64>(bytes));
}

// One padded block (message of at most 55 bytes), big-endian words.
Block padded_block(const std::vector<std::uint8_t>& message) {
  std::array<std::uint8_t, 64> bytes{};
  for (std::size_t i = 0; i < message.size(); ++i) bytes[i] = message[i];
  bytes[message.size()] = 0x80;
  const std::uint64_t bits = 8 * message.size();
  for (int k = 0; k < 8; ++k) bytes[63 - k] = static_cast<std::uint8_t>(bits >> (8 * k));
  Block block{};
  for (std::size_t t = 0; t < 16; ++t) {
    block[t] = (std::uint32_t{bytes[4 * t]} << 24) | (std::uint32_t{bytes[4 * t + 1]} << 16) |
               (std::uint32_t{bytes[4 * t + 2]} << 8) | bytes[4 * t + 3];
  }
  return block;
}

std::array<std::uint8_t, 32> digest_bytes(const State& h) {
  std::array<std::uint8_t, 32> out{};
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
  return out;
}

std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::uint8_t b : bytes) {
    text.push_back(kDigits[b >> 4]);
    text.push_back(kDigits[b & 15]);
  }
  return text;
}

// Compression circuit inputs: block bits then state bits, each word most significant bit first.
Bits compression_inputs(const Block& block, const State& state) {
  Bits bits;
  for (std::uint32_t word : block) {
    for (int i = 31; i >= 0; --i) bits.push_back(static_cast<std::uint8_t>((word >> i) & 1U));
  }
  for (std::uint32_t word : state) {
    for (int i = 31; i >= 0; --i) bits.push_back(static_cast<std::uint8_t>((word >> i) & 1U));
  }
  return bits;
}

State state_of_bits(std::span<const std::uint8_t> bits) {
  State state{};
  for (std::size_t j = 0; j < 256; ++j) state[j / 32] = (state[j / 32] << 1) | bits[j];
  return state;
}

const Circuit& compression() {
  static const Circuit circuit = sha256_compression_circuit();
  return circuit;
}

const Circuit& owf16() {
  static const Circuit circuit = owf_circuit(16, 16);
  return circuit;
}

// Evaluates `circuit` (n inputs) on `seeds` 64 at a time, bit-sliced; result[s][k] is output k.
std::vector<Bits> evaluate_seeds(const Circuit& circuit, const std::vector<Bits>& seeds) {
  const BitslicedEvaluator evaluator(circuit);
  std::vector<Bits> results;
  for (std::size_t start = 0; start < seeds.size(); start += 64) {
    const std::size_t count = std::min<std::size_t>(64, seeds.size() - start);
    std::vector<std::uint64_t> lanes(circuit.num_inputs(), 0);
    for (std::size_t j = 0; j < count; ++j) {
      for (std::size_t i = 0; i < lanes.size(); ++i) lanes[i] |= std::uint64_t{seeds[start + j][i]} << j;
    }
    const std::vector<std::uint64_t> out = evaluator(lanes);
    for (std::size_t j = 0; j < count; ++j) {
      Bits bits(out.size());
      for (std::size_t k = 0; k < out.size(); ++k) bits[k] = static_cast<std::uint8_t>((out[k] >> j) & 1U);
      results.push_back(std::move(bits));
    }
  }
  return results;
}

Bits random_seed(std::mt19937_64& rng, int n) {
  Bits seed(static_cast<std::size_t>(n));
  for (auto& bit : seed) bit = static_cast<std::uint8_t>(rng() & 1U);
  return seed;
}

// ---- The reference compression itself ----------------------------------------------------------

TEST(SoftwareCompression, MatchesOpenSslOnFipsAbc) {
  const std::vector<std::uint8_t> abc{'a', 'b', 'c'};
  const auto digest = digest_bytes(software_compress(kIv, padded_block(abc)));
  EXPECT_EQ(hex(digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const crypto::Sha256Digest openssl = crypto::sha256(std::span<const std::uint8_t>(abc));
  EXPECT_EQ(hex(openssl), hex(digest));
}

TEST(SoftwareCompression, MatchesOpenSslOnRandomShortMessages) {
  std::mt19937_64 rng(0x5348413235360001ULL);
  for (std::size_t length = 0; length <= 55; ++length) {
    std::vector<std::uint8_t> message(length);
    for (auto& byte : message) byte = static_cast<std::uint8_t>(rng());
    EXPECT_EQ(hex(digest_bytes(software_compress(kIv, padded_block(message)))),
              hex(crypto::sha256(std::span<const std::uint8_t>(message))))
        << "length " << length;
  }
}

// ---- The compression circuit ---------------------------------------------------------------------

TEST(CompressionCircuit, Shape) {
  const Circuit& c = compression();
  EXPECT_EQ(c.num_inputs(), 768U);
  EXPECT_EQ(c.num_outputs(), 256U);
}

TEST(CompressionCircuit, ComputesFipsAbc) {
  const Bits out = evaluate(compression(), compression_inputs(padded_block({'a', 'b', 'c'}), kIv));
  EXPECT_EQ(hex(digest_bytes(state_of_bits(out))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CompressionCircuit, MatchesSoftwareOnRandomBlocksAndStates) {
  std::mt19937_64 rng(0x5348413235360002ULL);
  std::vector<Bits> inputs;
  std::vector<State> expected;
  for (int trial = 0; trial < 256; ++trial) {
    Block block{};
    State state{};
    for (auto& w : block) w = static_cast<std::uint32_t>(rng());
    for (auto& w : state) w = static_cast<std::uint32_t>(rng());
    if (trial == 0) state.fill(0);
    if (trial == 1) block.fill(0xffffffffU);
    inputs.push_back(compression_inputs(block, state));
    expected.push_back(software_compress(state, block));
  }
  const std::vector<Bits> outputs = evaluate_seeds(compression(), inputs);
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    ASSERT_EQ(state_of_bits(outputs[t]), expected[t]) << "trial " << t;
  }
  // The scalar evaluator agrees on a few of them.
  for (std::size_t t = 0; t < 4; ++t) EXPECT_EQ(evaluate(compression(), inputs[t]), outputs[t]);
}

TEST(CompressionCircuit, ChainsTwoBlocksLikeOpenSsl) {
  // The FIPS two-block example: H = C(C(IV, M1), M2).
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  std::array<std::uint8_t, 128> bytes{};
  for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = static_cast<std::uint8_t>(text[i]);
  bytes[text.size()] = 0x80;
  bytes[127] = static_cast<std::uint8_t>((8 * text.size()) & 0xff);
  bytes[126] = static_cast<std::uint8_t>((8 * text.size()) >> 8);
  State h = kIv;
  for (int blk = 0; blk < 2; ++blk) {
    Block block{};
    for (std::size_t t = 0; t < 16; ++t) {
      for (std::size_t k = 0; k < 4; ++k) block[t] = (block[t] << 8) | bytes[64 * blk + 4 * t + k];
    }
    h = state_of_bits(evaluate(compression(), compression_inputs(block, h)));
  }
  EXPECT_EQ(hex(digest_bytes(h)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CompressionCircuit, BristolRoundTrip) {
  const Circuit& c = compression();
  std::stringstream text;
  const std::array<int, 2> input_widths{512, 256};
  const std::array<int, 1> output_widths{256};
  write_bristol(c, text, input_widths, output_widths);
  std::string first_lines;
  std::getline(text, first_lines);
  EXPECT_EQ(first_lines, std::to_string(c.num_gates()) + " " + std::to_string(c.num_wires()));
  std::getline(text, first_lines);
  EXPECT_EQ(first_lines, "2 512 256");
  std::getline(text, first_lines);
  EXPECT_EQ(first_lines, "1 256");
  text.seekg(0);
  const Circuit back = read_bristol(text);
  // Every output is a final-addition sum bit read by no gate: nothing is copied, only reordered.
  EXPECT_EQ(back.and_count(), c.and_count());
  EXPECT_EQ(back.xor_count(), c.xor_count());
  EXPECT_EQ(back.not_count(), c.not_count());
  EXPECT_EQ(back.depth(), c.depth());
  std::mt19937_64 rng(0x5348413235360003ULL);
  std::vector<std::uint64_t> lanes(768);
  for (int round = 0; round < 4; ++round) {
    for (auto& lane : lanes) lane = rng();
    ASSERT_EQ(evaluate_bitsliced(back, lanes), evaluate_bitsliced(c, lanes)) << "round " << round;
  }
}

// ---- f_{n,m} -------------------------------------------------------------------------------------

TEST(OwfCircuit, Shape) {
  for (auto [n, m] : {std::pair{1, 1}, std::pair{16, 16}, std::pair{440, 256}, std::pair{9, 17}}) {
    const Circuit c = owf_circuit(n, m);
    EXPECT_EQ(c.num_inputs(), static_cast<std::size_t>(n));
    EXPECT_EQ(c.num_outputs(), static_cast<std::size_t>(m));
  }
}

TEST(OwfCircuit, RejectsOutsideTheDomain) {
  EXPECT_THROW(owf_circuit(0, 1), DomainError);
  EXPECT_THROW(owf_circuit(441, 1), DomainError);
  EXPECT_THROW(owf_circuit(1, 0), DomainError);
  EXPECT_THROW(owf_circuit(1, 257), DomainError);
}

TEST(OwfCircuit, WorkedExamplesOfG1) {
  EXPECT_EQ(to_string(evaluate(owf_circuit(8, 8), parse_bits("00000001"))), "01001011");
  EXPECT_EQ(to_string(evaluate(owf_circuit(12, 16), parse_bits("101100111000"))), "0101011101111010");
  EXPECT_EQ(to_string(evaluate(owf16(), parse_bits("0000000000000000"))), "1001011010100010");
  EXPECT_EQ(to_string(evaluate(owf16(), parse_bits("1111111111111111"))), "1100101000101111");
  // All 256 digest bits of the first row: 4bf5122f...
  const Bits full = evaluate(owf_circuit(8, 256), parse_bits("00000001"));
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < 256; ++i) bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] | (full[i] << (7 - i % 8)));
  EXPECT_EQ(hex(bytes), "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a");
}

// Exhaustive: every seed of {0,1}^n against OpenSSL.
void expect_exhaustive_match(int n, int m) {
  const Circuit circuit = owf_circuit(n, m);
  const OneWayFunction f(n, m);
  std::vector<Bits> seeds;
  for (std::uint64_t index = 0; index < (std::uint64_t{1} << n); ++index) seeds.push_back(f.seed_of_index(index));
  const std::vector<Bits> outputs = evaluate_seeds(circuit, seeds);
  int mismatches = 0;
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    if (outputs[s] != f(seeds[s]) && ++mismatches <= 3) {
      ADD_FAILURE() << "f_{" << n << "," << m << "}(" << to_string(seeds[s]) << "): circuit "
                    << to_string(outputs[s]) << ", OpenSSL " << to_string(f(seeds[s]));
    }
  }
  EXPECT_EQ(mismatches, 0) << "n = " << n << ", m = " << m;
}

TEST(OwfCircuit, EqualsOpenSslOnAllSeedsSmallN) {
  // Every n <= 12 with m = n and m = 256 (the C.4:compiled-circuit set), and (12, 16) of G.1.
  for (int n = 1; n <= 12; ++n) {
    for (int m : {n, 256}) {
      SCOPED_TRACE(testing::Message() << "n = " << n << ", m = " << m);
      expect_exhaustive_match(n, m);
    }
  }
  expect_exhaustive_match(12, 16);
}

TEST(OwfCircuit, EqualsOpenSslOn4096FixedSeedsN16) {
  const OneWayFunction f(16, 16);
  std::mt19937_64 rng(0x4f57463136313601ULL);
  std::vector<Bits> seeds;
  for (int i = 0; i < 4096; ++i) seeds.push_back(random_seed(rng, 16));
  const std::vector<Bits> outputs = evaluate_seeds(owf16(), seeds);
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    ASSERT_EQ(to_string(outputs[s]), to_string(f(seeds[s]))) << "seed " << to_string(seeds[s]);
  }
}

TEST(OwfCircuit, EqualsOpenSslOnRandomSeedsAcrossN) {
  std::mt19937_64 rng(0x4f57464e4d000001ULL);
  for (int n : {1, 2, 7, 8, 9, 31, 55, 56, 57, 200, 439, 440}) {
    for (int m : {1, 17, 256}) {
      SCOPED_TRACE(testing::Message() << "n = " << n << ", m = " << m);
      const Circuit circuit = owf_circuit(n, m);
      const OneWayFunction f(n, m);
      std::vector<Bits> seeds{Bits(static_cast<std::size_t>(n), 0), Bits(static_cast<std::size_t>(n), 1)};
      for (int i = 0; i < 62; ++i) seeds.push_back(random_seed(rng, n));
      const std::vector<Bits> outputs = evaluate_seeds(circuit, seeds);
      for (std::size_t s = 0; s < seeds.size(); ++s) {
        ASSERT_EQ(to_string(outputs[s]), to_string(f(seeds[s]))) << "seed " << to_string(seeds[s]);
      }
      EXPECT_EQ(evaluate(circuit, seeds[2]), outputs[2]);
    }
  }
}

RC_GTEST_PROP(OwfCircuitProp, BitslicedEqualsScalar, ()) {
  const auto words = *rc::gen::container<std::vector<std::uint64_t>>(16, rc::gen::arbitrary<std::uint64_t>());
  const std::vector<std::uint64_t> sliced = evaluate_bitsliced(owf16(), words);
  RC_ASSERT(sliced.size() == 16U);
  for (int j = 0; j < 64; j += 7) {
    Bits seed(16);
    for (std::size_t i = 0; i < 16; ++i) seed[i] = static_cast<std::uint8_t>((words[i] >> j) & 1U);
    const Bits scalar = evaluate(owf16(), seed);
    for (std::size_t k = 0; k < 16; ++k) RC_ASSERT(scalar[k] == ((sliced[k] >> j) & 1U));
  }
}

RC_GTEST_PROP(OwfCircuitProp, EvaluatorEqualsBitsliced, ()) {
  static const BitslicedEvaluator evaluator(owf16());
  const auto words = *rc::gen::container<std::vector<std::uint64_t>>(16, rc::gen::arbitrary<std::uint64_t>());
  RC_ASSERT(evaluator(words) == evaluate_bitsliced(owf16(), words));
}

TEST(CompressionCircuit, EvaluatorUsesFewSlots) {
  const BitslicedEvaluator evaluator(compression());
  EXPECT_LT(evaluator.num_slots(), compression().num_wires() / 10);
  std::mt19937_64 rng(0x5348413235360004ULL);
  std::vector<Lanes256> lanes(768);
  for (auto& lane : lanes) lane = Lanes256{rng(), rng(), rng(), rng()};
  EXPECT_EQ(evaluator(lanes), evaluate_bitsliced256(compression(), lanes));
}

RC_GTEST_PROP(OwfCircuitProp, CompressionCircuitWithFoldedInputsIsTheOwf, ()) {
  const int n = *rc::gen::inRange(1, 441);
  const Bits seed = *rc::gen::container<Bits>(static_cast<std::size_t>(n), rc::gen::inRange<std::uint8_t>(0, 2));
  const OneWayFunction f(n, 256);
  const std::vector<std::uint8_t> message = f.pack(seed);
  const Bits out = evaluate(compression(), compression_inputs(padded_block(message), kIv));
  RC_ASSERT(to_string(out) == to_string(f(seed)));
}

// ---- Folding and statistics ----------------------------------------------------------------------

// The C.4 unit count #AND + 2 #XOR (NOT gates are free, and complement flags make the folded
// circuits use more of them than the compression circuit).
std::size_t relu_units(const Circuit& c) { return c.and_count() + 2 * c.xor_count(); }

TEST(OwfCircuit, ConstantFoldingAndDeadGatesShrinkTheCircuit) {
  const Circuit& c = compression();
  const Circuit f16 = owf_circuit(16, 256);
  const Circuit f440 = owf_circuit(440, 256);
  // Folding the IV, padding and length field removes gates (and shortens the critical path).
  EXPECT_LT(f440.and_count(), c.and_count());
  EXPECT_LT(f440.xor_count(), c.xor_count());
  EXPECT_LT(f440.depth(), c.depth());
  // More constant message bits, fewer gates.
  EXPECT_LT(relu_units(f16), relu_units(f440));
  EXPECT_LT(f16.and_count(), f440.and_count());
  // Fewer outputs, fewer gates: f_{16,16} needs only H_0 of the final addition.
  EXPECT_LT(relu_units(owf16()), relu_units(f16));
  EXPECT_LT(owf16().num_gates(), f16.num_gates());
  EXPECT_LT(relu_units(owf_circuit(1, 1)), relu_units(owf16()));
}

TEST(OwfCircuit, LevelsAreConsistent) {
  const Circuit& c = owf16();
  int max_level = 0;
  for (int level : c.levels()) max_level = std::max(max_level, level);
  EXPECT_EQ(max_level, c.depth());
  EXPECT_LE(c.and_depth(), c.depth());
}

// Regression numbers: this generator's own output for f_{16,16} (not external references; see
// sha256_circuit_report() for the published counts). A change to the generator that changes them
// must update them deliberately.
TEST(OwfCircuit, StatisticsRegressionN16M16) {
  const Circuit& c = owf16();
  EXPECT_EQ(c.and_count(), 37354U);
  EXPECT_EQ(c.xor_count(), 62559U);
  EXPECT_EQ(c.not_count(), 19502U);
  EXPECT_EQ(c.depth(), 3752);
  EXPECT_EQ(c.and_depth(), 1586);
  EXPECT_EQ(relu_units(c), 162472U);
}

// The same for the other circuits of the report (this generator's output, not references).
// The build of the recipe in the project's unpublished design note reports 41,117 AND / 69,900 XOR /
// depth 3,823 for f_{440,256}: the same gate counts; its depths are one larger for all three f_{n,m}
// (a different depth convention), and for n = 8, 16 it has 88 / 29 fewer AND gates (a folding difference).
TEST(OwfCircuit, StatisticsRegressionOthers) {
  struct Expected {
    int n, m;
    std::size_t and_gates, xor_gates, not_gates;
    int depth, and_depth;
  };
  for (const Expected& e : {Expected{8, 8, 37041, 61792, 19239, 3742, 1581},
                            Expected{440, 256, 41117, 69900, 20743, 3822, 1604}}) {
    SCOPED_TRACE(testing::Message() << "n = " << e.n << ", m = " << e.m);
    const Circuit c = owf_circuit(e.n, e.m);
    EXPECT_EQ(c.and_count(), e.and_gates);
    EXPECT_EQ(c.xor_count(), e.xor_gates);
    EXPECT_EQ(c.not_count(), e.not_gates);
    EXPECT_EQ(c.depth(), e.depth);
    EXPECT_EQ(c.and_depth(), e.and_depth);
  }
  const Circuit& c = compression();
  EXPECT_EQ(c.and_count(), 42781U);
  EXPECT_EQ(c.xor_count(), 72527U);
  EXPECT_EQ(c.not_count(), 16342U);
  EXPECT_EQ(c.depth(), 3853);
  EXPECT_EQ(c.and_depth(), 1607);
}

TEST(OwfCircuit, Report) {
  const auto start = std::chrono::steady_clock::now();
  const std::string report = sha256_circuit_report();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << report;
  EXPECT_NE(report.find("f_{440,256}"), std::string::npos);
  EXPECT_NE(report.find("22573"), std::string::npos);
  // Throughput of the bit-sliced evaluators on f_{16,16}, measured once (informational).
  const BitslicedEvaluator evaluator(owf16());
  std::uint64_t sink = 0;
  constexpr int kBatches = 200;
  const auto rate = [&](std::size_t lanes_per_call, auto&& call) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int batch = 0; batch < kBatches; ++batch) sink ^= call(batch);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return static_cast<double>(lanes_per_call) * kBatches / t;
  };
  std::vector<std::uint64_t> lanes(16, 0x0123456789abcdefULL);
  std::vector<Lanes256> wide(16, Lanes256{1, 2, 3, 4});
  const double r64 = rate(64, [&](int batch) {
    lanes[0] = static_cast<std::uint64_t>(batch);
    return evaluate_bitsliced(owf16(), lanes)[0];
  });
  const double r256 = rate(256, [&](int batch) {
    wide[0][0] = static_cast<std::uint64_t>(batch);
    return evaluate_bitsliced256(owf16(), wide)[0][1];
  });
  const double e64 = rate(64, [&](int batch) {
    lanes[0] = static_cast<std::uint64_t>(batch);
    return evaluator(lanes)[0];
  });
  const double e256 = rate(256, [&](int batch) {
    wide[0][0] = static_cast<std::uint64_t>(batch);
    return evaluator(wide)[0][1];
  });
  std::cout << "report built in " << seconds << " s; f_{16,16} evaluations/s: evaluate_bitsliced " << r64
            << ", evaluate_bitsliced256 " << r256 << ", BitslicedEvaluator (" << evaluator.num_slots()
            << " slots) 64 lanes " << e64 << ", 256 lanes " << e256 << " [" << (sink & 1U) << "]\n";
}

}  // namespace
}  // namespace dpsi::owf
