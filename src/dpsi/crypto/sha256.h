// File: dpsi/crypto/sha256.h
// SHA-256 (FIPS 180-4) through the OpenSSL 3 EVP API.
//
// The digest implementation is fetched once per process (EVP_MD_fetch "SHA2-256") and shared;
// each call uses its own EVP_MD_CTX, so sha256() is thread-safe. Every OpenSSL return code is
// checked; a failure throws std::runtime_error carrying OpenSSL's error string.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace dpsi::crypto {

inline constexpr std::size_t kSha256DigestBytes = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256DigestBytes>;

Sha256Digest sha256(std::span<const std::uint8_t> message);
Sha256Digest sha256(std::string_view message);

// The first 8 digest bytes as a big-endian integer (the seed rule of spec/README.md).
std::uint64_t first_8_bytes_big_endian(const Sha256Digest& digest);

}  // namespace dpsi::crypto
