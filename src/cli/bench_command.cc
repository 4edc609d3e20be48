#include "cli/bench_command.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "cli/instance_options.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"

namespace dpsi::cli {
namespace {

struct BenchOptions {
  InstanceFlags instance;
  std::string target;
  double min_time = 0.3;
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
  std::string min_time = fmt::format("--benchmark_min_time={}", options.min_time);
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

}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command = app.add_subcommand("bench", "Benchmarks (Google Benchmark); targets: owf, score");
  command->add_option("TARGET", options->target,
                      "what to measure: owf (f_{n,m} evaluators) or score (exact score per point at n = 8, 12, 16)")
      ->required()
      ->check(CLI::IsMember({"owf", "score"}));
  add_instance_options(*command, options->instance);
  command->add_option("--min-time", options->min_time, "minimum seconds per benchmark")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 60.0));
  return [command, options] {
    if (!*command) return -1;
    return options->target == "score" ? run_bench_score(*options) : run_bench_owf(*options);
  };
}

}  // namespace dpsi::cli
