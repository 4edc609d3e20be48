// File: dpsi/sampling/exact_sampler.h
// The exact sampler of spec R.3 (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for
// Differential Privacy", Algorithms 1-3) and the lattice law D_b of spec A.1, in exact integer and
// rational arithmetic.
//
// Exactness. Every function below is exact in the following sense: if RandomSource::word() returned
// independent, uniformly distributed 64-bit words, the value returned has *exactly* the stated law
// (no floating point anywhere, no truncation of any series, no bounded loop). The only source of
// randomness is RandomSource; the engine (std::mt19937_64 seeded with the check's seed) and the way
// words are consumed are fixed here, so a given seed always produces the same draws.
//
// Arithmetic. Values and intermediate quantities are Integer/Rational (GMP). Where every quantity
// of a step fits in 64 bits the step runs on uint64_t with overflow-checked products and falls back
// to GMP otherwise; both paths decide the same exact comparison of a uniform integer with a rational
// threshold, so the fast path is an optimisation, never an approximation.
//
// Cost. "Expected cost" counts calls of RandomSource::uniform_below / bit (each is one 64-bit word
// with rejection probability < 1/2 for uniform_below, 1/64 of a word for bit).
#pragma once

#include <cstdint>
#include <random>

#include "dpsi/numeric/rational.h"

namespace dpsi::sampling {

// A seeded source of uniform bits and uniform integers.
class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : engine_(seed) {}

  // One word of the engine (uniform on [0, 2^64) if the engine were ideal).
  std::uint64_t word() { return engine_(); }

  // One fair bit. Exact; consumes one word per 64 bits (bits are taken from a buffered word, lowest first).
  bool bit();

  // Uniform on {0, ..., n-1}, n >= 1 (throws std::invalid_argument for n = 0). Exact: rejection of
  // the lowest 2^64 mod n word values, then reduction mod n. Expected words < 2.
  std::uint64_t uniform_below(std::uint64_t n);

  // Uniform on {0, ..., n-1}, n >= 1 (throws std::invalid_argument otherwise). Exact: draws
  // bit_length(n) bits (whole words, excess high bits masked off) and rejects values >= n.
  // Expected rounds < 2. Uses the uint64_t overload when n fits in 64 bits.
  Integer uniform_below(const Integer& n);

 private:
  std::mt19937_64 engine_;
  std::uint64_t bit_buffer_ = 0;
  int bits_left_ = 0;
};

// Bern(p): true with probability exactly p, for rational 0 <= p <= 1 (throws std::invalid_argument
// otherwise). Exact: with p = num/den in lowest terms, returns uniform_below(den) < num.
// Expected cost: one uniform_below.
bool bernoulli(RandomSource& source, const Rational& p);

// Bern(num/den) for 0 <= num <= den, den >= 1 (not necessarily in lowest terms): uniform_below(den) < num.
bool bernoulli(RandomSource& source, std::uint64_t num, std::uint64_t den);

// Bern(e^{-gamma}) for rational gamma >= 0 (throws std::invalid_argument for gamma < 0). Exact
// (spec R.3 step 1, CKS Algorithm 1): for gamma <= 1, K <- 1; while Bern(gamma/K) = 1: K <- K+1;
// return [K odd]. For gamma > 1: up to floor(gamma) draws of Bern(e^{-1}) (false at the first
// false), then Bern(e^{-(gamma - floor(gamma))}).
// Expected cost: at most e^gamma <= e Bernoulli draws for gamma <= 1; for gamma > 1 at most
// e (1 + 1/(1 - e^{-1})) < 7.1 Bernoulli draws whatever gamma (and at most e (floor(gamma) + 1)).
bool bernoulli_exp(RandomSource& source, const Rational& gamma);

// Bern(e^{-num/den}) for den >= 1 (the same algorithm, 64-bit arithmetic with GMP fallback).
bool bernoulli_exp(RandomSource& source, std::uint64_t num, std::uint64_t den);

// Discrete Laplace with integer scale t >= 1 (throws std::invalid_argument otherwise):
// P(Y = y) = (1 - e^{-1/t}) / (1 + e^{-1/t}) * e^{-|y|/t} for every integer y. Exact (spec R.3
// step 2, CKS Algorithm 2).
// Expected cost: each round succeeds with probability >= (1 - e^{-1})/2, so fewer than
// 2/(1 - e^{-1}) < 3.2 rounds on average, each with O(1) expected Bernoulli draws (one uniform, at
// most e for Bern(e^{-U/t}), about 1.6 Bern(e^{-1}) for V, one bit).
Integer discrete_laplace(RandomSource& source, const Integer& t);

// Discrete Gaussian N_Z(0, sigma2) for rational sigma2 > 0 (throws std::invalid_argument otherwise):
// P(Y = y) = e^{-y^2/(2 sigma2)} / sum_{z in Z} e^{-z^2/(2 sigma2)} for every integer y. Exact
// (spec R.3 step 3, CKS Algorithm 3): t = floor(sqrt(sigma2)) + 1 (computed exactly as the integer
// square root of floor(sigma2)); repeat Y <- Laplace(t) until Bern(e^{-(|Y| - sigma2/t)^2/(2 sigma2)}),
// whose exponent is an exact rational.
// Expected cost: 1/P(accept) Laplace draws per output, with
// P(accept) = sum_y P(Laplace(t) = y) e^{-(|y| - sigma2/t)^2/(2 sigma2)}, bounded below by a constant
// independent of sigma2 (CKS 2020). Evaluated numerically (double precision, for orientation only):
// 1.82 draws at sigma2 = 0.3, 1.43 at 7/3, 1.38 at 16, 1.32 at 1600, about 1.32 for large sigma2.
Integer discrete_gaussian(RandomSource& source, const Rational& sigma2);

// A draw of D_b (spec A.1, R.3 step 4): k ~ N_Z(0, 4/delta^2) conditioned on k = b (mod 2), and
// w = k delta / 2 in Lambda_b = delta Z + b delta / 2.
struct LatticeDraw {
  Integer k;
  Rational w;  // exactly k * delta / 2
};

// The sampler of D_b for rational delta > 0 and b in {0, 1} (throws std::invalid_argument
// otherwise). Exact: repeats k <- N_Z(0, 4/delta^2) until k = b (mod 2) (rejection onto the parity
// class conditions on it), then w = k delta / 2 exactly. Works for every rational delta > 0 (P.4,
// 4/delta^2 integer, is not needed by the algorithm).
// Expected cost: (Z_0 + Z_1)/Z_b discrete-Gaussian draws, which is 2 (1 + O(q)) with
// q = e^{-2 pi^2/delta^2} (A.2): 2 up to 1e-33 at delta = 1/2 and up to 1e-3428 at delta = 1/20.
LatticeDraw sample_lattice(RandomSource& source, const Rational& delta, int b);

// Reusable form of sample_lattice for many draws at one (delta, b): precomputes sigma2 = 4/delta^2
// and t. draw() has exactly the law of sample_lattice (same consumption of the source).
class LatticeSampler {
 public:
  LatticeSampler(const Rational& delta, int b);  // throws std::invalid_argument like sample_lattice
  LatticeDraw draw(RandomSource& source) const;
  // k only (the w of draw() is k * delta / 2); same law and the same consumption of the source.
  Integer draw_k(RandomSource& source) const;
  const Rational& delta() const { return delta_; }
  const Rational& sigma2() const { return sigma2_; }
  int parity() const { return b_; }

 private:
  Rational delta_;
  Rational sigma2_;
  Integer t_;  // floor(sqrt(sigma2)) + 1
  int b_;
};

// discrete_gaussian with the Laplace scale t supplied by the caller (for reuse across draws; sigma2 > 0
// and t >= 1 are not re-checked). The law is exactly N_Z(0, sigma2) for every integer t >= 1 (the
// Laplace density e^{-|y|/t} cancels against the acceptance exponent's cross term); t only sets the cost,
// and t = gaussian_laplace_scale(sigma2) is CKS's choice, used by every other entry point.
Integer discrete_gaussian(RandomSource& source, const Rational& sigma2, const Integer& t);

// floor(sqrt(sigma2)) + 1 for rational sigma2 >= 0, exactly.
Integer gaussian_laplace_scale(const Rational& sigma2);

}  // namespace dpsi::sampling
