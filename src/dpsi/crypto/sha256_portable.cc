#include "dpsi/crypto/sha256_portable.h"

#include <vector>

#include "dpsi/fault/fault_point.h"

namespace dpsi::crypto {
namespace {


constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
constexpr std::uint32_t ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) ^ (~x & z); }
constexpr std::uint32_t maj(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) ^ (x & z) ^ (y & z); }
constexpr std::uint32_t big_sigma0(std::uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
constexpr std::uint32_t big_sigma1(std::uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
constexpr std::uint32_t small_sigma0(std::uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
constexpr std::uint32_t small_sigma1(std::uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }

}  // namespace

Sha256State sha256_compress(const Sha256State& state, std::span<const std::uint8_t, 64> block) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t t = 0; t < 16; ++t) {
    w[t] = static_cast<std::uint32_t>(block[4 * t]) << 24 | static_cast<std::uint32_t>(block[4 * t + 1]) << 16 |
           static_cast<std::uint32_t>(block[4 * t + 2]) << 8 | static_cast<std::uint32_t>(block[4 * t + 3]);
  }
  for (std::size_t t = 16; t < 64; ++t) {
    w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
  }
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (std::size_t t = 0; t < 64; ++t) {
    std::uint32_t k = kSha256RoundConstants[t];
    if (DPSI_FAULT("crypto.portable-round-constant") && t == 63) k ^= 0x00000100U;  // K_63 with one bit wrong
    const std::uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) + k + w[t];
    const std::uint32_t t2 = big_sigma0(a) + maj(a, b, c);
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  return {state[0] + a, state[1] + b, state[2] + c, state[3] + d,
          state[4] + e, state[5] + f, state[6] + g, state[7] + h};
}

Sha256Digest sha256_portable(std::span<const std::uint8_t> message) {
  std::vector<std::uint8_t> padded(message.begin(), message.end());
  std::uint64_t bit_length = static_cast<std::uint64_t>(message.size()) * 8;
  if (DPSI_FAULT("crypto.portable-length-in-bytes")) bit_length = message.size();  // length field in bytes, not bits
  padded.push_back(0x80);
  while (padded.size() % 64 != 56) padded.push_back(0);
  for (int shift = 56; shift >= 0; shift -= 8) padded.push_back(static_cast<std::uint8_t>(bit_length >> shift));
  Sha256State state = kSha256InitialState;
  for (std::size_t offset = 0; offset < padded.size(); offset += 64) {
    state = sha256_compress(state, std::span<const std::uint8_t, 64>(padded.data() + offset, 64));
  }
  Sha256Digest digest{};
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<std::uint8_t>(state[i] >> (24 - 8 * j));
  }
  return digest;
}

}  // namespace dpsi::crypto
