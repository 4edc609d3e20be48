// File: dpsi/posterior/image_evaluator.h
// f_{n,m} of spec G.1 on seed indices, fast: the same value as OneWayFunction::evaluate_index (the
// seed whose bits s_1..s_n are the binary digits of the index, most significant first; the image
// as an integer, b_1 most significant), computed without allocations. pack(s) is the index shifted
// left by 8 ceil(n/8) - n bits, written big-endian in ceil(n/8) bytes; the digest is OpenSSL's
// SHA-256 through one EVP_MD_CTX reused for every call (EVP_DigestInit_ex2 resets it).
//
// The brute-force inverter and the seed-space rejection sampler spend nearly all their time here, so
// "raw f-evaluations per second" in dpsi scaling means calls of this class. Exact (no numerics);
// every OpenSSL return code is checked (std::runtime_error on failure). Not thread-safe (the
// context is per object): give each thread its own evaluator.
#pragma once

#include <cstdint>
#include <memory>

namespace dpsi::posterior {

class ImageEvaluator {
 public:
  // Throws std::invalid_argument unless 1 <= n <= 64 and 1 <= m <= 64.
  ImageEvaluator(int n, int m);
  ~ImageEvaluator();
  ImageEvaluator(const ImageEvaluator&) = delete;
  ImageEvaluator& operator=(const ImageEvaluator&) = delete;
  ImageEvaluator(ImageEvaluator&&) noexcept;
  ImageEvaluator& operator=(ImageEvaluator&&) noexcept;

  int n() const { return n_; }
  int m() const { return m_; }
  // f(seed with this index) as an m-bit integer; index < 2^n (throws std::invalid_argument otherwise).
  std::uint64_t operator()(std::uint64_t index);

 private:
  struct Context;
  int n_;
  int m_;
  int bytes_;
  std::unique_ptr<Context> context_;
};

}  // namespace dpsi::posterior
