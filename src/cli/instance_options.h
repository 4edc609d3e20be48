// File: cli/instance_options.h
// The instance flags every subcommand shares, and the errors the CLI reports in one line.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dpsi/numeric/quoted_input.h"
#include "dpsi/params/instance.h"

namespace dpsi::cli {

// Exit codes of the dpsi command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // a check failed (or traceability is broken)
inline constexpr int kExitUsage = 2;        // bad flags, bad values, invalid parameters, unwritable output

// An error in what the user asked for; main() prints "dpsi: error: <what>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InstanceFlags {
  std::string n = "16";
  std::string m = "16";
  std::string a = "1";
  std::string delta = "0.05";
  std::string tau = "0.001";
  std::string sigma_y = "0.0025";
  std::string kappa_star = "0.1";
};

// Adds --n --m --a --delta --tau --sigma-y --kappa-star to `command` (group "Instance parameters").
void add_instance_options(CLI::App& command, InstanceFlags& flags);

// Parses the flags as exact rationals and validates P.1-P.8. Throws UsageError naming the flag or
// every violated constraint.
Instance parse_instance(const InstanceFlags& flags);
ParameterValues parse_parameter_values(const InstanceFlags& flags);

// Parses "v1,v2,...,vk" as exact decimals (or p/q); throws UsageError naming `flag` unless there
// are exactly `count` values, each valid. `what` names the dimension in the message ("d = n + m").
std::vector<Rational> parse_coordinates(const std::string& flag, const std::string& text, int count, const std::string& what);

// The largest exact number an option takes: numerator and denominator of at most this many bits
// (about 300 decimal digits; "1e-10000" is refused, since exact arithmetic on it costs seconds and GB).
inline constexpr std::size_t kMaxExactInputBits = 1024;

// Parses an exact decimal (or p/q) for `flag`: a UsageError quoting the text (shortened, see
// quoted_input) unless it parses and fits kMaxExactInputBits.
Rational parse_exact(const std::string& flag, const std::string& text);

// Parses a decimal (or p/q) in [low, high] as a double ("--min-time: 'abc' is not a number in
// 0.01..60"); nan and inf never parse.
double parse_number_in_range(const std::string& flag, const std::string& text, const Rational& low, const Rational& high);

// Splits a comma-separated list option: a UsageError for an empty list or an empty item
// ("--methods: empty item in 'dps,,tds'").
std::vector<std::string> split_list(const std::string& flag, const std::string& text);

// The list parser every list option uses: split_list, `parse(item)` for each item, then a UsageError
// for an item equal to an earlier one ("--sizes: duplicate item 4"). T must be ordered (<).
template <class Parse>
auto parse_list(const std::string& flag, const std::string& text, Parse parse) {
  using T = decltype(parse(std::string()));
  std::vector<T> values;
  std::set<T> seen;
  for (const std::string& item : split_list(flag, text)) {
    T value = parse(item);
    if (!seen.insert(value).second) throw UsageError(flag + ": duplicate item " + (item.size() <= kMaxQuotedInput ? item : quoted_input(item)));
    values.push_back(std::move(value));
  }
  return values;
}

// parse_list of plain names (no parsing).
std::vector<std::string> parse_name_list(const std::string& flag, const std::string& text);

// Parses a decimal unsigned 64-bit integer; throws UsageError naming `flag`.
std::uint64_t parse_seed(const std::string& flag, const std::string& text);

// Parses a decimal integer in [low, high]; throws UsageError naming `flag` ("--trials: 0 is outside
// 1..1000", "--trials: 'x' is not an integer in 1..1000").
std::uint64_t parse_integer_in_range(const std::string& flag, const std::string& text, std::uint64_t low, std::uint64_t high);

}  // namespace dpsi::cli
