#include "cli/params_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "cli/instance_options.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::cli {
namespace {

struct ParamsOptions {
  InstanceFlags instance;
  bool json = false;
};

int run_params(const ParamsOptions& options) {
  const Instance instance = parse_instance(options.instance);
  const ParameterValues& v = instance.values();
  const std::pair<const char*, const Rational*> rows[] = {
      {"n", &v.n},         {"m", &v.m},     {"a", &v.a},           {"delta", &v.delta},
      {"tau", &v.tau},     {"sigma_y", &v.sigma_y}, {"kappa*", &v.kappa_star}};
  const auto constraints = evaluate_constraints(v);
  const auto derived = derived_quantities(instance);
  if (options.json) {
    nlohmann::json out;
    for (const auto& [name, value] : rows) out["parameters"][name] = {{"exact", to_fraction(*value)}, {"decimal", to_decimal(*value, 17)}};
    for (const ConstraintResult& c : constraints) {
      out["constraints"].push_back({{"id", c.id}, {"statement", c.statement}, {"holds", std::string(to_string(c.holds))}, {"detail", c.detail}});
    }
    for (const DerivedQuantity& q : derived) {
      out["derived"].push_back({{"symbol", q.symbol}, {"meaning", q.meaning}, {"enclosure", q.value.str(20)}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "Instance parameters (exact)\n";
  for (const auto& [name, value] : rows) {
    std::cout << fmt::format("  {:<8} = {:<12} ({})\n", name, to_fraction(*value), to_decimal(*value, 12));
  }
  std::cout << "\nConstraints (spec/instance.md)\n";
  for (const ConstraintResult& c : constraints) {
    std::cout << fmt::format("  {}  {:<50}  {}  [{}]\n", c.id, c.statement, c.holds == Certainty::kTrue ? "holds" : "VIOLATED", c.detail);
  }
  std::cout << "\nDerived quantities (certified enclosures, 256-bit balls)\n";
  for (const DerivedQuantity& q : derived) {
    std::cout << fmt::format("  {:<16} = {:<40}  {}\n", q.symbol, q.value.str(15), q.meaning);
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_params_command(CLI::App& app) {
  auto options = std::make_shared<ParamsOptions>();
  CLI::App* command = app.add_subcommand("params", "Print and validate the instance parameters (constraints P.1-P.8)");
  add_instance_options(*command, options->instance);
  command->add_flag("--json", options->json, "machine-readable output");
  return [command, options] { return *command ? run_params(*options) : -1; };
}

}  // namespace dpsi::cli
