#include "dpsi/audit/lemma_graph.h"

#include <fmt/format.h>

namespace dpsi::audit {
namespace {

// A DOT double-quoted string: '"' and '\' escaped; "\n" (two characters) is DOT's centred line break.
std::string dot_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string_view lemma_colour(const spec::Lemma& lemma, const AuditReport& report) {
  bool all_passed = !lemma.checks.empty();
  for (const spec::IndexedCheck& check : lemma.checks) {
    const AuditEntry* found = nullptr;
    for (const AuditEntry& entry : report.entries) {
      if (entry.check_name == check.name) found = &entry;
    }
    if (found != nullptr && found->verdict == Verdict::kFail) return kLemmaFailColour;
    if (found == nullptr || found->verdict != Verdict::kPass) all_passed = false;
  }
  return all_passed ? kLemmaPassColour : kLemmaOpenColour;
}

std::string lemma_graph_dot(const spec::LemmaIndex& index, const AuditReport& report) {
  std::string dot = "digraph \"lemmas\" {\n";
  dot += "  // dpsi lemma dependency graph: an edge A -> B means B uses A (spec/lemmas.json, \"uses\").\n";
  dot += fmt::format("  // Fill: {} every check passed, {} a check failed, {} pending or not run.\n", kLemmaPassColour,
                     kLemmaFailColour, kLemmaOpenColour);
  dot += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n";
  for (const spec::Lemma& lemma : index.lemmas()) {
    dot += fmt::format("  {} [label={}, fillcolor={}];\n", dot_string(lemma.id), dot_string(lemma.id + "\n" + lemma.title),
                       dot_string(lemma_colour(lemma, report)));
  }
  for (const spec::Lemma& lemma : index.lemmas()) {
    for (const std::string& used : lemma.uses) dot += fmt::format("  {} -> {};\n", dot_string(used), dot_string(lemma.id));
  }
  dot += "}\n";
  return dot;
}

}  // namespace dpsi::audit
