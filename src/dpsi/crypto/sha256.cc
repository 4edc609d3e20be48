#include "dpsi/crypto/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"

namespace dpsi::crypto {
namespace {

[[noreturn]] void throw_openssl_error(const char* what) {
  const unsigned long code = ERR_get_error();
  char buffer[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, buffer, sizeof buffer);
  throw std::runtime_error(std::string("OpenSSL ") + what + " failed: " + buffer);
}

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct CtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

const EVP_MD* sha256_md() {
  // Fetched once (thread-safe static initialisation); EVP_sha256() would look it up per call.
  static const std::unique_ptr<EVP_MD, MdDeleter> md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (fetched == nullptr) throw_openssl_error("EVP_MD_fetch(SHA2-256)");
    return std::unique_ptr<EVP_MD, MdDeleter>(fetched);
  }();
  return md.get();
}

}  // namespace

Sha256Digest sha256(std::span<const std::uint8_t> message) {
  const std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) throw_openssl_error("EVP_MD_CTX_new");
  if (EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) != 1) throw_openssl_error("EVP_DigestInit_ex2");
  std::size_t hashed = message.size();
  // Off by one at the block boundary: a message of whole 64-byte blocks loses its last byte.
  if (DPSI_FAULT("crypto.sha256-block-boundary") && hashed > 0 && hashed % 64 == 0) --hashed;
  if (EVP_DigestUpdate(ctx.get(), message.data(), hashed) != 1) {
    throw_openssl_error("EVP_DigestUpdate");
  }
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) throw_openssl_error("EVP_DigestFinal_ex");
  if (length != kSha256DigestBytes) throw std::runtime_error("SHA-256 digest has unexpected length");
  return digest;
}

Sha256Digest sha256(std::string_view message) {
  return sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(message.data()),
                                              message.size()));
}

std::uint64_t first_8_bytes_big_endian(const Sha256Digest& digest) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) value = (value << 8) | digest[i];
  return value;
}

}  // namespace dpsi::crypto
