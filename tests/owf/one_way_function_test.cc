// Tests for dpsi/owf/one_way_function.h (spec G.1): packing, the worked examples, the domain.
#include "dpsi/owf/one_way_function.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thread>

#include "dpsi/crypto/cavp.h"
#include "dpsi/crypto/sha256_portable.h"

namespace dpsi::owf {
namespace {

// Vectors: spec/G-one-way-function.md "Worked examples" (computed with Python hashlib).
TEST(OneWayFunction, WorkedExamples) {
  EXPECT_EQ(to_string(OneWayFunction(8, 8)(parse_bits("00000001"))), "01001011");
  EXPECT_EQ(to_string(OneWayFunction(12, 16)(parse_bits("101100111000"))), "0101011101111010");
  EXPECT_EQ(to_string(OneWayFunction(16, 16)(parse_bits("0000000000000000"))), "1001011010100010");
  EXPECT_EQ(to_string(OneWayFunction(16, 16)(parse_bits("1111111111111111"))), "1100101000101111");
}

TEST(OneWayFunction, PackIsMostSignificantFirstWithZeroPadding) {
  const OneWayFunction f(12, 16);
  EXPECT_EQ(crypto::to_hex(f.pack(parse_bits("101100111000"))), "b380");
  EXPECT_EQ(crypto::to_hex(OneWayFunction(1, 1).pack(parse_bits("1"))), "80");
  EXPECT_EQ(OneWayFunction(440, 1).pack(Bits(440, 1)).size(), 55u);
}

TEST(OneWayFunction, NIsNotHashed) {
  // n = 7 and n = 8 with s_8 = 0 have the same byte content, hence the same output (spec G.1).
  EXPECT_EQ(OneWayFunction(7, 32)(parse_bits("1010101")), OneWayFunction(8, 32)(parse_bits("10101010")));
}

TEST(OneWayFunction, DomainIsEnforced) {
  EXPECT_THROW(OneWayFunction(0, 1), DomainError);
  EXPECT_THROW(OneWayFunction(441, 1), DomainError);
  EXPECT_THROW(OneWayFunction(8, 0), DomainError);
  EXPECT_THROW(OneWayFunction(8, 257), DomainError);
  const OneWayFunction f(8, 8);
  EXPECT_THROW(f(parse_bits("0101")), DomainError);     // wrong length
  EXPECT_THROW(f(Bits(8, 2)), DomainError);             // not a bit
  EXPECT_THROW(parse_bits("01x1"), DomainError);
  EXPECT_THROW(parse_bits(""), DomainError);
  EXPECT_THROW(f.seed_of_index(256), DomainError);
}

TEST(OneWayFunction, IndexEnumerationMatchesBits) {
  const OneWayFunction f(16, 16);
  EXPECT_EQ(to_string(f.seed_of_index(0xb380)), "1011001110000000");
  EXPECT_EQ(f.evaluate_index(0), 0b1001011010100010u);
  EXPECT_EQ(f.evaluate_index(0xffff), 0b1100101000101111u);
}

// One OneWayFunction (and the process-wide EVP_MD behind it) used from 4 threads at once gives the
// same results as sequential use.
TEST(OneWayFunction, ThreadSafe) {
  const OneWayFunction f(16, 16);
  std::vector<std::uint64_t> sequential(1 << 12);
  for (std::uint64_t s = 0; s < sequential.size(); ++s) sequential[s] = f.evaluate_index(s);
  std::vector<std::vector<std::uint64_t>> parallel(4, std::vector<std::uint64_t>(sequential.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < parallel.size(); ++t) {
    threads.emplace_back([&, t] {
      for (std::uint64_t s = 0; s < sequential.size(); ++s) parallel[t][s] = f.evaluate_index(s);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& results : parallel) EXPECT_EQ(results, sequential);
}

// f agrees with the bits of an independent SHA-256 (FIPS 180-4 transcription) for random n, m, s.
RC_GTEST_PROP(OneWayFunction, AgreesWithPortableSha256, ()) {
  const int n = *rc::gen::inRange(1, kMaxSeedBits + 1);
  const int m = *rc::gen::inRange(1, kMaxOutputBits + 1);
  const auto seed = *rc::gen::container<Bits>(static_cast<std::size_t>(n), rc::gen::inRange<std::uint8_t>(0, 2));
  const OneWayFunction f(n, m);
  const Bits output = f(seed);
  const auto digest = crypto::sha256_portable(std::span<const std::uint8_t>(f.pack(seed)));
  RC_ASSERT(output.size() == static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) {
    RC_ASSERT(output[static_cast<std::size_t>(i)] == ((digest[static_cast<std::size_t>(i / 8)] >> (7 - i % 8)) & 1U));
  }
}

}  // namespace
}  // namespace dpsi::owf
