// Tests for dpsi/audit/lemma_graph.h: one node per lemma with its label and the colour of its
// checks' verdicts, one edge per use (from the used lemma to the user), and DOT quoting.
#include "dpsi/audit/lemma_graph.h"

#include <gtest/gtest.h>

#include <string>

namespace dpsi::audit {
namespace {

// X.1 <- X.2 <- X.3, X.1 <- X.3, X.4 alone. Verdicts: X.1 all pass; X.2 one pass, one fail;
// X.3 one pass, one pending; X.4 not in the report (not selected).
spec::LemmaIndex toy_index() {
  return spec::LemmaIndex::parse(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"X.1","title":"base \"quoted\" lemma","paper_section":"none","spec":"x.md","uses":[],"checks":[
        {"name":"X.1:a","kind":"exact","status":"implemented","statement":"s"},
        {"name":"X.1:b","kind":"exact","status":"implemented","statement":"s"}]},
      {"id":"X.2","title":"middle","paper_section":"none","spec":"x.md","uses":["X.1"],"checks":[
        {"name":"X.2:a","kind":"exact","status":"implemented","statement":"s"},
        {"name":"X.2:b","kind":"exact","status":"implemented","statement":"s"}]},
      {"id":"X.3","title":"top","paper_section":"none","spec":"x.md","uses":["X.2","X.1"],"checks":[
        {"name":"X.3:a","kind":"exact","status":"implemented","statement":"s"},
        {"name":"X.3:later","kind":"exact","status":"pending","issue":7,"statement":"s"}]},
      {"id":"X.4","title":"alone","paper_section":"none","spec":"x.md","checks":[
        {"name":"X.4:a","kind":"exact","status":"implemented","statement":"s"}]}]})");
}

AuditEntry entry(const std::string& name, Verdict verdict) {
  AuditEntry e;
  e.check_name = name;
  e.lemma_id = std::string(spec::lemma_id_of(name));
  e.verdict = verdict;
  return e;
}

AuditReport toy_report() {
  AuditReport report;
  report.entries = {entry("X.1:a", Verdict::kPass),  entry("X.1:b", Verdict::kPass), entry("X.2:a", Verdict::kPass),
                    entry("X.2:b", Verdict::kFail),  entry("X.3:a", Verdict::kPass), entry("X.3:later", Verdict::kPending)};
  return report;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(LemmaGraph, ColoursFollowTheVerdictsOfTheLemmasChecks) {
  const spec::LemmaIndex index = toy_index();
  const AuditReport report = toy_report();
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.1"), report), kLemmaPassColour);
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.2"), report), kLemmaFailColour);
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.3"), report), kLemmaOpenColour);  // one pending
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.4"), report), kLemmaOpenColour);  // not run
  // A failure wins over a pending check; one missing check keeps a lemma from green.
  AuditReport partial;
  partial.entries = {entry("X.1:a", Verdict::kPass)};
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.1"), partial), kLemmaOpenColour);
  partial.entries = {entry("X.3:later", Verdict::kPending), entry("X.3:a", Verdict::kFail)};
  EXPECT_EQ(lemma_colour(*index.find_lemma("X.3"), partial), kLemmaFailColour);
}

TEST(LemmaGraph, DotHasOneNodePerLemmaWithLabelAndColour) {
  const std::string dot = lemma_graph_dot(toy_index(), toy_report());
  EXPECT_EQ(dot.rfind("digraph \"lemmas\" {\n", 0), 0u) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  EXPECT_NE(dot.find(R"("X.1" [label="X.1\nbase \"quoted\" lemma", fillcolor="palegreen"];)"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"("X.2" [label="X.2\nmiddle", fillcolor="lightcoral"];)"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"("X.3" [label="X.3\ntop", fillcolor="lightgrey"];)"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"("X.4" [label="X.4\nalone", fillcolor="lightgrey"];)"), std::string::npos) << dot;
  EXPECT_EQ(count(dot, "[label="), 4u) << dot;
}

TEST(LemmaGraph, EdgesRunFromTheUsedLemmaToTheUser) {
  const std::string dot = lemma_graph_dot(toy_index(), toy_report());
  EXPECT_EQ(count(dot, " -> "), 4u) << dot;  // 3 edges and the comment's "A -> B"
  const std::size_t x12 = dot.find("  \"X.1\" -> \"X.2\";\n");
  const std::size_t x23 = dot.find("  \"X.2\" -> \"X.3\";\n");
  const std::size_t x13 = dot.find("  \"X.1\" -> \"X.3\";\n");
  ASSERT_NE(x12, std::string::npos) << dot;
  ASSERT_NE(x23, std::string::npos) << dot;
  ASSERT_NE(x13, std::string::npos) << dot;
  EXPECT_LT(x12, x23);  // index order of the user, then its uses list
  EXPECT_LT(x23, x13);
  EXPECT_EQ(dot.find("\"X.4\" ->"), std::string::npos);
  EXPECT_EQ(dot.find("-> \"X.1\""), std::string::npos);
}

TEST(LemmaGraph, BuiltinIndexGivesEveryLemmaANodeAndEveryUseAnEdge) {
  const spec::LemmaIndex& index = spec::builtin_lemma_index();
  const std::string dot = lemma_graph_dot(index, AuditReport{});
  std::size_t uses = 0;
  for (const spec::Lemma& lemma : index.lemmas()) {
    EXPECT_EQ(count(dot, "\"" + lemma.id + "\" [label="), 1u) << lemma.id;
    for (const std::string& used : lemma.uses) {
      ++uses;
      EXPECT_EQ(count(dot, "\"" + used + "\" -> \"" + lemma.id + "\";"), 1u) << used << " -> " << lemma.id;
    }
  }
  EXPECT_EQ(count(dot, " -> "), uses + 1) << "no other edges (the + 1 is the comment's \"A -> B\")";
  EXPECT_EQ(count(dot, "lightgrey\"];"), index.lemmas().size()) << "nothing ran, so every node is grey";
}

}  // namespace
}  // namespace dpsi::audit
