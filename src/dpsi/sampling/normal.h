// File: dpsi/sampling/normal.h
// A reproducible standard normal generator driven by RandomSource words (the Gaussian blur of
// spec A.1/A.5: tau xi, sigma_y xi_y, nu zeta; spec R.3: "only the lattice part is exact").
//
// Algorithm: Marsaglia's polar method (Marsaglia and Bray 1964) on 53-bit uniforms.
//   u = (2 U_1 + 1 - 2^53) / 2^53,  v = (2 U_2 + 1 - 2^53) / 2^53,  U_i = word() >> 11 (53 bits),
//   so u, v are the odd multiples of 2^-53 in (-1, 1), symmetric about 0 and exact in double;
//   s = u^2 + v^2; reject (draw two new words) unless 0 < s < 1;
//   return the pair (u r, v r) with r = sqrt(-2 log(s) / s).
// In exact arithmetic on continuous uniforms the pair is two independent N(0, 1); here the only
// departures are the 2^-53 grid of (u, v) and double rounding (relative error a few ulps).
//
// Why this algorithm. std::normal_distribution is implementation-defined (its algorithm and its
// consumption of the engine differ between standard libraries), so a seed would not pin the draws.
// Among fixed algorithms, the polar method needs one libm call (std::log; sqrt is correctly rounded
// by IEEE 754), where Box-Muller also needs sin and cos, and it needs no tables (the ziggurat needs
// 128-256 precomputed constants whose own rounding would have to be pinned). Its cost, 4/pi pairs of
// words per pair of normals on average, is negligible next to the exact lattice sampler.
//
// Reproducibility. The words consumed are fixed: each attempt takes two words (u first, then v),
// attempts repeat until acceptance (probability pi/4), and one accepted attempt yields two normals
// (u r first, then v r). A given seed therefore gives bit-identical normals on every platform with
// the same std::log (glibc's log, which is correctly rounded in practice); nothing else varies.
// There is no hidden state: a spare normal is never kept between calls (fill_standard_normals with
// an odd count discards the second value of the last pair).
#pragma once

#include <span>

#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::sampling {

// One accepted polar pair: two independent standard normals (up to the rounding noted above).
struct NormalPair {
  double first = 0;
  double second = 0;
};
NormalPair standard_normal_pair(RandomSource& source);

// Fills `out` in order with standard normals: pairs from standard_normal_pair, the last pair's second
// value discarded when out.size() is odd. Consumes only the words of ceil(size/2) accepted pairs.
void fill_standard_normals(RandomSource& source, std::span<double> out);

// One standard normal (the first of a fresh pair; the second is discarded).
double standard_normal(RandomSource& source);

// The 53-bit uniform of the polar method: (2 (word >> 11) + 1 - 2^53) / 2^53, an odd multiple of
// 2^-53 in (-1, 1). Exposed for tests.
double symmetric_uniform_53(std::uint64_t word);

}  // namespace dpsi::sampling
