#include "dpsi/certify/branch_and_bound.h"

#include <deque>
#include <utility>

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"

namespace dpsi::certify {
namespace {

struct PendingBox {
  Box box;
  int depth;
};

// lhs - rhs at an exact point, at high precision.
Ball excess_at(const Inequality& claim, const std::vector<Rational>& point, long precision) {
  const PrecisionScope scope(precision);
  std::vector<Ball> x;
  x.reserve(point.size());
  for (const Rational& coordinate : point) x.emplace_back(coordinate);
  if (DPSI_FAULT("certify.witness-excess-sign-swapped")) return claim.rhs(x) - claim.lhs(x);
  return claim.lhs(x) - claim.rhs(x);
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kProven:
      return "proven";
    case Outcome::kRefuted:
      return "refuted";
    case Outcome::kBudgetExhausted:
      return "budget exhausted";
  }
  return "?";
}

std::string Result::summary() const {
  std::string text(to_string(outcome));
  if (outcome == Outcome::kProven && margin_lower_bound) {
    text += fmt::format(": min(rhs - lhs) >= {}", margin_lower_bound->mid_str(6));
  } else if (outcome == Outcome::kRefuted && witness_excess) {
    text += fmt::format(": lhs - rhs = {} > 0 at x = {}", witness_excess->mid_str(6),
                        to_string(witness, 12));
  } else if (outcome == Outcome::kBudgetExhausted && !undecided_box.empty()) {
    text += fmt::format(": undecided box {}", to_string(undecided_box, 12));
  }
  text += fmt::format(" ({} boxes, depth {})", boxes_evaluated, deepest_level);
  return text;
}

Result certify_le(const Inequality& claim, const Box& domain, const Budget& budget) {
  validate(domain);
  Result result;
  // Breadth-first: every box of one level is tried (and its midpoint tested as a witness) before
  // any box of the next, so a false claim is refuted near the coarsest level that exposes it
  // instead of the search diving along the boundary of the region where it fails.
  std::deque<PendingBox> queue;
  queue.push_back({domain, 0});
  while (!queue.empty()) {
    PendingBox current = std::move(queue.front());
    queue.pop_front();
    if (result.boxes_evaluated >= budget.max_boxes) {
      result.outcome = Outcome::kBudgetExhausted;
      result.undecided_box = std::move(current.box);
      return result;
    }
    ++result.boxes_evaluated;
    if (current.depth > result.deepest_level) result.deepest_level = current.depth;

    Ball slack;
    {
      const PrecisionScope scope(budget.precision);
      const std::vector<Ball> x = to_balls(current.box);
      slack = claim.rhs(x) - claim.lhs(x);
    }
    // The fault "certify.undecided-box-proven": an undecided comparison (slack straddling 0)
    // taken as proof, i.e. "not certainly below 0" read as "certainly >= 0".
    const bool proven_box = DPSI_FAULT("certify.undecided-box-proven")
                                ? slack.is_finite() && !is_certainly_true(lt(slack, Ball(0)))
                                : slack.is_finite() && is_certainly_true(ge(slack, Ball(0)));
    if (proven_box) {
      ++result.boxes_proven;
      Ball lower(slack.lower_rational());
      if (!result.margin_lower_bound || is_certainly_true(lt(lower, *result.margin_lower_bound))) {
        result.margin_lower_bound = std::move(lower);
      }
      if (!DPSI_FAULT("certify.proven-box-still-bisected")) continue;
    }
    const std::vector<Rational> centre = midpoint(current.box);
    Ball excess = excess_at(claim, centre, budget.witness_precision);
    if (excess.is_finite() && is_certainly_true(gt(excess, Ball(0)))) {
      result.outcome = Outcome::kRefuted;
      result.witness = centre;
      result.witness_excess = std::move(excess);
      return result;
    }
    if (current.depth >= budget.max_depth) {
      result.outcome = Outcome::kBudgetExhausted;
      result.undecided_box = std::move(current.box);
      return result;
    }
    auto [lower_half, upper_half] = bisect(current.box);
    queue.push_back({std::move(lower_half), current.depth + 1});
    queue.push_back({std::move(upper_half), current.depth + 1});
  }
  result.outcome = Outcome::kProven;
  return result;
}

}  // namespace dpsi::certify
