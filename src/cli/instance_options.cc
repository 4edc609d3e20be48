#include "cli/instance_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace dpsi::cli {
namespace {

std::size_t bits_of(const Integer& value) { return value == 0 ? 0 : boost::multiprecision::msb(abs(value)) + 1; }

}  // namespace

Rational parse_exact(const std::string& flag, const std::string& text) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const ParseError& error) {
    throw UsageError(fmt::format("{}: {}", flag, error.what()));
  }
  const std::size_t bits = std::max(bits_of(numerator(value)), bits_of(denominator(value)));
  if (bits > kMaxExactInputBits) {
    throw UsageError(fmt::format("{}: {} is too long an exact number ({} bits in its numerator or denominator; the limit is {} bits, "
                                 "about 300 decimal digits)", flag, quoted_input(text), bits, kMaxExactInputBits));
  }
  return value;
}

double parse_number_in_range(const std::string& flag, const std::string& text, const Rational& low, const Rational& high) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const ParseError&) {
    throw UsageError(fmt::format("{}: {} is not a number in {}..{}", flag, quoted_input(text), to_decimal(low), to_decimal(high)));
  }
  if (value < low || value > high) {
    throw UsageError(fmt::format("{}: {} is outside {}..{}", flag, quoted_input(text), to_decimal(low), to_decimal(high)));
  }
  return value.convert_to<double>();
}

std::vector<std::string> split_list(const std::string& flag, const std::string& text) {
  if (text.empty()) throw UsageError(fmt::format("{}: empty list", flag));
  std::vector<std::string> items;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    if (end == start) throw UsageError(fmt::format("{}: empty item in {}", flag, quoted_input(text)));
    items.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::vector<std::string> parse_name_list(const std::string& flag, const std::string& text) {
  return parse_list(flag, text, [](const std::string& item) { return item; });
}

void add_instance_options(CLI::App& command, InstanceFlags& flags) {
  const char* group = "Instance parameters (exact decimals or p/q; defaults from spec/notation.md)";
  command.add_option("--n", flags.n, "seed length n (integer, 1..440)")->capture_default_str()->group(group);
  command.add_option("--m", flags.m, "output bits m (integer, 1..256)")->capture_default_str()->group(group);
  command.add_option("--a", flags.a, "seed amplitude a > 0")->capture_default_str()->group(group);
  command.add_option("--delta", flags.delta, "lattice spacing delta (4/delta^2 an integer)")
      ->capture_default_str()
      ->group(group);
  command.add_option("--tau", flags.tau, "intrinsic blur tau > 0")->capture_default_str()->group(group);
  command.add_option("--sigma-y", flags.sigma_y, "measurement noise sigma_y > 0")->capture_default_str()->group(group);
  command.add_option("--kappa-star", flags.kappa_star, "regime switch kappa*, tau < kappa* <= 0.9a/sqrt(2)")
      ->capture_default_str()
      ->group(group);
}

ParameterValues parse_parameter_values(const InstanceFlags& flags) {
  ParameterValues values;
  values.n = parse_exact("--n", flags.n);
  values.m = parse_exact("--m", flags.m);
  values.a = parse_exact("--a", flags.a);
  values.delta = parse_exact("--delta", flags.delta);
  values.tau = parse_exact("--tau", flags.tau);
  values.sigma_y = parse_exact("--sigma-y", flags.sigma_y);
  values.kappa_star = parse_exact("--kappa-star", flags.kappa_star);
  return values;
}

Instance parse_instance(const InstanceFlags& flags) {
  try {
    return Instance::from(parse_parameter_values(flags));
  } catch (const InvalidParameters& error) {
    throw UsageError(error.what());
  }
}

std::uint64_t parse_seed(const std::string& flag, const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw UsageError(fmt::format("{}: {} is not an integer in [0, 2^64)", flag, quoted_input(text)));
  }
  return value;
}

std::uint64_t parse_integer_in_range(const std::string& flag, const std::string& text, std::uint64_t low, std::uint64_t high) {
  std::uint64_t value = 0;
  try {
    value = parse_seed(flag, text);
  } catch (const UsageError&) {
    throw UsageError(fmt::format("{}: {} is not an integer in {}..{}", flag, quoted_input(text), low, high));
  }
  if (value < low || value > high) throw UsageError(fmt::format("{}: {} is outside {}..{}", flag, value, low, high));
  return value;
}

std::vector<Rational> parse_coordinates(const std::string& flag, const std::string& text, int count, const std::string& what) {
  std::vector<Rational> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      values.push_back(parse_rational(item));
    } catch (const ParseError& error) {
      throw UsageError(fmt::format("{}: coordinate {}: {}", flag, values.size() + 1, error.what()));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (static_cast<int>(values.size()) != count) {
    throw UsageError(fmt::format("{} has {} coordinates but {} = {}", flag, values.size(), what, count));
  }
  return values;
}

}  // namespace dpsi::cli
