// File: dpsi/fault/catalogue.h
// The mutation catalogue (mutants/*.json, format in mutants/README.md): every fault point of the
// implementation, what it breaks, which spec claim that violates, and which checks must kill it.
// And the verdict on one mutant run: killed, survived, not reached, or broken run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpsi/spec/lemma_index.h"

namespace dpsi::fault {

inline constexpr const char* kCatalogueSchema = "dpsi-mutant-catalogue/1";
inline constexpr const char* kKillReportSchema = "dpsi-mutation-report/1";

struct Mutant {
  std::string id;     // the fault point's name, as in DPSI_FAULT("id")
  std::string group;  // the catalogue file's stem (a spec appendix letter or family)
  std::string site;   // source file holding the fault point, relative to the repository root
  std::string fault;  // what the mutant does, in a sentence
  std::string violates;                // the spec claim it breaks and why
  std::vector<std::string> killed_by;  // check names; the mutant is killed iff one of them fails
  bool full_mode = false;              // the kill is claimed for the full audit only (else quick)
};

// Reads every *.json in `directory` (sorted by name). Throws std::invalid_argument with a one-line
// message naming the file and entry on a malformed file.
std::vector<Mutant> load_catalogue(const std::filesystem::path& directory);

// Problems tying the catalogue to the lemma index, one line each: duplicate ids, ill-formed ids,
// an empty killed_by, a killer that is not an implemented check of the index. Empty when sound.
std::vector<std::string> catalogue_problems(const std::vector<Mutant>& catalogue, const spec::LemmaIndex& index);

enum class Outcome {
  kKilled,      // a declared killer failed
  kSurvived,    // the fault was reached and every declared killer passed
  kNotReached,  // the fault point was never executed: the entry tests nothing
  kBroken,      // the run did not produce a report (crash, timeout, usage error)
};
const char* to_string(Outcome outcome);

struct MutantRun {
  Mutant mutant;
  Outcome outcome = Outcome::kBroken;
  std::vector<std::string> killers_failed;   // declared killers that failed
  std::vector<std::string> killers_passed;   // declared killers that passed
  std::vector<std::string> others_failed;    // further checks of the run that failed (e.g. hypotheses)
  std::uint64_t hits = 0;
  double seconds = 0;
  std::string detail;  // why broken (exit status, signal, timeout), or the first killer's margin
};

// Classifies one run from the audit's report.json (null if none was written) and the hit count.
MutantRun classify(const Mutant& mutant, const std::optional<nlohmann::json>& report, std::uint64_t hits);

// The kill table (terminal and markdown) and the JSON record of a mutation run.
std::string render_kill_table(const std::vector<MutantRun>& runs);
std::string render_kill_markdown(const std::vector<MutantRun>& runs, const std::string& header);
nlohmann::json kill_report_json(const std::vector<MutantRun>& runs);
bool all_killed(const std::vector<MutantRun>& runs);

}  // namespace dpsi::fault
