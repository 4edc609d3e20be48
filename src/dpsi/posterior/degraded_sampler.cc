#include "dpsi/posterior/degraded_sampler.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "dpsi/crypto/sha256.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::posterior {

DegradedSampler::DegradedSampler(const PosteriorSampler& inner, int d, double alpha, double beta)
    : inner_(inner), d_(d), alpha_(alpha), beta_(beta) {
  if (!(alpha >= 0 && alpha <= 1) || !(beta >= 0 && beta <= 1))
    throw std::invalid_argument("DegradedSampler: alpha and beta must lie in [0, 1]");
  if (d < 1) throw std::invalid_argument("DegradedSampler: d must be >= 1");
}

bool DegradedSampler::is_bad_measurement(std::span<const double> y) const {
  // The bad set has mass beta (not alpha: the alpha coin is drawn in sample()).
  const double mass = DPSI_FAULT("posterior.degraded-bad-set-uses-alpha") ? alpha_ : beta_;
  if (mass == 0) return false;
  std::vector<std::uint8_t> bytes(y.size() * sizeof(double));
  std::memcpy(bytes.data(), y.data(), bytes.size());
  const double uniform = static_cast<double>(crypto::first_8_bytes_big_endian(crypto::sha256(bytes)) >> 11) * 0x1p-53;
  return uniform < mass;
}

PosteriorDraw DegradedSampler::sample(std::span<const double> y, sampling::RandomSource& source) const {
  bool garbage = is_bad_measurement(y);
  if (!garbage) garbage = static_cast<double>(source.word() >> 11) * 0x1p-53 < alpha_;
  if (!garbage) return inner_.sample(y, source);
  PosteriorDraw draw;
  draw.x.resize(static_cast<std::size_t>(d_));
  sampling::fill_standard_normals(source, draw.x);
  return draw;
}

}  // namespace dpsi::posterior
