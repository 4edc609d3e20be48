#include "dpsi/posterior/image_evaluator.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>
#include <string>

namespace dpsi::posterior {
namespace {

[[noreturn]] void throw_openssl_error(const char* what) {
  const unsigned long code = ERR_get_error();
  char buffer[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, buffer, sizeof buffer);
  throw std::runtime_error(std::string("ImageEvaluator: OpenSSL ") + what + " failed: " + buffer);
}

// Fetched once per process (thread-safe static initialisation) and never freed.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (fetched == nullptr) throw_openssl_error("EVP_MD_fetch(SHA2-256)");
    return fetched;
  }();
  return md;
}

}  // namespace

struct ImageEvaluator::Context {
  EVP_MD_CTX* ctx = nullptr;
  ~Context() { EVP_MD_CTX_free(ctx); }
};

ImageEvaluator::ImageEvaluator(int n, int m) : n_(n), m_(m), bytes_((n + 7) / 8), context_(std::make_unique<Context>()) {
  if (n < 1 || n > 64 || m < 1 || m > 64)
    throw std::invalid_argument("ImageEvaluator: needs 1 <= n <= 64 and 1 <= m <= 64, got n = " + std::to_string(n) +
                                ", m = " + std::to_string(m));
  context_->ctx = EVP_MD_CTX_new();
  if (context_->ctx == nullptr) throw_openssl_error("EVP_MD_CTX_new");
  sha256_md();
}

ImageEvaluator::~ImageEvaluator() = default;
ImageEvaluator::ImageEvaluator(ImageEvaluator&&) noexcept = default;
ImageEvaluator& ImageEvaluator::operator=(ImageEvaluator&&) noexcept = default;

std::uint64_t ImageEvaluator::operator()(std::uint64_t index) {
  if (n_ < 64 && index >> n_ != 0)
    throw std::invalid_argument("ImageEvaluator: seed index " + std::to_string(index) + " needs more than n bits");
  // pack(s): s_1 is the top bit of byte 0, the trailing bits of the last byte are 0. n + shift =
  // 8 bytes_ <= 64, so the shifted index fits in a word.
  const int shift = 8 * bytes_ - n_;
  const std::uint64_t packed = index << shift;
  std::array<std::uint8_t, 8> message{};
  for (int k = 0; k < bytes_; ++k)
    message[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(packed >> (8 * (bytes_ - 1 - k)));
  EVP_MD_CTX* ctx = context_->ctx;
  if (EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1) throw_openssl_error("EVP_DigestInit_ex2");
  if (EVP_DigestUpdate(ctx, message.data(), static_cast<std::size_t>(bytes_)) != 1) throw_openssl_error("EVP_DigestUpdate");
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1 || length != 32) throw_openssl_error("EVP_DigestFinal_ex");
  std::uint64_t top = 0;
  for (std::size_t k = 0; k < 8; ++k) top = (top << 8) | digest[k];
  return top >> (64 - m_);
}

}  // namespace dpsi::posterior
