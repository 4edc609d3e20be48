// The mutation catalogue (mutants/*.json) against the source tree and the lemma index: every fault
// point in src/ is catalogued exactly once, every catalogued fault exists at its declared site,
// every killer is an implemented check, every implemented check is some fault's killer; and the kill
// classification on synthetic reports.
#include "dpsi/fault/catalogue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "dpsi/fault/fault_point.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::fault {
namespace {

const std::filesystem::path kSource = DPSI_SOURCE_DIR;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// fault id -> files (relative to the repository) holding DPSI_FAULT("id") or DPSI_FAULT_SOMETIMES("id", p).
std::map<std::string, std::set<std::string>> fault_points_in_source() {
  static const std::regex point(R"re(DPSI_FAULT(?:_SOMETIMES)?\(\s*"([^"]+)")re");
  std::map<std::string, std::set<std::string>> found;
  for (const char* root : {"src", "proofs-checks"}) {
    for (const auto& item : std::filesystem::recursive_directory_iterator(kSource / root)) {
      const std::string extension = item.path().extension().string();
      if (extension != ".cc" && extension != ".h") continue;
      if (item.path().parent_path().filename() == "fault") continue;  // the mechanism itself, and its docs
      const std::string text = read(item.path());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), point); it != std::sregex_iterator(); ++it)
        found[(*it)[1].str()].insert(std::filesystem::relative(item.path(), kSource).string());
    }
  }
  return found;
}

TEST(MutantCatalogue, LoadsAndIsTiedToTheLemmaIndex) {
  const std::vector<Mutant> catalogue = load_catalogue(kSource / "mutants");
  EXPECT_FALSE(catalogue.empty());
  const std::vector<std::string> problems = catalogue_problems(catalogue, spec::builtin_lemma_index());
  for (const std::string& problem : problems) ADD_FAILURE() << problem;
}

TEST(MutantCatalogue, EveryFaultPointIsCataloguedAtItsSiteAndViceVersa) {
  const std::vector<Mutant> catalogue = load_catalogue(kSource / "mutants");
  const auto points = fault_points_in_source();
  std::set<std::string> catalogued;
  for (const Mutant& mutant : catalogue) {
    catalogued.insert(mutant.id);
    const auto found = points.find(mutant.id);
    if (found == points.end()) {
      ADD_FAILURE() << "catalogued mutant '" << mutant.id << "' has no DPSI_FAULT(\"" << mutant.id << "\") in src/ or proofs-checks/";
      continue;
    }
    EXPECT_EQ(found->second, std::set<std::string>{mutant.site}) << "mutant '" << mutant.id << "' is declared at " << mutant.site;
  }
  for (const auto& [id, files] : points)
    EXPECT_TRUE(catalogued.count(id) != 0) << "fault point '" << id << "' in " << *files.begin() << " is not in mutants/*.json";
}

// No check that cannot fail (DEVELOPERS.md): every implemented check of the index is declared the
// killer of at least one catalogued fault, so the mutation run makes each of them fail at least once
// (FailWording.EveryCheckFailedInTheMutationRun verifies that it did, and reads its FAIL margin).
TEST(MutantCatalogue, EveryImplementedCheckKillsSomeMutant) {
  const std::vector<Mutant> catalogue = load_catalogue(kSource / "mutants");
  std::set<std::string> killers;
  for (const Mutant& mutant : catalogue) killers.insert(mutant.killed_by.begin(), mutant.killed_by.end());
  for (const spec::Lemma& lemma : spec::builtin_lemma_index().lemmas()) {
    for (const spec::IndexedCheck& check : lemma.checks) {
      if (check.status != spec::CheckStatus::kImplemented) continue;
      EXPECT_TRUE(killers.count(check.name) != 0) << check.name << " is the declared killer of no catalogued fault";
    }
  }
}

TEST(MutantCatalogue, OrdinaryBuildsCompileEveryFaultPointOut) {
  static_assert(!kCompiledIn, "the test suite must be built without DPSI_FAULT_POINTS");
  static_assert(!DPSI_FAULT("posterior.rejection-sigma-y-1pct"));
  EXPECT_EQ(active_fault(), "");
  EXPECT_EQ(hit_count(), 0U);
}

TEST(MutantCatalogue, RejectsMalformedFiles) {
  const std::filesystem::path directory = std::filesystem::path(::testing::TempDir()) / "dpsi-bad-catalogue";
  std::filesystem::create_directories(directory);
  const auto write = [&](const std::string& text) {
    std::ofstream(directory / "x.json", std::ios::trunc) << text;
  };
  write(R"({"schema": "wrong", "mutants": []})");
  EXPECT_THROW(load_catalogue(directory), std::invalid_argument);
  write(R"({"schema": "dpsi-mutant-catalogue/1", "mutants": [{"id": "a.b", "site": "s", "fault": "f", "violates": "v"}]})");
  EXPECT_THROW(load_catalogue(directory), std::invalid_argument);  // no killed_by
  write(R"({"schema": "dpsi-mutant-catalogue/1", "mutants": [{"id": "a.b", "site": "s", "fault": "f", "violates": "v", "killed_by": ["X.1:y"], "colour": 1}]})");
  EXPECT_THROW(load_catalogue(directory), std::invalid_argument);  // unknown field
  write(R"({"schema": "dpsi-mutant-catalogue/1", "mutants": [{"id": "A.B", "site": "s", "fault": "f", "violates": "v", "killed_by": ["X.1:y"]},
                                                              {"id": "A.B", "site": "s", "fault": "f", "violates": "v", "killed_by": []}]})");
  const std::vector<Mutant> loaded = load_catalogue(directory);
  const std::vector<std::string> problems = catalogue_problems(loaded, spec::builtin_lemma_index());
  // ill-formed id (twice), duplicate, unknown killer, empty killer list
  EXPECT_EQ(problems.size(), 5U) << ::testing::PrintToString(problems);
  std::filesystem::remove_all(directory);
}

nlohmann::json report_with(const std::vector<std::pair<std::string, std::string>>& verdicts) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& [name, verdict] : verdicts) checks.push_back({{"id", name}, {"verdict", verdict}, {"margin", "m(" + name + ")"}});
  return {{"checks", checks}};
}

TEST(MutantCatalogue, ClassifiesRuns) {
  Mutant mutant;
  mutant.id = "x.y";
  mutant.killed_by = {"E.1:accepted-law", "E.2:acceptance-rate"};
  const MutantRun killed = classify(mutant, report_with({{"E.1:accepted-law", "pass"}, {"E.2:acceptance-rate", "fail"}}), 7);
  EXPECT_EQ(killed.outcome, Outcome::kKilled);
  EXPECT_EQ(killed.killers_failed, std::vector<std::string>{"E.2:acceptance-rate"});
  EXPECT_EQ(killed.detail, "m(E.2:acceptance-rate)");
  EXPECT_EQ(classify(mutant, report_with({{"E.1:accepted-law", "pass"}, {"E.2:acceptance-rate", "pass"}}), 7).outcome, Outcome::kSurvived);
  EXPECT_EQ(classify(mutant, report_with({{"E.1:accepted-law", "pass"}, {"E.2:acceptance-rate", "pass"}}), 0).outcome, Outcome::kNotReached);
  // A killer without a verdict (not run, pending) is a broken run, never a kill.
  EXPECT_EQ(classify(mutant, report_with({{"E.2:acceptance-rate", "fail"}}), 7).outcome, Outcome::kBroken);
  EXPECT_EQ(classify(mutant, report_with({{"E.1:accepted-law", "pending"}, {"E.2:acceptance-rate", "fail"}}), 7).outcome, Outcome::kBroken);
  EXPECT_EQ(classify(mutant, std::nullopt, 7).outcome, Outcome::kBroken);
  // Another failing check (a hypothesis, say) is recorded but does not count as the kill.
  const MutantRun other = classify(mutant, report_with({{"E.1:accepted-law", "pass"}, {"E.2:acceptance-rate", "pass"}, {"R.5:posterior-sampler-law", "fail"}}), 3);
  EXPECT_EQ(other.outcome, Outcome::kSurvived);
  EXPECT_EQ(other.others_failed, std::vector<std::string>{"R.5:posterior-sampler-law"});
  const std::vector<MutantRun> runs = {killed, other};
  EXPECT_FALSE(all_killed(runs));
  const std::string table = render_kill_table(runs);
  EXPECT_NE(table.find("SURVIVED"), std::string::npos);
  EXPECT_NE(table.find("1 of 2 mutants killed by their own checks: FAIL"), std::string::npos);
  EXPECT_EQ(kill_report_json(runs).at("all_killed"), false);
}

}  // namespace
}  // namespace dpsi::fault
