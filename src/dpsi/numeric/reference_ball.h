// File: dpsi/numeric/reference_ball.h
// Comparing certified enclosures with MPFR reference values (the K.1 check and kernel tests).
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/reference_real.h"

namespace dpsi {

// The exact value of an MPFR number as a radius-zero Ball.
inline Ball exact_ball(const ReferenceReal& value) {
  Ball result;
  arf_set_mpfr(arb_midref(result.raw()), value.backend().data());
  return result;
}

// True iff `enclosure`, widened by 2^-tolerance_bits |reference|, contains `reference`. The widening
// stands for the reference's own error: a correctly rounded 334-bit result of a 334-bit rounding of
// the argument lies within 2^-280 |value| of the exact value when the condition number is below 2^50.
inline bool encloses_reference(const Ball& enclosure, const ReferenceReal& reference, long tolerance_bits) {
  const PrecisionScope scope(512);
  Ball widened = enclosure;
  Ball tolerance = abs(exact_ball(reference));
  arb_mul_2exp_si(tolerance.raw(), tolerance.raw(), -tolerance_bits);
  add_error(widened, tolerance);
  return widened.contains(exact_ball(reference));
}

}  // namespace dpsi
