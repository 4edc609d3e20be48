#include "cli/bench_command.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "cli/instance_options.h"
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
  std::string program = "dpsi-bench";
  std::string min_time = fmt::format("--benchmark_min_time={}", options.min_time);
  std::string color = ::isatty(STDOUT_FILENO) != 0 ? "--benchmark_color=true" : "--benchmark_color=false";
  std::vector<char*> argv = {program.data(), min_time.data(), color.data()};
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  CapturingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();

  const double base = reporter.rates[openssl];
  std::cout << fmt::format("\nf_{{{},{}}} evaluations per second, measured in this run (ratio to OpenSSL):\n", n, m);
  for (const std::string* name : {&openssl, &sliced64, &sliced256, &relu_single, &relu_batch, &relu_double}) {
    const double rate = reporter.rates[*name];
    std::cout << fmt::format("  {:<40} {:>14.1f} /s   x{:.3g}\n", *name, rate, base > 0 ? rate / base : 0.0);
  }
  std::cout << fmt::format("circuit: {}\nnetwork: {}\n", owf::circuit_report(circuit), network.stats());
  return kExitOk;
}

}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command = app.add_subcommand("bench", "Benchmarks (Google Benchmark); targets: owf");
  command->add_option("TARGET", options->target, "what to measure: owf")->required()->check(CLI::IsMember({"owf"}));
  add_instance_options(*command, options->instance);
  command->add_option("--min-time", options->min_time, "minimum seconds per benchmark")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 60.0));
  return [command, options] { return *command ? run_bench_owf(*options) : -1; };
}

}  // namespace dpsi::cli
