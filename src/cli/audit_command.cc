#include "cli/audit_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <system_error>

#include "cli/instance_options.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/audit/lemma_graph.h"
#include "dpsi/audit/registry.h"
#include "dpsi/audit/report.h"
#include "dpsi/audit/runner.h"
#include "dpsi/spec/lemma_index.h"
#include "proofs-checks/builtin_registry.h"

namespace dpsi::cli {
namespace {

struct AuditCommandOptions {
  InstanceFlags instance;
  std::string out = "dpsi-report";
  std::string seed;
  bool quick = false;
  bool list = false;
  std::vector<std::string> only;
  std::string epsilon = "0.1";
};

struct CheckCommandOptions {
  InstanceFlags instance;
  std::string id;
  std::string seed;
  bool quick = false;
  std::string epsilon = "0.1";
};

// Progress on stderr, only when stderr is a terminal (logs and CI output stay clean).
std::function<void(const audit::ProgressEvent&)> terminal_progress() {
  if (::isatty(STDERR_FILENO) == 0) return nullptr;
  return [](const audit::ProgressEvent& event) {
    std::cerr << fmt::format("\r\033[K[{:>3}/{}] {} {:>3.0f}%", event.index + 1, event.total, event.check_name,
                             100.0 * event.fraction_within_check)
              << std::flush;
  };
}

void clear_progress_line() {
  if (::isatty(STDERR_FILENO) != 0) std::cerr << "\r\033[K" << std::flush;
}

Rational parse_epsilon(const std::string& text) {
  Rational epsilon;
  try {
    epsilon = parse_rational(text);
  } catch (const std::invalid_argument&) {
    throw UsageError(fmt::format("--epsilon: not a decimal number: {}", quoted_input(text)));
  }
  if (epsilon <= 0) throw UsageError(fmt::format("--epsilon must be positive (got {})", text));
  return epsilon;
}

audit::AuditReport run(const Instance& instance, const std::vector<std::string>& only, bool quick,
                       const std::string& seed_text, const std::string& epsilon_text) {
  audit::AuditOptions options;
  options.quick = quick;
  options.epsilon = parse_epsilon(epsilon_text);
  if (!seed_text.empty()) options.seed = parse_seed("--seed", seed_text);
  options.only = only;
  options.progress = terminal_progress();
  try {
    audit::AuditReport report =
        audit::run_audit(spec::builtin_lemma_index(), checks::builtin_registry(), instance, options);
    clear_progress_line();
    return report;
  } catch (const audit::SelectionError& error) {
    throw UsageError(error.what());
  }
}

int list_checks() {
  for (const spec::Lemma& lemma : spec::builtin_lemma_index().lemmas()) {
    std::cout << fmt::format("{} — {} (spec/{})\n", lemma.id, lemma.title, lemma.spec_file);
    for (const spec::IndexedCheck& check : lemma.checks) {
      std::cout << fmt::format("    {:<44} {:<19} {:<11} {}\n", check.name, spec::to_string(check.kind),
                               check.status == spec::CheckStatus::kPending
                                   ? fmt::format("pending#{}", check.issue.value_or(0))
                                   : std::string("implemented"),
                               check.statement);
    }
  }
  std::cout << "\nCheck kinds:\n";
  for (const std::string& line : audit::kind_legend()) std::cout << "  " << line << "\n";
  return kExitOk;
}

int run_audit_command(const AuditCommandOptions& options) {
  if (options.list) return list_checks();
  const Instance instance = parse_instance(options.instance);
  // Fail before the (possibly long) run if the report cannot be written.
  try {
    audit::ensure_writable_directory(options.out);
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  audit::AuditReport report = run(instance, options.only, options.quick, options.seed, options.epsilon);
  report.files.emplace_back(audit::kLemmaGraphFile, audit::lemma_graph_dot(spec::builtin_lemma_index(), report));
  std::cout << audit::render_table(report);
  try {
    audit::write_reports(report, options.out);
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  std::cout << fmt::format("reports: {}/report.md, {}/report.json\n", options.out, options.out);
  for (const std::string& note : audit::render_plots(report, options.out)) std::cout << note << "\n";
  return report.passed() ? kExitOk : kExitCheckFailed;
}

int run_check_command(const CheckCommandOptions& options) {
  const Instance instance = parse_instance(options.instance);
  const audit::AuditReport report = run(instance, {options.id}, options.quick, options.seed, options.epsilon);
  for (const audit::AuditEntry& entry : report.entries) {
    std::cout << fmt::format("{} [{}] {}: {}\n", entry.check_name, spec::to_string(entry.kind),
                             audit::to_string(entry.verdict), entry.statement);
    std::cout << fmt::format("  margin: {}\n", entry.margin);
    if (entry.seed) std::cout << fmt::format("  seed: {}  time: {:.3f} s\n", *entry.seed, entry.seconds);
    for (const std::string& line : entry.log) std::cout << "  " << line << "\n";
  }
  for (const std::string& problem : report.traceability_problems) std::cout << "traceability: " << problem << "\n";
  std::cout << audit::render_summary(report) << "\n";
  return report.passed() ? kExitOk : kExitCheckFailed;
}

}  // namespace

std::function<int()> add_audit_command(CLI::App& app) {
  auto options = std::make_shared<AuditCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "audit", "Run every registered check; print the table; write DIR/report.md and DIR/report.json");
  add_instance_options(*command, options->instance);
  command->add_option("--out", options->out, "report directory (created if missing)")->capture_default_str();
  command->add_option("--seed", options->seed,
                      "mix N into every check's seed (default: seed = SHA-256 of the lemma ID)");
  command->add_flag("--quick", options->quick, "smaller grids and samples (same claims); what CI runs");
  command->add_option("--only", options->only, "lemma IDs (e.g. K.3) or check names to run")->expected(1, -1);
  command->add_option("--epsilon", options->epsilon, "accuracy eps of 'well-modeled' (C.8): target eps^2/sigma^2")
      ->capture_default_str();
  command->add_flag("--list", options->list, "list every lemma and check with its status, and exit");
  return [command, options] { return *command ? run_audit_command(*options) : -1; };
}

std::function<int()> add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckCommandOptions>();
  CLI::App* command = app.add_subcommand("check", "Run the checks of one lemma (or one check) and print their logs");
  command->add_option("ID", options->id, "lemma ID (e.g. A.2) or check name (e.g. A.2:theta-vs-lattice)")
      ->required();
  add_instance_options(*command, options->instance);
  command->add_option("--seed", options->seed, "mix N into the check's seed");
  command->add_flag("--quick", options->quick, "smaller grids and samples (same claims)");
  command->add_option("--epsilon", options->epsilon, "accuracy eps of 'well-modeled' (C.8): target eps^2/sigma^2")
      ->capture_default_str();
  return [command, options] { return *command ? run_check_command(*options) : -1; };
}

}  // namespace dpsi::cli
