// File: dpsi/audit/runner.h
// Running the audit: select checks from the lemma index, run the implemented ones, list the
// pending ones, and collect one entry per check.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpsi/audit/registry.h"
#include "dpsi/params/instance.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::audit {

enum class Verdict { kPass, kFail, kPending };
std::string_view to_string(Verdict verdict);

struct AuditEntry {
  std::string check_name;
  std::string lemma_id;
  std::string lemma_title;
  std::string statement;
  std::string source;  // the file that registers the check (spec::IndexedCheck::source)
  spec::CheckKind kind = spec::CheckKind::kExact;
  Verdict verdict = Verdict::kPending;
  std::string margin;
  std::vector<std::string> log;
  nlohmann::json parameters = nlohmann::json::object();
  std::optional<std::uint64_t> seed;  // absent for pending checks
  double seconds = 0;
  std::optional<int> issue;  // for pending checks
  std::string markdown;       // CheckResult::markdown
  std::vector<std::pair<std::string, std::string>> files;  // CheckResult::files
  std::vector<PowerStatement> power;                        // CheckResult::power
  std::map<std::string, Rational> certified_values;         // CheckResult::certified_values
};

struct AuditReport {
  std::string dpsi_version;
  std::string git_revision;
  std::string started_at;  // ISO 8601, UTC
  double seconds = 0;
  bool quick = false;
  std::optional<std::uint64_t> user_seed;
  ParameterValues parameters;
  std::vector<AuditEntry> entries;
  std::vector<std::string> traceability_problems;
  // Files of the audit as a whole (name, content), written beside report.md like the checks' files
  // and drawn by render_plots: `dpsi audit` adds lemmas.dot (dpsi/audit/lemma_graph.h).
  std::vector<std::pair<std::string, std::string>> files;

  std::size_t count(Verdict verdict) const;
  // Named power statements (PowerStatement::named) of the run, and those below kPowerTarget. The
  // target is a design requirement of the full-mode sizes: in quick mode it is reported, not applied.
  std::size_t named_power_statements() const;
  std::vector<std::pair<const AuditEntry*, const PowerStatement*>> power_below_target() const;
  // True iff no check failed and the registry matches the index.
  bool passed() const;
};

struct ProgressEvent {
  std::size_t index;  // 0-based position among the selected checks
  std::size_t total;
  const std::string& check_name;
  double fraction_within_check;  // 0 when the check starts, 1 when it ends
};

struct AuditOptions {
  bool quick = false;
  std::optional<std::uint64_t> seed;
  // Lemma IDs ("K.3") or check names ("K.3:certifier-proves"); empty = everything.
  std::vector<std::string> only;
  std::function<void(const ProgressEvent&)> progress;
  Rational epsilon{Rational(1, 10)};  // CheckContext::epsilon
};

// Thrown when --only names something the index does not have; one line.
class SelectionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The index's checks selected by `only`, in index order. Throws SelectionError.
std::vector<const spec::IndexedCheck*> select_checks(const spec::LemmaIndex& index,
                                                     const std::vector<std::string>& only);

// The wording rule for a failed check's margin (spec/README.md, "Margins"): it names the failing
// comparison and never reads like a pass. Returns the defects of `margin` as a FAIL margin: a
// relation between two printed numbers that is false as written ("1.236 <= 1"), and no failure word
// at all (FAIL, fails, not, exceeds, refuted, error, missing, ...). Empty: the wording is acceptable.
std::vector<std::string> fail_margin_defects(std::string_view margin);
// What run_audit makes of a failed check's margin: "FAILED: " in front unless it already starts with
// FAIL, and each defect of fail_margin_defects appended as "[wording defect: ...]".
std::string enforce_fail_wording(const std::string& margin);

// Runs the selection. A check that throws is recorded as failed with the exception's message.
// Checks run in index order, except that a check with requires_checks runs after all of them (a
// composition may require checks that come later in the index, e.g. D.A requires F.2); the report
// lists the entries in index order. The margin of every failed check passes enforce_fail_wording.
AuditReport run_audit(const spec::LemmaIndex& index, const Registry& registry, const Instance& instance,
                      const AuditOptions& options);

}  // namespace dpsi::audit
