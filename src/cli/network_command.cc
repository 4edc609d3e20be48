#include "cli/network_command.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <system_error>

#include "cli/instance_options.h"
#include "cli/output_files.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/network_export.h"

namespace dpsi::cli {
namespace {

struct NetworkOptions {
  InstanceFlags instance;
  std::string sigma;
  std::string epsilon = "0.1";
  std::string export_path;
  std::string exact_weights_path;
  bool stats = false;
  bool json = false;
};

int run_network(const NetworkOptions& options) {
  if (options.sigma.empty()) throw UsageError("network: give --sigma S (S > 0)");
  if (!options.stats && options.export_path.empty()) throw UsageError("network: give --stats and/or --export FILE");
  if (!options.exact_weights_path.empty() && options.export_path.empty()) {
    throw UsageError("network: --exact-weights needs --export");
  }
  const Instance instance = parse_instance(options.instance);
  const Rational sigma = parse_positive("--sigma", options.sigma);
  const Rational epsilon = parse_positive("--epsilon", options.epsilon);
  check_network_size(instance, sigma, epsilon);
  const auto start = std::chrono::steady_clock::now();
  const relu::ScoreNetwork network(instance, owf::owf_circuit(instance.n(), instance.m()), sigma, epsilon);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::json parameters = network_parameters(instance, network, epsilon);
  if (!options.export_path.empty()) {
    // All or nothing: FILE, FILE.json and the exact weights are renamed into place only when all are written.
    std::vector<PendingFile> files = {
        {options.export_path,
         [&](const std::filesystem::path& to) { relu::write_safetensors(to, network.network(), parameters); }},
        {options.export_path + ".json",
         [&](const std::filesystem::path& to) { audit::write_file_atomically(to, parameters.dump(2) + "\n"); }}};
    if (!options.exact_weights_path.empty()) {
      files.push_back({options.exact_weights_path,
                       [&](const std::filesystem::path& to) { relu::write_exact_weights_json(to, network.network()); }});
    }
    write_all_or_nothing(files);
  }
  if (options.json) {
    nlohmann::json out = parameters;
    out["build_seconds"] = seconds;
    if (!options.export_path.empty()) out["exported_to"] = options.export_path;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (options.stats) {
    const relu::NoiseLevel& level = network.level();
    std::cout << fmt::format("# score network of spec {} at sigma = {} (n = {}, m = {}, eps = {}), built in {:.2f} s\n",
                             network.regime_name(), to_decimal(sigma, 12), instance.n(), instance.m(), to_decimal(epsilon),
                             seconds);
    std::cout << fmt::format("regime           {} ({})\n", level.small_regime ? "small sigma" : "large sigma",
                             level.small_regime ? "kappa <= kappa*" : "kappa > kappa*");
    std::cout << fmt::format("kappa^2          {}\n", to_decimal(level.kappa2, 12));
    std::cout << fmt::format("eta              {}\n", to_decimal(level.eta, 8));
    std::cout << fmt::format("network          {}\n", network.network().stats());
    std::cout << fmt::format("knots            {} ({})\n", network.knot_summary(),
                             network.knots_certified() == Certainty::kTrue ? "certified" : "NOT certified");
    std::cout << fmt::format("bound            E|s_hat - s_sigma|^2 <= {} (certified, spec {})\n", network.bound().mid_str(6),
                             network.regime_name());
    std::cout << fmt::format("target           eps^2/sigma^2 = {}: {}\n", to_decimal(epsilon * epsilon / (sigma * sigma), 6),
                             is_certainly_true(le(network.bound(), Ball(epsilon * epsilon / (sigma * sigma)))) ? "met" : "NOT met");
  }
  if (!options.export_path.empty()) {
    std::cout << fmt::format("exported {} ({} units) to {} (parameters also in {}.json){}\n", network.regime_name(),
                             network.network().num_units(), options.export_path, options.export_path,
                             options.exact_weights_path.empty() ? "" : ", exact weights to " + options.exact_weights_path);
  }
  return kExitOk;
}

}  // namespace

Rational parse_positive(const std::string& flag, const std::string& text) {
  const Rational value = parse_exact(flag, text);
  if (value <= 0) throw UsageError(fmt::format("{} must be positive (got {})", flag, quoted_input(text)));
  return value;
}

void check_network_size(const Instance& instance, const Rational& sigma, const Rational& epsilon) {
  const relu::NoiseLevel level = relu::noise_level(instance, sigma, epsilon);
  const Rational& span = level.small_regime ? instance.delta() : instance.a();  // the knots cover 2 span
  const char* formula = level.small_regime ? "2 delta/eta period knots, spec C.4" : "2a/eta seed knots, spec C.7";
  const double knots = level.eta > 0 ? static_cast<double>(Rational(2 * span / level.eta)) : HUGE_VAL;
  if (knots <= kMaxNetworkKnots) return;
  // eta is about eps kappa/(2 sqrt(count)): the knot count scales as 1/eps.
  const int count = level.small_regime ? instance.m() : instance.n();
  const double kappa = std::sqrt(static_cast<double>(level.kappa2));
  const double smallest = 4 * static_cast<double>(span) * std::sqrt(static_cast<double>(count)) / (kappa * kMaxNetworkKnots);
  const std::string estimate = std::isfinite(knots) ? fmt::format("about {:.3g}", knots) : "more than 10^19";
  const std::string advice = std::isfinite(smallest) && smallest > 0 ? fmt::format("; use --epsilon >= {:.2g}", smallest * 1.01) : "";
  throw UsageError(fmt::format("--epsilon {} at sigma = {}: the network would need {} knots per coordinate ({}); the limit is {:.0f}{}",
                               to_decimal(epsilon, 6), to_decimal(sigma, 6), estimate, formula, kMaxNetworkKnots, advice));
}

nlohmann::json network_parameters(const Instance& instance, const relu::ScoreNetwork& network, const Rational& epsilon) {
  const ParameterValues& p = instance.values();
  const relu::NoiseLevel& level = network.level();
  nlohmann::json parameters = {
      {"instance",
       {{"n", instance.n()}, {"m", instance.m()}, {"a", to_fraction(p.a)}, {"delta", to_fraction(p.delta)},
        {"tau", to_fraction(p.tau)}, {"sigma_y", to_fraction(p.sigma_y)}, {"kappa_star", to_fraction(p.kappa_star)}}},
      {"sigma", to_fraction(level.sigma)},
      {"kappa2", to_fraction(level.kappa2)},
      {"epsilon", to_fraction(epsilon)},
      {"eta", to_fraction(level.eta)},
      {"regime", network.regime_name()},
      {"inputs", "x = (x_S[1..n], x_F[1..m]), a point of R^(n+m) (the smoothed sample x_0 + sigma z)"},
      {"outputs", "s_hat(x), the approximate score of g~_sigma = g~ * N(0, sigma^2 I) at x (same order)"},
      {"bound", network.bound().mid_str(6)},
      {"bound_meaning", "certified upper bound on E_{x ~ g~_sigma} |s_hat(x) - s_sigma(x)|^2 (spec " + network.regime_name() + ")"},
      {"knots", network.knot_summary()},
      {"units", network.network().num_units()},
      {"depth", network.network().depth()},
      {"max_abs_weight", to_decimal(network.network().max_abs_weight(), 8)},
  };
  if (level.small_regime) {
    const relu::SmallRegimeParameters& small = network.small_parameters();
    parameters["gamma"] = to_fraction(small.gamma);
    parameters["B"] = to_fraction(small.B);
    parameters["ramp_window"] = to_fraction(small.window);
  }
  return parameters;
}

std::function<int()> add_network_command(CLI::App& app) {
  auto options = std::make_shared<NetworkOptions>();
  CLI::App* command = app.add_subcommand(
      "network", "The ReLU score network of spec C.8 at one noise level: its size and certificate, or its export");
  add_instance_options(*command, options->instance);
  command->add_option("--sigma", options->sigma, "noise level sigma > 0 (kappa = sqrt(tau^2 + sigma^2))");
  command->add_option("--epsilon", options->epsilon, "accuracy eps: knots give E|s_hat - s|^2 <= eps^2/sigma^2")
      ->capture_default_str();
  command->add_flag("--stats", options->stats, "print regime, knots, units, depth, max |weight| and the certified bound");
  command->add_option("--export", options->export_path,
                      "write the network to FILE as safetensors (float64 weights, parameters in its metadata) and the "
                      "parameters to FILE.json; see README");
  command->add_option("--exact-weights", options->exact_weights_path, "with --export: also write the exact rational weights (JSON)");
  command->add_flag("--json", options->json, "print the parameters as JSON instead of text");
  return [command, options] { return *command ? run_network(*options) : -1; };
}

}  // namespace dpsi::cli
