#include "cli/posterior_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>

#include "cli/instance_options.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/instance/decoder.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::cli {
namespace {

constexpr int kMaxPosteriorSeedBits = 16;
constexpr long kStartPrecision = 256;
constexpr long kMaxPrecision = 16384;

struct PosteriorOptions {
  InstanceFlags instance;
  std::string y;
  int digits = 35;
  int top = 5;
  bool json = false;
};

long bits_for(int digits) { return static_cast<long>(std::ceil((digits + 1) * 3.3219280948873623)) + 4; }

struct PosteriorValues {
  Ball log_py;
  Ball acceptance;
  Ball preimage_mass;
  std::uint64_t preimages = 0;
  std::vector<Ball> weights;
  long precision = 0;
};

int run_posterior(const PosteriorOptions& options) {
  if (options.y.empty()) throw UsageError("posterior: give --y y1,...,ym (m comma-separated decimals)");
  if (options.digits < 30 || options.digits > 1000) throw UsageError("--digits must be between 30 and 1000");
  if (options.top < 0 || options.top > 1000) throw UsageError("--top must be between 0 and 1000");
  const Instance instance = parse_instance(options.instance);
  if (instance.n() > kMaxPosteriorSeedBits)
    throw UsageError(fmt::format("posterior enumerates all 2^n seeds and needs n <= {} (n = {})", kMaxPosteriorSeedBits, instance.n()));
  const std::vector<Rational> y = parse_coordinates("--y", options.y, instance.m(), "m");
  const auto start = std::chrono::steady_clock::now();
  const density::VertexMixture mixture(instance);
  const std::vector<std::uint8_t> decoded = instance::decode(y, instance.delta());
  std::vector<std::uint64_t> preimages;
  for (std::uint64_t s = 0; s < mixture.seed_count(); ++s) {
    bool equal = true;
    for (int i = 0; i < instance.m() && equal; ++i) equal = mixture.image_bit(s, i) == decoded[static_cast<std::size_t>(i)];
    if (equal) preimages.push_back(s);
  }
  const long needed = bits_for(options.digits);
  PosteriorValues values;
  for (long precision = kStartPrecision;; precision *= 2) {
    if (precision > kMaxPrecision)
      throw UsageError(fmt::format("could not reach {} digits within {} bits of working precision", options.digits, kMaxPrecision));
    const PrecisionScope scope(precision);
    std::vector<Ball> y_balls;
    for (const Rational& value : y) y_balls.emplace_back(value);
    density::SeedPosterior posterior = mixture.posterior(y_balls);
    values.log_py = posterior.log_evidence;
    // a(y) = (2 pi sigma_y^2)^{m/2} p_Y(y) (spec E.2).
    values.acceptance = exp(Ball(instance.m()) / Ball(2) * log(Ball(2) * Ball::pi() * sqr(Ball(instance.sigma_y()))) + posterior.log_evidence);
    values.preimage_mass = Ball(0);
    for (const std::uint64_t s : preimages) values.preimage_mass += posterior.weights[s];
    values.weights = std::move(posterior.weights);
    values.preimages = preimages.size();
    values.precision = precision;
    // preimage_mass may be exactly 0 (no preimage) or tiny; it needs relative accuracy when nonzero.
    const bool mass_ok = preimages.empty() || values.preimage_mass.rel_accuracy_bits() >= needed;
    if (values.log_py.rel_accuracy_bits() >= needed && values.acceptance.rel_accuracy_bits() >= needed && mass_ok) break;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<std::uint64_t> order(values.weights.size());
  for (std::uint64_t s = 0; s < order.size(); ++s) order[s] = s;
  const auto shown = std::min<std::size_t>(static_cast<std::size_t>(options.top), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](std::uint64_t a, std::uint64_t b) { return values.weights[a].mid_double() > values.weights[b].mid_double(); });
  auto bits_text = [](const owf::Bits& bits) {
    std::string text;
    for (const std::uint8_t bit : bits) text += bit ? '1' : '0';
    return text;
  };
  const owf::OneWayFunction function(instance.n(), instance.m());
  const std::string mass_text = preimages.empty() ? std::string("0") : values.preimage_mass.mid_str(options.digits);
  if (options.json) {
    nlohmann::json out = {{"n", instance.n()},
                          {"m", instance.m()},
                          {"log_py", values.log_py.mid_str(options.digits)},
                          {"acceptance", values.acceptance.mid_str(options.digits)},
                          {"preimage_mass", mass_text},
                          {"decoded", bits_text(decoded)},
                          {"preimages", values.preimages},
                          {"significant_digits", options.digits},
                          {"precision_bits", values.precision},
                          {"seconds", seconds},
                          {"top_seeds", nlohmann::json::array()}};
    for (std::size_t k = 0; k < shown; ++k)
      out["top_seeds"].push_back({{"seed", bits_text(function.seed_of_index(order[k]))}, {"probability", values.weights[order[k]].mid_str(20)}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("# exact law of the measurement y (n = {}, m = {}): {} seeds enumerated (spec A.5, R.4), {} significant digits, {} bits, {:.3f} s\n",
                           instance.n(), instance.m(), mixture.seed_count(), options.digits, values.precision, seconds);
  std::cout << "log_py " << values.log_py.mid_str(options.digits) << "\n";
  std::cout << "acceptance " << values.acceptance.mid_str(options.digits) << "\n";
  std::cout << fmt::format("# decode(y) = {}; {} of the {} seeds map to it under f\n", bits_text(decoded), values.preimages, mixture.seed_count());
  std::cout << "preimage_mass " << mass_text << "\n";
  std::cout << fmt::format("# rejection sampling needs 1/a(y) = {} proposals per accepted draw on average (spec E.2)\n",
                           (Ball(1) / values.acceptance).mid_str(6));
  for (std::size_t k = 0; k < shown; ++k)
    std::cout << fmt::format("seed {} p(s|y) = {}\n", bits_text(function.seed_of_index(order[k])), values.weights[order[k]].mid_str(12));
  return kExitOk;
}

}  // namespace

std::function<int()> add_posterior_command(CLI::App& app) {
  auto options = std::make_shared<PosteriorOptions>();
  CLI::App* command = app.add_subcommand(
      "posterior", "Exact law of a measurement y = x_F + sigma_y xi: log p_Y(y), the acceptance probability a(y) of rejection "
                   "sampling, and the posterior mass on preimages of decode(y) (spec A.5, E.2; n <= 16)");
  add_instance_options(*command, options->instance);
  command->add_option("--y", options->y, "the measurement y_1,...,y_m, exact decimals");
  command->add_option("--digits", options->digits, "significant digits printed (>= 30; all certified by the enclosures)")->capture_default_str();
  command->add_option("--top", options->top, "also list the K most probable seeds")->capture_default_str();
  command->add_flag("--json", options->json, "machine-readable output (decimal strings)");
  return [command, options] { return *command ? run_posterior(*options) : -1; };
}

}  // namespace dpsi::cli
