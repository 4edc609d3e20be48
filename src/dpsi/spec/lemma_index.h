// File: dpsi/spec/lemma_index.h
// The machine-readable lemma index (spec/lemmas.json): lemma IDs, their checks, and each check's
// kind and status. It is compiled into the library, so the audit knows every lemma, including the
// pending ones, without the source tree. Format: spec/README.md.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dpsi::spec {

// kCertifiedAtPoints: rigorous enclosures (as kCertified) of a claim over a domain that are decided
// at finitely many points (a grid, sampled points, random instances) only; the domain is not proved
// (spec/README.md, "Check kinds").
enum class CheckKind { kExact, kCertified, kCertifiedAtPoints, kStatistical };
enum class CheckStatus { kImplemented, kPending };

std::string_view to_string(CheckKind kind);
std::string_view to_string(CheckStatus status);

struct IndexedCheck {
  std::string name;       // "<lemma id>:<kebab-case>"
  CheckKind kind;
  CheckStatus status;
  std::string statement;  // one line
  std::optional<int> issue;  // the issue that will implement a pending check
  // The file that registers an implemented check (relative to the repository, e.g.
  // "proofs-checks/kernel_checks.cc"); empty if the index gives none. Every implemented check of
  // spec/lemmas.json names it, and Traceability.EveryCheckNamesTheFileThatRegistersIt verifies it.
  std::string source;
};

struct Lemma {
  std::string id;
  std::string title;
  std::string paper_section;
  std::string spec_file;  // relative to spec/
  std::vector<IndexedCheck> checks;
  // The lemmas this one's statement, proof or checks rely on, as a Lean blueprint's \uses records
  // them (spec/README.md, "Lemma index"): IDs of the index, never itself, the relation acyclic.
  // Optional in the JSON (absent = none).
  std::vector<std::string> uses;
};

class IndexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LemmaIndex {
 public:
  // Parses and validates (ID and name syntax, uniqueness, >= 1 check per lemma, prefixes, kinds,
  // statuses, pending checks carry an issue, `uses` names lemmas of the index, not the lemma itself,
  // without a cycle). Throws IndexError naming the first problem.
  static LemmaIndex parse(std::string_view json_text);

  const std::vector<Lemma>& lemmas() const { return lemmas_; }
  const Lemma* find_lemma(std::string_view id) const;
  const IndexedCheck* find_check(std::string_view name) const;

 private:
  std::vector<Lemma> lemmas_;
};

// The index compiled in from spec/lemmas.json.
const LemmaIndex& builtin_lemma_index();

// "A.2" for "A.2:theta-vs-lattice"; the whole string if it has no ':'.
std::string_view lemma_id_of(std::string_view check_name);

namespace detail {
std::string_view builtin_lemma_index_json();
}  // namespace detail

}  // namespace dpsi::spec
