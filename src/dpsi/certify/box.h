// File: dpsi/certify/box.h
// Axis-aligned boxes with exact rational corners: the domains the certifier subdivides.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::certify {

// The closed interval [lo, hi], lo <= hi (a point when equal).
struct Interval {
  Rational lo;
  Rational hi;
};

// A product of closed intervals, one per variable.
using Box = std::vector<Interval>;

// Throws std::invalid_argument if some interval has lo > hi or the box is empty.
void validate(const Box& box);
// Balls (at the working precision) containing each interval of the box.
std::vector<Ball> to_balls(const Box& box);
// The exact midpoint of each interval.
std::vector<Rational> midpoint(const Box& box);
// Splits the widest interval at its exact midpoint (ties: the lowest index). The two halves share
// the midpoint, so together they cover the box.
std::pair<Box, Box> bisect(const Box& box);
// "[lo, hi] x [lo, hi]" with decimal endpoints (for logs).
std::string to_string(const Box& box, int digits = 8);
std::string to_string(const std::vector<Rational>& point, int digits = 17);

}  // namespace dpsi::certify
