#include "dpsi/owf/one_way_function.h"

#include <fmt/format.h>

#include "dpsi/crypto/sha256.h"
#include "dpsi/fault/fault_point.h"

namespace dpsi::owf {

Bits parse_bits(std::string_view text) {
  if (text.empty()) throw DomainError("empty bit string");
  Bits bits;
  bits.reserve(text.size());
  for (char c : text) {
    if (c != '0' && c != '1') throw DomainError(fmt::format("bit string may hold only 0 and 1, found '{}'", c));
    bits.push_back(static_cast<std::uint8_t>(c - '0'));
  }
  return bits;
}

std::string to_string(const Bits& bits) {
  std::string text;
  text.reserve(bits.size());
  for (std::uint8_t bit : bits) text.push_back(bit != 0 ? '1' : '0');
  return text;
}

OneWayFunction::OneWayFunction(int n, int m) : n_(n), m_(m) {
  if (n < 1 || n > kMaxSeedBits) throw DomainError(fmt::format("n = {} is outside 1..{}", n, kMaxSeedBits));
  if (m < 1 || m > kMaxOutputBits) throw DomainError(fmt::format("m = {} is outside 1..{}", m, kMaxOutputBits));
}

std::vector<std::uint8_t> OneWayFunction::pack(std::span<const std::uint8_t> seed) const {
  if (static_cast<int>(seed.size()) != n_) {
    throw DomainError(fmt::format("seed has {} bits, f_{{{},{}}} takes {}", seed.size(), n_, m_, n_));
  }
  std::vector<std::uint8_t> bytes((static_cast<std::size_t>(n_) + 7) / 8, 0);
  for (std::size_t i = 0; i < seed.size(); ++i) {
    if (seed[i] > 1) throw DomainError("seed bits must be 0 or 1");
    std::size_t shift = 7 - i % 8;
    if (DPSI_FAULT("owf.pack-byte1-bit-order") && i / 8 == 1) shift = i % 8;  // byte 1 least significant bit first
    bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] | (seed[i] << shift));
  }
  return bytes;
}

Bits OneWayFunction::operator()(std::span<const std::uint8_t> seed) const {
  const crypto::Sha256Digest digest = crypto::sha256(std::span<const std::uint8_t>(pack(seed)));
  Bits output(static_cast<std::size_t>(m_));
  for (int i = 0; i < m_; ++i) {
    int bit = 7 - i % 8;
    if (DPSI_FAULT("owf.output-bit-order") && i == 0) bit = 6;  // f_1 read from the digest's second bit
    output[static_cast<std::size_t>(i)] = (digest[static_cast<std::size_t>(i / 8)] >> bit) & 1U;
  }
  return output;
}

Bits OneWayFunction::seed_of_index(std::uint64_t index) const {
  if (n_ > 64) throw DomainError("seed indices need n <= 64");
  if (n_ < 64 && index >> n_ != 0) throw DomainError(fmt::format("seed index {} needs more than {} bits", index, n_));
  Bits seed(static_cast<std::size_t>(n_));
  for (int i = 0; i < n_; ++i) seed[static_cast<std::size_t>(i)] = (index >> (n_ - 1 - i)) & 1U;
  return seed;
}

std::uint64_t OneWayFunction::evaluate_index(std::uint64_t index) const {
  if (m_ > 64) throw DomainError("integer outputs need m <= 64");
  const Bits output = (*this)(seed_of_index(index));
  std::uint64_t value = 0;
  for (std::uint8_t bit : output) value = (value << 1) | bit;
  if (DPSI_FAULT_SOMETIMES("owf.evaluate-index-rare-wrong-bit", 0.001)) value ^= 1U;  // f_m flipped in 0.1% of calls
  return value;
}

}  // namespace dpsi::owf
