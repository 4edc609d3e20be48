// File: dpsi/numeric/certainty.h
// The answer of a comparison between enclosures: proven true, proven false, or not decided.
//
// A ball comparison never collapses to a bool: when two enclosures overlap the relation may hold
// for some of their points and fail for others, and the only honest answer is kUndecided.
#pragma once

#include <string_view>

namespace dpsi {

enum class Certainty {
  kTrue,       // holds for every point of the operands
  kFalse,      // fails for every point of the operands
  kUndecided,  // the enclosures are too wide to tell
};

constexpr bool is_certainly_true(Certainty c) { return c == Certainty::kTrue; }
constexpr bool is_certainly_false(Certainty c) { return c == Certainty::kFalse; }

constexpr std::string_view to_string(Certainty c) {
  switch (c) {
    case Certainty::kTrue:
      return "certainly true";
    case Certainty::kFalse:
      return "certainly false";
    case Certainty::kUndecided:
      return "undecided";
  }
  return "?";
}

// Logical and/or over three values (Kleene logic).
constexpr Certainty operator&&(Certainty a, Certainty b) {
  if (a == Certainty::kFalse || b == Certainty::kFalse) return Certainty::kFalse;
  if (a == Certainty::kTrue && b == Certainty::kTrue) return Certainty::kTrue;
  return Certainty::kUndecided;
}
constexpr Certainty operator||(Certainty a, Certainty b) {
  if (a == Certainty::kTrue || b == Certainty::kTrue) return Certainty::kTrue;
  if (a == Certainty::kFalse && b == Certainty::kFalse) return Certainty::kFalse;
  return Certainty::kUndecided;
}
constexpr Certainty operator!(Certainty a) {
  if (a == Certainty::kTrue) return Certainty::kFalse;
  if (a == Certainty::kFalse) return Certainty::kTrue;
  return Certainty::kUndecided;
}

}  // namespace dpsi
