#include "dpsi/audit/report.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dpsi/audit/atomic_file.h"
#include "dpsi/fault/fault_point.h"

namespace dpsi::audit {
namespace {

nlohmann::json parameters_json(const ParameterValues& p) {
  return {{"n", to_fraction(p.n)},           {"m", to_fraction(p.m)},
          {"a", to_fraction(p.a)},           {"delta", to_fraction(p.delta)},
          {"tau", to_fraction(p.tau)},       {"sigma_y", to_fraction(p.sigma_y)},
          {"kappa_star", to_fraction(p.kappa_star)}};
}

std::string markdown_cell(std::string text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|') {
      escaped += "\\|";
    } else if (c == '\n') {
      escaped += "<br>";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::vector<std::string> kind_legend() {
  return {
      "exact: decided in exact arithmetic (integers, rationals, bit strings)",
      "certified: rigorous ball arithmetic; a claim over a domain is proved on the whole domain (branch and bound, "
      "tail bounds)",
      "certified-at-points: rigorous ball arithmetic at finitely many points (a grid, sampled points, random "
      "instances); the claim is not proved between them",
      "statistical: a Monte Carlo test with false-failure probability <= 1e-9 per claim (fixed seeds)",
  };
}

std::string render_summary(const AuditReport& report) {
  return fmt::format("{} passed, {} failed, {} pending (of {} checks); traceability {}: {}",
                     report.count(Verdict::kPass), report.count(Verdict::kFail),
                     report.count(Verdict::kPending), report.entries.size(),
                     report.traceability_problems.empty() ? "ok" : "BROKEN",
                     report.passed() ? "PASS" : "FAIL");
}

std::string render_power_summary(const AuditReport& report) {
  const std::size_t named = report.named_power_statements();
  if (named == 0) return "power: no statistical check ran";
  const auto below = report.power_below_target();
  if (report.quick) {
    return fmt::format("power: {} named alternative{}, {} below {} at quick sizes (the target applies to the full audit)", named,
                       named == 1 ? "" : "s", below.size(), kPowerTarget);
  }
  if (below.empty()) return fmt::format("power: all {} named alternatives >= {}", named, kPowerTarget);
  std::string list;
  for (const auto& [entry, power] : below) {
    list += fmt::format("{}{} against '{}' {:.3f}", list.empty() ? "" : "; ", entry->check_name, power->alternative, power->power);
  }
  return fmt::format("power: BELOW THE TARGET {} on {} of {} named alternatives: {}", kPowerTarget, below.size(), named, list);
}

std::string render_table(const AuditReport& report) {
  std::size_t id_width = 2;
  std::size_t statement_width = 9;
  std::size_t margin_width = 6;
  for (const AuditEntry& entry : report.entries) {
    id_width = std::max(id_width, entry.check_name.size());
    statement_width = std::max(statement_width, entry.statement.size());
    margin_width = std::max(margin_width, entry.margin.size());
  }
  std::string table = fmt::format("{:<{}}  {:<{}}  {:<19}  {:<{}}  {}\n", "ID", id_width, "statement",
                                  statement_width, "kind", "margin", margin_width, "verdict");
  table += std::string(id_width + statement_width + margin_width + 19 + 8 + 8, '-') + "\n";
  for (const AuditEntry& entry : report.entries) {
    table += fmt::format("{:<{}}  {:<{}}  {:<19}  {:<{}}  {}\n", entry.check_name, id_width, entry.statement,
                         statement_width, spec::to_string(entry.kind), entry.margin, margin_width,
                         to_string(entry.verdict));
  }
  for (const std::string& problem : report.traceability_problems) table += "traceability: " + problem + "\n";
  table += render_power_summary(report) + "\n";
  table += render_summary(report) + "\n";
  return table;
}

std::string render_markdown(const AuditReport& report) {
  std::string md = "# dpsi audit report\n\n";
  md += fmt::format("- verdict: **{}** — {}\n", report.passed() ? "PASS" : "FAIL", render_summary(report));
  if (!fault::active_fault().empty())
    md += fmt::format("- **MUTATION BUILD: fault `{}` injected; this is not a report of record**\n", fault::active_fault());
  md += fmt::format("- dpsi {} (revision {}), started {}, {:.2f} s{}\n", report.dpsi_version,
                    report.git_revision, report.started_at, report.seconds, report.quick ? ", quick mode" : "");
  md += fmt::format("- seed: {}\n", report.user_seed ? std::to_string(*report.user_seed)
                                                     : std::string("default (per lemma, from its ID)"));
  const ParameterValues& p = report.parameters;
  md += fmt::format("- parameters: n = {}, m = {}, a = {}, δ = {}, τ = {}, σ_y = {}, κ* = {}\n\n",
                    to_fraction(p.n), to_fraction(p.m), to_fraction(p.a), to_fraction(p.delta),
                    to_fraction(p.tau), to_fraction(p.sigma_y), to_fraction(p.kappa_star));
  if (!report.traceability_problems.empty()) {
    md += "## Traceability problems\n\n";
    for (const std::string& problem : report.traceability_problems) md += "- " + problem + "\n";
    md += "\n";
  }
  md += "## Check kinds\n\n";
  for (const std::string& line : kind_legend()) md += "- " + line + "\n";
  md += "\n## Checks\n\n| ID | statement | kind | margin | verdict |\n|---|---|---|---|---|\n";
  for (const AuditEntry& entry : report.entries) {
    md += fmt::format("| `{}` | {} | {} | {} | {} |\n", entry.check_name, markdown_cell(entry.statement),
                      spec::to_string(entry.kind), markdown_cell(entry.margin),
                      entry.verdict == Verdict::kFail ? "**FAIL**" : std::string(to_string(entry.verdict)));
  }
  md += "\n## Power\n\n";
  md += fmt::format("{}. A *named* alternative is one the check's spec entry says it must detect: in full mode its power "
                    "must be at least {}. Other rows are reported only, with the checks that are designed to detect them.\n\n",
                    render_power_summary(report), kPowerTarget);
  md += "| check | alternative | power | target | method |\n|---|---|---|---|---|\n";
  for (const AuditEntry& entry : report.entries) {
    for (const PowerStatement& power : entry.power) {
      std::string target;
      if (!power.named()) {
        target = markdown_cell(fmt::format("reported; covered by `{}`", fmt::join(power.covered_by, "`, `")));
      } else if (power.power >= kPowerTarget) {
        target = "met";
      } else {
        target = report.quick ? "quick sizes" : "**BELOW TARGET**";
      }
      md += fmt::format("| `{}` | {} | {:.4f} | {} | {} |\n", entry.check_name, markdown_cell(power.alternative), power.power, target,
                        markdown_cell(power.method));
    }
  }
  for (const auto& file : report.files) {
    if (file.first != "lemmas.dot") continue;
    md += "\n## Lemma graph\n\n";
    md += "[lemmas.svg](lemmas.svg) (Graphviz source [lemmas.dot](lemmas.dot); `dot -Tsvg lemmas.dot -o lemmas.svg` draws it): "
          "an arrow A -> B means that B uses A (spec/lemmas.json, `uses`); a lemma is green if all its checks passed, red if "
          "one failed, grey if one is pending or did not run.\n";
  }
  md += "\n## Details\n\n";
  for (const AuditEntry& entry : report.entries) {
    if (entry.verdict == Verdict::kPending) continue;
    md += fmt::format("### `{}` — {}\n\n", entry.check_name, to_string(entry.verdict));
    md += fmt::format("Lemma {} ({}). Kind: {}. Seed: {}. Time: {:.3f} s.{}\n\n", entry.lemma_id, entry.lemma_title,
                      spec::to_string(entry.kind), entry.seed ? std::to_string(*entry.seed) : "-", entry.seconds,
                      entry.source.empty() ? "" : fmt::format(" Code: `{}`.", entry.source));
    if (!entry.markdown.empty()) md += entry.markdown + "\n";
    if (!entry.log.empty()) {
      md += "```\n";
      for (const std::string& line : entry.log) md += line + "\n";
      md += "```\n\n";
    }
  }
  return md;
}

nlohmann::json to_json(const AuditReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const AuditEntry& entry : report.entries) {
    checks.push_back({
        {"id", entry.check_name},
        {"lemma", entry.lemma_id},
        {"lemma_title", entry.lemma_title},
        {"statement", entry.statement},
        {"source", entry.source.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.source)},
        {"kind", spec::to_string(entry.kind)},
        {"verdict", entry.verdict == Verdict::kFail ? "fail" : std::string(to_string(entry.verdict))},
        {"margin", entry.margin},
        {"parameters", entry.parameters},
        {"seed", entry.seed ? nlohmann::json(std::to_string(*entry.seed)) : nlohmann::json(nullptr)},
        {"duration_seconds", entry.seconds},
        {"log", entry.log},
        {"files", [&entry] {
           nlohmann::json names = nlohmann::json::array();
           for (const auto& file : entry.files) names.push_back(file.first);
           return names;
         }()},
        {"issue", entry.issue ? nlohmann::json(*entry.issue) : nlohmann::json(nullptr)},
        {"power", [&entry] {
           nlohmann::json rows = nlohmann::json::array();
           for (const PowerStatement& power : entry.power)
             rows.push_back({{"alternative", power.alternative}, {"power", power.power}, {"method", power.method},
                             {"named", power.named()}, {"covered_by", power.covered_by}});
           return rows;
         }()},
        {"certified_values", [&entry] {
           nlohmann::json values = nlohmann::json::object();
           for (const auto& [name, value] : entry.certified_values) values[name] = to_fraction(value);
           return values;
         }()},
    });
  }
  return {
      {"schema", kReportSchema},
      {"dpsi_version", report.dpsi_version},
      {"git_revision", report.git_revision},
      {"started_at", report.started_at},
      {"duration_seconds", report.seconds},
      {"quick", report.quick},
      // Only a mutation build (./run mutants) can set this; a report of record has null.
      {"fault_injected", fault::active_fault().empty() ? nlohmann::json(nullptr) : nlohmann::json(fault::active_fault())},
      {"seed", report.user_seed ? nlohmann::json(std::to_string(*report.user_seed)) : nlohmann::json(nullptr)},
      {"parameters", parameters_json(report.parameters)},
      {"summary",
       {{"verdict", report.passed() ? "pass" : "fail"},
        {"passed", report.count(Verdict::kPass)},
        {"failed", report.count(Verdict::kFail)},
        {"pending", report.count(Verdict::kPending)},
        {"total", report.entries.size()}}},
      {"traceability", {{"ok", report.traceability_problems.empty()}, {"problems", report.traceability_problems}}},
      {"power", [&report] {
         nlohmann::json below = nlohmann::json::array();
         for (const auto& [entry, power] : report.power_below_target())
           below.push_back({{"check", entry->check_name}, {"alternative", power->alternative}, {"power", power->power}});
         return nlohmann::json{{"target", kPowerTarget},
                               {"applies", !report.quick},
                               {"named", report.named_power_statements()},
                               {"below_target", below},
                               {"met", report.quick || below.empty()}};
       }()},
      {"checks", checks},
  };
}

void write_reports(const AuditReport& report, const std::filesystem::path& directory) {
  ensure_writable_directory(directory);
  const std::string json_text = to_json(report).dump(2) + "\n";
  const std::string markdown = render_markdown(report);
  for (const AuditEntry& entry : report.entries) {
    for (const auto& [name, content] : entry.files) {
      if (name.empty() || name.find('/') != std::string::npos || name.front() == '.') {
        throw std::invalid_argument(fmt::format("check {} wants to write a report file with a bad name: {}", entry.check_name, name));
      }
      write_file_atomically(directory / name, content);
    }
  }
  for (const auto& [name, content] : report.files) {
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.') {
      throw std::invalid_argument(fmt::format("the audit wants to write a report file with a bad name: {}", name));
    }
    write_file_atomically(directory / name, content);
  }
  write_file_atomically(directory / "report.json", json_text);
  write_file_atomically(directory / "report.md", markdown);
}

namespace {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

bool installed(const char* program) { return std::system(fmt::format("command -v {} >/dev/null 2>&1", program).c_str()) == 0; }

// Runs `program arguments` in `directory`; it must write STEM.svg.tmp there, which then becomes
// STEM.svg (so no half-drawn picture survives). False, with no temporary left, otherwise.
bool draw_svg(const std::filesystem::path& directory, const std::string& program_and_arguments, const std::string& stem) {
  const std::filesystem::path temporary = directory / (stem + ".svg.tmp");
  const std::string command = fmt::format("cd {} && {} >/dev/null 2>&1", shell_quote(directory.string()), program_and_arguments);
  std::error_code error;
  if (std::system(command.c_str()) == 0 && std::filesystem::exists(temporary, error)) {
    std::filesystem::rename(temporary, directory / (stem + ".svg"), error);
  } else {
    error = std::make_error_code(std::errc::io_error);
  }
  if (!error) return true;
  std::filesystem::remove(temporary, error);
  return false;
}

// NAME.dot in DIR -> NAME.svg by `dot -Tsvg`.
std::string render_graph(const std::filesystem::path& directory, const std::string& name, bool dot_installed) {
  const std::string stem = name.substr(0, name.size() - 4);
  const std::filesystem::path graph = directory / (stem + ".svg");
  if (!dot_installed) {
    return fmt::format("graph: Graphviz dot is not installed; run `dot -Tsvg {} -o {}.svg` in {} to draw {}", name, stem,
                       directory.string(), graph.string());
  }
  if (!draw_svg(directory, fmt::format("dot -Tsvg {} -o {}", shell_quote(name), shell_quote(stem + ".svg.tmp")), stem))
    return fmt::format("graph: dot failed on {}/{}", directory.string(), name);
  return fmt::format("graph: {}", graph.string());
}

bool is_graph(const std::string& name) { return name.size() > 4 && name.substr(name.size() - 4) == ".dot"; }

}  // namespace

std::vector<std::string> render_plots(const AuditReport& report, const std::filesystem::path& directory) {
  std::vector<std::string> notes;
  const bool gnuplot = installed("gnuplot");
  for (const AuditEntry& entry : report.entries) {
    for (const auto& file : entry.files) {
      const std::string& name = file.first;
      if (name.size() < 4 || name.substr(name.size() - 3) != ".gp") continue;
      const std::string stem = name.substr(0, name.size() - 3);
      const std::filesystem::path plot = directory / (stem + ".svg");
      if (!gnuplot) {
        notes.push_back(fmt::format("plot: gnuplot is not installed; run `gnuplot {}` in {} to draw {}", name, directory.string(), plot.string()));
      } else if (!draw_svg(directory, "gnuplot " + shell_quote(name), stem)) {  // the script writes STEM.svg.tmp
        notes.push_back(fmt::format("plot: gnuplot failed on {}/{}", directory.string(), name));
      } else {
        notes.push_back(fmt::format("plot: {}", plot.string()));
      }
    }
  }
  std::vector<std::string> graphs;
  for (const AuditEntry& entry : report.entries) {
    for (const auto& file : entry.files) {
      if (is_graph(file.first)) graphs.push_back(file.first);
    }
  }
  for (const auto& file : report.files) {
    if (is_graph(file.first)) graphs.push_back(file.first);
  }
  if (!graphs.empty()) {
    const bool dot = installed("dot");
    for (const std::string& name : graphs) notes.push_back(render_graph(directory, name, dot));
  }
  return notes;
}

}  // namespace dpsi::audit
