#include "cli/bench_command.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <span>
#include <string>
#include <vector>
#include <map>
#include <memory>
#include <random>

#include "cli/instance_options.h"
#include "cli/network_command.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/score_network.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::cli {
namespace {

struct BenchOptions {
  InstanceFlags instance;
  std::string target;
  std::string min_time = "0.3";
  std::string sigmas = "1e-3,1e-2,0.1,1,100";  // bench network
  bool n_given = false;                        // bench score sets n itself
};

// Keeps each benchmark's items_per_second while printing Google Benchmark's usual table.
class CapturingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) rates[run.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
};

// Runs every registered benchmark with the options' minimum time, then clears the registry;
// returns items per second by benchmark name.
std::map<std::string, double> run_registered_benchmarks(const BenchOptions& options) {
  std::string program = "dpsi-bench";
  const double seconds = parse_number_in_range("--min-time", options.min_time, Rational(1, 100), Rational(60));
  std::string min_time = fmt::format("--benchmark_min_time={}", seconds);
  std::string color = ::isatty(STDOUT_FILENO) != 0 ? "--benchmark_color=true" : "--benchmark_color=false";
  std::vector<char*> argv = {program.data(), min_time.data(), color.data()};
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  CapturingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  return reporter.rates;
}

int run_bench_owf(const BenchOptions& options) {
  const Instance instance = parse_instance(options.instance);
  const int n = instance.n();
  const int m = instance.m();
  std::cerr << fmt::format("building the circuit and the ReLU network of f_{{{},{}}}...\n", n, m);
  const owf::OneWayFunction f(n, m);
  const owf::Circuit circuit = owf::owf_circuit(n, m);
  const relu::Network network = relu::compile_circuit(circuit);
  const relu::FastEvaluator fast(network);
  std::mt19937_64 rng(20261127);
  std::vector<owf::Bits> seeds(256);
  for (owf::Bits& seed : seeds) {
    seed.resize(static_cast<std::size_t>(n));
    for (auto& bit : seed) bit = static_cast<std::uint8_t>(rng() & 1);
  }
  std::vector<std::uint64_t> lanes(static_cast<std::size_t>(n));
  std::vector<owf::Lanes256> lanes256(static_cast<std::size_t>(n));
  for (auto& word : lanes) word = rng();
  for (auto& words : lanes256) words = {rng(), rng(), rng(), rng()};
  std::vector<std::vector<std::int64_t>> batch;
  for (std::size_t k = 0; k < 16; ++k) batch.emplace_back(seeds[k].begin(), seeds[k].end());

  const std::string openssl = fmt::format("f_{{{},{}}}/OpenSSL", n, m);
  const std::string sliced64 = fmt::format("f_{{{},{}}}/circuit-bitsliced-64", n, m);
  const std::string sliced256 = fmt::format("f_{{{},{}}}/circuit-bitsliced-256", n, m);
  const std::string relu_single = fmt::format("f_{{{},{}}}/relu-int64", n, m);
  const std::string relu_batch = fmt::format("f_{{{},{}}}/relu-int64-batch16", n, m);
  const std::string relu_double = fmt::format("f_{{{},{}}}/relu-double", n, m);
  benchmark::RegisterBenchmark(openssl.c_str(), [&](benchmark::State& state) {
    std::size_t k = 0;
    for (auto _ : state) benchmark::DoNotOptimize(f(seeds[k++ % seeds.size()]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
  benchmark::RegisterBenchmark(sliced64.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(owf::evaluate_bitsliced(circuit, lanes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 64);
  });
  benchmark::RegisterBenchmark(sliced256.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(owf::evaluate_bitsliced256(circuit, lanes256));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 256);
  });
  benchmark::RegisterBenchmark(relu_single.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(fast.evaluate_integer(batch[0]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
  benchmark::RegisterBenchmark(relu_batch.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(fast.evaluate_integer_batch(batch));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 16);
  });
  benchmark::RegisterBenchmark(relu_double.c_str(), [&](benchmark::State& state) {
    const std::vector<double> x(batch[0].begin(), batch[0].end());
    for (auto _ : state) benchmark::DoNotOptimize(fast.evaluate(x));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  });
  std::map<std::string, double> rates = run_registered_benchmarks(options);
  const double base = rates[openssl];
  std::cout << fmt::format("\nf_{{{},{}}} evaluations per second, measured in this run (ratio to OpenSSL):\n", n, m);
  for (const std::string* name : {&openssl, &sliced64, &sliced256, &relu_single, &relu_batch, &relu_double}) {
    const double rate = rates[*name];
    std::cout << fmt::format("  {:<40} {:>14.1f} /s   x{:.3g}\n", *name, rate, base > 0 ? rate / base : 0.0);
  }
  std::cout << fmt::format("circuit: {}\nnetwork: {}\n", owf::circuit_report(circuit), network.stats());
  return kExitOk;
}

// The exact-score path of spec R.4 (VertexMixture::score, 256-bit balls) at n = 8, 12, 16 with the
// instance's other parameters: time per point, at sigma = 0.05, over points near the support.
int run_bench_score(const BenchOptions& options) {
  if (options.n_given) throw UsageError("bench score: --n is not used (it measures n = 8, 12 and 16)");
  const ParameterValues base = parse_parameter_values(options.instance);
  const std::vector<int> sizes = {8, 12, 16};
  std::vector<std::unique_ptr<density::VertexMixture>> mixtures;
  std::vector<std::string> names;
  std::mt19937_64 rng(20261128);
  for (int n : sizes) {
    ParameterValues values = base;
    values.n = n;
    const Instance instance = [&] {
      try {
        return Instance::from(values);
      } catch (const InvalidParameters& error) {
        throw UsageError(error.what());
      }
    }();
    std::cerr << fmt::format("tabulating f_{{{},{}}} over {} seeds...\n", n, instance.m(), std::uint64_t{1} << n);
    mixtures.push_back(std::make_unique<density::VertexMixture>(instance));
    names.push_back(fmt::format("exact-score/n={}/m={}", n, instance.m()));
  }
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const density::VertexMixture& mixture = *mixtures[k];
    // Points x = (a u(s) + noise, lattice point + noise) with a fixed pseudo-random seed s.
    std::vector<std::vector<Ball>> points;
    std::uniform_real_distribution<double> jitter(-0.05, 0.05);
    for (int p = 0; p < 8; ++p) {
      std::vector<Ball> x;
      const double a = mixture.instance().a().convert_to<double>();
      const double delta = mixture.instance().delta().convert_to<double>();
      for (int j = 0; j < mixture.n(); ++j) x.emplace_back(Rational((rng() & 1) ? a : -a) + Rational(jitter(rng)));
      for (int i = 0; i < mixture.m(); ++i) x.emplace_back(Rational(delta * static_cast<double>(rng() % 40) / 2 + jitter(rng)));
      points.push_back(std::move(x));
    }
    const Ball kappa = mixture.kappa_of(Ball(Rational(1, 20)));
    benchmark::RegisterBenchmark(names[k].c_str(), [&mixture, points, kappa](benchmark::State& state) {
      std::size_t p = 0;
      for (auto _ : state) benchmark::DoNotOptimize(mixture.score(points[p++ % points.size()], kappa));
      state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    })->Unit(benchmark::kMillisecond);
  }
  std::map<std::string, double> rates = run_registered_benchmarks(options);
  std::cout << "\nexact score (R.4, 256-bit balls, sigma = 0.05): time per point, measured in this run\n";
  const double base_rate = rates[names.front()];
  for (const std::string& name : names) {
    const double rate = rates[name];
    std::cout << fmt::format("  {:<28} {:>10.2f} ms/point   x{:.3g} of n = 8\n", name, rate > 0 ? 1e3 / rate : 0.0,
                             rate > 0 ? base_rate / rate : 0.0);
  }
  return kExitOk;
}

// The score networks of spec C.8 (C.4 below kappa*, C.7 above) at the instance (n = m = 16 by
// default), one per sigma: points per second of batched double evaluation (evaluate_batch, 256
// points per call) and of single-point evaluation with certified error bounds (evaluate_certified),
// on points drawn from g~_sigma with a fixed seed.
int run_bench_network(const BenchOptions& options) {
  const Instance instance = parse_instance(options.instance);
  const std::vector<Rational> sigmas =
      parse_list("--sigma", options.sigmas, [](const std::string& text) { return parse_positive("--sigma", text); });
  for (const Rational& sigma : sigmas) check_network_size(instance, sigma, Rational(1, 10));
  constexpr std::size_t kBatch = 256;
  const std::size_t d = static_cast<std::size_t>(instance.d());
  std::cerr << fmt::format("building the circuit of f_{{{},{}}} and the sampler...\n", instance.n(), instance.m());
  const owf::Circuit circuit = owf::owf_circuit(instance.n(), instance.m());
  const sampling::InstanceSampler sampler(instance);
  struct Case {
    std::unique_ptr<relu::ScoreNetwork> network;
    std::vector<double> points;  // kBatch x d, row-major
    std::string batch_name;
    std::string certified_name;
    double build_seconds = 0;
  };
  std::vector<Case> cases(sigmas.size());
  for (std::size_t k = 0; k < sigmas.size(); ++k) {
    Case& c = cases[k];
    std::cerr << fmt::format("building the score network at sigma = {}...\n", to_decimal(sigmas[k], 6));
    const auto start = std::chrono::steady_clock::now();
    c.network = std::make_unique<relu::ScoreNetwork>(instance, circuit, sigmas[k], Rational(1, 10));
    c.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sampling::RandomSource source(20261128 + k);
    const double blur = sampler.smoothed_blur(sigmas[k]);
    for (std::size_t p = 0; p < kBatch; ++p) {
      const std::vector<double> x = sampler.draw(source, blur).x;
      c.points.insert(c.points.end(), x.begin(), x.end());
    }
    const std::string label = fmt::format("network/sigma={}/{}", to_decimal(sigmas[k], 6), c.network->regime_name());
    c.batch_name = label + "/batch256-double";
    c.certified_name = label + "/single-certified";
  }
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(c.batch_name.c_str(), [&c, d](benchmark::State& state) {
      std::vector<double> outputs(kBatch * d);
      for (auto _ : state) {
        c.network->evaluate_batch(c.points, kBatch, outputs);
        benchmark::DoNotOptimize(outputs.data());
      }
      state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
    });
    benchmark::RegisterBenchmark(c.certified_name.c_str(), [&c, d](benchmark::State& state) {
      std::vector<double> errors;
      std::size_t p = 0;
      for (auto _ : state) {
        const std::span<const double> x(c.points.data() + (p++ % kBatch) * d, d);
        benchmark::DoNotOptimize(c.network->evaluate_certified(x, errors));
      }
      state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    });
  }
  std::map<std::string, double> rates = run_registered_benchmarks(options);
  std::cout << fmt::format(
      "\nscore networks of spec C.8 at n = {}, m = {}, eps = 0.1: points per second, measured in this run\n", instance.n(),
      instance.m());
  std::cout << fmt::format("  {:>10} {:>6} {:>10} {:>7} {:>18} {:>20} {:>9}\n", "sigma", "regime", "units", "depth",
                           "batch256 double/s", "single certified/s", "build s");
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    std::cout << fmt::format("  {:>10} {:>6} {:>10} {:>7} {:>18.1f} {:>20.1f} {:>9.2f}\n", to_decimal(sigmas[k], 6),
                             c.network->regime_name(), c.network->network().num_units(), c.network->network().depth(),
                             rates[c.batch_name], rates[c.certified_name], c.build_seconds);
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command = app.add_subcommand("bench", "Benchmarks (Google Benchmark); targets: owf, score, network");
  command->add_option("TARGET", options->target,
                      "what to measure: owf (f_{n,m} evaluators), score (exact score per point at n = 8, 12, 16) or "
                      "network (the C.8 score networks' evaluation throughput per sigma)")
      ->required()
      ->check(CLI::IsMember({"owf", "score", "network"}));
  add_instance_options(*command, options->instance);
  command->add_option("--min-time", options->min_time, "minimum seconds per benchmark (0.01..60)")->capture_default_str();
  command->add_option("--sigma", options->sigmas, "bench network: the noise levels, comma-separated (each > 0, no repeats)")
      ->capture_default_str();
  return [command, options] {
    if (!*command) return -1;
    options->n_given = command->count("--n") > 0;
    parse_number_in_range("--min-time", options->min_time, Rational(1, 100), Rational(60));  // before any building
    if (options->target == "network") return run_bench_network(*options);
    return options->target == "score" ? run_bench_score(*options) : run_bench_owf(*options);
  };
}

}  // namespace dpsi::cli
