// Fuzz target: the NIST CAVP (SHAVS) response-file reader, dpsi::crypto::parse_message_vectors and
// parse_monte_carlo_vectors (the SHA-256 known-answer vectors of lemma G.1).
// Input: first byte even -> the rest is a message file (ShortMsg/LongMsg), odd -> a Monte Carlo file.
// Properties: no crash, leak or UB; a rejection is a CavpError with a one-line bounded message; every
// accepted message vector has exactly Len/8 message bytes, and hex rendering round-trips
// (from_hex(to_hex(bytes)) == bytes) for every message, digest, seed and checkpoint.
#include <cstddef>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/crypto/cavp.h"
#include "fuzz_check.h"

namespace {

void check_hex_round_trip(const std::vector<std::uint8_t>& bytes) {
  FUZZ_CHECK(dpsi::crypto::from_hex(dpsi::crypto::to_hex(std::span<const std::uint8_t>(bytes))) == bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool monte_carlo = (data[0] & 1) != 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  try {
    if (monte_carlo) {
      const dpsi::crypto::MonteCarloVectors vectors = dpsi::crypto::parse_monte_carlo_vectors(in);
      FUZZ_CHECK(!vectors.seed.empty());
      check_hex_round_trip(vectors.seed);
      for (const auto& checkpoint : vectors.checkpoints) check_hex_round_trip(checkpoint);
    } else {
      for (const dpsi::crypto::MessageVector& vector : dpsi::crypto::parse_message_vectors(in)) {
        FUZZ_CHECK(vector.length_bits % 8 == 0 && vector.message.size() == vector.length_bits / 8);
        check_hex_round_trip(vector.message);
        check_hex_round_trip(vector.digest);
      }
    }
  } catch (const dpsi::crypto::CavpError& error) {
    FUZZ_CHECK(dpsi::fuzz::one_line_error(error.what()));
  }
  return 0;
}
