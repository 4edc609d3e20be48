// File: dpsi/sampling/normal.cc
// Marsaglia's polar method on 53-bit uniforms (see normal.h for the consumption order).
#include "dpsi/sampling/normal.h"

#include <cmath>
#include <cstdint>

namespace dpsi::sampling {

double symmetric_uniform_53(std::uint64_t word) {
  constexpr double kTwoTo53 = 9007199254740992.0;  // 2^53
  // 2 U + 1 - 2^53 is an odd integer of magnitude < 2^53: exact as a double, and so is the quotient.
  const auto top = static_cast<std::int64_t>(word >> 11);
  return static_cast<double>(2 * top + 1 - (std::int64_t{1} << 53)) / kTwoTo53;
}

NormalPair standard_normal_pair(RandomSource& source) {
  for (;;) {
    const double u = symmetric_uniform_53(source.word());
    const double v = symmetric_uniform_53(source.word());
    const double s = u * u + v * v;  // >= 2^-105 > 0, since |u|, |v| >= 2^-53
    if (s >= 1.0 || s <= 0.0) continue;
    const double r = std::sqrt(-2.0 * std::log(s) / s);
    return {u * r, v * r};
  }
}

void fill_standard_normals(RandomSource& source, std::span<double> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    const NormalPair pair = standard_normal_pair(source);
    out[i++] = pair.first;
    if (i < out.size()) out[i++] = pair.second;
  }
}

double standard_normal(RandomSource& source) { return standard_normal_pair(source).first; }

}  // namespace dpsi::sampling
