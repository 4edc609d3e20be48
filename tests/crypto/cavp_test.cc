// Tests for dpsi/crypto/{cavp,sha256,sha256_portable}.h: the CAVP parser on inline samples, and
// both SHA-256 implementations on the FIPS 180 examples and (when installed) every CAVP vector.
#include "dpsi/crypto/cavp.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dpsi/crypto/sha256.h"
#include "dpsi/crypto/sha256_portable.h"

namespace dpsi::crypto {
namespace {

std::string hex_of(const Sha256Digest& digest) { return to_hex(digest); }

// FIPS 180-2 Appendix B examples (also RFC 6234 §8.5 and BoringSSL digest_test.cc), plus the
// empty string (well-known digest).
TEST(Sha256, FipsExamplesBothImplementations) {
  const std::string abc = "abc";
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const std::string million_a(1'000'000, 'a');
  const std::pair<const std::string*, const char*> cases[] = {
      {&abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {&two_blocks, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {&million_a, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const auto& [message, expected] : cases) {
    EXPECT_EQ(hex_of(sha256(*message)), expected);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(message->data()), message->size());
    EXPECT_EQ(hex_of(sha256_portable(bytes)), expected);
  }
  EXPECT_EQ(hex_of(sha256(std::string_view())), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_of(sha256_portable({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CavpParser, ReadsCrlfBlocksAndEmptyMessage) {
  std::istringstream in(
      "#  CAVS 11.0\r\n# \"SHA-256 ShortMsg\" information\r\n\r\n[L = 32]\r\n\r\n"
      "Len = 0\r\nMsg = 00\r\nMD = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n\r\n"
      "Len = 8\r\nMsg = d3\r\nMD = 28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1\r\n");
  const auto vectors = parse_message_vectors(in);
  ASSERT_EQ(vectors.size(), 2u);
  EXPECT_TRUE(vectors[0].message.empty());
  EXPECT_EQ(vectors[1].message, std::vector<std::uint8_t>{0xd3});
  EXPECT_EQ(to_hex(sha256(std::span<const std::uint8_t>(vectors[1].message))), to_hex(vectors[1].digest));
}

TEST(CavpParser, RejectsMalformedInput) {
  for (const char* bad : {"Len = 8\r\nMsg = zz\r\nMD = 00\r\n", "Len = 7\r\nMsg = 00\r\nMD = 00\r\n",
                          "Msg = 00\r\n", "Len = 16\r\nMsg = 00\r\nMD = 00\r\n", "Len = 8\r\nMsg = 00\r\n",
                          "Len = 8\r\nFoo = 1\r\n", "garbage line\r\n"}) {
    std::istringstream in(bad);
    EXPECT_THROW(parse_message_vectors(in), CavpError) << bad;
  }
}

// NIST CAVP SHAVS vectors from Debian's python3-cryptography-vectors (129 message vectors, 100
// Monte Carlo checkpoints). The set-up step installs the package; its absence is a failure here.
TEST(CavpVectors, EveryVectorPassesBothImplementations) {
  const auto directory = find_sha256_vector_directory();
  ASSERT_TRUE(directory.has_value()) << "python3-cryptography-vectors is not installed (scripts/setup-deps)";
  std::size_t count = 0;
  for (const char* file : {"SHA256ShortMsg.rsp", "SHA256LongMsg.rsp"}) {
    std::ifstream in(*directory / file);
    for (const MessageVector& vector : parse_message_vectors(in)) {
      const std::span<const std::uint8_t> message(vector.message);
      EXPECT_EQ(to_hex(sha256(message)), to_hex(vector.digest)) << file << " Len = " << vector.length_bits;
      EXPECT_EQ(to_hex(sha256_portable(message)), to_hex(vector.digest)) << file << " Len = " << vector.length_bits;
      ++count;
    }
  }
  EXPECT_EQ(count, 129u);  // 65 short + 64 long (SHA256ShortMsg.rsp, SHA256LongMsg.rsp)
  std::ifstream monte_in(*directory / "SHA256Monte.rsp");
  const MonteCarloVectors monte = parse_monte_carlo_vectors(monte_in);
  ASSERT_EQ(monte.checkpoints.size(), 100u);
  const auto computed = monte_carlo_checkpoints(monte.seed, 100, [](const std::vector<std::uint8_t>& m) {
    return sha256(std::span<const std::uint8_t>(m));
  });
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(to_hex(computed[i]), to_hex(monte.checkpoints[i])) << "COUNT " << i;
}

}  // namespace
}  // namespace dpsi::crypto
