// File: cli/diffuse_command.cc
// `dpsi diffuse --count K [--scores oracle|network] [--seed S] [--lambda L] [--t-min T] [--epsilon E] [--format csv|jsonl]
//  [--out FILE] [--json-summary] [instance flags]`.
// One output X_hat = e^{t_min} Y_N of the F.2 sampler (dpsi/diffusion/diffusion_sampler.h) per line: csv
// "x1,...,xd" or JSON lines {"x": [...]}, 17 significant digits. The engine std::mt19937_64 is seeded with
// S (default 0); the same flags print the same bytes. A summary goes to stderr: samples, steps, seconds,
// samples/s and the fraction of outputs with dec(x_F) = f(sbar(x)) (one JSON line with --json-summary).
#include "cli/diffuse_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/instance_options.h"
#include "cli/network_command.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/diffusion/diffusion_sampler.h"
#include "dpsi/diffusion/network_score.h"
#include "dpsi/diffusion/oracle_score.h"
#include "dpsi/diffusion/schedule.h"
#include "dpsi/instance/decoder.h"
#include "dpsi/owf/one_way_function.h"

namespace dpsi::cli {
namespace {

constexpr std::uint64_t kMaxCount = 1'000'000;  // lines are kept in memory for the atomic --out (~600 B each)
constexpr std::size_t kBatch = 256;
constexpr std::size_t kNetworkBatch = 20'000;

struct DiffuseOptions {
  InstanceFlags instance;
  std::string count;
  std::string scores = "oracle";
  std::string seed = "0";
  std::string lambda = "0.1";
  std::string t_min = "2.5e-9";
  std::string epsilon = "0.1";
  std::string format = "csv";
  std::string out;
  bool json_summary = false;
};

double parse_lambda(const std::string& text) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(fmt::format("--lambda: {}", error.what()));
  }
  if (value <= 0 || value > 1) throw UsageError(fmt::format("--lambda: {} is not in (0, 1]", text));
  if (value < Rational(1, 1000)) throw UsageError(fmt::format("--lambda: {} is below 0.001 (too many steps)", text));
  return value.convert_to<double>();
}

double parse_t_min(const std::string& text) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(fmt::format("--t-min: {}", error.what()));
  }
  if (value < Rational(1, 1'000'000'000'000LL) || value >= 1) {
    throw UsageError(fmt::format("--t-min: {} is not in [1e-12, 1)", text));
  }
  return value.convert_to<double>();
}

std::string round_trip(double value) { return fmt::format("{:.17g}", value); }

std::string line_of(const std::vector<double>& x, bool csv) {
  std::string line = csv ? "" : "{\"x\":[";
  for (std::size_t i = 0; i < x.size(); ++i) line += (i == 0 ? "" : ",") + round_trip(x[i]);
  return line + (csv ? "\n" : "]}\n");
}

int run_diffuse(const DiffuseOptions& options) {
  if (options.count.empty()) throw UsageError("diffuse: give --count K (1.." + std::to_string(kMaxCount) + ")");
  const std::uint64_t count = parse_integer_in_range("--count", options.count, 1, kMaxCount);
  const std::uint64_t seed = parse_seed("--seed", options.seed);
  if (options.format != "csv" && options.format != "jsonl") {
    throw UsageError(fmt::format("--format: {} is not csv or jsonl", quoted_input(options.format)));
  }
  if (options.scores != "oracle" && options.scores != "network") {
    throw UsageError(fmt::format("--scores: {} is not oracle or network", quoted_input(options.scores)));
  }
  const double lambda = parse_lambda(options.lambda);
  const Rational epsilon = parse_positive("--epsilon", options.epsilon);
  const Instance instance = parse_instance(options.instance);
  if (!options.out.empty()) {
    try {
      audit::ensure_writable_directory(std::filesystem::absolute(options.out).parent_path());
    } catch (const std::system_error& error) {
      throw UsageError(fmt::format("--out: {}", error.what()));
    }
  }
  const double t_min = parse_t_min(options.t_min);
  const diffusion::TimeGrid grid(diffusion::kDefaultHorizon, t_min, lambda);
  std::unique_ptr<diffusion::SmoothedScore> score;
  const diffusion::NetworkScore* network = nullptr;
  if (options.scores == "oracle") {
    score = std::make_unique<diffusion::AnalyticOracleScore>(instance);
  } else {
    // The knots grow as kappa shrinks: the smallest kappa of each regime bounds every level's count.
    check_network_size(instance, Rational(1, 1'000'000'000), epsilon);
    check_network_size(instance, instance.kappa_star(), epsilon);
    std::cerr << fmt::format("diffuse: the network scores need one network per step ({} steps; a C.4 network takes ~4 s "
                             "to build)\n", grid.steps());
    auto built = std::make_unique<diffusion::NetworkScore>(instance, epsilon, [](std::size_t done, double) {
      if (done % 25 == 0) std::cerr << fmt::format("diffuse: {} networks built\n", done);
    });
    network = built.get();
    score = std::move(built);
  }
  const diffusion::DiffusionSampler sampler(*score, grid);
  // The networks are built once per batch (the cache keeps two), so the network scores use big batches.
  const std::size_t batch_size = network != nullptr ? kNetworkBatch : kBatch;
  const auto start = std::chrono::steady_clock::now();
  sampling::RandomSource source(seed);
  const owf::OneWayFunction function(instance.n(), instance.m());
  const double delta = instance.delta().convert_to<double>();
  const auto n = static_cast<std::size_t>(instance.n());
  const bool csv = options.format == "csv";
  const bool to_stdout = options.out.empty();
  std::string text;
  if (csv) {
    for (int j = 1; j <= instance.d(); ++j) text += (j == 1 ? "x" : ",x") + std::to_string(j);
    text += "\n";
  }
  std::uint64_t done = 0;
  std::uint64_t decoded = 0;
  while (done < count) {
    const std::size_t batch = static_cast<std::size_t>(std::min<std::uint64_t>(batch_size, count - done));
    for (const std::vector<double>& x : sampler.draw_batch(batch, source)) {
      owf::Bits signs(n);
      for (std::size_t j = 0; j < n; ++j) signs[j] = x[j] > 0 ? 1 : 0;
      if (instance::decode(std::span<const double>(x).subspan(n), delta) == function(signs)) ++decoded;
      text += line_of(x, csv);
    }
    done += batch;
    if (to_stdout && text.size() >= (1U << 16)) {
      std::cout << text;
      text.clear();
    }
  }
  const auto end = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(end - start).count();
  const double build_seconds = network != nullptr ? network->seconds_building() : 0.0;
  const double sample_seconds = seconds - build_seconds;
  if (to_stdout) {
    std::cout << text << std::flush;
  } else {
    try {
      audit::write_file_atomically(options.out, text);
    } catch (const std::system_error& error) {
      throw UsageError(fmt::format("--out: {}", error.what()));
    }
  }
  const double rate = static_cast<double>(count) / std::max(sample_seconds, 1e-9);
  const double fraction = static_cast<double>(decoded) / static_cast<double>(count);
  if (options.json_summary) {
    const nlohmann::json summary = {{"samples", count},          {"steps", grid.steps()},
                                    {"lambda", lambda},          {"scores", options.scores},
                                    {"t_min", t_min},
                                    {"seconds", seconds},        {"network_build_seconds", build_seconds},
                                    {"samples_per_second_excluding_builds", rate}, {"decoded_fraction", fraction},
                                    {"seed", seed},              {"out", options.out}};
    std::cerr << summary.dump() << "\n";
  } else {
    std::cerr << fmt::format(
        "diffuse: {} samples, {} steps (lambda = {}), {:.3f} s ({:.3f} s building networks), {:.1f} samples/s (builds "
        "excluded), "
        "dec(x_F) = f(sbar(x)) for a fraction {:.6f} (scores {}){}\n",
        count, grid.steps(), lambda, seconds, build_seconds, rate, fraction, options.scores,
        to_stdout ? "" : ", written to " + options.out);
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_diffuse_command(CLI::App& app) {
  auto options = std::make_shared<DiffuseOptions>();
  CLI::App* command = app.add_subcommand(
      "diffuse",
      "Unconditional draws by the F.2 exponential-integrator sampler (Y_0 ~ N(0, I), N steps of the reverse OU "
      "SDE with the score frozen per step, output e^t_min Y_N; T = 8, t_min = 2.5e-9), driven by C.8's scores");
  add_instance_options(*command, options->instance);
  command->add_option("--count", options->count, "number of outputs K (1..1000000)");
  command->add_option("--scores", options->scores,
                      "oracle (default): C.8's analytic oracle (s_vert / s_large), thousands of samples/s; network: "
                      "C.8's ReLU networks, one built per step and per batch of 20000 outputs: at the default lambda "
                      "152 C.4 networks of ~4 s each (~10 min, any n, m), at --lambda 1 21 of them (~2 min); then ~3 "
                      "samples/s at n = m = 16, --lambda 1")
      ->capture_default_str();
  command->add_option("--seed", options->seed,
                      "seed S of the std::mt19937_64 engine (decimal, default 0); the same S gives the same output")
      ->capture_default_str();
  command->add_option("--lambda", options->lambda,
                      "step factor lambda in [0.001, 1]: h_k <= lambda min{1, T - t_(k+1)} (0.1 gives N = 278 steps)")
      ->capture_default_str();
  command->add_option("--t-min", options->t_min,
                      "early stop t_min in [1e-12, 1): the output targets g~_sigma_min, sigma_min^2 = e^(2 t_min) - 1")
      ->capture_default_str();
  command->add_option("--epsilon", options->epsilon, "accuracy eps of the score networks (C.8; --scores network)")
      ->capture_default_str();
  command->add_option("--format", options->format, "csv (header x1,...,xd) or jsonl ({\"x\": [...]})")
      ->capture_default_str();
  command->add_option("--out", options->out, "write to FILE (atomically) instead of stdout");
  command->add_flag("--json-summary", options->json_summary, "print the stderr summary as one JSON object");
  return [command, options] { return *command ? run_diffuse(*options) : -1; };
}

}  // namespace dpsi::cli
