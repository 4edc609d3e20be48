// Traceability: lemma ID -> spec entry -> check -> report line, both ways.
//  - spec/lemmas.json parses, every lemma has a check, names are well formed (LemmaIndex::parse);
//  - every registered check names a lemma and an implemented check of the index, with its kind,
//    and every implemented check of the index is registered (traceability_problems);
//  - every "### <ID> — " heading of spec/*.md has an index entry and vice versa, and each check
//    name appears in its lemma's section;
//  - every lemma a lemma uses (its "uses" list) is mentioned in the user's section.
// The negative tests show each rule can fail.
#include "dpsi/spec/lemma_index.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "dpsi/audit/registry.h"
#include "proofs-checks/builtin_registry.h"

namespace dpsi::spec {
namespace {

const std::filesystem::path kSpecDir = std::filesystem::path(DPSI_SOURCE_DIR) / "spec";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Where a lemma's section ends: at the next lemma heading or a "## "/"# " heading (so its "### "
// subsections belong to it), or at any heading of those levels ("### " included).
enum class SectionEnd { kNextLemmaOrChapter, kNextHeading };

// Lemma ID -> (file name, section text) for every "### <ID> — <title>" heading of spec/*.md; the
// heading lines themselves are not part of the text.
std::map<std::string, std::pair<std::string, std::string>> spec_sections(SectionEnd end = SectionEnd::kNextLemmaOrChapter) {
  static const std::regex heading(R"(^### ([A-Z](\.[A-Za-z0-9]+)?) \xE2\x80\x94 .+$)");
  std::map<std::string, std::pair<std::string, std::string>> sections;
  for (const auto& entry : std::filesystem::directory_iterator(kSpecDir)) {
    if (entry.path().extension() != ".md") continue;
    std::istringstream lines(read_file(entry.path()));
    std::string line;
    std::string current;
    while (std::getline(lines, line)) {
      std::smatch match;
      if (std::regex_match(line, match, heading)) {
        current = match[1];
        EXPECT_EQ(sections.count(current), 0u) << "heading for " << current << " appears twice";
        sections[current] = {entry.path().filename().string(), ""};
        continue;
      }
      const bool chapter = line.rfind("## ", 0) == 0 || line.rfind("# ", 0) == 0;
      if (chapter || (end == SectionEnd::kNextHeading && line.rfind("### ", 0) == 0)) {
        current.clear();
        continue;
      }
      if (!current.empty()) sections[current].second += line + "\n";
    }
  }
  return sections;
}

TEST(Traceability, BuiltinIndexParses) {
  const LemmaIndex& index = builtin_lemma_index();
  EXPECT_GE(index.lemmas().size(), 30u);
  for (const Lemma& lemma : index.lemmas()) EXPECT_FALSE(lemma.checks.empty()) << lemma.id;
}

TEST(Traceability, CompiledIndexIsTheSourceFile) {
  const LemmaIndex from_file = LemmaIndex::parse(read_file(kSpecDir / "lemmas.json"));
  ASSERT_EQ(from_file.lemmas().size(), builtin_lemma_index().lemmas().size()) << "rebuild after editing spec/lemmas.json";
}

TEST(Traceability, RegistryMatchesIndex) {
  const auto problems = audit::traceability_problems(builtin_lemma_index(), checks::builtin_registry());
  for (const std::string& problem : problems) ADD_FAILURE() << problem;
}

TEST(Traceability, EveryIndexedLemmaHasASpecSectionAndViceVersa) {
  const auto sections = spec_sections();
  std::set<std::string> indexed;
  for (const Lemma& lemma : builtin_lemma_index().lemmas()) {
    indexed.insert(lemma.id);
    const auto section = sections.find(lemma.id);
    if (section == sections.end()) {
      ADD_FAILURE() << "lemma " << lemma.id << " has no '### " << lemma.id << " — ' heading in spec/*.md";
      continue;
    }
    EXPECT_EQ(section->second.first, lemma.spec_file) << lemma.id << " is indexed in the wrong file";
    for (const IndexedCheck& check : lemma.checks) {
      EXPECT_NE(section->second.second.find("`" + check.name + "`"), std::string::npos)
          << "check " << check.name << " is not named in the spec section of " << lemma.id;
    }
  }
  for (const auto& [id, section] : sections) {
    EXPECT_EQ(indexed.count(id), 1u) << "spec/" << section.first << " has lemma " << id << " but lemmas.json does not";
  }
}

// `id` occurs in `text` as a token: not preceded by a letter, digit or '.', not followed by a letter
// or digit. So "A.3(iii)", "`C.1:knot-increments`" and "E.1–E.5" mention A.3, C.1 and E.1, and
// "P.1–P.8" (the constraints that lemma P checks) mention P, while "DA.2", "A.23" and "R5" do not
// mention A.2 or R.5.
bool mentions(const std::string& text, const std::string& id) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const bool starts = at == 0 || !(word(text[at - 1]) || text[at - 1] == '.');
    const std::size_t end = at + id.size();
    if (starts && (end == text.size() || !word(text[end]))) return true;
  }
  return false;
}

TEST(Traceability, MentionRecognisesTokensOnly) {
  EXPECT_TRUE(mentions("by A.3(iii) with", "A.3"));
  EXPECT_TRUE(mentions("`C.1:knot-increments`", "C.1"));
  EXPECT_TRUE(mentions("**Hypotheses.** P.1–P.8.", "P"));
  EXPECT_TRUE(mentions("E.1–E.5 are exercised", "E.5"));
  EXPECT_FALSE(mentions("DA.2 and A.23", "A.2"));
  EXPECT_FALSE(mentions("recipe R5", "R.5"));
  EXPECT_FALSE(mentions("Pinsker", "P"));
}

// The blueprint relation is read off the spec: a lemma uses only lemmas its section names (in its
// hypotheses, proof sketch or check details). The converse is not required: a section also names
// the lemmas that use it.
TEST(Traceability, EveryUsedLemmaIsMentionedInTheUsersSection) {
  const auto sections = spec_sections(SectionEnd::kNextHeading);
  std::size_t edges = 0;
  for (const Lemma& lemma : builtin_lemma_index().lemmas()) {
    const auto section = sections.find(lemma.id);
    ASSERT_NE(section, sections.end()) << lemma.id;
    for (const std::string& used : lemma.uses) {
      ++edges;
      EXPECT_TRUE(mentions(section->second.second, used)) << lemma.id << " uses " << used << ", which its spec section does not mention";
    }
  }
  EXPECT_GE(edges, 60u) << "the builtin index has lost its uses lists";
  // The compositions use what their hypothesis checks belong to (proofs-checks/composition_checks.cc).
  const Lemma* theorem_a = builtin_lemma_index().find_lemma("D.A");
  ASSERT_NE(theorem_a, nullptr);
  for (const char* id : {"D.R", "B.2", "C.8", "F.2"})
    EXPECT_NE(std::find(theorem_a->uses.begin(), theorem_a->uses.end(), id), theorem_a->uses.end()) << "D.A should use " << id;
}

// A composition (D.A, D.B) runs its hypothesis checks (CheckDefinition::requires_checks, listed in
// proofs-checks/composition_checks.cc): its lemma uses the lemma of each of them.
TEST(Traceability, CompositionsUseTheLemmasOfTheirHypothesisChecks) {
  std::size_t compositions = 0;
  for (const audit::CheckDefinition& check : checks::builtin_registry().checks()) {
    if (check.requires_checks.empty()) continue;
    ++compositions;
    const Lemma* lemma = builtin_lemma_index().find_lemma(lemma_id_of(check.name));
    ASSERT_NE(lemma, nullptr) << check.name;
    for (const std::string& hypothesis : check.requires_checks) {
      const std::string used(lemma_id_of(hypothesis));
      if (used == lemma->id) continue;
      EXPECT_NE(std::find(lemma->uses.begin(), lemma->uses.end(), used), lemma->uses.end())
          << check.name << " requires " << hypothesis << " but " << lemma->id << " does not use " << used;
    }
  }
  EXPECT_GE(compositions, 2u) << "D.A:composition and D.B:composition";
}

// A check name leads to its code in one step: every implemented check names, in spec/lemmas.json,
// the file whose registry.add({"<name>", ...}) registers it, and no other file registers it.
TEST(Traceability, EveryCheckNamesTheFileThatRegistersIt) {
  const std::filesystem::path root = DPSI_SOURCE_DIR;
  std::map<std::string, std::set<std::string>> registered;  // check name -> files
  const std::regex add(R"re(registry\.add\(\{"([^"]+)")re");
  for (const auto& item : std::filesystem::recursive_directory_iterator(root / "proofs-checks")) {
    if (item.path().extension() != ".cc") continue;
    std::ifstream in(item.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string code = text.str();
    for (auto it = std::sregex_iterator(code.begin(), code.end(), add); it != std::sregex_iterator(); ++it)
      registered[(*it)[1].str()].insert(std::filesystem::relative(item.path(), root).string());
  }
  for (const Lemma& lemma : builtin_lemma_index().lemmas()) {
    for (const IndexedCheck& check : lemma.checks) {
      if (check.status != CheckStatus::kImplemented) continue;
      EXPECT_FALSE(check.source.empty()) << check.name << " names no source file in spec/lemmas.json";
      EXPECT_EQ(registered[check.name], std::set<std::string>{check.source}) << check.name << " is registered elsewhere than its source "
                                                                            << check.source;
    }
  }
}

TEST(TraceabilityRules, LemmaWithoutCheckIsRejected) {
  EXPECT_THROW(LemmaIndex::parse(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"A.1","title":"t","paper_section":"A","spec":"A-instance.md","checks":[]}]})"),
               IndexError);
}

TEST(TraceabilityRules, MalformedNamesAndDuplicatesAreRejected) {
  const char* bad_documents[] = {
      // check prefix is another lemma
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"A.1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"A.2:x","kind":"exact","status":"implemented","statement":"s"}]}]})",
      // unknown kind
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"A.1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"A.1:x","kind":"vibes","status":"implemented","statement":"s"}]}]})",
      // pending without an issue
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"A.1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"A.1:x","kind":"exact","status":"pending","statement":"s"}]}]})",
      // duplicate lemma
      R"({"schema":"dpsi-lemma-index/1","lemmas":[
          {"id":"A.1","title":"t","paper_section":"A","spec":"x.md","checks":[{"name":"A.1:x","kind":"exact","status":"implemented","statement":"s"}]},
          {"id":"A.1","title":"t","paper_section":"A","spec":"x.md","checks":[{"name":"A.1:y","kind":"exact","status":"implemented","statement":"s"}]}]})",
      // malformed id
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"lemma 1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"lemma 1:x","kind":"exact","status":"implemented","statement":"s"}]}]})",
      // a statement over 100 characters (101 here), and one with a line break
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"A.1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"A.1:x","kind":"exact","status":"implemented","statement":"01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"}]}]})",
      R"({"schema":"dpsi-lemma-index/1","lemmas":[{"id":"A.1","title":"t","paper_section":"A","spec":"x.md",
          "checks":[{"name":"A.1:x","kind":"exact","status":"implemented","statement":"two\nlines"}]}]})",
      // wrong schema
      R"({"schema":"other","lemmas":[]})",
      "not json",
  };
  for (const char* document : bad_documents) EXPECT_THROW(LemmaIndex::parse(document), IndexError) << document;
}

// `uses` is optional; an unknown ID, a self-use and a cycle are rejected with a message naming them.
TEST(TraceabilityRules, UsesIsOptionalAndMustBeAnAcyclicRelationOnTheIndex) {
  const auto document = [](const std::string& uses_a, const std::string& uses_b) {
    return std::string(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"A.1","title":"t","paper_section":"A","spec":"x.md",)") + uses_a + R"("checks":[{"name":"A.1:x","kind":"exact","status":"implemented","statement":"s"}]},
      {"id":"A.2","title":"t","paper_section":"A","spec":"x.md",)" + uses_b + R"("checks":[{"name":"A.2:x","kind":"exact","status":"implemented","statement":"s"}]},
      {"id":"B.1","title":"t","paper_section":"B","spec":"y.md","uses":["A.2","A.1"],"checks":[{"name":"B.1:x","kind":"exact","status":"implemented","statement":"s"}]}]})";
  };
  const LemmaIndex index = LemmaIndex::parse(document("", R"("uses":["A.1"],)"));
  EXPECT_TRUE(index.find_lemma("A.1")->uses.empty());
  EXPECT_EQ(index.find_lemma("A.2")->uses, std::vector<std::string>{"A.1"});
  EXPECT_EQ(index.find_lemma("B.1")->uses, (std::vector<std::string>{"A.2", "A.1"}));
  const auto rejection = [&](const std::string& uses_a, const std::string& uses_b) -> std::string {
    try {
      LemmaIndex::parse(document(uses_a, uses_b));
    } catch (const IndexError& error) {
      return error.what();
    }
    return "accepted";
  };
  const struct {
    const char* uses_a;
    const char* uses_b;
    const char* message;
  } cases[] = {
      {R"("uses":["Z.9"],)", "", "lemma A.1 uses 'Z.9', which is not a lemma of the index"},
      {R"("uses":["A.1:x"],)", "", "lemma A.1 uses 'A.1:x', which is not a lemma of the index"},
      {R"("uses":["A.1"],)", "", "lemma A.1 uses itself"},
      {R"("uses":["B.1"],)", "", "'uses' has a cycle: A.1 -> B.1 -> A.1"},
      {R"("uses":["A.2"],)", R"("uses":["A.1"],)", "'uses' has a cycle: A.1 -> A.2 -> A.1"},
      {R"("uses":"A.2",)", "", "lemma A.1 has 'uses' that is not an array"},
      {R"("uses":[2],)", "", "lemma A.1 has a non-string entry in 'uses'"},
      {R"("uses":["A.2","A.2"],)", "", "lemma A.1 lists 'A.2' twice in 'uses'"},
  };
  for (const auto& c : cases) {
    const std::string message = rejection(c.uses_a, c.uses_b);
    EXPECT_NE(message.find(c.message), std::string::npos) << c.uses_a << c.uses_b << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(TraceabilityRules, RegistryIndexMismatchesAreReported) {
  const LemmaIndex index = LemmaIndex::parse(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"A.1","title":"t","paper_section":"A","spec":"x.md","checks":[
        {"name":"A.1:implemented-but-unregistered","kind":"exact","status":"implemented","statement":"s"},
        {"name":"A.1:pending-but-registered","kind":"exact","status":"pending","issue":4,"statement":"s"},
        {"name":"A.1:wrong-kind","kind":"exact","status":"implemented","statement":"s"}]}]})");
  audit::Registry registry;
  auto pass = [](const audit::CheckContext&) { return audit::CheckResult{true, "", {}, {}, {}, {}}; };
  registry.add({"Z.9:unknown-lemma", CheckKind::kExact, pass});
  registry.add({"A.1:pending-but-registered", CheckKind::kExact, pass});
  registry.add({"A.1:wrong-kind", CheckKind::kStatistical, pass});
  registry.add({"A.1:not-in-index", CheckKind::kExact, pass});
  const auto problems = audit::traceability_problems(index, registry);
  const std::string all = [&] {
    std::string joined;
    for (const auto& p : problems) joined += p + "\n";
    return joined;
  }();
  EXPECT_EQ(problems.size(), 5u) << all;
  for (const char* expected : {"Z.9:unknown-lemma names lemma Z.9", "A.1:pending-but-registered is registered but",
                               "A.1:wrong-kind is registered as statistical", "A.1:not-in-index is registered but not",
                               "marks A.1:implemented-but-unregistered implemented"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
}

}  // namespace
}  // namespace dpsi::spec
