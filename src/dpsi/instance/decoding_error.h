// File: dpsi/instance/decoding_error.h
// The decoding error of spec B.1(ii), as certified enclosures (Arb balls at the working precision).
//
//   nu    = sqrt(tau^2 + sigma_y^2)                     (noise between the lattice point and y)
//   z     = delta / (4 nu)                              (decoding margin)
//   p_err = 2 sum_{j>=0} [Phibar((4j+1) z) - Phibar((4j+3) z)]
//   2 (Phibar(z) - Phibar(3z)) <= p_err <= 2 Phibar(z)
//   P_dec = 1 - (1 - p_err)^m <= m p_err <= 2 m Phibar(z)
//
// Series enclosure. Every term is non-negative, and after J terms (j = 0..J-1) the remainder lies in
// [0, 2 Phibar((4J+1) z)] (B.1: drop or regroup the remaining terms). The enclosure is the hull of the
// partial sum S_J and S_J + 2 Phibar((4J+1) z), so it contains p_err for every z in the input ball.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/params/instance.h"

namespace dpsi::instance {

inline constexpr long kMaxDecodingSeriesTerms = 10'000'000;

// nu = sqrt(tau^2 + sigma_y^2) and z = delta/(4 nu). Inputs are exact; results are enclosures.
Ball noise_scale(const Rational& tau, const Rational& sigma_y);
Ball decoding_margin(const Rational& delta, const Rational& tau, const Rational& sigma_y);
Ball decoding_margin(const Instance& instance);

struct DecodingErrorSeries {
  Ball value;      // encloses p_err: hull(partial, partial + remainder)
  Ball partial;    // S_J = 2 sum_{j<J} [Phibar((4j+1)z) - Phibar((4j+3)z)]
  Ball remainder;  // the bound 2 Phibar((4J+1) z) on p_err - S_J (which is >= 0)
  long terms = 0;  // J
};

// The first `terms` terms (terms >= 1) and the remainder bound. Indeterminate (whole line) unless z
// is certainly > 0.
DecodingErrorSeries decoding_error_series(const Ball& z, long terms);

// J chosen adaptively: the smallest J >= 1 with remainder <= 2^-prec * partial (certified), or
// kMaxDecodingSeriesTerms, whose (larger) remainder is then still included.
DecodingErrorSeries decoding_error_series(const Ball& z);

// p_err(z), enclosed (the value of the adaptive series).
Ball decoding_error(const Ball& z);

// The bounds of B.1(ii): 2 (Phibar(z) - Phibar(3z)) and 2 Phibar(z).
Ball decoding_error_lower_bound(const Ball& z);
Ball decoding_error_upper_bound(const Ball& z);

// 2 Phibar(z) - p_err, enclosed directly as the non-negative series
// 2 sum_{j>=0} [Phibar((4j+3)z) - Phibar((4j+5)z)] (remainder after J terms in [0, 2 Phibar((4J+3)z)]),
// so that it keeps relative accuracy when it is far below p_err (4.3e-44 against 3.4e-6 at the
// defaults). Adaptive J as above.
Ball decoding_error_upper_gap(const Ball& z);

// p_err - 2 (Phibar(z) - Phibar(3z)) = 2 sum_{j>=1} [Phibar((4j+1)z) - Phibar((4j+3)z)], enclosed
// directly (remainder after terms j = 1..J in [0, 2 Phibar((4J+5)z)]).
Ball decoding_error_lower_gap(const Ball& z);

// p_err(z) by an independent route, the Fourier series of the parity square wave: with
// t = 2 nu zeta / delta ~ N(0, 1/(4 z^2)), [round(t) odd] = 1/2 - (2/pi) sum_{k>=0} (-1)^k cos((2k+1) pi t)/(2k+1)
// and E cos(w t) = exp(-w^2/(8 z^2)), so
//   p_err = 1/2 - (2/pi) sum_{k>=0} (-1)^k exp(-(2k+1)^2 pi^2 / (8 z^2)) / (2k+1).
// The terms alternate and decrease in absolute value, so the remainder after K terms is at most the
// first omitted term. Stops when that term is below 2^-prec |value| (or after
// kMaxDecodingSeriesTerms terms, the remainder then still included). No Phibar, no symmetry
// argument: B.1:perr-series-bounds compares it with decoding_error_series. Indeterminate unless z > 0.
Ball decoding_error_fourier(const Ball& z);

// P_dec = 1 - (1 - p)^m = -expm1(m log1p(-p)), enclosed; requires 0 <= p < 1 certainly (else
// indeterminate) and m >= 1.
Ball decoding_failure_probability(const Ball& p_err, int m);

}  // namespace dpsi::instance
