// Fuzz target: dpsi::cli::parse_instance, the instance-parameter layer of every subcommand (the
// texts of --n --m --a --delta --tau --sigma-y --kappa-star, validated against P.1-P.8).
// Input: up to seven newline-separated fields, in that flag order; a missing field keeps its default.
// Properties: no crash, leak or UB; a rejection is a UsageError with a one-line message; an
// accepted instance holds exactly the parsed values, is accepted again from its exact p/q rendering
// (same values), and its derived quantities (what `dpsi params` prints) evaluate without error.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/instance_options.h"
#include "dpsi/params/instance.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  dpsi::cli::InstanceFlags flags;
  const std::array<std::string*, 7> fields = {&flags.n, &flags.m, &flags.a, &flags.delta, &flags.tau, &flags.sigma_y,
                                              &flags.kappa_star};
  std::size_t start = 0;
  for (std::string* field : fields) {
    if (start > input.size()) break;
    const std::size_t end = std::min(input.find('\n', start), input.size());
    *field = std::string(input.substr(start, end - start));
    start = end + 1;
  }
  std::optional<dpsi::Instance> instance;
  try {
    instance = dpsi::cli::parse_instance(flags);
  } catch (const dpsi::cli::UsageError& error) {
    // The message names every violated constraint with its values, so it may exceed kMaxErrorLength
    // (main() caps the line it prints); it must still be one line.
    const std::string_view message = error.what();
    FUZZ_CHECK(!message.empty() && message.find('\n') == std::string_view::npos && message.size() <= 8000);
    return 0;
  }
  const dpsi::ParameterValues parsed = dpsi::cli::parse_parameter_values(flags);
  const dpsi::ParameterValues& held = instance->values();
  FUZZ_CHECK(held.n == parsed.n && held.m == parsed.m && held.a == parsed.a && held.delta == parsed.delta &&
             held.tau == parsed.tau && held.sigma_y == parsed.sigma_y && held.kappa_star == parsed.kappa_star);
  FUZZ_CHECK(dpsi::Rational(instance->n()) == parsed.n && dpsi::Rational(instance->m()) == parsed.m);

  dpsi::cli::InstanceFlags exact;
  exact.n = dpsi::to_fraction(held.n);
  exact.m = dpsi::to_fraction(held.m);
  exact.a = dpsi::to_fraction(held.a);
  exact.delta = dpsi::to_fraction(held.delta);
  exact.tau = dpsi::to_fraction(held.tau);
  exact.sigma_y = dpsi::to_fraction(held.sigma_y);
  exact.kappa_star = dpsi::to_fraction(held.kappa_star);
  const dpsi::Instance again = dpsi::cli::parse_instance(exact);  // a UsageError here is a crash: a bug
  FUZZ_CHECK(again.values().a == held.a && again.values().delta == held.delta && again.values().tau == held.tau &&
             again.values().sigma_y == held.sigma_y && again.values().kappa_star == held.kappa_star &&
             again.n() == instance->n() && again.m() == instance->m());

  FUZZ_CHECK(!dpsi::derived_quantities(*instance).empty());
  return 0;
}
