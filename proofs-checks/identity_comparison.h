// File: proofs-checks/identity_comparison.h
// Bookkeeping for checks that compare two independent computations of the same quantities within
// the identity tolerance of spec/README.md (Erratum 7): counts, the first failures with their
// place, and the worst |a - b| / tolerance among the passing comparisons.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

class IdentityComparison {
 public:
  // `part` prefixes log lines, e.g. "R.4".
  explicit IdentityComparison(std::string part) : part_(std::move(part)) {}

  // Records whether |a - b| <= tolerance certainly holds; `where` describes the comparison.
  void compare(const Ball& a, const Ball& b, const Ball& tolerance, const std::string& where) {
    ++compared_;
    const Ball difference = abs(a - b);
    if (le(difference, tolerance) != Certainty::kTrue) {
      ++failures_;
      const std::string line =
          fmt::format("{}: |difference| = {} not certainly <= tolerance {}", where, difference.str(6), tolerance.mid_str(3));
      if (failures_ == 1) first_failure_ = line;
      if (failures_ <= kLoggedFailures) failure_log_.push_back(fmt::format("{}: {}", part_, line));
      return;
    }
    const Ball ratio(Rational((difference / tolerance).upper_rational()));
    if (is_certainly_true(gt(ratio, worst_))) {
      worst_ = ratio;
      worst_at_ = where;
    }
  }
  void compare(const Ball& a, const Ball& reference, const std::string& where) {
    compare(a, reference, identity_tolerance(reference), where);
  }

  bool passed() const { return compared_ > 0 && failures_ == 0; }
  std::size_t compared() const { return compared_; }
  std::size_t failures() const { return failures_; }
  const std::vector<std::string>& failure_log() const { return failure_log_; }
  // Passing: "<N>/<N> comparisons within the identity tolerance; worst <r> x tolerance (<where>)".
  // The check's result: passed, margin = summary(), log = the logged failures, then
  // "<part>: <description>: <summary>".
  audit::CheckResult to_result(const std::string& description) const {
    audit::CheckResult result;
    result.passed = passed();
    result.margin = summary();
    result.log = failure_log_;
    result.log.push_back(fmt::format("{}: {}: {}", part_, description, summary()));
    return result;
  }
  // On failure: "FAILED: <f>/<N> comparisons NOT within the identity tolerance; first: <where>: ...".
  std::string summary() const {
    if (failures_ > 0) {
      return fmt::format("FAILED: {}/{} comparisons NOT within the identity tolerance; first: {}", failures_, compared_,
                         first_failure_);
    }
    if (compared_ == 0) return "FAILED: no comparisons made";
    return fmt::format("{}/{} comparisons within the identity tolerance; worst {} x tolerance{}", compared_ - failures_,
                       compared_, worst_.mid_str(3), worst_at_.empty() ? "" : " (" + worst_at_ + ")");
  }

 private:
  static constexpr std::size_t kLoggedFailures = 5;
  std::string part_;
  std::size_t compared_ = 0;
  std::size_t failures_ = 0;
  Ball worst_;
  std::string worst_at_;
  std::string first_failure_;
  std::vector<std::string> failure_log_;
};

}  // namespace dpsi::checks
