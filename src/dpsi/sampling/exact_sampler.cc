// File: dpsi/sampling/exact_sampler.cc
// The exact sampler of spec R.3 (see the header for the contracts).
#include "dpsi/sampling/exact_sampler.h"

#include <limits>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::sampling {
namespace {

constexpr std::uint64_t kMax64 = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kMaxSigned64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool fits_u64(const Integer& value) { return value >= 0 && value <= kMax64; }

std::uint64_t to_u64(const Integer& value) { return value.convert_to<std::uint64_t>(); }

// Bern(num/den) with 0 <= num <= den, den >= 1, in GMP integers (not necessarily lowest terms).
bool bernoulli_integer(RandomSource& source, const Integer& num, const Integer& den) {
  return source.uniform_below(den) < num;
}

// Bern(e^{-r/d}) for 0 <= r <= d, d >= 1: the K-loop of CKS Algorithm 1. The counter K cannot
// overflow in practice (P(K > k) = (r/d)^k / k!).
bool bernoulli_exp_unit(RandomSource& source, std::uint64_t r, std::uint64_t d) {
  std::uint64_t k = 1;
  for (;;) {
    std::uint64_t dk = 0;
    bool one = false;
    if (__builtin_mul_overflow(d, k, &dk)) {
      one = bernoulli_integer(source, Integer(r), Integer(d) * k);
    } else {
      one = bernoulli(source, r, dk);
    }
    if (!one) break;
    ++k;
  }
  return (k & 1U) != 0;
}

// The same for a GMP rational 0 <= g <= 1.
bool bernoulli_exp_unit(RandomSource& source, const Rational& g) {
  const Integer r = numerator(g);
  const Integer d = denominator(g);
  std::uint64_t k = 1;
  while (bernoulli_integer(source, r, d * k)) ++k;
  return (k & 1U) != 0;
}

// Discrete Laplace with scale t, 1 <= t <= 2^62 (64-bit path; X falls back to GMP if it overflows).
Integer discrete_laplace_small(RandomSource& source, std::uint64_t t) {
  for (;;) {
    const std::uint64_t u = source.uniform_below(t);
    if (!bernoulli_exp(source, u, t)) continue;
    std::uint64_t v = 0;
    while (bernoulli_exp_unit(source, 1, 1)) ++v;
    std::uint64_t x = 0;
    const bool overflow = __builtin_mul_overflow(t, v, &x) || __builtin_add_overflow(x, u, &x) || x > kMaxSigned64;
    const bool negative = source.bit();
    if (overflow) {
      const Integer big = Integer(t) * v + u;  // > 0
      return negative ? Integer(-big) : big;
    }
    if (negative && x == 0 && !DPSI_FAULT("sampling.laplace-keeps-negative-zero")) continue;
    const auto signed_x = static_cast<std::int64_t>(x);
    return Integer(negative ? -signed_x : signed_x);
  }
}

Integer discrete_laplace_big(RandomSource& source, const Integer& t) {
  for (;;) {
    const Integer u = source.uniform_below(t);
    if (!bernoulli_exp_unit(source, Rational(u, t))) continue;
    Integer v = 0;
    while (bernoulli_exp_unit(source, 1, 1)) ++v;
    const Integer x = u + t * v;
    const bool negative = source.bit();
    if (negative && x == 0) continue;
    return negative ? Integer(-x) : x;
  }
}

// Bern(e^{-(|y| - sigma2/t)^2 / (2 sigma2)}) with sigma2 = p/q.
bool gaussian_acceptance(RandomSource& source, const Integer& y, const Rational& sigma2, const Integer& t) {
  const Integer p = numerator(sigma2);
  const Integer q = denominator(sigma2);
  const Integer abs_y = y < 0 ? Integer(-y) : y;
  if (fits_u64(abs_y) && fits_u64(p) && fits_u64(q) && fits_u64(t)) {
    // gamma = (|y| q t - p)^2 / (2 p q t^2), all in checked 64-bit products.
    const std::uint64_t y64 = to_u64(abs_y);
    const std::uint64_t p64 = to_u64(p);
    const std::uint64_t q64 = to_u64(q);
    const std::uint64_t t64 = to_u64(t);
    std::uint64_t a = 0;
    std::uint64_t num = 0;
    std::uint64_t den = 0;
    bool overflow = __builtin_mul_overflow(y64, q64, &a) || __builtin_mul_overflow(a, t64, &a);
    if (!overflow) {
      const std::uint64_t diff = a >= p64 ? a - p64 : p64 - a;
      overflow = __builtin_mul_overflow(diff, diff, &num) || __builtin_mul_overflow(p64, q64, &den) ||
                 __builtin_mul_overflow(den, t64, &den) || __builtin_mul_overflow(den, t64, &den) ||
                 __builtin_mul_overflow(den, std::uint64_t{2}, &den);
    }
    if (!overflow) return bernoulli_exp(source, num, den);
  }
  const Rational centre = Rational(abs_y) - sigma2 / Rational(t);
  return bernoulli_exp(source, Rational(centre * centre / (2 * sigma2)));
}

void check_lattice_arguments(const Rational& delta, int b) {
  if (delta <= 0) throw std::invalid_argument("sample_lattice: delta must be > 0, got " + to_fraction(delta));
  if (b != 0 && b != 1) throw std::invalid_argument("sample_lattice: b must be 0 or 1");
}

}  // namespace

bool RandomSource::bit() {
  if (bits_left_ == 0) {
    bit_buffer_ = engine_();
    bits_left_ = 64;
  }
  const bool result = (bit_buffer_ & 1U) != 0;
  bit_buffer_ >>= 1;
  --bits_left_;
  return result;
}

std::uint64_t RandomSource::uniform_below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("uniform_below: n must be >= 1");
  if ((n & (n - 1)) == 0) return engine_() & (n - 1);
  // Words below 2^64 mod n are rejected; the remaining 2^64 - (2^64 mod n) values are a multiple of n.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = engine_();
    if (x >= threshold) return x % n;
  }
}

Integer RandomSource::uniform_below(const Integer& n) {
  if (n < 1) throw std::invalid_argument("uniform_below: n must be >= 1");
  if (fits_u64(n)) return Integer(uniform_below(to_u64(n)));
  const unsigned bits = static_cast<unsigned>(msb(n)) + 1;
  const unsigned words = (bits + 63) / 64;
  for (;;) {
    Integer x = 0;
    for (unsigned i = 0; i < words; ++i) x = (x << 64) | Integer(engine_());
    x >>= words * 64 - bits;
    if (x < n) return x;
  }
}

bool bernoulli(RandomSource& source, std::uint64_t num, std::uint64_t den) {
  if (den == 0 || num > den) throw std::invalid_argument("bernoulli: need 0 <= num <= den, den >= 1");
  return source.uniform_below(den) < num;
}

bool bernoulli(RandomSource& source, const Rational& p) {
  if (p < 0 || p > 1) throw std::invalid_argument("bernoulli: p must lie in [0, 1], got " + to_fraction(p));
  const Integer num = numerator(p);
  const Integer den = denominator(p);
  if (fits_u64(den)) return bernoulli(source, to_u64(num), to_u64(den));
  return bernoulli_integer(source, num, den);
}

bool bernoulli_exp(RandomSource& source, std::uint64_t num, std::uint64_t den) {
  if (den == 0) throw std::invalid_argument("bernoulli_exp: den must be >= 1");
  if (DPSI_FAULT("sampling.bernoulli-exp-1pct")) {  // the exponent read as 1.01 num/den
    std::uint64_t scaled_num = 0;
    std::uint64_t scaled_den = 0;
    if (!__builtin_mul_overflow(num, std::uint64_t{101}, &scaled_num) &&
        !__builtin_mul_overflow(den, std::uint64_t{100}, &scaled_den)) {
      num = scaled_num;
      den = scaled_den;
    }
  }
  if (num <= den) return bernoulli_exp_unit(source, num, den);
  const std::uint64_t whole = num / den;
  const std::uint64_t rounds = DPSI_FAULT("sampling.bernoulli-exp-whole-off-by-one") ? whole + 1 : whole;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    if (!bernoulli_exp_unit(source, 1, 1)) return false;
  }
  return bernoulli_exp_unit(source, num % den, den);
}

bool bernoulli_exp(RandomSource& source, const Rational& gamma) {
  if (gamma < 0) throw std::invalid_argument("bernoulli_exp: gamma must be >= 0, got " + to_fraction(gamma));
  const Integer num = numerator(gamma);
  const Integer den = denominator(gamma);
  if (fits_u64(num) && fits_u64(den)) return bernoulli_exp(source, to_u64(num), to_u64(den));
  if (gamma <= 1) return bernoulli_exp_unit(source, gamma);
  const Integer whole = num / den;
  for (Integer i = 0; i < whole; ++i) {
    if (!bernoulli_exp_unit(source, 1, 1)) return false;
  }
  return bernoulli_exp_unit(source, Rational(gamma - Rational(whole)));
}

Integer discrete_laplace(RandomSource& source, const Integer& t) {
  if (t < 1) throw std::invalid_argument("discrete_laplace: t must be an integer >= 1");
  if (t <= (Integer(1) << 62)) return discrete_laplace_small(source, to_u64(t));
  return discrete_laplace_big(source, t);
}

Integer gaussian_laplace_scale(const Rational& sigma2) {
  if (sigma2 < 0) throw std::invalid_argument("gaussian_laplace_scale: sigma2 must be >= 0");
  // floor(sqrt(x)) = isqrt(floor(x)) for real x >= 0.
  const Integer floor_sigma2 = numerator(sigma2) / denominator(sigma2);
  return Integer(sqrt(floor_sigma2) + 1);
}

Integer discrete_gaussian(RandomSource& source, const Rational& sigma2, const Integer& t) {
  for (;;) {
    const Integer y = discrete_laplace(source, t);
    if (gaussian_acceptance(source, y, sigma2, t)) return y;
  }
}

Integer discrete_gaussian(RandomSource& source, const Rational& sigma2) {
  if (sigma2 <= 0) throw std::invalid_argument("discrete_gaussian: sigma2 must be > 0, got " + to_fraction(sigma2));
  return discrete_gaussian(source, sigma2, gaussian_laplace_scale(sigma2));
}

LatticeSampler::LatticeSampler(const Rational& delta, int b) : delta_(delta), b_(b) {
  check_lattice_arguments(delta, b);
  sigma2_ = Rational(4) / (delta * delta);
  t_ = gaussian_laplace_scale(sigma2_);
}

Integer LatticeSampler::draw_k(RandomSource& source) const {
  for (;;) {
    Integer k = discrete_gaussian(source, sigma2_, t_);
    const bool odd = DPSI_FAULT("sampling.lattice-parity-negative") ? k % 2 == 1 : k % 2 != 0;
    if (odd == (b_ == 1)) return k;
  }
}

LatticeDraw LatticeSampler::draw(RandomSource& source) const {
  LatticeDraw result;
  result.k = draw_k(source);
  result.w = Rational(result.k) * delta_ / 2;
  if (DPSI_FAULT_SOMETIMES("sampling.lattice-w-rare-off-by-one", 0.001)) result.w = Rational(result.k + 1) * delta_ / 2;
  return result;
}

LatticeDraw sample_lattice(RandomSource& source, const Rational& delta, int b) {
  return LatticeSampler(delta, b).draw(source);
}

}  // namespace dpsi::sampling
