// File: dpsi/audit/lemma_graph.h
// The lemma dependency graph of an audit as Graphviz DOT text: one node per lemma of the index,
// filled by the verdicts of its checks in the report, and an edge from each lemma to every lemma
// that uses it (spec::Lemma::uses, the blueprint relation of spec/lemmas.json). `dpsi audit`
// writes it as lemmas.dot beside report.md; render_plots draws lemmas.svg with `dot` if installed.
#pragma once

#include <string>
#include <string_view>

#include "dpsi/audit/runner.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::audit {

inline constexpr const char* kLemmaGraphFile = "lemmas.dot";

// Fill colours: every check of the lemma passed in the report; some check failed; otherwise (a check
// pending, or not run because the audit did not select it).
inline constexpr std::string_view kLemmaPassColour = "palegreen";
inline constexpr std::string_view kLemmaFailColour = "lightcoral";
inline constexpr std::string_view kLemmaOpenColour = "lightgrey";

// The fill colour of `lemma` under `report` (one of the three above).
std::string_view lemma_colour(const spec::Lemma& lemma, const AuditReport& report);

// digraph "lemmas": nodes "ID" [label="ID\ntitle", fillcolor=...] in index order, then the edges
// "used" -> "user" in index order of the user and the order of its uses list.
std::string lemma_graph_dot(const spec::LemmaIndex& index, const AuditReport& report);

}  // namespace dpsi::audit
