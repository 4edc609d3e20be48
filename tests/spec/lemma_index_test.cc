// Traceability: lemma ID -> spec entry -> check -> report line, both ways.
//  - spec/lemmas.json parses, every lemma has a check, names are well formed (LemmaIndex::parse);
//  - every registered check names a lemma and an implemented check of the index, with its kind,
//    and every implemented check of the index is registered (traceability_problems);
//  - every "### <ID> — " heading of spec/*.md has an index entry and vice versa, and each check
//    name appears in its lemma's section.
// The negative tests show each rule can fail.
#include "dpsi/spec/lemma_index.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

// Lemma ID -> (file name, section text) for every "### <ID> — <title>" heading of spec/*.md.
std::map<std::string, std::pair<std::string, std::string>> spec_sections() {
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
      if (line.rfind("## ", 0) == 0 || line.rfind("# ", 0) == 0) current.clear();
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
