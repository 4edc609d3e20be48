// File: dpsi/audit/report.h
// Rendering an audit: the terminal table, report.md and report.json (schema in docs/audit.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpsi/audit/runner.h"

namespace dpsi::audit {

inline constexpr const char* kReportSchema = "dpsi-audit-report/1";

// Fixed-width table: ID, statement, kind, margin, verdict; then a summary line.
std::string render_table(const AuditReport& report);
// One summary line, e.g. "8 passed, 0 failed, 95 pending; traceability ok: PASS".
std::string render_summary(const AuditReport& report);
// One line on the named power statements (spec/README.md, "Power"): all at or above kPowerTarget,
// or the list of those below it (full mode), or their count at quick sizes.
std::string render_power_summary(const AuditReport& report);
std::string render_markdown(const AuditReport& report);
// What each check kind means (spec/README.md, "Check kinds"), one line per kind "kind: meaning";
// report.md and `dpsi audit --list` print it so that a verdict is read with its kind.
std::vector<std::string> kind_legend();
nlohmann::json to_json(const AuditReport& report);

// Writes DIR/report.md and DIR/report.json, each atomically (temp file + rename), and the files of
// the checks and of the report (AuditReport::files). Creates DIR.
// Throws std::system_error (one-line message) if DIR cannot be created or written.
void write_reports(const AuditReport& report, const std::filesystem::path& directory);

// For every gnuplot script among the checks' files ("NAME.gp", already written to DIR by
// write_reports), runs gnuplot in DIR if it is installed; the script writes NAME.svg.tmp, renamed to
// NAME.svg on success (so no half-drawn plot survives). Returns one note per script: where the plot
// is, or why it is not there (gnuplot missing or failing). Never throws for a missing gnuplot.
// Likewise every Graphviz file ("NAME.dot", e.g. the report's lemmas.dot) becomes NAME.svg by
// `dot -Tsvg` if dot is installed (written to NAME.svg.tmp, then renamed), with one note each.
std::vector<std::string> render_plots(const AuditReport& report, const std::filesystem::path& directory);

}  // namespace dpsi::audit
