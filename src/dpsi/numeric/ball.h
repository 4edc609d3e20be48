// File: dpsi/numeric/ball.h
// Certified real enclosures: a small RAII wrapper around Arb's arb_t (midpoint ± radius).
//
// Contract (inherited from Arb, arblib.org/using.html): every operation returns a ball that
// contains the exact result for *all* points of its input balls; exact inputs whose result is
// representable at the working precision give exact (radius-zero) results. Rounding is outward;
// the error of each operation is folded into the radius, so no separate error bound is carried.
// Operations that are undefined on part of an input ball (log of a ball touching 0, sqrt of a ball
// reaching below 0) return an indeterminate ball ([nan +/- inf]), which fails every comparison.
//
// Precision: arithmetic runs at the thread's working precision (bits), 256 by default;
// PrecisionScope changes it for a dynamic extent. Comparisons return Certainty, never bool.
#pragma once

#include <arb.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/numeric/certainty.h"
#include "dpsi/numeric/rational.h"

namespace dpsi {

inline constexpr long kDefaultWorkingPrecision = 256;

// The calling thread's working precision in bits.
long working_precision();

// Frees the calling thread's FLINT/Arb caches (flint_cleanup). Worker threads that use Ball (or
// anything built on fmpz) call it before they end; otherwise the caches outlive the thread and
// LeakSanitizer reports them.
void release_thread_caches();

// Sets the calling thread's working precision for its lifetime, restoring the previous value.
class PrecisionScope {
 public:
  explicit PrecisionScope(long bits);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  long previous_;
};

class Ball {
 public:
  Ball();                                  // exactly 0
  Ball(long value);                        // NOLINT(google-explicit-constructor): exact
  explicit Ball(const Rational& value);    // encloses value (exact when dyadic and short)
  Ball(const Ball& other);
  Ball(Ball&& other) noexcept;
  Ball& operator=(const Ball& other);
  Ball& operator=(Ball&& other) noexcept;
  ~Ball();

  // A ball containing the decimal number in `text` (e.g. "0.1", "1e-5"); throws ParseError.
  static Ball from_decimal(std::string_view text);
  // The smallest ball (at working precision) containing the closed interval [lo, hi]; lo <= hi.
  static Ball interval(const Rational& lo, const Rational& hi);
  // A ball containing both balls (their convex hull, rounded outward).
  static Ball hull(const Ball& a, const Ball& b);
  static Ball pi();
  // A ball containing every real number ([0 +/- inf]); used for "no information".
  static Ball whole_line();

  arb_ptr raw() { return value_; }
  arb_srcptr raw() const { return value_; }

  bool is_finite() const;  // midpoint and radius finite
  bool is_exact() const;   // radius zero
  // True iff the exact rational lies in the ball (decided exactly).
  bool contains(const Rational& value) const;
  // True iff every point of `other` lies in this ball.
  bool contains(const Ball& other) const;
  // True iff the balls share a point.
  bool overlaps(const Ball& other) const;

  // Exact endpoints of the ball (lower <= every point <= upper); throw std::domain_error if not finite.
  Rational lower_rational() const;
  Rational upper_rational() const;
  // Endpoints rounded outward to double (lower rounded down, upper up); -inf/+inf when unbounded.
  double lower_double() const;
  double upper_double() const;
  double mid_double() const;  // midpoint rounded to nearest
  double radius_double() const;  // radius rounded up
  // Relative accuracy in bits (Arb's arb_rel_accuracy_bits); large for exact nonzero balls.
  long rel_accuracy_bits() const;

  // "[mid +/- rad]" with `digits` significant digits of the midpoint (arb_get_str); when the
  // ball is accurate to those digits Arb prints only the digits that are certain.
  std::string str(int digits = 20) const;
  // A short decimal for reports: the midpoint to `digits` digits, e.g. "3.14159e-05".
  std::string mid_str(int digits = 6) const;

 private:
  arb_t value_;
};

// Arithmetic at the working precision.
Ball operator+(const Ball& a, const Ball& b);
Ball operator-(const Ball& a, const Ball& b);
Ball operator*(const Ball& a, const Ball& b);
Ball operator/(const Ball& a, const Ball& b);  // indeterminate if b contains 0
Ball operator-(const Ball& a);
Ball& operator+=(Ball& a, const Ball& b);
Ball& operator-=(Ball& a, const Ball& b);
Ball& operator*=(Ball& a, const Ball& b);
Ball& operator/=(Ball& a, const Ball& b);

// Elementary and special functions at the working precision (Arb: arb_exp, arb_log, ...).
Ball exp(const Ball& x);
Ball expm1(const Ball& x);
Ball log(const Ball& x);    // indeterminate unless x > 0 on the whole ball
Ball log1p(const Ball& x);
Ball sqrt(const Ball& x);   // indeterminate unless x >= 0 on the whole ball
Ball sqr(const Ball& x);    // x^2, nonnegative even when the ball contains 0
Ball abs(const Ball& x);
Ball pow(const Ball& x, unsigned long exponent);
Ball pow(const Ball& x, const Ball& exponent);  // x > 0
Ball sin(const Ball& x);
Ball cos(const Ball& x);
Ball tanh(const Ball& x);
Ball atanh(const Ball& x);
Ball erf(const Ball& x);
Ball erfc(const Ball& x);
Ball min(const Ball& a, const Ball& b);
Ball max(const Ball& a, const Ball& b);
// Standard normal upper tail \bar\Phi(z) = P[N(0,1) > z] = erfc(z/sqrt 2)/2. For an exact z with
// |z| < 2^65536 the result has relative accuracy within a few bits of the working precision: erfc's
// relative condition number at z/sqrt 2 is about z^2, so for z > 1 the argument z/sqrt 2 and erfc
// are computed with 2 log2 z + 16 extra bits and the result is rounded back to the working precision.
Ball normal_tail(const Ball& z);
// Standard normal density phi(z) = exp(-z^2/2)/sqrt(2 pi).
Ball normal_density(const Ball& z);
// Adds [-e, e] to the ball (e >= 0): used to account for a bounded, omitted remainder.
void add_error(Ball& x, const Ball& e);
// x * 2^exponent, exact (no rounding).
Ball mul_2exp(const Ball& x, long exponent);
// 2^-working_precision() * scale: the stopping threshold of the adaptive series (theta, lattice
// sums, decoding error): once a certified remainder is below it, further terms cannot change a
// result of magnitude |scale| at the working precision. Pass abs(partial sum) for relative accuracy.
Ball working_precision_threshold(const Ball& scale);

// The identity tolerance of spec/README.md (Erratum 7): 2^-bits * max(1, |reference|), meant as the
// last argument of within(a, b, .). within() compares against the tolerance's lower bound, which
// is 2^-bits * max(1, mignitude of reference): never more lenient than the exact-R tolerance.
inline constexpr long kIdentityToleranceBits = 100;
Ball identity_tolerance(const Ball& reference, long bits = kIdentityToleranceBits);

// Three-valued comparisons ("certainly" means: for every pair of points of the two balls).
Certainty lt(const Ball& a, const Ball& b);
Certainty le(const Ball& a, const Ball& b);
Certainty gt(const Ball& a, const Ball& b);
Certainty ge(const Ball& a, const Ball& b);
// |a - b| <= tolerance for every pair of points.
Certainty within(const Ball& a, const Ball& b, const Ball& tolerance);

}  // namespace dpsi
