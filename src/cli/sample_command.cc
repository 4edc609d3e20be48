// File: cli/sample_command.cc
// `dpsi sample --count K [--seed S] [--format csv|jsonl] [--blur-sigma SIGMA] [instance flags] [--out FILE]`.
// One draw per line (dpsi/sampling/instance_sampler.h): csv "s,f,x1,...,xd" or JSON lines
// {"seed", "image", "w", "x"}. The engine std::mt19937_64 is seeded with S (default 0), so the same
// flags always print the same bytes.
#include "cli/sample_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/instance_options.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::cli {
namespace {

// Lines are built in memory (the atomic writer takes the whole file): at d = 32 a line is about
// 600 bytes, so the cap keeps a run below about 1 GB.
constexpr std::uint64_t kMaxCount = 1'000'000;

struct SampleOptions {
  InstanceFlags instance;
  std::string count;
  std::string seed = "0";
  std::string format = "csv";
  std::string blur_sigma = "0";
  std::string out;
};

Rational parse_blur_sigma(const std::string& text) {
  Rational sigma;
  try {
    sigma = parse_rational(text);
  } catch (const ParseError& error) {
    throw UsageError(fmt::format("--blur-sigma: {}", error.what()));
  }
  if (sigma < 0) throw UsageError(fmt::format("--blur-sigma: {} is negative (give sigma >= 0)", text));
  if (sigma > 1'000'000) throw UsageError(fmt::format("--blur-sigma: {} is above 1e6", text));
  return sigma;
}

// 17 significant digits: parsing the text gives back the same double.
std::string round_trip(double value) { return fmt::format("{:.17g}", value); }

std::string csv_line(const sampling::InstanceDraw& draw) {
  std::string line = owf::to_string(draw.seed) + "," + owf::to_string(draw.image);
  for (const double x : draw.x) line += "," + round_trip(x);
  return line + "\n";
}

std::string jsonl_line(const sampling::InstanceDraw& draw) {
  nlohmann::json w = nlohmann::json::array();
  for (const Rational& value : draw.lattice) w.push_back(to_fraction(value));
  // Doubles as 17-significant-digit JSON numbers (nlohmann would print the shortest round-trip form;
  // fixed digits keep csv and jsonl identical digit for digit).
  std::string x = "[";
  for (std::size_t i = 0; i < draw.x.size(); ++i) x += (i == 0 ? "" : ",") + round_trip(draw.x[i]);
  x += "]";
  return fmt::format("{{\"seed\":\"{}\",\"image\":\"{}\",\"w\":{},\"x\":{}}}\n", owf::to_string(draw.seed),
                     owf::to_string(draw.image), w.dump(), x);
}

int run_sample(const SampleOptions& options) {
  if (options.count.empty()) throw UsageError("sample: give --count K (1.." + std::to_string(kMaxCount) + ")");
  const std::uint64_t count = parse_integer_in_range("--count", options.count, 1, kMaxCount);
  const std::uint64_t seed = parse_seed("--seed", options.seed);
  if (options.format != "csv" && options.format != "jsonl") {
    throw UsageError(fmt::format("--format: {} is not csv or jsonl", quoted_input(options.format)));
  }
  const Rational sigma = parse_blur_sigma(options.blur_sigma);
  const Instance instance = parse_instance(options.instance);
  if (!options.out.empty()) {
    try {
      audit::ensure_writable_directory(std::filesystem::absolute(options.out).parent_path());
    } catch (const std::system_error& error) {
      throw UsageError(fmt::format("--out: {}", error.what()));
    }
  }
  const sampling::InstanceSampler sampler(instance);
  const double blur = sampler.smoothed_blur(sigma);
  sampling::RandomSource source(seed);
  std::string text;
  if (options.format == "csv") {
    text += "s,f";
    for (int j = 1; j <= instance.d(); ++j) text += ",x" + std::to_string(j);
    text += "\n";
  }
  const bool to_stdout = options.out.empty();
  for (std::uint64_t t = 0; t < count; ++t) {
    const sampling::InstanceDraw draw = sampler.draw(source, blur);
    text += options.format == "csv" ? csv_line(draw) : jsonl_line(draw);
    if (to_stdout && text.size() >= (1U << 16)) {
      std::cout << text;
      text.clear();
    }
  }
  if (to_stdout) {
    std::cout << text << std::flush;
    return kExitOk;
  }
  try {
    audit::write_file_atomically(options.out, text);
  } catch (const std::system_error& error) {
    throw UsageError(fmt::format("--out: {}", error.what()));
  }
  std::cerr << fmt::format("wrote {} draws of x ~ g~ (n = {}, m = {}, blur = {:.17g}) to {}\n", count, instance.n(),
                           instance.m(), blur, options.out);
  return kExitOk;
}

}  // namespace

std::function<int()> add_sample_command(CLI::App& app) {
  auto options = std::make_shared<SampleOptions>();
  CLI::App* command = app.add_subcommand(
      "sample",
      "Exact ancestral draws of the instance: s uniform, f(s), w_i ~ D_f(s)_i exactly (R.3), x = (a u(s), w) + "
      "blur xi with blur = sqrt(tau^2 + sigma^2) (recipe R6, spec A.1)");
  add_instance_options(*command, options->instance);
  command->add_option("--count", options->count, "number of draws K (1..1000000)");
  command->add_option("--seed", options->seed,
                      "seed S of the std::mt19937_64 engine (decimal, default 0); the same S gives the same output")
      ->capture_default_str();
  command->add_option("--format", options->format, "csv (header s,f,x1,...,xd) or jsonl (seed, image, w, x)")
      ->capture_default_str();
  command->add_option("--blur-sigma", options->blur_sigma,
                      "extra smoothing sigma >= 0: draws from g~_sigma = g * N(0, (tau^2 + sigma^2) I); 0 gives g~")
      ->capture_default_str();
  command->add_option("--out", options->out, "write to FILE (atomically) instead of stdout");
  return [command, options] { return *command ? run_sample(*options) : -1; };
}

}  // namespace dpsi::cli
