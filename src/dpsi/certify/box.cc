#include "dpsi/certify/box.h"

#include <stdexcept>

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"

namespace dpsi::certify {

void validate(const Box& box) {
  if (box.empty()) throw std::invalid_argument("box has no variables");
  for (const Interval& interval : box) {
    if (interval.hi < interval.lo) throw std::invalid_argument("box interval has lo > hi");
  }
}

std::vector<Ball> to_balls(const Box& box) {
  std::vector<Ball> balls;
  balls.reserve(box.size());
  for (const Interval& interval : box) balls.push_back(Ball::interval(interval.lo, interval.hi));
  return balls;
}

std::vector<Rational> midpoint(const Box& box) {
  std::vector<Rational> point;
  point.reserve(box.size());
  for (const Interval& interval : box) point.push_back((interval.lo + interval.hi) / 2);
  return point;
}

std::pair<Box, Box> bisect(const Box& box) {
  std::size_t widest = 0;
  Rational widest_width = -1;
  // The fault "certify.bisect-skips-first-side": the scan starts at i = 1, so the first side is
  // never compared and a box of two or more sides is always split along its widest other side.
  for (std::size_t i = DPSI_FAULT("certify.bisect-skips-first-side") ? 1 : 0; i < box.size(); ++i) {
    const Rational width = box[i].hi - box[i].lo;
    if (width > widest_width) {
      widest_width = width;
      widest = i;
    }
  }
  const Rational middle = (box[widest].lo + box[widest].hi) / 2;
  Box lower = box;
  Box upper = box;
  lower[widest].hi = middle;
  upper[widest].lo = middle;
  return {std::move(lower), std::move(upper)};
}

std::string to_string(const Box& box, int digits) {
  std::string text;
  for (std::size_t i = 0; i < box.size(); ++i) {
    // fmt::format rather than operator+ chains: GCC 12 -O3 emits a false -Wrestrict on those.
    text += fmt::format("{}[{}, {}]", i > 0 ? " x " : "", to_decimal(box[i].lo, digits), to_decimal(box[i].hi, digits));
  }
  return text;
}

std::string to_string(const std::vector<Rational>& point, int digits) {
  std::string text = "(";
  for (std::size_t i = 0; i < point.size(); ++i) {
    text += fmt::format("{}{}", i > 0 ? ", " : "", to_decimal(point[i], digits));
  }
  return text + ")";
}

}  // namespace dpsi::certify
