// File: cli/peers_command.cc
// `dpsi peers --instance easy|hard [--methods LIST] [sampler flags] [--threads T] [--seed S] [--json] [--out DIR]`
//   hard: [--sizes 8,12,16] [--trials K] [--scores oracle|network] [--epsilon E] [--rejection-cap T]
//   easy: [--dims 8,80] [--dys 1,2,4] [--problems R] [--samples N] [--reference N] [--directions L]
// Runs the practical samplers with their published defaults (each a flag) and prints the table of the
// audit's E.P check: on the hard instance the inversion rates against the theory's predictions (with the
// same tests as E.P:hard-instance); on the easy instance the sliced Wasserstein distances to the
// closed-form posterior. --out DIR writes peers-<instance>.md, .json, .dat, .gp and draws the .svg with
// gnuplot (atomically). Progress on stderr. Every number but the timings is fixed by S (independent
// of T). Exit 0 if every test passes, 1 if one fails, 2 on bad input.
#include "cli/peers_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>
#include <thread>

#include "cli/instance_options.h"
#include "cli/output_files.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/peers/easy_experiment.h"
#include "dpsi/peers/hard_experiment.h"
#include "proofs-checks/inversion_checks.h"

namespace dpsi::cli {
namespace {

struct PeersFlags {
  std::string instance;
  std::string methods;
  bool methods_given = false;  // --methods "" is an empty list (an error), not the default
  std::string threads;
  std::string seed = "0";
  bool json = false;
  std::string out;
  // hard
  std::string sizes = "8,12,16";
  std::string trials = "64";
  std::string scores = "oracle";
  std::string epsilon = "0.1";
  std::string rejection_cap = "100000";
  // easy
  std::string dims = "8,80";
  std::string dys = "1,2,4";
  std::string problems = "10";
  std::string samples = "1000";
  std::string reference = "10000";
  std::string directions = "10000";
  // sampler hyperparameters (published defaults, peer_sampler.h)
  std::string dps_steps = "1000", dps_scale = "0.5";
  std::string pigdm_steps = "100", pigdm_eta = "1", pigdm_weight = "1", pigdm_data_variance = "1";
  std::string tds_steps = "1000", tds_particles = "4";
  std::string langevin_sigma_first = "232", langevin_sigma_last = "0.0066", langevin_levels = "2311",
              langevin_steps_per_level = "3", langevin_epsilon = "9e-7";
};

// A decimal (or p/q) > 0, or >= 0 when zero_allowed, that is a finite double (nan and inf never parse).
double parse_number(const std::string& flag, const std::string& text, bool zero_allowed = false) {
  const Rational value = parse_exact(flag, text);
  if (value < 0 || (value == 0 && !zero_allowed))
    throw UsageError(fmt::format("{}: {} is not {}", flag, quoted_input(text), zero_allowed ? "non-negative" : "positive"));
  const double result = value.convert_to<double>();
  if (!std::isfinite(result) || (result == 0 && value != 0))
    throw UsageError(fmt::format("{}: {} is out of double range", flag, quoted_input(text)));
  return result;
}

std::vector<int> parse_int_list(const std::string& flag, const std::string& text, int low, int high) {
  return parse_list(flag, text, [&](const std::string& item) {
    return static_cast<int>(parse_integer_in_range(flag, item, static_cast<std::uint64_t>(low), static_cast<std::uint64_t>(high)));
  });
}

peers::PeerOptions parse_peer_options(const PeersFlags& flags) {
  peers::PeerOptions options;
  options.dps.steps = parse_integer_in_range("--dps-steps", flags.dps_steps, 1, 1000);
  options.dps.scale = parse_number("--dps-scale", flags.dps_scale);
  options.pigdm.steps = parse_integer_in_range("--pigdm-steps", flags.pigdm_steps, 1, 1000);
  options.pigdm.eta = parse_number("--pigdm-eta", flags.pigdm_eta, true);
  options.pigdm.weight = parse_number("--pigdm-weight", flags.pigdm_weight, true);  // 0: the unguided baseline
  options.pigdm.data_variance = parse_number("--pigdm-data-variance", flags.pigdm_data_variance);
  options.tds.steps = parse_integer_in_range("--tds-steps", flags.tds_steps, 1, 1000);
  options.tds.particles = parse_integer_in_range("--tds-particles", flags.tds_particles, 1, 1 << 20);
  options.langevin.sigma_first = parse_number("--langevin-sigma-first", flags.langevin_sigma_first);
  options.langevin.sigma_last = parse_number("--langevin-sigma-last", flags.langevin_sigma_last);
  options.langevin.levels = parse_integer_in_range("--langevin-levels", flags.langevin_levels, 1, 100000);
  options.langevin.steps_per_level = parse_integer_in_range("--langevin-steps-per-level", flags.langevin_steps_per_level, 1, 1000);
  options.langevin.epsilon = parse_number("--langevin-epsilon", flags.langevin_epsilon);
  return options;
}

int run_hard(const PeersFlags& flags, const peers::PeerOptions& peer_options, int threads, std::uint64_t seed) {
  peers::HardOptions options;
  options.sizes = parse_int_list("--sizes", flags.sizes, 1, 20);
  if (flags.methods_given) options.methods = parse_name_list("--methods", flags.methods);
  options.trials = static_cast<int>(parse_integer_in_range("--trials", flags.trials, 1, 1000000));
  options.scores = flags.scores;
  if (options.scores != "oracle" && options.scores != "network")
    throw UsageError(fmt::format("--scores: {} is not oracle or network", quoted_input(flags.scores)));
  options.network_epsilon = parse_number("--epsilon", flags.epsilon);
  options.rejection_cap = parse_integer_in_range("--rejection-cap", flags.rejection_cap, 1, std::uint64_t{1} << 40);
  options.peers = peer_options;
  options.threads = threads;
  options.seed = seed;
  options.exact_bound = [](const Instance& instance) {
    return checks::detail::inversion_success_bound(instance, Rational(0), Rational(0)).lower_double();
  };
  options.progress = [](const std::string& line) { std::cerr << "dpsi peers: " << line << "\n"; };
  peers::HardReport report;
  try {
    report = peers::run_hard_experiment(options);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  const std::string markdown = peers::hard_markdown(report, "peers-hard");
  const std::string json = peers::hard_json(report);
  std::cout << (flags.json ? json : markdown);
  if (!flags.out.empty())
    write_output_files(flags.out, {{"peers-hard.md", markdown}, {"peers-hard.json", json}},
                       {{"peers-hard.dat", peers::hard_data(report)}, {"peers-hard.gp", peers::hard_gnuplot(report, "peers-hard")}});
  return report.passed() ? kExitOk : kExitCheckFailed;
}

int run_easy(const PeersFlags& flags, const peers::PeerOptions& peer_options, int threads, std::uint64_t seed) {
  peers::EasyExperimentOptions options;
  options.settings.clear();
  for (int d : parse_int_list("--dims", flags.dims, 2, 800))
    for (int d_y : parse_int_list("--dys", flags.dys, 1, 16)) options.settings.push_back({d, d_y});
  options.problems = static_cast<int>(parse_integer_in_range("--problems", flags.problems, 1, 10000));
  options.samples = parse_integer_in_range("--samples", flags.samples, 1, 1000000);
  options.reference_samples = parse_integer_in_range("--reference", flags.reference, 1, 10000000);
  options.directions = parse_integer_in_range("--directions", flags.directions, 1, 1000000);
  options.seed = seed;
  options.threads = threads;
  options.progress = [](std::string_view line) { std::cerr << "dpsi peers: " << line << "\n"; };
  const std::vector<std::string> names =
      flags.methods_given ? parse_name_list("--methods", flags.methods) : peers::peer_sampler_names();
  std::vector<std::unique_ptr<peers::PeerSampler>> samplers;
  std::vector<peers::EasyMethod> methods;
  try {
    for (const std::string& name : names) {
      samplers.push_back(peers::make_peer_sampler(name, peer_options));
      methods.push_back({name, samplers.back().get()});
    }
  } catch (const std::invalid_argument& error) {
    throw UsageError(fmt::format("--methods: {}", error.what()));
  }
  peers::EasyExperimentTable table;
  try {
    table = peers::run_easy_experiment(options, methods);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  const std::string markdown = table.to_markdown();
  const std::string json = table.to_json().dump(2) + "\n";
  std::cout << (flags.json ? json : markdown);
  if (!flags.out.empty()) write_output_files(flags.out, {{"peers-easy.md", markdown}, {"peers-easy.json", json}}, {});
  return kExitOk;
}

int run_peers(const PeersFlags& flags) {
  if (flags.instance != "easy" && flags.instance != "hard")
    throw UsageError(fmt::format("--instance: {} is not easy or hard (e.g. dpsi peers --instance hard)", quoted_input(flags.instance)));
  const peers::PeerOptions peer_options = parse_peer_options(flags);
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  const int threads = flags.threads.empty() ? cores : static_cast<int>(parse_integer_in_range("--threads", flags.threads, 1, 256));
  const std::uint64_t seed = parse_seed("--seed", flags.seed);
  if (!flags.out.empty()) {
    try {
      audit::ensure_writable_directory(flags.out);
    } catch (const std::system_error& error) {
      throw UsageError(error.what());
    }
  }
  if (flags.instance == "hard") return run_hard(flags, peer_options, threads, seed);
  return run_easy(flags, peer_options, threads, seed);
}

}  // namespace

std::function<int()> add_peers_command(CLI::App& app) {
  auto flags = std::make_shared<PeersFlags>();
  CLI::App* command = app.add_subcommand(
      "peers",
      "The posterior samplers practitioners use (DPS, PiGDM, TDS, annealed Langevin; spec E.P): sliced Wasserstein to the "
      "closed-form posterior on the easy Gaussian-mixture instance, inversion rates against the theory on the hard one");
  command->add_option("--instance", flags->instance, "easy (Gaussian-mixture benchmark) or hard (g~ with n = m)")->required();
  command->add_option("--methods", flags->methods,
                      "comma-separated methods, no repeats (hard default: dps,pigdm,tds,langevin,exact,seed-rejection,rejection; "
                      "easy default: dps,pigdm,tds,langevin)");
  command->add_option("--threads", flags->threads, "worker threads (default: all cores); results do not depend on it");
  command->add_option("--seed", flags->seed, "run seed S (decimal); every trial's seed derives from it")->capture_default_str();
  command->add_flag("--json", flags->json, "print the results as JSON instead of markdown");
  command->add_option("--out", flags->out, "write peers-<instance>.md/.json/.dat/.gp and the .svg plot into DIR");
  auto hard = [&](const char* name, std::string& target, const char* help) {
    command->add_option(name, target, help)->capture_default_str()->group("Hard instance");
  };
  hard("--sizes", flags->sizes, "comma-separated n = m (1..20, no repeats)");
  hard("--trials", flags->trials, "measurements per size (the same y for every method)");
  hard("--scores", flags->scores, "oracle (C.8's analytic oracle) or network (C.8's ReLU networks: one build per noise level, slow)");
  hard("--epsilon", flags->epsilon, "accuracy epsilon of the networks (with --scores network)");
  hard("--rejection-cap", flags->rejection_cap, "T_max of x-space rejection sampling");
  auto easy = [&](const char* name, std::string& target, const char* help) {
    command->add_option(name, target, help)->capture_default_str()->group("Easy instance");
  };
  easy("--dims", flags->dims, "comma-separated dimensions d (even, 2..800)");
  easy("--dys", flags->dys, "comma-separated measurement sizes d_y (1..16)");
  easy("--problems", flags->problems, "random problems (A, y) per setting");
  easy("--samples", flags->samples, "samples per method and problem");
  easy("--reference", flags->reference, "exact closed-form posterior samples per problem");
  easy("--directions", flags->directions, "sliced Wasserstein directions");
  auto sampler = [&](const char* name, std::string& target, const char* help) {
    command->add_option(name, target, help)->capture_default_str()->group("Sampler hyperparameters (published defaults)");
  };
  sampler("--dps-steps", flags->dps_steps, "DPS: DDPM steps (of the 1000-step linear schedule)");
  sampler("--dps-scale", flags->dps_scale, "DPS: step scale zeta' of the normalized gradient (0.5: inpainting)");
  sampler("--pigdm-steps", flags->pigdm_steps, "PiGDM: DDIM steps");
  sampler("--pigdm-eta", flags->pigdm_eta, "PiGDM: DDIM eta (0 deterministic, 1 DDPM-like)");
  sampler("--pigdm-weight", flags->pigdm_weight, "PiGDM: guidance multiplier");
  sampler("--pigdm-data-variance", flags->pigdm_data_variance, "PiGDM: data variance v in r_t^2 = v s^2/(v + s^2)");
  sampler("--tds-steps", flags->tds_steps, "TDS: DDPM steps");
  sampler("--tds-particles", flags->tds_particles, "TDS: particles K");
  sampler("--langevin-sigma-first", flags->langevin_sigma_first, "Langevin: largest noise level");
  sampler("--langevin-sigma-last", flags->langevin_sigma_last, "Langevin: smallest noise level");
  sampler("--langevin-levels", flags->langevin_levels, "Langevin: geometric noise levels L");
  sampler("--langevin-steps-per-level", flags->langevin_steps_per_level, "Langevin: updates per level");
  sampler("--langevin-epsilon", flags->langevin_epsilon, "Langevin: step epsilon (eta_i = epsilon sigma_i^2/sigma_L^2)");
  return [command, flags] {
    if (!*command) return -1;
    flags->methods_given = command->count("--methods") > 0;
    return run_peers(*flags);
  };
}

}  // namespace dpsi::cli
