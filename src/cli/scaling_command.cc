// File: cli/scaling_command.cc
// `dpsi scaling --n-max N [--brute-n-max N2] [--small-n-max N3] [--trials K] [--threads T] [--seed S]
//                [--json] [--out DIR]`.
// Runs (a) E's rejection sampler on the small E instances n = m = 2..N3, (b) seed-space rejection at
// the default delta, tau, sigma_y for n = m = 4..N, (c) brute-force inversion for n = 4..N2, prints the
// per-n table, the least-squares slopes of log2(cost) on n with 95% t-intervals, the pooled tests and
// the seed-rejection proposal rate against the raw OpenSSL f rate; with --out writes scaling.md,
// scaling.dat, scaling.gp (atomically) and draws scaling.svg with gnuplot (if installed). Progress on
// stderr. Every number but the timings is fixed by S (independent of T). Exit 0 if every test passes,
// 1 if one fails, 2 on bad input.
#include "cli/scaling_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>
#include <thread>

#include "cli/instance_options.h"
#include "cli/output_files.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/posterior/scaling_experiment.h"

namespace dpsi::cli {
namespace {

struct ScalingFlags {
  std::string n_max;
  std::string brute_n_max;
  std::string small_n_max;
  std::string trials = "8";
  std::string threads;
  std::string seed = "0";
  bool json = false;
  std::string out;
};

int parse_in_range(const std::string& flag, const std::string& text, int low, int high) {
  return static_cast<int>(parse_integer_in_range(flag, text, static_cast<std::uint64_t>(low), static_cast<std::uint64_t>(high)));
}

nlohmann::json fit_json(const posterior::SlopeFit& fit) {
  return {{"sizes", fit.points}, {"slope", fit.slope}, {"slope_ci95", {fit.slope_low, fit.slope_high}},
          {"intercept", fit.intercept}, {"intercept_ci95", {fit.intercept_low, fit.intercept_high}}};
}

nlohmann::json test_json(const posterior::PooledTest& test) {
  return {{"terms", test.terms}, {"statistic", test.statistic}, {"expected", test.expected},
          {"region", {test.low, test.high}}, {"passed", test.passed}};
}

nlohmann::json report_json(const posterior::ScalingReport& report) {
  nlohmann::json small = nlohmann::json::array();
  for (const auto& row : report.small)
    small.push_back({{"n", row.n}, {"y", row.measurement + 1}, {"acceptance", row.acceptance}, {"accepted", row.accepted},
                     {"mean_proposals", row.mean_proposals}, {"region", {row.low, row.high}}, {"passed", row.passed}});
  nlohmann::json seed = nlohmann::json::array();
  for (const auto& trial : report.seed) {
    nlohmann::json entry = {{"n", trial.n}, {"trial", trial.trial}, {"proposals", trial.proposals}, {"seconds", trial.seconds}};
    if (trial.weight >= 0) {
      entry["W"] = trial.weight;
      entry["preimages"] = trial.preimages;
    }
    seed.push_back(entry);
  }
  nlohmann::json brute = nlohmann::json::array();
  for (const auto& trial : report.brute) {
    nlohmann::json entry = {{"n", trial.n}, {"trial", trial.trial}, {"evaluations", trial.evaluations}, {"seconds", trial.seconds}};
    if (trial.expected >= 0) {
      entry["expected"] = trial.expected;
      entry["preimages"] = trial.preimages;
    }
    brute.push_back(entry);
  }
  return {{"seed", report.options.seed},
          {"trials", report.options.trials},
          {"small", small},
          {"seed_rejection", seed},
          {"brute_force", brute},
          {"seed_rejection_fit", fit_json(report.seed_fit)},
          {"brute_force_fit", fit_json(report.brute_fit)},
          {"seed_rejection_test", test_json(report.seed_test)},
          {"brute_force_test", test_json(report.brute_test)},
          {"gamma_per_test", report.gamma_per_test},
          {"rates", {{"n", report.rate_n}, {"seed_rejection_proposals_per_s", report.proposal_rate},
                     {"raw_f_evaluations_per_s", report.raw_rate}, {"ratio", report.proposal_rate / report.raw_rate}}},
          {"seconds", {{"small", report.seconds_small}, {"seed_rejection", report.seconds_seed},
                       {"brute_force", report.seconds_brute}, {"census", report.seconds_census}}},
          {"passed", report.passed()}};
}

void write_outputs(const posterior::ScalingReport& report, const std::filesystem::path& directory) {
  const std::string stem = "scaling";
  write_output_files(directory, {{stem + ".md", posterior::scaling_markdown(report, stem)}},
                     {{stem + ".dat", posterior::scaling_data(report)}, {stem + ".gp", posterior::scaling_gnuplot(report, stem)}});
}

int run_scaling(const ScalingFlags& flags) {
  if (flags.n_max.empty()) throw UsageError("--n-max is required (e.g. dpsi scaling --n-max 16)");
  posterior::ScalingOptions options;
  options.seed_n_max = parse_in_range("--n-max", flags.n_max, 4, 32);
  options.brute_n_max = flags.brute_n_max.empty() ? options.seed_n_max : parse_in_range("--brute-n-max", flags.brute_n_max, 4, 36);
  options.small_n_max = flags.small_n_max.empty() ? 5 : parse_in_range("--small-n-max", flags.small_n_max, 2, 6);
  // 1/a(y) is about 10^5 at n = 5 and 10^6 at n = 6, at about 10 us per exact proposal.
  options.small_min_accepted = 20;
  options.trials = parse_in_range("--trials", flags.trials, 1, 1000);
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  options.threads = flags.threads.empty() ? cores : parse_in_range("--threads", flags.threads, 1, 256);
  options.seed = parse_seed("--seed", flags.seed);
  options.census_n_max = std::min(24, std::max(options.seed_n_max, options.brute_n_max));
  options.progress = [](const std::string& line) { std::cerr << "dpsi scaling: " << line << "\n"; };
  if (!flags.out.empty()) {
    try {
      audit::ensure_writable_directory(flags.out);
    } catch (const std::system_error& error) {
      throw UsageError(error.what());
    }
  }
  const posterior::ScalingReport report = posterior::run_scaling_experiment(options);
  if (flags.json) {
    std::cout << report_json(report).dump(2) << "\n";
  } else {
    std::cout << posterior::scaling_markdown(report, "scaling") << "\n" << posterior::scaling_summary(report);
  }
  if (!flags.out.empty()) write_outputs(report, flags.out);
  return report.passed() ? kExitOk : kExitCheckFailed;
}

}  // namespace

std::function<int()> add_scaling_command(CLI::App& app) {
  auto flags = std::make_shared<ScalingFlags>();
  CLI::App* command = app.add_subcommand(
      "scaling",
      "The scaling experiment (spec E.T): rejection sampling with exact proposals vs 1/a(y) on small instances, exact "
      "seed-space posterior sampling and brute-force inversion of f at the default delta, tau, sigma_y; log2(cost) "
      "against n with least-squares slopes (theory: 1)");
  command->add_option("--n-max", flags->n_max, "largest n = m for seed-space rejection (4..32; 24 takes minutes)");
  command->add_option("--brute-n-max", flags->brute_n_max, "largest n = m for brute-force inversion (4..36; default --n-max)");
  command->add_option("--small-n-max", flags->small_n_max, "largest n = m for E's rejection sampler (2..6; default 5; 6 takes about 10 min)");
  command->add_option("--trials", flags->trials, "independent y / targets per n (1..1000)")->capture_default_str();
  command->add_option("--threads", flags->threads, "worker threads (default: all cores); results do not depend on it");
  command->add_option("--seed", flags->seed, "run seed S (decimal); per-trial seeds derive from (S, part, n, trial)")
      ->capture_default_str();
  command->add_flag("--json", flags->json, "print the results as JSON");
  command->add_option("--out", flags->out, "write scaling.md, scaling.dat, scaling.gp and scaling.svg into DIR");
  return [command, flags] { return *command ? run_scaling(*flags) : -1; };
}

}  // namespace dpsi::cli
