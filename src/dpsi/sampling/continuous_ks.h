// File: dpsi/sampling/continuous_ks.h
// Kolmogorov-Smirnov distances for samples of continuous laws, as used by the statistical checks of
// spec/README.md ("Distribution tests"): the one-sample distance to an enclosed continuous CDF (DKW
// test), the exact two-sample distance (two DKW events), and their radii.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::sampling {

// A rigorous upper bound on sup_t |F_N(t) - F(t)| for a continuous CDF F.
//
// With the distinct sample values v_1 < ... < v_U and c_j = #{x <= v_j} (c_0 = 0), continuity and
// monotonicity of F give the exact identity  sup = max_j max(|c_j/N - F(v_j)|, |c_{j-1}/N - F(v_j)|).
// F is evaluated (as an enclosure) only at every `stride`-th distinct value and at the last one; for a
// value strictly between two evaluated values g_a < v_j < g_b, F(g_a) <= F(v_j) <= F(g_b) bounds both
// terms. stride = 1 evaluates F at every value (the bound is then the identity above, up to the
// enclosure widths); a larger stride only loosens the bound by at most the increase of F over a cell.
struct OneSampleKs {
  Rational upper;           // sup |F_N - F| <= upper
  double at = 0;            // the sample value where the bound is attained (or its cell's left end)
  std::uint64_t draws = 0;  // N
  std::size_t evaluations = 0;  // number of CDF enclosures computed
};
// `sample` need not be sorted (it is copied and sorted). N >= 1 and stride >= 1 (else
// std::invalid_argument); every value finite. Throws std::logic_error if an enclosure is not finite.
OneSampleKs one_sample_ks(std::vector<double> sample, const std::function<Ball(double)>& cdf, std::size_t stride = 1);

// The two-sample KS distance sup_t |F_{N1}(t) - F_{N2}(t)|, exactly (a rational), with the point where
// it is attained. Both samples non-empty (else std::invalid_argument).
struct TwoSampleKs {
  Rational distance;
  double at = 0;
  std::uint64_t first_draws = 0;
  std::uint64_t second_draws = 0;
};
TwoSampleKs two_sample_ks(std::vector<double> first, std::vector<double> second);

// sqrt(ln(4/gamma)/(2 N1)) + sqrt(ln(4/gamma)/(2 N2)): the two-sample radius of spec/README.md
// (two DKW events at gamma/2 each), enclosed. N1, N2 >= 1 and 0 < gamma < 4.
Ball two_sample_ks_radius(std::uint64_t first_draws, std::uint64_t second_draws, const Rational& gamma);

// x >= 0 rounded up to a multiple of 10^-decimals (exact): thresholds are printed and applied this way.
Rational round_up_decimals(const Rational& x, int decimals);

}  // namespace dpsi::sampling
