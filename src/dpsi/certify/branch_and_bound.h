// File: dpsi/certify/branch_and_bound.h
// A branch-and-bound certifier for inequalities lhs(x) <= rhs(x) over a box.
//
// Algorithm: evaluate d = rhs - lhs on the whole box in ball arithmetic. If d >= 0 on the box
// (the ball's lower bound is >= 0), the box is proven. Otherwise evaluate lhs and rhs at the box's
// exact midpoint at witness precision; if lhs > rhs there for certain, the claim is refuted with
// that point as witness. Otherwise bisect the widest side. Boxes are processed breadth-first (all
// boxes of a level before the next level). Exceeding the box or depth budget ends the run as
// kBudgetExhausted, which is a failure, never a pass.
//
// Soundness. kProven relies only on the ball-arithmetic contract (every evaluation encloses the
// exact value for all points of the box) and on the boxes covering the domain. kRefuted relies only
// on one evaluation at an exact rational point. The functions must therefore be interval
// extensions: given balls, they must return a ball containing every value they take on those balls.
// Any function built from Ball operations is one.
//
// Margin. For kProven, `margin_lower_bound` is the minimum over proven boxes of the certified lower
// bound of rhs - lhs: a certified lower bound of min over the domain of (rhs - lhs) (pessimistic,
// because of interval overestimation).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/certify/box.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::certify {

using BallFunction = std::function<Ball(std::span<const Ball> x)>;

// The claim lhs(x) <= rhs(x) for every x in the domain.
struct Inequality {
  BallFunction lhs;
  BallFunction rhs;
};

// Defaults follow spec/README.md: 1e5 boxes, depth 40, >= 128-bit arithmetic.
struct Budget {
  std::size_t max_boxes = 100'000;
  int max_depth = 40;
  long precision = 128;
  long witness_precision = 512;
};

enum class Outcome { kProven, kRefuted, kBudgetExhausted };
std::string_view to_string(Outcome outcome);

struct Result {
  Outcome outcome = Outcome::kBudgetExhausted;
  std::size_t boxes_evaluated = 0;
  std::size_t boxes_proven = 0;
  int deepest_level = 0;
  // kProven: certified lower bound of min (rhs - lhs) over the domain (an exact point ball).
  std::optional<Ball> margin_lower_bound;
  // kRefuted: the witness point and an enclosure of lhs - rhs there (certainly > 0).
  std::vector<Rational> witness;
  std::optional<Ball> witness_excess;
  // kBudgetExhausted: the first box that could be neither proven nor refuted within the budget.
  Box undecided_box;

  bool proven() const { return outcome == Outcome::kProven; }
  // One line: outcome, margin or witness, boxes, depth.
  std::string summary() const;
};

Result certify_le(const Inequality& claim, const Box& domain, const Budget& budget = {});

}  // namespace dpsi::certify
