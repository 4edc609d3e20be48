// Tests for dpsi/audit/{runner,report,atomic_file}.h: verdicts, selection, the report formats, and
// that a report is written whole or not at all.
#include "dpsi/audit/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "dpsi/audit/atomic_file.h"
#include "dpsi/audit/lemma_graph.h"
#include "dpsi/audit/runner.h"
#include "dpsi/fault/catalogue.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::audit {
namespace {

namespace fs = std::filesystem;

class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("dpsi-report-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(root_);
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  fs::path root_;
};

spec::LemmaIndex toy_index() {
  return spec::LemmaIndex::parse(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"X.1","title":"toy lemma","paper_section":"none","spec":"x.md","checks":[
        {"name":"X.1:passes","kind":"exact","status":"implemented","statement":"a | claim that holds"},
        {"name":"X.1:fails","kind":"certified","status":"implemented","statement":"a claim that does not"},
        {"name":"X.1:throws","kind":"statistical","status":"implemented","statement":"a check that errs"},
        {"name":"X.1:later","kind":"exact","status":"pending","issue":7,"statement":"not yet"}]},
      {"id":"X.2","title":"other","paper_section":"none","spec":"x.md","checks":[
        {"name":"X.2:passes","kind":"exact","status":"implemented","statement":"holds"}]}]})");
}

Registry toy_registry() {
  Registry registry;
  registry.add({"X.1:passes", spec::CheckKind::kExact, [](const CheckContext& context) {
                  CheckResult result{true, "max 1e-9 <= 1e-6", {"X.1: fine"}, {{"n", 3}}, {}, {}};
                  result.parameters["seed_seen"] = std::to_string(context.seed);
                  return result;
                }});
  registry.add({"X.1:fails", spec::CheckKind::kCertified,
                [](const CheckContext&) { return CheckResult{false, "2 > 1", {"X.1: refuted"}, {}, {}, {}}; }});
  registry.add({"X.1:throws", spec::CheckKind::kStatistical,
                [](const CheckContext&) -> CheckResult { throw std::runtime_error("sampler exploded"); }});
  registry.add({"X.2:passes", spec::CheckKind::kExact,
                [](const CheckContext&) { return CheckResult{true, "ok", {}, {}, {}, {}}; }});
  return registry;
}

TEST(AuditRunner, VerdictsPendingAndErrors) {
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  ASSERT_EQ(report.entries.size(), 5u);
  EXPECT_EQ(report.entries[0].verdict, Verdict::kPass);
  EXPECT_EQ(report.entries[1].verdict, Verdict::kFail);
  EXPECT_EQ(report.entries[2].verdict, Verdict::kFail);
  EXPECT_NE(report.entries[2].margin.find("sampler exploded"), std::string::npos);
  EXPECT_EQ(report.entries[3].verdict, Verdict::kPending);
  EXPECT_FALSE(report.entries[3].seed.has_value());
  EXPECT_EQ(report.count(Verdict::kPass), 2u);
  EXPECT_FALSE(report.passed());
}

TEST(AuditRunner, SeedsFollowTheSpecRule) {
  // Seed = first 8 bytes of SHA-256 of the lemma ID, big-endian (spec/README.md). Vectors from
  // coreutils sha256sum: `printf X.1 | sha256sum` = 24bc1dd2220eab06..., `printf B.2 | sha256sum`
  // = 80ee8975737b826e..., `printf X.1/7 | sha256sum` = d1ee3282aae234d6... (user seed 7).
  EXPECT_EQ(derive_seed("X.1", std::nullopt), 0x24bc1dd2220eab06ULL);
  EXPECT_EQ(derive_seed("B.2", std::nullopt), 0x80ee8975737b826eULL);
  EXPECT_EQ(derive_seed("X.1", 7), 0xd1ee3282aae234d6ULL);
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  EXPECT_EQ(*report.entries[0].seed, derive_seed("X.1", std::nullopt));
  EXPECT_EQ(*report.entries[1].seed, *report.entries[0].seed);  // same lemma, same seed
  EXPECT_NE(*report.entries[4].seed, *report.entries[0].seed);
  AuditOptions options;
  options.seed = 7;
  const AuditReport seeded = run_audit(toy_index(), toy_registry(), Instance::defaults(), options);
  EXPECT_NE(*seeded.entries[0].seed, *report.entries[0].seed);
  EXPECT_EQ(*seeded.entries[0].seed, derive_seed("X.1", 7));
}

TEST(AuditRunner, SelectionByLemmaOrCheck) {
  AuditOptions options;
  options.only = {"X.2"};
  EXPECT_EQ(run_audit(toy_index(), toy_registry(), Instance::defaults(), options).entries.size(), 1u);
  options.only = {"X.1:passes", "X.2"};
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), options);
  ASSERT_EQ(report.entries.size(), 2u);
  EXPECT_TRUE(report.passed());
  options.only = {"X.3"};
  EXPECT_THROW(run_audit(toy_index(), toy_registry(), Instance::defaults(), options), SelectionError);
}

TEST(AuditReportFormat, JsonHasTheDocumentedSchema) {
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  const nlohmann::json json = to_json(report);
  EXPECT_EQ(json.at("schema"), kReportSchema);
  EXPECT_EQ(json.at("summary").at("verdict"), "fail");
  EXPECT_EQ(json.at("summary").at("failed"), 2);
  EXPECT_EQ(json.at("summary").at("pending"), 1);
  EXPECT_EQ(json.at("parameters").at("delta"), "1/20");
  const auto& first = json.at("checks").at(0);
  for (const char* key : {"id", "lemma", "statement", "kind", "verdict", "margin", "parameters", "seed",
                          "duration_seconds", "log", "issue"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first.at("verdict"), "pass");
  EXPECT_EQ(json.at("checks").at(1).at("verdict"), "fail");
  EXPECT_EQ(json.at("checks").at(3).at("issue"), 7);
  EXPECT_TRUE(json.at("checks").at(3).at("seed").is_null());
}

TEST(AuditReportFormat, MarkdownAndTableShowEveryCheck) {
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  const std::string markdown = render_markdown(report);
  const std::string table = render_table(report);
  for (const char* name : {"X.1:passes", "X.1:fails", "X.1:throws", "X.1:later", "X.2:passes"}) {
    EXPECT_NE(markdown.find(name), std::string::npos) << name;
    EXPECT_NE(table.find(name), std::string::npos) << name;
  }
  EXPECT_NE(markdown.find("a \\| claim that holds"), std::string::npos);  // pipes escaped in cells
  EXPECT_NE(table.find("2 passed, 2 failed, 1 pending"), std::string::npos) << table;
}

TEST_F(ScratchDir, AtomicWriteReplacesWholeFile) {
  const fs::path file = root_ / "report.json";
  write_file_atomically(file, "first");
  write_file_atomically(file, "second version");
  EXPECT_EQ(read(file), "second version");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(root_)) ++entries;
  EXPECT_EQ(entries, 1u) << "temporary file left behind";
}

TEST_F(ScratchDir, WritingUnderARegularFileFailsAndLeavesNothing) {
  const fs::path blocker = root_ / "not-a-directory";
  write_file_atomically(blocker, "x");
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  EXPECT_THROW(write_reports(report, blocker / "reports"), std::system_error);
  EXPECT_FALSE(fs::exists(blocker / "reports"));
  EXPECT_THROW(write_file_atomically(blocker / "report.json", "x"), std::system_error);
}

TEST_F(ScratchDir, ReadOnlyDirectoryFailsCleanly) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions; covered by the regular-file case";
  const fs::path read_only = root_ / "ro";
  fs::create_directories(read_only);
  fs::permissions(read_only, fs::perms::owner_read | fs::perms::owner_exec);
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  EXPECT_THROW(write_reports(report, read_only), std::system_error);
  fs::permissions(read_only, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(read_only));
}

TEST_F(ScratchDir, ReportsAreWrittenBoth) {
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  write_reports(report, root_ / "out");
  EXPECT_EQ(nlohmann::json::parse(read(root_ / "out" / "report.json")).at("schema"), kReportSchema);
  EXPECT_NE(read(root_ / "out" / "report.md").find("# dpsi audit report"), std::string::npos);
}


Registry registry_with_files(const std::string& file_name) {
  Registry registry;
  registry.add({"X.2:passes", spec::CheckKind::kExact, [file_name](const CheckContext& context) {
                  CheckResult result{true, "ok", {}, {}, "#### a table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", {}};
                  result.files.push_back({file_name + ".dat", "1 2\n10 20\n"});
                  result.files.push_back({file_name + ".gp",
                                          "set terminal svg\nset output '" + file_name + ".svg.tmp'\nplot '" + file_name +
                                              ".dat' using 1:2 with lines\n"});
                  result.parameters["epsilon"] = to_decimal(context.epsilon);
                  return result;
                }});
  return registry;
}

TEST_F(ScratchDir, ChecksFilesAndMarkdownReachTheReportAndThePlotIsDrawn) {
  AuditOptions options;
  options.only = {"X.2"};
  options.epsilon = Rational(1, 1000);
  const AuditReport report = run_audit(toy_index(), registry_with_files("plot"), Instance::defaults(), options);
  ASSERT_EQ(report.entries.size(), 1u);
  EXPECT_EQ(report.entries[0].parameters["epsilon"], "0.001");
  write_reports(report, root_);
  EXPECT_EQ(read(root_ / "plot.dat"), "1 2\n10 20\n");
  EXPECT_NE(read(root_ / "report.md").find("| a | b |"), std::string::npos);
  EXPECT_NE(read(root_ / "report.json").find("plot.gp"), std::string::npos);
  const std::vector<std::string> notes = render_plots(report, root_);
  ASSERT_EQ(notes.size(), 1u);
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot not installed: " << notes[0];
  EXPECT_TRUE(fs::exists(root_ / "plot.svg")) << notes[0];
  EXPECT_FALSE(fs::exists(root_ / "plot.svg.tmp"));
}

TEST_F(ScratchDir, AReportFileWithADirectoryInItsNameIsRefused) {
  AuditOptions options;
  options.only = {"X.2"};
  const AuditReport report = run_audit(toy_index(), registry_with_files("../escape"), Instance::defaults(), options);
  EXPECT_THROW(write_reports(report, root_), std::invalid_argument);
  EXPECT_FALSE(fs::exists(root_ / "report.md"));
}

// The report's own files (AuditReport::files: `dpsi audit` adds lemmas.dot) are written beside
// report.md, which links the graph; render_plots draws NAME.dot as NAME.svg with Graphviz, atomically.
TEST_F(ScratchDir, TheLemmaGraphIsWrittenLinkedAndDrawn) {
  AuditOptions options;
  options.only = {"X.2"};
  AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), options);
  write_reports(report, root_);
  EXPECT_EQ(read(root_ / "report.md").find("## Lemma graph"), std::string::npos) << "no graph, no link";
  report.files.emplace_back(kLemmaGraphFile, lemma_graph_dot(toy_index(), report));
  write_reports(report, root_);
  EXPECT_EQ(read(root_ / "lemmas.dot"), lemma_graph_dot(toy_index(), report));
  EXPECT_NE(read(root_ / "lemmas.dot").find(R"("X.2" [label="X.2\nother", fillcolor="palegreen"];)"), std::string::npos);
  const std::string md = read(root_ / "report.md");
  EXPECT_NE(md.find("## Lemma graph"), std::string::npos);
  EXPECT_NE(md.find("[lemmas.svg](lemmas.svg)"), std::string::npos);
  EXPECT_NE(md.find("[lemmas.dot](lemmas.dot)"), std::string::npos);
  const std::vector<std::string> notes = render_plots(report, root_);
  ASSERT_EQ(notes.size(), 1u);
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz dot not installed: " << notes[0];
  EXPECT_EQ(notes[0], "graph: " + (root_ / "lemmas.svg").string());
  EXPECT_NE(read(root_ / "lemmas.svg").find("<svg"), std::string::npos);
  EXPECT_NE(read(root_ / "lemmas.svg").find("X.2"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "lemmas.svg.tmp"));
}

TEST_F(ScratchDir, ABrokenGraphLeavesNoSvgAndAMissingDotLeavesANote) {
  AuditReport report;
  report.files.emplace_back("broken.dot", "digraph { this is not DOT \"\n");
  write_reports(report, root_);
  // Without dot on the PATH: one note saying how to draw it, nothing drawn.
  const char* saved = std::getenv("PATH");
  const std::string path = saved == nullptr ? "" : saved;
  ::setenv("PATH", root_.c_str(), 1);
  const std::vector<std::string> missing = render_plots(report, root_);
  ::setenv("PATH", path.c_str(), 1);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].find("Graphviz dot is not installed; run `dot -Tsvg broken.dot -o broken.svg`"), std::string::npos) << missing[0];
  EXPECT_EQ(missing[0].find('\n'), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "broken.svg"));
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz dot not installed";
  const std::vector<std::string> failed = render_plots(report, root_);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0], "graph: dot failed on " + root_.string() + "/broken.dot");
  EXPECT_FALSE(fs::exists(root_ / "broken.svg"));
  EXPECT_FALSE(fs::exists(root_ / "broken.svg.tmp"));
}

// The FAIL wording rule (spec/README.md, "Margins"): a failed margin never reads like a pass.
TEST(FailWording, DefectsAreFalseRelationsAndMissingFailureWords) {
  EXPECT_TRUE(fail_margin_defects("FAILS: max L1/radius = 1.236 > 1 at n = 5").empty());
  const std::vector<std::string> r5 = fail_margin_defects("max L1/radius = 1.236 <= 1");  // issue 15's R.5 margin
  ASSERT_EQ(r5.size(), 2u);
  EXPECT_NE(r5[0].find("'1.236 <= 1' is false as written"), std::string::npos);
  EXPECT_NE(r5[1].find("no failure word"), std::string::npos);
  EXPECT_EQ(fail_margin_defects("p_hat + r = 0.71 >= 0.8 FAILS").size(), 1u);  // still false as written
  // A naming word between the relation and its right-hand number does not hide it (A.3's margin did).
  EXPECT_EQ(fail_margin_defects("FAILED: tail 2.15109e-32 <= bound 1.07586e-32").size(), 1u);
  EXPECT_TRUE(fail_margin_defects("FAILED: tail 2.15109e-32 > bound 1.07586e-32").empty());
  EXPECT_TRUE(fail_margin_defects("value 3e-7 < 2e-6 holds but 0.5 > 0.2: bound exceeded").empty());
  EXPECT_TRUE(fail_margin_defects("FAILS: t = 2.1e-50 does not print as 2.04054e-50").empty());
  // Fractions, powers and products are not split into false relations.
  EXPECT_TRUE(fail_margin_defects("FAILS: 0.006 <= 1/200 not certain; 3 <= 2^-5 x").empty());
  EXPECT_EQ(enforce_fail_wording("2 > 1"), "FAILED: 2 > 1");
  EXPECT_EQ(enforce_fail_wording("FAILS: 2 > 1"), "FAILS: 2 > 1");
  EXPECT_EQ(enforce_fail_wording("max 1.236 <= 1"), "FAILED: max 1.236 <= 1 [wording defect: '1.236 <= 1' is false as written]");
}

TEST(FailWording, TheRunnerEnforcesItOnEveryFailedCheck) {
  const AuditReport report = run_audit(toy_index(), toy_registry(), Instance::defaults(), {});
  for (const AuditEntry& entry : report.entries) {
    if (entry.verdict != Verdict::kFail) continue;
    EXPECT_EQ(entry.margin.rfind("FAIL", 0), 0u) << entry.check_name << ": " << entry.margin;
  }
  EXPECT_EQ(report.entries[1].margin, "FAILED: 2 > 1");
  EXPECT_EQ(report.entries[2].margin, "FAILED: error: sampler exploded");
  EXPECT_EQ(report.entries[0].margin, "max 1e-9 <= 1e-6");  // passes are left alone
}

// Every FAIL margin a mutation run produced (dpsi mutants --out DIR; DIR/runs/<mutant>/report.json), for
// the directory named by DPSI_MUTANTS_DIR: each starts with FAIL and has no false relation as written.
TEST(FailWording, EveryFailMarginOfTheMutationRunsIsWorded) {
  const char* directory = std::getenv("DPSI_MUTANTS_DIR");
  if (directory == nullptr || !fs::exists(fs::path(directory) / "runs")) GTEST_SKIP() << "set DPSI_MUTANTS_DIR to a dpsi mutants --out directory";
  std::size_t scanned = 0;
  for (const auto& run : fs::directory_iterator(fs::path(directory) / "runs")) {
    const fs::path report_path = run.path() / "report.json";
    if (!fs::exists(report_path)) continue;
    std::ifstream in(report_path);
    const nlohmann::json report = nlohmann::json::parse(in);
    for (const auto& check : report.at("checks")) {
      if (check.at("verdict") != "fail") continue;
      ++scanned;
      const std::string margin = check.at("margin");
      EXPECT_EQ(margin.rfind("FAIL", 0), 0u) << run.path().filename() << " " << check.at("id") << ": " << margin;
      EXPECT_EQ(margin.find("[wording defect"), std::string::npos) << run.path().filename() << " " << check.at("id") << ": " << margin;
      // The rule as it is now, not only as the run's dpsi applied it.
      for (const std::string& defect : fail_margin_defects(margin))
        ADD_FAILURE() << run.path().filename() << " " << check.at("id") << ": " << defect << " in: " << margin.substr(0, 600);
    }
  }
  std::printf("scanned %zu FAIL margins of the mutation runs in %s\n", scanned, directory);
}

// Every implemented check of the index failed in at least one run of the whole catalogue (its FAIL
// margin was then scanned above): a check that no catalogued fault makes fail is not shown to be able
// to fail. Skipped for runs of part of the catalogue (dpsi mutants --only).
TEST(FailWording, EveryCheckFailedInTheMutationRun) {
  const char* directory = std::getenv("DPSI_MUTANTS_DIR");
  if (directory == nullptr || !fs::exists(fs::path(directory) / "mutants.json")) GTEST_SKIP() << "set DPSI_MUTANTS_DIR to a dpsi mutants --out directory";
  std::ifstream summary_in(fs::path(directory) / "mutants.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_in);
  const std::size_t catalogued = fault::load_catalogue(fs::path(DPSI_SOURCE_DIR) / "mutants").size();
  if (summary.at("mutants").size() < catalogued) GTEST_SKIP() << "a run of part of the catalogue";
  std::set<std::string> failed;
  for (const auto& run : fs::directory_iterator(fs::path(directory) / "runs")) {
    const fs::path report_path = run.path() / "report.json";
    if (!fs::exists(report_path)) continue;
    std::ifstream in(report_path);
    const nlohmann::json report = nlohmann::json::parse(in);
    if (report.at("fault_injected").is_null()) continue;  // the baseline
    for (const auto& check : report.at("checks"))
      if (check.at("verdict") == "fail") failed.insert(check.at("id").get<std::string>());
  }
  for (const spec::Lemma& lemma : spec::builtin_lemma_index().lemmas()) {
    for (const spec::IndexedCheck& check : lemma.checks) {
      if (check.status != spec::CheckStatus::kImplemented) continue;
      EXPECT_TRUE(failed.count(check.name) != 0) << check.name << " failed under no injected fault of the mutation run";
    }
  }
}

// Power statements: a named one below the target is listed in full mode and only counted in quick
// mode; a reported-only one must name checks of the index, or the check fails with an error.
TEST(AuditPower, NamedStatementsBelowTargetAreListedInFullModeOnly) {
  Registry registry;
  registry.add({"X.1:passes", spec::CheckKind::kExact, [](const CheckContext&) {
                  CheckResult result{true, "fine", {}, {}, {}, {}};
                  result.power.push_back({"weak alternative", 0.5, "normal approximation"});
                  result.power.push_back({"strong alternative", 0.999, "exact binomial"});
                  result.power.push_back({"someone else's alternative", 0.0, "by construction", {"X.2:passes"}});
                  return result;
                }});
  registry.add({"X.1:fails", spec::CheckKind::kCertified, [](const CheckContext&) {
                  CheckResult result{true, "fine", {}, {}, {}, {}};
                  result.power.push_back({"an alternative", 1.0, "exact", {"X.9:nowhere"}});
                  return result;
                }});
  AuditOptions options;
  options.only = {"X.1:passes", "X.1:fails"};
  const AuditReport full = run_audit(toy_index(), registry, Instance::defaults(), options);
  EXPECT_EQ(full.named_power_statements(), 2u);
  ASSERT_EQ(full.power_below_target().size(), 1u);
  EXPECT_EQ(full.power_below_target()[0].second->alternative, "weak alternative");
  EXPECT_EQ(render_power_summary(full),
            "power: BELOW THE TARGET 0.99 on 1 of 2 named alternatives: X.1:passes against 'weak alternative' 0.500");
  EXPECT_FALSE(to_json(full).at("power").at("met").get<bool>());
  EXPECT_NE(render_markdown(full).find("**BELOW TARGET**"), std::string::npos);
  EXPECT_NE(render_markdown(full).find("reported; covered by `X.2:passes`"), std::string::npos);
  const auto& log = full.entries[0].log;
  EXPECT_NE(std::find_if(log.begin(), log.end(), [](const std::string& line) { return line.find("[BELOW THE POWER TARGET 0.99]") != std::string::npos; }),
            log.end());
  EXPECT_EQ(full.entries[1].verdict, Verdict::kFail);
  EXPECT_NE(full.entries[1].margin.find("'X.9:nowhere', which is not a check of the index"), std::string::npos);
  options.quick = true;
  const AuditReport quick = run_audit(toy_index(), registry, Instance::defaults(), options);
  EXPECT_EQ(render_power_summary(quick), "power: 2 named alternatives, 1 below 0.99 at quick sizes (the target applies to the full audit)");
  EXPECT_TRUE(to_json(quick).at("power").at("met").get<bool>());
}

// A check that requires one later in the index runs after it; the report keeps the index order.
TEST(AuditRunner, ACompositionRunsAfterTheChecksItRequires) {
  const spec::LemmaIndex index = spec::LemmaIndex::parse(R"({"schema":"dpsi-lemma-index/1","lemmas":[
      {"id":"X.1","title":"t","paper_section":"none","spec":"x.md","checks":[
        {"name":"X.1:composition","kind":"exact","status":"implemented","statement":"s"}]},
      {"id":"X.2","title":"t","paper_section":"none","spec":"x.md","checks":[
        {"name":"X.2:hypothesis","kind":"certified-at-points","status":"implemented","statement":"s"}]}]})");
  Registry registry;
  registry.add({"X.1:composition", spec::CheckKind::kExact,
                [](const CheckContext& context) {
                  CheckResult result;
                  result.passed = context.earlier_verdicts->count("X.2:hypothesis") != 0 && context.earlier_values->count("X.2:hypothesis") != 0 &&
                                  context.earlier_values->at("X.2:hypothesis").at("bound") == Rational(1, 3);
                  result.margin = result.passed ? "hypothesis ran first" : "FAILS: hypothesis not run first";
                  return result;
                },
                {"X.2:hypothesis"}});
  registry.add({"X.2:hypothesis", spec::CheckKind::kCertifiedAtPoints, [](const CheckContext&) {
                  CheckResult result;
                  result.passed = true;
                  result.certified_values["bound"] = Rational(1, 3);
                  return result;
                }});
  AuditOptions options;
  options.only = {"X.1:composition"};
  const AuditReport report = run_audit(index, registry, Instance::defaults(), options);
  ASSERT_EQ(report.entries.size(), 2u);
  EXPECT_EQ(report.entries[0].check_name, "X.1:composition");
  EXPECT_EQ(report.entries[0].verdict, Verdict::kPass) << report.entries[0].margin;
  EXPECT_EQ(report.entries[1].kind, spec::CheckKind::kCertifiedAtPoints);
  EXPECT_NE(render_markdown(report).find("certified-at-points: rigorous ball arithmetic at finitely many points"), std::string::npos);
  EXPECT_NE(render_table(report).find("certified-at-points"), std::string::npos);
  EXPECT_EQ(to_json(report).at("checks").at(1).at("kind"), "certified-at-points");
}

}  // namespace
}  // namespace dpsi::audit
