// File: dpsi/owf/one_way_function.h
// The candidate one-way function f_{n,m} of spec/G-one-way-function.md (G.1):
//   f_{n,m}(s) = the first m bits, most significant first, of SHA-256(pack(s)),
// where pack(s) is the ceil(n/8)-byte string whose byte k is sum_{i=1..8} s_{8k+i} 2^{8-i}
// (s_1 is the top bit of byte 0; unused trailing bits are 0). Domain 1 <= n <= 440, 1 <= m <= 256.
//
// SHA-256 is OpenSSL's (dpsi/crypto/sha256.h): fetched once, every return code checked, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dpsi::owf {

inline constexpr int kMaxSeedBits = 440;   // message fits one 512-bit block after padding
inline constexpr int kMaxOutputBits = 256;

// A bit string, one bit (0 or 1) per element, index 0 = s_1 (the spec's 1-based s_1 .. s_n).
using Bits = std::vector<std::uint8_t>;

// Thrown for n, m outside the domain or seeds of the wrong length; what() is one line.
class DomainError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "0110" -> {0,1,1,0}; throws DomainError on any other character or an empty string.
Bits parse_bits(std::string_view text);
std::string to_string(const Bits& bits);

class OneWayFunction {
 public:
  // Throws DomainError unless 1 <= n <= 440 and 1 <= m <= 256.
  OneWayFunction(int n, int m);

  int n() const { return n_; }
  int m() const { return m_; }

  // pack(s): ceil(n/8) bytes. Throws DomainError unless seed.size() == n and every bit is 0/1.
  std::vector<std::uint8_t> pack(std::span<const std::uint8_t> seed) const;
  // f_{n,m}(s).
  Bits operator()(std::span<const std::uint8_t> seed) const;
  // For n <= 64: the seed whose bits s_1..s_n are the binary digits of `index`, most significant
  // first (so index 0..2^n-1 enumerates all seeds); the output bits as an integer, b_1 most
  // significant (requires m <= 64).
  std::uint64_t evaluate_index(std::uint64_t index) const;
  Bits seed_of_index(std::uint64_t index) const;

 private:
  int n_;
  int m_;
};

}  // namespace dpsi::owf
