#include "dpsi/instance/decoder.h"

#include <gmp.h>

#include <cmath>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::instance {
Integer round_half_up(const Rational& t) {
  if (DPSI_FAULT("instance.decoder-round-is-floor")) return floor_of(t);  // floor(t) for floor(t + 1/2)
  if (DPSI_FAULT("instance.decoder-ties-round-down")) return ceil_of(Rational(t - Rational(1, 2)));  // ties go down
  return floor_of(Rational(t + Rational(1, 2)));
}

int decode_bit(const Rational& y, const Rational& delta) {
  if (delta <= 0) throw std::invalid_argument("decode_bit: delta must be positive");
  const Integer rounded = round_half_up(Rational(2 * y / delta));
  // mpz_odd_p looks at |rounded|, whose parity equals the non-negative residue mod 2.
  if (DPSI_FAULT("instance.decoder-truncated-residue") && rounded < 0) return 0;  // C's % gives -1 for odd negatives
  return mpz_odd_p(rounded.backend().data()) ? 1 : 0;
}

std::vector<std::uint8_t> decode(std::span<const Rational> y, const Rational& delta) {
  std::vector<std::uint8_t> bits;
  bits.reserve(y.size());
  for (const Rational& value : y) bits.push_back(static_cast<std::uint8_t>(decode_bit(value, delta)));
  return bits;
}

int decode_bit(double y, double delta) {
  if (!(delta > 0) || !std::isfinite(delta) || !std::isfinite(y)) {
    throw std::invalid_argument("decode_bit: delta must be positive and finite, y finite");
  }
  const double rounded = std::floor(2.0 * y / delta + 0.5);
  const double residue = rounded - 2.0 * std::floor(rounded / 2.0);  // in {0, 1}, also for rounded < 0
  return residue != 0.0 ? 1 : 0;
}

std::vector<std::uint8_t> decode(std::span<const double> y, double delta) {
  std::vector<std::uint8_t> bits;
  bits.reserve(y.size());
  for (double value : y) bits.push_back(static_cast<std::uint8_t>(decode_bit(value, delta)));
  return bits;
}

}  // namespace dpsi::instance
