#include "dpsi/numeric/ball.h"

#include <flint/flint.h>

#include <arb_hypgeom.h>
#include <flint/fmpq.h>
#include <flint/fmpz.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"

namespace dpsi {
namespace {

thread_local long t_working_precision = kDefaultWorkingPrecision;

// RAII holders for the FLINT/Arb temporaries used in conversions.
struct Fmpq {
  fmpq_t q;
  Fmpq() { fmpq_init(q); }
  explicit Fmpq(const Rational& value) {
    fmpq_init(q);
    fmpq_set_mpq(q, value.backend().data());
  }
  ~Fmpq() { fmpq_clear(q); }
  Fmpq(const Fmpq&) = delete;
  Fmpq& operator=(const Fmpq&) = delete;
};

struct Arf {
  arf_t x;
  Arf() { arf_init(x); }
  ~Arf() { arf_clear(x); }
  Arf(const Arf&) = delete;
  Arf& operator=(const Arf&) = delete;
};

struct Fmpz {
  fmpz_t z;
  Fmpz() { fmpz_init(z); }
  ~Fmpz() { fmpz_clear(z); }
  Fmpz(const Fmpz&) = delete;
  Fmpz& operator=(const Fmpz&) = delete;
};

Integer to_integer(const fmpz_t z) {
  Integer result;
  fmpz_get_mpz(result.backend().data(), z);
  return result;
}

// The exact value of a finite arf as a Rational (m * 2^e).
Rational arf_to_rational(const arf_t x) {
  if (arf_is_zero(x)) return Rational(0);
  if (!arf_is_finite(x)) throw std::domain_error("ball endpoint is not finite");
  Fmpz mantissa;
  Fmpz exponent;
  arf_get_fmpz_2exp(mantissa.z, exponent.z, x);
  const Integer m = to_integer(mantissa.z);
  if (!fmpz_fits_si(exponent.z)) throw std::domain_error("ball endpoint exponent out of range");
  const long e = fmpz_get_si(exponent.z);
  Integer power = 1;
  power <<= static_cast<unsigned long>(e >= 0 ? e : -e);
  return e >= 0 ? Rational(m * power) : Rational(m, power);
}

template <typename F>
Ball unary(const Ball& x, F&& f) {
  Ball result;
  f(result.raw(), x.raw(), t_working_precision);
  return result;
}

template <typename F>
Ball binary(const Ball& a, const Ball& b, F&& f) {
  Ball result;
  f(result.raw(), a.raw(), b.raw(), t_working_precision);
  return result;
}

}  // namespace

long working_precision() { return t_working_precision; }

PrecisionScope::PrecisionScope(long bits) : previous_(t_working_precision) {
  if (bits < 16) throw std::invalid_argument("working precision must be at least 16 bits");
  t_working_precision = bits;
}
PrecisionScope::~PrecisionScope() { t_working_precision = previous_; }

Ball::Ball() { arb_init(value_); }
Ball::Ball(long value) {
  arb_init(value_);
  arb_set_si(value_, value);
}
Ball::Ball(const Rational& value) {
  arb_init(value_);
  // The fault "numeric.ball-from-rational-via-double": a double fast path for short rationals that
  // rounds p/q to the nearest double and keeps it as an exact point (the rounding error dropped).
  if (DPSI_FAULT("numeric.ball-from-rational-via-double") && abs(numerator(value)) < (Integer(1) << 53) &&
      denominator(value) < (Integer(1) << 53)) {
    arb_set_d(value_, value.convert_to<double>());
    return;
  }
  Fmpq q(value);
  arb_set_fmpq(value_, q.q, t_working_precision);
}
Ball::Ball(const Ball& other) {
  arb_init(value_);
  arb_set(value_, other.value_);
}
Ball::Ball(Ball&& other) noexcept {
  arb_init(value_);
  arb_swap(value_, other.value_);
}
Ball& Ball::operator=(const Ball& other) {
  if (this != &other) arb_set(value_, other.value_);
  return *this;
}
Ball& Ball::operator=(Ball&& other) noexcept {
  arb_swap(value_, other.value_);
  return *this;
}
Ball::~Ball() { arb_clear(value_); }

Ball Ball::from_decimal(std::string_view text) {
  // Parse exactly first so malformed input gets the same error as everywhere else.
  return Ball(parse_rational(text));
}

Ball Ball::interval(const Rational& lo, const Rational& hi) {
  if (hi < lo) throw std::invalid_argument("Ball::interval: lo > hi");
  const Ball lo_ball(lo);
  const Ball hi_ball(hi);
  Arf lower;
  Arf upper;
  arb_get_lbound_arf(lower.x, lo_ball.raw(), t_working_precision);
  arb_get_ubound_arf(upper.x, hi_ball.raw(), t_working_precision);
  Ball result;
  arb_set_interval_arf(result.raw(), lower.x, upper.x, t_working_precision);
  return result;
}

Ball Ball::hull(const Ball& a, const Ball& b) {
  Ball result;
  arb_union(result.raw(), a.raw(), b.raw(), t_working_precision);
  return result;
}

Ball Ball::pi() {
  Ball result;
  arb_const_pi(result.raw(), t_working_precision);
  return result;
}

Ball Ball::whole_line() {
  Ball result;
  arb_zero_pm_inf(result.raw());
  return result;
}

bool Ball::is_finite() const { return arb_is_finite(value_) != 0; }
bool Ball::is_exact() const { return arb_is_exact(value_) != 0; }

bool Ball::contains(const Rational& value) const {
  Fmpq q(value);
  return arb_contains_fmpq(value_, q.q) != 0;
}
bool Ball::contains(const Ball& other) const { return arb_contains(value_, other.value_) != 0; }
bool Ball::overlaps(const Ball& other) const { return arb_overlaps(value_, other.value_) != 0; }

Rational Ball::lower_rational() const {
  if (!is_finite()) throw std::domain_error("lower_rational of a non-finite ball");
  Arf bound;
  arb_get_lbound_arf(bound.x, value_, ARF_PREC_EXACT);
  return arf_to_rational(bound.x);
}
Rational Ball::upper_rational() const {
  if (!is_finite()) throw std::domain_error("upper_rational of a non-finite ball");
  Arf bound;
  arb_get_ubound_arf(bound.x, value_, ARF_PREC_EXACT);
  return arf_to_rational(bound.x);
}

double Ball::lower_double() const {
  if (!is_finite()) return -std::numeric_limits<double>::infinity();
  Arf bound;
  arb_get_lbound_arf(bound.x, value_, 53);
  return arf_get_d(bound.x, ARF_RND_FLOOR);
}
double Ball::upper_double() const {
  if (!is_finite()) return std::numeric_limits<double>::infinity();
  Arf bound;
  arb_get_ubound_arf(bound.x, value_, 53);
  return arf_get_d(bound.x, ARF_RND_CEIL);
}
double Ball::mid_double() const { return arf_get_d(arb_midref(value_), ARF_RND_NEAR); }
double Ball::radius_double() const {
  if (mag_is_inf(arb_radref(value_))) return std::numeric_limits<double>::infinity();
  return mag_get_d(arb_radref(value_));
}
long Ball::rel_accuracy_bits() const { return arb_rel_accuracy_bits(value_); }

std::string Ball::str(int digits) const {
  char* text = arb_get_str(value_, digits, 0);
  std::string result(text);
  flint_free(text);
  return result;
}

std::string Ball::mid_str(int digits) const {
  if (!is_finite()) return "nan";
  Ball mid;
  arb_set_arf(mid.raw(), arb_midref(value_));
  char* text = arb_get_str(mid.raw(), digits, ARB_STR_NO_RADIUS);
  std::string result(text);
  flint_free(text);
  return result;
}

Ball operator+(const Ball& a, const Ball& b) { return binary(a, b, arb_add); }
Ball operator-(const Ball& a, const Ball& b) { return binary(a, b, arb_sub); }
Ball operator*(const Ball& a, const Ball& b) { return binary(a, b, arb_mul); }
Ball operator/(const Ball& a, const Ball& b) { return binary(a, b, arb_div); }
Ball operator-(const Ball& a) {
  Ball result;
  arb_neg(result.raw(), a.raw());
  return result;
}
Ball& operator+=(Ball& a, const Ball& b) { return a = a + b; }
Ball& operator-=(Ball& a, const Ball& b) { return a = a - b; }
Ball& operator*=(Ball& a, const Ball& b) { return a = a * b; }
Ball& operator/=(Ball& a, const Ball& b) { return a = a / b; }

Ball exp(const Ball& x) { return unary(x, arb_exp); }
Ball expm1(const Ball& x) { return unary(x, arb_expm1); }
Ball log(const Ball& x) { return unary(x, arb_log); }
Ball log1p(const Ball& x) { return unary(x, arb_log1p); }
Ball sqrt(const Ball& x) { return unary(x, arb_sqrt); }
Ball sqr(const Ball& x) {
  Ball result;
  arb_sqr(result.raw(), x.raw(), t_working_precision);
  return result;
}
Ball abs(const Ball& x) {
  Ball result;
  arb_abs(result.raw(), x.raw());
  return result;
}
Ball pow(const Ball& x, unsigned long exponent) {
  Ball result;
  arb_pow_ui(result.raw(), x.raw(), exponent, t_working_precision);
  return result;
}
Ball pow(const Ball& x, const Ball& exponent) { return binary(x, exponent, arb_pow); }
Ball sin(const Ball& x) { return unary(x, arb_sin); }
Ball cos(const Ball& x) { return unary(x, arb_cos); }
Ball tanh(const Ball& x) { return unary(x, arb_tanh); }
Ball atanh(const Ball& x) { return unary(x, arb_atanh); }
Ball erf(const Ball& x) { return unary(x, arb_hypgeom_erf); }

namespace {

// erfc on a ball through its exact endpoints: erfc is decreasing, so erfc([lo, hi]) lies in the hull
// of enclosures of erfc(hi) and erfc(lo), which is as accurate as the input allows. arb_hypgeom_erfc
// on an inexact ball loses up to twice the bits the condition number 2x^2 costs (63 instead of 33 at
// x ~ 59267, 128 bits), and for x beyond about 7e5 returns only [0 +/- bound] whatever the precision.
Ball erfc_through_endpoints(const Ball& x) {
  if (!x.is_finite() || x.is_exact()) return unary(x, arb_hypgeom_erfc);
  const long prec = t_working_precision;
  Arf lower;
  Arf upper;
  arb_get_lbound_arf(lower.x, x.raw(), prec);
  arb_get_ubound_arf(upper.x, x.raw(), prec);
  Ball at_lower;
  Ball at_upper;
  arb_set_arf(at_lower.raw(), lower.x);
  arb_set_arf(at_upper.raw(), upper.x);
  at_lower = unary(at_lower, arb_hypgeom_erfc);
  at_upper = unary(at_upper, arb_hypgeom_erfc);
  Ball result;
  arb_union(result.raw(), at_lower.raw(), at_upper.raw(), prec);
  return result;
}

// The extra bits normal_tail works with at z (ball.h): 2 e + 16 for |mid z| < 2^e (e capped at
// 2^16) when mid z > 1, else 0 (for z <= 1 the result is at least Phibar(1) ~ 0.16 and erfc's
// relative condition number is at most about 1).
long normal_tail_extra_bits(const Ball& z) {
  constexpr slong kMaxExponent = slong{1} << 16;
  constexpr long kGuardBits = 16;
  if (!z.is_finite() || arf_cmp_si(arb_midref(z.raw()), 1) <= 0) return 0;
  const slong e = arf_abs_bound_lt_2exp_si(arb_midref(z.raw()));
  return 2 * static_cast<long>(std::min(e, kMaxExponent)) + kGuardBits;
}

}  // namespace

Ball erfc(const Ball& x) { return erfc_through_endpoints(x); }
Ball min(const Ball& a, const Ball& b) { return binary(a, b, arb_min); }
Ball max(const Ball& a, const Ball& b) { return binary(a, b, arb_max); }

Ball normal_tail(const Ball& z) {
  const long prec = t_working_precision;
  Ball result;
  {
    // The argument z/sqrt(2) carries a relative rounding error of a few 2^-prec, which erfc
    // multiplies by its relative condition number 2x^2 = z^2 at x = z/sqrt(2): at the working
    // precision itself, normal_tail(5793) kept only 99 of 128 bits. Hence the extra bits.
    const PrecisionScope scope(prec + normal_tail_extra_bits(z));
    Ball scaled = z / sqrt(Ball(2));
    if (DPSI_FAULT("numeric.normal-tail-double-sqrt-half")) scaled = z * Ball(Rational(0.70710678118654752440));
    result = erfc(scaled);
  }
  arb_mul_2exp_si(result.raw(), result.raw(), -1);
  arb_set_round(result.raw(), result.raw(), prec);
  return result;
}

Ball normal_density(const Ball& z) {
  Ball half_square = sqr(z);
  arb_mul_2exp_si(half_square.raw(), half_square.raw(), -1);
  return exp(-half_square) / sqrt(Ball(2) * Ball::pi());
}

void add_error(Ball& x, const Ball& e) { arb_add_error(x.raw(), e.raw()); }

Ball mul_2exp(const Ball& x, long exponent) {
  Ball result = x;
  arb_mul_2exp_si(result.raw(), result.raw(), exponent);
  return result;
}

Ball working_precision_threshold(const Ball& scale) { return mul_2exp(scale, -working_precision()); }

Ball identity_tolerance(const Ball& reference, long bits) { return mul_2exp(max(Ball(1), abs(reference)), -bits); }

Certainty lt(const Ball& a, const Ball& b) {
  if (arb_lt(a.raw(), b.raw()) != 0) return Certainty::kTrue;
  if (arb_ge(a.raw(), b.raw()) != 0) return Certainty::kFalse;
  return Certainty::kUndecided;
}
Certainty le(const Ball& a, const Ball& b) {
  if (arb_le(a.raw(), b.raw()) != 0) return Certainty::kTrue;
  if (arb_gt(a.raw(), b.raw()) != 0) return Certainty::kFalse;
  return Certainty::kUndecided;
}
Certainty gt(const Ball& a, const Ball& b) { return lt(b, a); }
Certainty ge(const Ball& a, const Ball& b) { return le(b, a); }
Certainty within(const Ball& a, const Ball& b, const Ball& tolerance) {
  const Ball difference = abs(a - b);
  return le(difference, tolerance);
}

void release_thread_caches() { flint_cleanup(); }

}  // namespace dpsi
