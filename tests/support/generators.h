// File: tests/support/generators.h
// RapidCheck generators for the numeric kernel: exact rationals and boxes.
//
// Values are exact rationals so that properties can compare enclosures against exact truths.
// Sizes are pinned with gen::resize(kNominalSize, ...) where the full range matters: RapidCheck
// otherwise draws integers from a small part of their range at small sizes.
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "dpsi/certify/box.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::testing {

// p/q with |p| <= max_numerator, 1 <= q <= max_denominator (not reduced by construction; Rational is).
inline rc::Gen<Rational> rational(std::int64_t max_numerator, std::int64_t max_denominator) {
  return rc::gen::map(
      rc::gen::pair(rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(-max_numerator, max_numerator + 1)),
                    rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(1, max_denominator + 1))),
      [](const std::pair<std::int64_t, std::int64_t>& pq) { return Rational(pq.first, pq.second); });
}

// An exact rational in [lo, hi]: lo + (hi - lo) k / 2^53, k uniform in [0, 2^53].
inline constexpr std::int64_t kRationalInSteps = std::int64_t{1} << 53;

inline rc::Gen<Rational> rational_in(const Rational& lo, const Rational& hi) {
  return rc::gen::map(rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(0, kRationalInSteps + 1)),
                      [lo, hi](std::int64_t k) { return Rational(lo + (hi - lo) * Rational(k, kRationalInSteps)); });
}

// A nonempty closed interval inside [lo, hi].
inline rc::Gen<certify::Interval> interval_in(const Rational& lo, const Rational& hi) {
  return rc::gen::map(rc::gen::pair(rational_in(lo, hi), rational_in(lo, hi)),
                      [](const std::pair<Rational, Rational>& ends) {
                        return ends.first <= ends.second ? certify::Interval{ends.first, ends.second}
                                                         : certify::Interval{ends.second, ends.first};
                      });
}

// A box with `dimensions` intervals inside [lo, hi] each.
inline rc::Gen<certify::Box> box_in(std::size_t dimensions, const Rational& lo, const Rational& hi) {
  return rc::gen::container<std::vector<certify::Interval>>(dimensions, interval_in(lo, hi));
}

}  // namespace dpsi::testing

namespace rc {
template <>
struct Arbitrary<dpsi::Rational> {
  static Gen<dpsi::Rational> arbitrary() { return dpsi::testing::rational(1'000'000'000, 1'000'000'000); }
};
}  // namespace rc

namespace dpsi::certify {
inline void showValue(const Interval& interval, std::ostream& os) {
  os << "[" << interval.lo << ", " << interval.hi << "]";
}
}  // namespace dpsi::certify
