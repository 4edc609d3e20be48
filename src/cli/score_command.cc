#include "cli/score_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/instance_options.h"
#include "cli/network_command.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::cli {
namespace {

constexpr long kStartPrecision = 256;
constexpr long kMaxPrecision = 8192;

struct ScoreOptions {
  InstanceFlags instance;
  std::string sigma;
  std::string x;
  std::string method = "exact";
  std::string epsilon = "0.1";
  int digits = 35;
  bool json = false;
};

long bits_for_digits(int digits) { return static_cast<long>(std::ceil((digits + 1) * 3.3219280948873623)) + 4; }

// A value whose enclosure contains 0 (e.g. a score coordinate that vanishes by symmetry) cannot be
// given significant digits; it is printed as 0 once the enclosure is within 2^-(2 needed) of 0.
bool is_certified_zero(const Ball& value, int digits) {
  return value.contains(Rational(0)) && value.radius_double() <= std::ldexp(1.0, -2 * static_cast<int>(bits_for_digits(digits)));
}

// Every printed quantity accurate to `digits` significant digits (plus a guard digit), or 0 as above.
bool accurate_enough(const density::ExactScore& score, int digits) {
  const long needed = bits_for_digits(digits);
  auto ok = [needed, digits](const Ball& value) {
    return value.is_exact() || value.rel_accuracy_bits() >= needed || is_certified_zero(value, digits);
  };
  if (!ok(score.log_density)) return false;
  for (const Ball& value : score.score) {
    if (!ok(value)) return false;
  }
  return true;
}

// The exact score at the network's (double) input, for the comparison beside the network's output:
// each coordinate to absolute accuracy 2^-60 max(1, |s|) (17 digits of a value of size >= 1; a
// vanishing coordinate need not have relative digits), with the squared error, raising the working
// precision as the exact path does. A UsageError if 8192 bits do not suffice.
struct ExactComparison {
  std::vector<Ball> score;
  Ball squared{0};
};

ExactComparison exact_comparison(const Instance& instance, const Rational& sigma, const std::vector<double>& x,
                                 const std::vector<double>& s_hat) {
  const density::VertexMixture mixture(instance);
  for (long precision = kStartPrecision; precision <= kMaxPrecision; precision *= 2) {
    const PrecisionScope scope(precision);
    std::vector<Ball> x_balls;
    for (const double value : x) x_balls.emplace_back(Rational(value));
    ExactComparison result;
    result.score = mixture.score(x_balls, mixture.kappa_of(Ball(sigma))).score;
    bool accurate = true;
    for (std::size_t k = 0; k < result.score.size() && accurate; ++k) {
      const Ball& value = result.score[k];
      accurate = value.is_finite() && value.radius_double() <= std::ldexp(std::max(1.0, std::abs(value.mid_double())), -60);
      result.squared += sqr(Ball(Rational(s_hat[k])) - value);
    }
    if (accurate && result.squared.is_finite()) return result;
  }
  throw UsageError(fmt::format("the exact score at this point (printed beside the network's when n <= 16) could not be computed to "
                               "17 digits within {} bits of working precision; use a point nearer the support", kMaxPrecision));
}

// --method network: the C.8 network at sigma, in double with its certified evaluation error bound,
// and (n <= 16) the exact score at the same point and the error. A point beyond double range, or one
// where the network's double evaluation overflows, is a UsageError: inf and nan are never printed.
int run_network_score(const ScoreOptions& options, const Instance& instance, const Rational& sigma,
                      const std::vector<Rational>& point) {
  if (sigma <= 0) throw UsageError("--method network needs --sigma > 0");
  const Rational epsilon = parse_positive("--epsilon", options.epsilon);
  check_network_size(instance, sigma, epsilon);
  std::vector<double> x;
  bool rounded = false;
  for (const Rational& value : point) {
    x.push_back(static_cast<double>(value));
    if (!std::isfinite(x.back())) {
      throw UsageError(fmt::format("--x: coordinate {} ({}) is beyond double range (the network evaluates in double)", x.size(),
                                   to_decimal(value, 6)));
    }
    rounded = rounded || Rational(x.back()) != value;
  }
  const auto start = std::chrono::steady_clock::now();
  const relu::ScoreNetwork network(instance, owf::owf_circuit(instance.n(), instance.m()), sigma, epsilon);
  std::vector<double> errors;
  const std::vector<double> s_hat = network.evaluate_certified(x, errors);
  const auto name = [&](std::size_t k) {
    const bool seed_block = static_cast<int>(k) < instance.n();
    return fmt::format("{}{}", seed_block ? "S" : "F", seed_block ? k + 1 : k + 1 - static_cast<std::size_t>(instance.n()));
  };
  for (std::size_t k = 0; k < s_hat.size(); ++k) {
    if (!std::isfinite(s_hat[k]) || !std::isfinite(errors[k])) {
      throw UsageError(fmt::format("the network's double evaluation overflows at this point (output {} is {}, error bound {}); "
                                   "use a point with smaller coordinates", name(k), s_hat[k], errors[k]));
    }
  }
  const bool compare = instance.n() <= 16;
  ExactComparison comparison;
  if (compare) comparison = exact_comparison(instance, sigma, x, s_hat);
  const std::vector<Ball>& exact = comparison.score;
  const Ball& squared = comparison.squared;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.json) {
    nlohmann::json out = {{"n", instance.n()}, {"m", instance.m()}, {"sigma", to_decimal(sigma, 40)}, {"method", "network"},
                          {"regime", network.regime_name()}, {"epsilon", to_decimal(epsilon)},
                          {"point_rounded_to_double", rounded}, {"score", s_hat}, {"evaluation_error_bound", errors},
                          {"expected_squared_error_bound", network.bound().mid_str(6)}, {"seconds", seconds}};
    if (compare) {
      out["exact_score"] = nlohmann::json::array();
      for (const Ball& value : exact) out["exact_score"].push_back(value.mid_str(17));
      out["squared_error"] = squared.mid_str(6);
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("# network score (spec {}, {} units) of g~ (n = {}, m = {}) at sigma = {}, eps = {}\n",
                           network.regime_name(), network.network().num_units(), instance.n(), instance.m(),
                           to_decimal(sigma, 40), to_decimal(epsilon));
  std::cout << fmt::format("# evaluated in double, +/- a certified bound on the rounding{}; {:.3f} s\n",
                           rounded ? " (the point itself rounded to double first)" : "", seconds);
  for (std::size_t k = 0; k < s_hat.size(); ++k) {
    std::cout << fmt::format("score {} {:.17g} +/- {:.2g}{}\n", name(k), s_hat[k], errors[k],
                             compare ? "   exact " + exact[k].mid_str(17) : "");
  }
  if (compare) {
    std::cout << fmt::format("squared_error |s_hat - s_sigma|^2 = {} (the certified bound on its mean over g~_sigma: {})\n",
                             squared.mid_str(6), network.bound().mid_str(6));
  }
  return kExitOk;
}

int run_score(const ScoreOptions& options) {
  if (options.method != "exact" && options.method != "network") {
    throw UsageError(fmt::format("--method {} is not available (methods: exact, network)", quoted_input(options.method)));
  }
  if (options.digits < 1 || options.digits > 1000) throw UsageError("--digits must be between 1 and 1000");
  if (options.sigma.empty()) throw UsageError("score: give --sigma S (the extra noise level, S >= 0)");
  if (options.x.empty()) throw UsageError("score: give --x x1,...,xd (d = n + m comma-separated decimals)");
  const Instance instance = parse_instance(options.instance);
  const Rational sigma = parse_exact("--sigma", options.sigma);
  if (sigma < 0) throw UsageError("--sigma must be >= 0");
  if (options.method == "network") return run_network_score(options, instance, sigma, parse_coordinates("--x", options.x, instance.d(), "d = n + m"));
  if (instance.n() > density::kMaxEnumeratedSeedBits) {
    throw UsageError(fmt::format("--method exact enumerates all 2^n seeds and needs n <= {} (n = {})",
                                 density::kMaxEnumeratedSeedBits, instance.n()));
  }
  const std::vector<Rational> point = parse_coordinates("--x", options.x, instance.d(), "d = n + m");
  const auto start = std::chrono::steady_clock::now();
  const density::VertexMixture mixture(instance);
  long precision = kStartPrecision;
  for (;; precision *= 2) {
    const PrecisionScope scope(precision);
    std::vector<Ball> x;
    for (const Rational& value : point) x.emplace_back(value);
    const Ball kappa = mixture.kappa_of(Ball(sigma));
    const density::ExactScore result = mixture.score(x, kappa);
    if (!accurate_enough(result, options.digits)) {
      if (precision * 2 > kMaxPrecision) {
        throw UsageError(fmt::format("could not reach {} digits within {} bits of working precision", options.digits,
                                     kMaxPrecision));
      }
      continue;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto text = [&](const Ball& value) {
      return is_certified_zero(value, options.digits) ? std::string("0") : value.mid_str(options.digits);
    };
    if (options.json) {
      nlohmann::json out = {{"n", instance.n()},
                            {"m", instance.m()},
                            {"sigma", to_decimal(sigma, 40)},
                            {"kappa", text(kappa)},
                            {"method", "exact"},
                            {"log_density", text(result.log_density)},
                            {"score", nlohmann::json::array()},
                            {"seed_marginals", nlohmann::json::array()},
                            {"image_marginals", nlohmann::json::array()},
                            {"significant_digits", options.digits},
                            {"precision_bits", precision},
                            {"seconds", seconds}};
      for (const Ball& value : result.score) out["score"].push_back(text(value));
      // Marginals are probabilities: printed to the same number of digits after rounding, not certified
      // to that many significant digits when they are tiny.
      for (const Ball& value : result.seed_marginals) out["seed_marginals"].push_back(value.mid_str(options.digits));
      for (const Ball& value : result.image_marginals) out["image_marginals"].push_back(value.mid_str(options.digits));
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << fmt::format("# exact smoothed score of g~ (n = {}, m = {}) at sigma = {}, kappa = sqrt(tau^2 + sigma^2) = {}\n",
                             instance.n(), instance.m(), to_decimal(sigma, 40), text(kappa));
    std::cout << fmt::format("# {} seeds enumerated (spec R.4), {} significant digits, {} bits, {:.3f} s\n",
                             mixture.seed_count(), options.digits, precision, seconds);
    std::cout << "log_density " << text(result.log_density) << "\n";
    for (std::size_t k = 0; k < result.score.size(); ++k) {
      const bool seed_block = static_cast<int>(k) < instance.n();
      const std::size_t index = seed_block ? k + 1 : k + 1 - static_cast<std::size_t>(instance.n());
      std::cout << fmt::format("score {}{} {}\n", seed_block ? "S" : "F", index, text(result.score[k]));
    }
    return kExitOk;
  }
}

}  // namespace

std::function<int()> add_score_command(CLI::App& app) {
  auto options = std::make_shared<ScoreOptions>();
  CLI::App* command = app.add_subcommand(
      "score", "Exact log-density and score of g~ * N(0, sigma^2 I) at a point, by enumerating all 2^n seeds (spec A.4, R.4)");
  add_instance_options(*command, options->instance);
  command->add_option("--sigma", options->sigma, "extra noise level sigma >= 0 (kappa = sqrt(tau^2 + sigma^2))");
  command->add_option("--x", options->x, "the point x_1,...,x_d (d = n + m; seed block first), exact decimals");
  command->add_option("--method", options->method,
                      "exact (brute force over seeds, n <= 20) or network (the ReLU network of spec C.8, with its "
                      "certified evaluation error and, for n <= 16, the exact score next to it)")
      ->capture_default_str();
  command->add_option("--epsilon", options->epsilon, "with --method network: the network's accuracy eps")->capture_default_str();
  command->add_option("--digits", options->digits, "significant digits printed (all certified by the enclosure)")
      ->capture_default_str();
  command->add_flag("--json", options->json, "machine-readable output (also P(s_j = 1 | x) and P(f(s)_i = 1 | x))");
  return [command, options] { return *command ? run_score(*options) : -1; };
}

}  // namespace dpsi::cli
