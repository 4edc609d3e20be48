// File: dpsi/crypto/cavp.h
// Reading NIST CAVP SHA-2 response files (SHAVS: SHA256ShortMsg.rsp, SHA256LongMsg.rsp,
// SHA256Monte.rsp), as shipped by Debian's python3-cryptography-vectors package.
//
// Format (NIST SHAVS): comment lines start with '#', "[L = 32]" sections, then blocks of
// "Len = <bits>", "Msg = <hex>", "MD = <hex>" (message files) or "Seed = <hex>" followed by
// "COUNT = k", "MD = <hex>" (Monte Carlo). Lines end with CRLF. "Len = 0" comes with "Msg = 00":
// the message is the first Len/8 bytes of Msg, i.e. empty.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dpsi::crypto {

struct MessageVector {
  std::size_t length_bits = 0;
  std::vector<std::uint8_t> message;  // exactly length_bits / 8 bytes
  std::vector<std::uint8_t> digest;
};

struct MonteCarloVectors {
  std::vector<std::uint8_t> seed;
  std::vector<std::vector<std::uint8_t>> checkpoints;  // MD of COUNT = 0, 1, ...
};

class CavpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws CavpError with the line number on malformed input (bad hex, Len not a multiple of 8 or
// longer than Msg, a block without MD).
std::vector<MessageVector> parse_message_vectors(std::istream& in);
MonteCarloVectors parse_monte_carlo_vectors(std::istream& in);

std::vector<std::uint8_t> from_hex(std::string_view hex);  // throws CavpError
std::string to_hex(std::span<const std::uint8_t> bytes);

// The SHA2 directory of python3-cryptography-vectors, or $DPSI_CAVP_DIR if set; nullopt if the
// three SHA-256 files are not all there.
std::optional<std::filesystem::path> find_sha256_vector_directory();

// The SHAVS Monte Carlo procedure: MD0 = MD1 = MD2 = seed; for i = 3..1002,
// MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1}); checkpoint j is MD_1002, which seeds round j+1.
// `hash` maps a message to its 32-byte digest.
template <typename Hash>
std::vector<std::vector<std::uint8_t>> monte_carlo_checkpoints(const std::vector<std::uint8_t>& seed,
                                                               std::size_t rounds, Hash&& hash) {
  std::vector<std::vector<std::uint8_t>> checkpoints;
  std::vector<std::uint8_t> current = seed;
  for (std::size_t round = 0; round < rounds; ++round) {
    std::vector<std::uint8_t> md0 = current, md1 = current, md2 = current;
    for (int i = 3; i < 1003; ++i) {
      std::vector<std::uint8_t> message;
      message.reserve(md0.size() * 3);
      message.insert(message.end(), md0.begin(), md0.end());
      message.insert(message.end(), md1.begin(), md1.end());
      message.insert(message.end(), md2.begin(), md2.end());
      const auto digest = hash(message);
      md0 = std::move(md1);
      md1 = std::move(md2);
      md2.assign(digest.begin(), digest.end());
    }
    current = md2;
    checkpoints.push_back(current);
  }
  return checkpoints;
}

}  // namespace dpsi::crypto
