// File: dpsi/numeric/reference_real.h
// High-precision reference reals (MPFR through Boost.Multiprecision).
//
// ReferenceReal carries 100 decimal digits (333 bits), expression templates off. Every MPFR
// operation is correctly rounded to nearest, so one operation errs by at most half an ulp
// (relative 2^-333); a chain of k operations by roughly k ulps. Reference reals are used to test
// and cross-check the certified (Arb) kernel, never as a proof by themselves.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

namespace dpsi {

inline constexpr unsigned kReferenceDigits10 = 100;
using ReferenceReal =
    boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<kReferenceDigits10>,
                                  boost::multiprecision::et_off>;

// Binary precision of ReferenceReal in bits (333 for 100 decimal digits).
inline long reference_precision_bits() {
  return static_cast<long>(mpfr_get_prec(ReferenceReal(0).backend().data()));
}

}  // namespace dpsi
