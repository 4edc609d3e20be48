#include "cli/owf_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <sstream>
#include <system_error>

#include "cli/instance_options.h"
#include "dpsi/crypto/cavp.h"
#include "dpsi/crypto/sha256.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"

namespace dpsi::cli {
namespace {

struct OwfOptions {
  InstanceFlags instance;
  std::string seed;
  std::string bristol_file;
  bool stats = false;
  bool json = false;
};

int export_bristol(const Instance& instance, const std::string& file) {
  const owf::Circuit circuit = owf::owf_circuit(instance.n(), instance.m());
  std::ostringstream text;
  owf::write_bristol(circuit, text);
  try {
    audit::write_file_atomically(file, text.str());
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  std::cout << fmt::format("wrote f_{{{},{}}} as Bristol Fashion to {}: {}\n", instance.n(), instance.m(), file,
                           owf::circuit_report(circuit));
  return kExitOk;
}

int print_stats(const Instance& instance, bool json) {
  const owf::Circuit circuit = owf::owf_circuit(instance.n(), instance.m());
  const relu::Network network = relu::compile_circuit(circuit);
  if (json) {
    const nlohmann::json out = {
        {"n", instance.n()},
        {"m", instance.m()},
        {"circuit", {{"and", circuit.and_count()}, {"xor", circuit.xor_count()}, {"not", circuit.not_count()},
                     {"depth", circuit.depth()}, {"and_depth", circuit.and_depth()}}},
        {"relu_network", {{"units", network.num_units()}, {"depth", network.depth()}, {"weights", network.num_weights()},
                          {"max_abs_weight", to_fraction(network.max_abs_weight())},
                          {"strictly_layered_units", network.strictly_layered_units()}}}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("f_{{{},{}}} circuit: {}\n", instance.n(), instance.m(), owf::circuit_report(circuit));
  std::cout << fmt::format("ReLU network (C.4: AND = G4, XOR = G5, NOT folded): {}\n", network.stats());
  std::cout << "\n" << owf::sha256_circuit_report() << "\n";
  return kExitOk;
}

int run_owf(const OwfOptions& options) {
  // One mode at a time: an ignored flag would be a silent surprise.
  const int modes = (options.seed.empty() ? 0 : 1) + (options.stats ? 1 : 0) + (options.bristol_file.empty() ? 0 : 1);
  if (modes > 1) throw UsageError("owf: give one of --seed BITS, --stats and --export-bristol FILE");
  if (!options.bristol_file.empty() && options.json) throw UsageError("owf: --json does not apply to --export-bristol");
  const Instance instance = parse_instance(options.instance);
  if (!options.bristol_file.empty()) return export_bristol(instance, options.bristol_file);
  if (options.stats) return print_stats(instance, options.json);
  if (options.seed.empty()) throw UsageError("owf: give --seed BITS (a 0/1 string of length n), --stats or --export-bristol FILE");
  const owf::OneWayFunction f(instance.n(), instance.m());
  owf::Bits seed;
  try {
    seed = owf::parse_bits(options.seed);
    if (static_cast<int>(seed.size()) != instance.n()) {
      throw owf::DomainError(fmt::format("--seed has {} bits but n = {}", seed.size(), instance.n()));
    }
  } catch (const owf::DomainError& error) {
    throw UsageError(fmt::format("--seed: {}", error.what()));
  }
  const auto message = f.pack(seed);
  const auto digest = crypto::sha256(std::span<const std::uint8_t>(message));
  const std::string output = owf::to_string(f(seed));
  if (options.json) {
    const nlohmann::json out = {{"n", instance.n()},
                                {"m", instance.m()},
                                {"seed", owf::to_string(seed)},
                                {"message_hex", crypto::to_hex(message)},
                                {"sha256_hex", crypto::to_hex(digest)},
                                {"output", output}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << output << "\n";
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_owf_command(CLI::App& app) {
  auto options = std::make_shared<OwfOptions>();
  CLI::App* command = app.add_subcommand(
      "owf", "Evaluate f_{n,m}(s): the first m bits of SHA-256 of the seed packed MSB-first (spec G.1)");
  add_instance_options(*command, options->instance);
  command->add_option("--seed", options->seed, "the seed s_1..s_n as a 0/1 string");
  command->add_flag("--json", options->json, "machine-readable output (with --seed: also the message bytes and digest)");
  command->add_option("--export-bristol", options->bristol_file,
                      "write the Boolean circuit of f_{n,m} in Bristol Fashion to FILE (atomically)");
  command->add_flag("--stats", options->stats,
                    "gate counts and depth of the circuit, size of its ReLU network, and public reference counts");
  return [command, options] { return *command ? run_owf(*options) : -1; };
}

}  // namespace dpsi::cli
