// File: dpsi/crypto/sha256_portable.h
// A second SHA-256: a direct transcription of FIPS 180-4 §6.2 on 32-bit words, with no code shared
// with OpenSSL. It exists to cross-check the OpenSSL digest f_{n,m} uses (spec G.1); it is slow
// (no SIMD, no unrolling) and not meant for anything else.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "dpsi/crypto/sha256.h"

namespace dpsi::crypto {

using Sha256State = std::array<std::uint32_t, 8>;

// H^(0) of FIPS 180-4 §5.3.3.
inline constexpr Sha256State kSha256InitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// One application of the compression function to a 64-byte block (FIPS 180-4 §6.2.2).
Sha256State sha256_compress(const Sha256State& state, std::span<const std::uint8_t, 64> block);

// The full hash with FIPS 180-4 §5.1.1 padding.
Sha256Digest sha256_portable(std::span<const std::uint8_t> message);

}  // namespace dpsi::crypto
