#include "cli/mutants_command.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "cli/instance_options.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/fault/catalogue.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/spec/lemma_index.h"

extern char** environ;

namespace dpsi::cli {
namespace {

struct MutantsOptions {
  std::string catalogue = "mutants";
  std::string out = "dpsi-mutants";
  std::vector<std::string> only;
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  double timeout_seconds = 900;
  bool list = false;
  bool skip_baseline = false;
};

// One child process: `dpsi audit --only <checks> [--quick] --out DIR`, optionally with a fault.
struct Child {
  pid_t pid = -1;
  std::chrono::steady_clock::time_point started;
  std::filesystem::path directory;
  std::size_t index = 0;  // into the run list; SIZE_MAX for the baseline
};

Child spawn_audit(const std::filesystem::path& directory, const std::vector<std::string>& checks, bool full_mode,
                  const std::string& fault_id) {
  std::filesystem::create_directories(directory);
  std::filesystem::remove(directory / "report.json");
  std::filesystem::remove(directory / "hits");
  std::vector<std::string> arguments = {"dpsi", "audit", "--out", directory.string()};
  if (!full_mode) arguments.emplace_back("--quick");
  arguments.emplace_back("--only");
  arguments.insert(arguments.end(), checks.begin(), checks.end());
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (text.starts_with("DPSI_FAULT=") || text.starts_with("DPSI_FAULT_HITS=")) continue;
    environment.emplace_back(text);
  }
  if (!fault_id.empty()) {
    environment.push_back("DPSI_FAULT=" + fault_id);
    environment.push_back("DPSI_FAULT_HITS=" + (directory / "hits").string());
  }
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = (directory / "log.txt").string();
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  Child child;
  child.directory = directory;
  child.started = std::chrono::steady_clock::now();
  static const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const int error = posix_spawn(&child.pid, self.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::system_error(error, std::generic_category(), "dpsi mutants: cannot start the audit");
  return child;
}

std::optional<nlohmann::json> read_report(const std::filesystem::path& directory) {
  std::ifstream in(directory / "report.json");
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error&) {
    return std::nullopt;
  }
}

std::uint64_t read_hits(const std::filesystem::path& directory) {
  std::ifstream in(directory / "hits");
  std::string name;
  std::uint64_t hits = 0;
  if (in >> name >> hits) return hits;
  return 0;
}

std::string describe_status(int status, bool timed_out, double timeout) {
  if (timed_out) return fmt::format("timed out after {:.0f} s (killed)", timeout);
  if (WIFSIGNALED(status)) return fmt::format("audit died of signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  if (WIFEXITED(status)) return fmt::format("audit exited with status {}", WEXITSTATUS(status));
  return "audit ended abnormally";
}

struct Finished {
  Child child;
  int status = 0;
  bool timed_out = false;
  double seconds = 0;
};

// One audit to run: its directory, the checks, the mode, and the fault ("" for none).
struct Job {
  std::filesystem::path directory;
  std::vector<std::string> checks;
  bool full_mode = false;
  std::string fault_id;
};

// Runs the jobs with at most `parallel` children at once; returns them in input order.
std::vector<Finished> run_jobs(const std::vector<Job>& jobs, unsigned parallel, double timeout, const std::function<void(const Finished&)>& done) {
  std::vector<Finished> finished(jobs.size());
  std::deque<std::size_t> queue;
  for (std::size_t i = 0; i < jobs.size(); ++i) queue.push_back(i);
  std::vector<Child> running;
  while (!queue.empty() || !running.empty()) {
    while (!queue.empty() && running.size() < parallel) {
      const std::size_t index = queue.front();
      queue.pop_front();
      Child child = spawn_audit(jobs[index].directory, jobs[index].checks, jobs[index].full_mode, jobs[index].fault_id);
      child.index = index;
      running.push_back(child);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - it->started).count();
      bool timed_out = false;
      pid_t reaped = ::waitpid(it->pid, &status, WNOHANG);
      if (reaped == 0 && elapsed > timeout) {
        ::kill(it->pid, SIGKILL);
        reaped = ::waitpid(it->pid, &status, 0);
        timed_out = true;
      }
      if (reaped == 0) {
        ++it;
        continue;
      }
      Finished result{*it, status, timed_out, elapsed};
      finished[it->index] = result;
      if (done) done(result);
      it = running.erase(it);
    }
  }
  return finished;
}

bool selected(const fault::Mutant& mutant, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const std::string& name : only)
    if (name == mutant.id || name == mutant.group) return true;
  return false;
}

int run_mutants(const MutantsOptions& options) {
  std::vector<fault::Mutant> catalogue;
  try {
    catalogue = fault::load_catalogue(options.catalogue);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  const std::vector<std::string> problems = fault::catalogue_problems(catalogue, spec::builtin_lemma_index());
  if (!problems.empty()) throw UsageError(fmt::format("mutation catalogue: {} (and {} more)", problems.front(), problems.size() - 1));
  std::vector<fault::Mutant> chosen;
  for (const fault::Mutant& mutant : catalogue)
    if (selected(mutant, options.only)) chosen.push_back(mutant);
  for (const std::string& name : options.only) {
    const bool known = std::any_of(catalogue.begin(), catalogue.end(),
                                   [&](const fault::Mutant& mutant) { return mutant.id == name || mutant.group == name; });
    if (!known) throw UsageError(fmt::format("--only: {} is neither a mutant nor a catalogue group", quoted_input(name)));
  }
  if (options.list) {
    for (const fault::Mutant& mutant : chosen)
      std::cout << fmt::format("{:<48} {:<5} {:<14} killed by {}\n  {}\n", mutant.id, mutant.full_mode ? "full" : "quick", mutant.group,
                               fmt::join(mutant.killed_by, ", "), mutant.fault);
    std::cout << fmt::format("{} mutants\n", chosen.size());
    return kExitOk;
  }
  if (!fault::kCompiledIn)
    throw UsageError("this dpsi was built without fault points; build and run the mutation build with ./run mutants (preset 'mutants')");
  if (options.jobs == 0) throw UsageError("--jobs must be at least 1");
  if (!(options.timeout_seconds > 0) || options.timeout_seconds > 86400) throw UsageError("--timeout must be in (0, 86400] seconds");
  try {
    audit::ensure_writable_directory(options.out);
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  const std::filesystem::path out(options.out);

  // The baseline: every declared killer passes with no fault, in the mode its mutants use, so that
  // a kill is the fault's doing and nothing else's.
  std::vector<Job> jobs;
  for (const bool full_mode : {false, true}) {
    std::set<std::string> killers;
    for (const fault::Mutant& mutant : chosen)
      if (mutant.full_mode == full_mode) killers.insert(mutant.killed_by.begin(), mutant.killed_by.end());
    if (!options.skip_baseline && !killers.empty())
      jobs.push_back({out / "runs" / (full_mode ? "baseline-full" : "baseline-quick"), {killers.begin(), killers.end()}, full_mode, ""});
  }
  const std::size_t baselines = jobs.size();
  for (const fault::Mutant& mutant : chosen) jobs.push_back({out / "runs" / mutant.id, mutant.killed_by, mutant.full_mode, mutant.id});

  std::size_t completed = 0;
  std::cerr << fmt::format("dpsi mutants: {} mutants{}, {} at a time; logs in {}/runs/\n", chosen.size(),
                           baselines > 0 ? " after the fault-free baseline" : "", options.jobs, options.out);
  const auto progress = [&](const Finished& finished) {
    ++completed;
    const std::string name = finished.child.index < baselines ? finished.child.directory.filename().string() : jobs[finished.child.index].fault_id;
    std::cerr << fmt::format("[{:>3}/{}] {} ({:.1f} s)\n", completed, jobs.size(), name, finished.seconds);
  };
  const std::vector<Finished> results = run_jobs(jobs, options.jobs, options.timeout_seconds, progress);

  std::vector<std::string> baseline_failures;
  for (std::size_t i = 0; i < baselines; ++i) {
    const std::optional<nlohmann::json> report = read_report(jobs[i].directory);
    if (!report) {
      baseline_failures.push_back(fmt::format("{}: {}", jobs[i].directory.filename().string(),
                                              describe_status(results[i].status, results[i].timed_out, options.timeout_seconds)));
      continue;
    }
    for (const auto& check : report->at("checks"))
      if (check.value("verdict", std::string()) != "pass")
        baseline_failures.push_back(fmt::format("{} is {} without any fault", check.value("id", std::string()), check.value("verdict", std::string())));
  }

  std::vector<fault::MutantRun> runs;
  for (std::size_t i = baselines; i < jobs.size(); ++i) {
    const fault::Mutant& mutant = chosen[i - baselines];
    fault::MutantRun run = fault::classify(mutant, read_report(jobs[i].directory), read_hits(jobs[i].directory));
    run.seconds = results[i].seconds;
    if (run.outcome == fault::Outcome::kBroken && run.detail.empty())
      run.detail = describe_status(results[i].status, results[i].timed_out, options.timeout_seconds);
    runs.push_back(std::move(run));
  }
  std::cout << fault::render_kill_table(runs);
  for (const std::string& failure : baseline_failures) std::cout << "baseline FAILED: " << failure << "\n";
  const std::string header =
      baseline_failures.empty()
          ? fmt::format("Baseline: every declared killer passes without a fault ({} runs). {}", baselines,
                        fault::all_killed(runs) ? "Every mutant was killed by its own checks." : "**Some mutants were not killed.**")
          : fmt::format("**Baseline FAILED**: {}", fmt::join(baseline_failures, "; "));
  nlohmann::json record = fault::kill_report_json(runs);
  record["baseline_failures"] = baseline_failures;
  try {
    audit::write_file_atomically(out / "mutants.md", fault::render_kill_markdown(runs, header));
    audit::write_file_atomically(out / "mutants.json", record.dump(2) + "\n");
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  std::cout << fmt::format("reports: {}/mutants.md, {}/mutants.json\n", options.out, options.out);
  return baseline_failures.empty() && fault::all_killed(runs) ? kExitOk : kExitCheckFailed;
}

}  // namespace

std::function<int()> add_mutants_command(CLI::App& app) {
  auto options = std::make_shared<MutantsOptions>();
  CLI::App* command = app.add_subcommand(
      "mutants", "Mutation testing: run each catalogued fault (mutants/*.json) and require its declared checks to fail "
                 "(needs the mutation build: ./run mutants)");
  command->add_option("--catalogue", options->catalogue, "directory of the catalogue files")->capture_default_str();
  command->add_option("--out", options->out, "directory for mutants.md, mutants.json and each run's log")->capture_default_str();
  command->add_option("--only", options->only, "mutant ids or catalogue groups (file stems) to run")->expected(1, -1);
  command->add_option("--jobs", options->jobs, "audits run at once (default: all cores)");
  command->add_option("--timeout", options->timeout_seconds, "seconds before a mutant's audit is killed (a broken run)")->capture_default_str();
  command->add_flag("--list", options->list, "list the catalogue and exit");
  command->add_flag("--skip-baseline", options->skip_baseline, "do not first run the killers without a fault");
  return [options] { return run_mutants(*options); };
}

}  // namespace dpsi::cli
