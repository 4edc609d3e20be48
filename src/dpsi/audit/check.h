// File: dpsi/audit/check.h
// What a registered check is: a name from the lemma index, a kind, and a function that decides it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpsi/params/instance.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::audit {

struct CheckContext {
  const Instance& instance;  // the audited instance (defaults unless flags say otherwise)
  bool quick = false;        // smaller grids / sample sizes, same claims
  std::uint64_t seed = 0;    // for anything random; derive_seed() of the lemma ID
  // Optional: fraction done in [0, 1], for progress display on long checks.
  std::function<void(double)> progress;
  // The accuracy eps of "well-modeled" (spec C.8): the table's target is eps^2/sigma^2.
  Rational epsilon{Rational(1, 10)};
  // Verdicts of the checks already run in this audit (name -> passed; pending checks are absent
  // and listed in `pending`), for composition checks (spec D.A, D.B). Null outside an audit.
  const std::map<std::string, bool>* earlier_verdicts = nullptr;
  const std::set<std::string>* pending = nullptr;
  // Values certified by the checks already run in this audit (check name -> value name -> exact
  // rational), for compositions that compute from what their hypotheses proved (spec D.A, D.B).
  // Only passed checks' values are present. Null outside an audit.
  const std::map<std::string, std::map<std::string, Rational>>* earlier_values = nullptr;
};

// The power of a statistical check against one alternative (spec/README.md, "Power"): the
// probability that the check fails when the alternative holds, at the sizes used.
//
// An alternative is *named* (covered_by empty) when the check's spec entry says this check must
// detect it: in full mode its power must reach kPowerTarget. An alternative the check reports but
// is not designed to detect names, in covered_by, the checks that are (each must be a check of the
// lemma index; the runner verifies it), so a low figure is never read as a gap nobody closes.
inline constexpr double kPowerTarget = 0.99;
struct PowerStatement {
  std::string alternative;  // e.g. "sigma_y off by 1% in the likelihood"
  double power = 0;         // in [0, 1]
  std::string method;       // how it was obtained, e.g. "normal approximation of the pooled mean"
  std::vector<std::string> covered_by = {};  // empty: named, must reach kPowerTarget in full mode
  bool named() const { return covered_by.empty(); }
};

struct CheckResult {
  bool passed = false;
  // The achieved margin in the words of the claim, e.g. "max 3.1e-32 <= bound 2.8e-31".
  std::string margin;
  // Detail lines, each starting with the check's name or its part ("C.5(ii): ...").
  std::vector<std::string> log;
  // Parameters the check ran with (grid sizes, budgets, sample sizes, precision...).
  nlohmann::json parameters = nlohmann::json::object();
  // Optional extra markdown for report.md (e.g. a table), and files written next to the reports
  // (name without directories, content), e.g. a plot's data and gnuplot script.
  std::string markdown;
  std::vector<std::pair<std::string, std::string>> files;
  // A composition check whose hypotheses are still pending is pending too (verdict kPending).
  bool pending = false;
  // Statistical checks: power against each named alternative (printed in the log and the report).
  // (The new members carry default initializers so that existing aggregate initializations
  // {passed, margin, log, parameters, markdown, files} stay valid and warning-free.)
  std::vector<PowerStatement> power = {};
  // Values this check certified (name -> exact rational: a proved upper or lower bound, as its
  // name says, e.g. "P_dec_upper"), handed to compositions in the same audit when it passes.
  std::map<std::string, Rational> certified_values = {};
  // The claim as this run decided it, with the sizes actually used (quick and full mode differ),
  // e.g. "n=m=6: p_hat - 0.072 ...". Empty: the index's statement is reported unchanged.
  std::string statement = {};
};

using CheckFunction = std::function<CheckResult(const CheckContext&)>;

struct CheckDefinition {
  std::string name;  // must equal an implemented check of the lemma index
  spec::CheckKind kind;
  CheckFunction run;
  // Checks whose verdicts this one composes: the audit selects them whenever it selects this one,
  // and (index order) runs them first.
  std::vector<std::string> requires_checks = {};
};

// The seed of spec/README.md: the first 8 bytes (big-endian) of SHA-256 of the ASCII lemma ID;
// with a user seed N, of "<lemma ID>/<N>" instead.
std::uint64_t derive_seed(std::string_view lemma_id, std::optional<std::uint64_t> user_seed);

}  // namespace dpsi::audit
