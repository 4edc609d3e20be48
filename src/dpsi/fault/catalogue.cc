#include "dpsi/fault/catalogue.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace dpsi::fault {
namespace {

std::string required_string(const nlohmann::json& entry, const char* key, const std::string& where) {
  if (!entry.contains(key) || !entry.at(key).is_string() || entry.at(key).get<std::string>().empty())
    throw std::invalid_argument(fmt::format("{}: missing or empty string field '{}'", where, key));
  return entry.at(key).get<std::string>();
}

Mutant parse_mutant(const nlohmann::json& entry, const std::string& group, const std::string& where) {
  if (!entry.is_object()) throw std::invalid_argument(where + ": a mutant must be a JSON object");
  static const std::set<std::string> known = {"id", "site", "fault", "violates", "killed_by", "mode"};
  for (const auto& [key, value] : entry.items())
    if (known.count(key) == 0) throw std::invalid_argument(fmt::format("{}: unknown field '{}'", where, key));
  Mutant mutant;
  mutant.group = group;
  mutant.id = required_string(entry, "id", where);
  const std::string named = where + " (" + mutant.id + ")";
  mutant.site = required_string(entry, "site", named);
  mutant.fault = required_string(entry, "fault", named);
  mutant.violates = required_string(entry, "violates", named);
  if (!entry.contains("killed_by") || !entry.at("killed_by").is_array())
    throw std::invalid_argument(named + ": 'killed_by' must be a list of check names");
  for (const auto& name : entry.at("killed_by")) {
    if (!name.is_string()) throw std::invalid_argument(named + ": 'killed_by' must be a list of check names");
    mutant.killed_by.push_back(name.get<std::string>());
  }
  const std::string mode = entry.value("mode", std::string("quick"));
  if (mode != "quick" && mode != "full") throw std::invalid_argument(named + ": 'mode' must be \"quick\" or \"full\"");
  mutant.full_mode = mode == "full";
  return mutant;
}

std::vector<std::string> verdicts_of(const nlohmann::json& report, const std::string& verdict) {
  std::vector<std::string> names;
  if (!report.contains("checks") || !report.at("checks").is_array()) return names;
  for (const auto& check : report.at("checks"))
    if (check.value("verdict", std::string()) == verdict) names.push_back(check.value("id", std::string()));
  return names;
}

std::string margin_of(const nlohmann::json& report, const std::string& name) {
  if (!report.contains("checks")) return {};
  for (const auto& check : report.at("checks"))
    if (check.value("id", std::string()) == name) return check.value("margin", std::string());
  return {};
}

std::string markdown_cell(const std::string& text) {
  std::string cell;
  for (const char c : text) cell += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return cell;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<Mutant> load_catalogue(const std::filesystem::path& directory) {
  if (!std::filesystem::is_directory(directory))
    throw std::invalid_argument(fmt::format("mutation catalogue: '{}' is not a directory", directory.string()));
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(directory))
    if (item.path().extension() == ".json") files.push_back(item.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw std::invalid_argument(fmt::format("mutation catalogue: no *.json in '{}'", directory.string()));
  std::vector<Mutant> catalogue;
  for (const auto& file : files) {
    const std::string where = file.filename().string();
    std::ifstream in(file);
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& error) {
      throw std::invalid_argument(fmt::format("{}: not JSON ({})", where, error.what()));
    }
    if (!document.is_object() || document.value("schema", std::string()) != kCatalogueSchema)
      throw std::invalid_argument(fmt::format("{}: schema must be \"{}\"", where, kCatalogueSchema));
    if (!document.contains("mutants") || !document.at("mutants").is_array())
      throw std::invalid_argument(where + ": 'mutants' must be a list");
    std::size_t position = 0;
    for (const auto& entry : document.at("mutants"))
      catalogue.push_back(parse_mutant(entry, file.stem().string(), fmt::format("{} mutant #{}", where, ++position)));
  }
  return catalogue;
}

std::vector<std::string> catalogue_problems(const std::vector<Mutant>& catalogue, const spec::LemmaIndex& index) {
  static const std::regex id_pattern("^[a-z0-9]+([.-][a-z0-9]+)*$");
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (const Mutant& mutant : catalogue) {
    if (!std::regex_match(mutant.id, id_pattern))
      problems.push_back(fmt::format("mutant '{}' ({}): id must be lower-case words joined by '.' or '-'", mutant.id, mutant.group));
    if (!seen.insert(mutant.id).second) problems.push_back(fmt::format("mutant '{}' is declared twice", mutant.id));
    if (mutant.killed_by.empty()) problems.push_back(fmt::format("mutant '{}' names no check that must kill it", mutant.id));
    for (const std::string& name : mutant.killed_by) {
      const spec::IndexedCheck* check = index.find_check(name);
      if (check == nullptr)
        problems.push_back(fmt::format("mutant '{}': killer '{}' is not a check of the lemma index", mutant.id, name));
      else if (check->status != spec::CheckStatus::kImplemented)
        problems.push_back(fmt::format("mutant '{}': killer '{}' is pending", mutant.id, name));
    }
  }
  return problems;
}

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kKilled: return "killed";
    case Outcome::kSurvived: return "SURVIVED";
    case Outcome::kNotReached: return "NOT REACHED";
    case Outcome::kBroken: return "BROKEN RUN";
  }
  return "?";
}

MutantRun classify(const Mutant& mutant, const std::optional<nlohmann::json>& report, std::uint64_t hits) {
  MutantRun run;
  run.mutant = mutant;
  run.hits = hits;
  if (!report) {
    run.outcome = Outcome::kBroken;
    return run;
  }
  const std::vector<std::string> failed = verdicts_of(*report, "fail");
  const std::vector<std::string> passed = verdicts_of(*report, "pass");
  for (const std::string& name : mutant.killed_by) {
    if (contains(failed, name)) run.killers_failed.push_back(name);
    else if (contains(passed, name)) run.killers_passed.push_back(name);
  }
  for (const std::string& name : failed)
    if (!contains(mutant.killed_by, name)) run.others_failed.push_back(name);
  if (run.killers_failed.size() + run.killers_passed.size() != mutant.killed_by.size()) {
    run.outcome = Outcome::kBroken;
    run.detail = "the report lacks a verdict for a declared killer (pending or not run)";
  } else if (!run.killers_failed.empty()) {
    run.outcome = Outcome::kKilled;
    run.detail = margin_of(*report, run.killers_failed.front());
  } else {
    run.outcome = hits == 0 ? Outcome::kNotReached : Outcome::kSurvived;
  }
  return run;
}

bool all_killed(const std::vector<MutantRun>& runs) {
  return std::all_of(runs.begin(), runs.end(), [](const MutantRun& run) { return run.outcome == Outcome::kKilled; });
}

std::string render_kill_table(const std::vector<MutantRun>& runs) {
  std::size_t id_width = 6;
  for (const MutantRun& run : runs) id_width = std::max(id_width, run.mutant.id.size());
  std::string table = fmt::format("{:<{}}  {:<5}  {:<11}  {:>10}  {:>7}  {}\n", "mutant", id_width, "mode", "outcome", "hits", "seconds",
                                  "killed by (failed) / passed");
  std::size_t killed = 0;
  for (const MutantRun& run : runs) {
    killed += run.outcome == Outcome::kKilled ? 1 : 0;
    std::string who = fmt::format("{}", fmt::join(run.killers_failed, ", "));
    if (!run.killers_passed.empty()) who += fmt::format("{}passed: {}", who.empty() ? "" : " / ", fmt::join(run.killers_passed, ", "));
    if (run.outcome == Outcome::kBroken) who = run.detail;
    table += fmt::format("{:<{}}  {:<5}  {:<11}  {:>10}  {:>7.1f}  {}\n", run.mutant.id, id_width, run.mutant.full_mode ? "full" : "quick",
                         to_string(run.outcome), run.hits, run.seconds, who);
  }
  table += fmt::format("{} of {} mutants killed by their own checks: {}\n", killed, runs.size(),
                       killed == runs.size() ? "PASS" : "FAIL (every survivor is a finding)");
  return table;
}

std::string render_kill_markdown(const std::vector<MutantRun>& runs, const std::string& header) {
  std::string md = "# dpsi mutation run\n\n" + header + "\n\n";
  md += "| mutant | group | mode | outcome | hits | killed by | killing margin | fault | claim violated |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const MutantRun& run : runs)
    md += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |\n", run.mutant.id, run.mutant.group, run.mutant.full_mode ? "full" : "quick",
                      run.outcome == Outcome::kKilled ? "killed" : fmt::format("**{}**", to_string(run.outcome)), run.hits,
                      fmt::format("{}", fmt::join(run.killers_failed, ", ")), markdown_cell(run.detail), run.mutant.fault, run.mutant.violates);
  return md;
}

nlohmann::json kill_report_json(const std::vector<MutantRun>& runs) {
  nlohmann::json entries = nlohmann::json::array();
  for (const MutantRun& run : runs)
    entries.push_back({{"id", run.mutant.id},
                       {"group", run.mutant.group},
                       {"mode", run.mutant.full_mode ? "full" : "quick"},
                       {"outcome", to_string(run.outcome)},
                       {"hits", run.hits},
                       {"seconds", run.seconds},
                       {"killed_by", run.mutant.killed_by},
                       {"killers_failed", run.killers_failed},
                       {"other_checks_failed", run.others_failed},
                       {"detail", run.detail}});
  return {{"schema", kKillReportSchema}, {"all_killed", all_killed(runs)}, {"mutants", entries}};
}

}  // namespace dpsi::fault
