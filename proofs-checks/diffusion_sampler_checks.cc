// F.2: smoke checks of the exponential-integrator sampler (spec/F-diffusion.md). Conventions of
// spec/README.md "Statistical": gamma_MC = 1e-9 per claim, Hoeffding radii and two-sample DKW radii
// rounded up, every check seeded with the lemma seed of F.2 (shared by its four checks, which is why
// the three smoke checks may share one set of outputs: each claim's guarantee holds on its own).
#include "proofs-checks/diffusion_sampler_checks.h"

#include <fmt/format.h>

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "dpsi/diffusion/network_score.h"
#include "dpsi/diffusion/oracle_score.h"
#include "dpsi/diffusion/schedule.h"
#include "dpsi/instance/decoder.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/sampling/continuous_ks.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/binomial.h"
#include "dpsi/stats/mean_tests.h"
#include "dpsi/stats/power.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 128;
constexpr std::uint64_t kFullOutputs = 40'000;
constexpr std::uint64_t kQuickOutputs = 1'000;
// The network-driven run of F.2:two-sample (full mode only, reported): a small instance and a coarse
// grid, because the sampler needs one network per step and a C.4 network costs ~4 s to build at any
// n, m (the SHA-256 circuit dominates): lambda = 1 and t_min = 1e-6 give N = 27 steps, 12 of them C.4
// networks (t_min = 2.5e-9 would need 21; at t_min = 1e-5 the coarse grid stops before the phase has
// settled: the oracle then decodes only ~77% at n = m = 4, against ~100% at 1e-6).
constexpr int kNetworkInstanceSize = 4;
constexpr std::uint64_t kNetworkOutputs = 200;
constexpr double kNetworkStepFactor = 1.0;
constexpr double kNetworkEarlyStop = 1e-6;  // sigma_min = 0.0014

std::string decimal(const Rational& x, int digits = 6) { return to_decimal(x, digits); }

std::string instance_str(const Instance& instance) {
  return fmt::format("n = {}, m = {}, a = {}, delta = {}, tau = {}, kappa* = {}", instance.n(), instance.m(),
                     to_fraction(instance.a()), to_fraction(instance.delta()), to_fraction(instance.tau()),
                     to_fraction(instance.kappa_star()));
}

std::string grid_str(const diffusion::TimeGrid& grid) {
  return fmt::format("T = {}, t_min = {}, lambda = {}, N = {} steps ({} uniform, {} geometric)", grid.horizon(),
                     grid.early_stop(), grid.step_factor(), grid.steps(), grid.uniform_steps(),
                     grid.steps() - grid.uniform_steps());
}

// One run of the oracle-driven sampler, shared by the F.2 checks of one audit (same instance, count and
// seed give the same outputs; the cache only saves the time of recomputing them).
struct OracleRun {
  Outputs outputs;
  double seconds = 0;
  std::size_t steps = 0;
  std::string grid;
};

const OracleRun& oracle_run(const Instance& instance, std::uint64_t count, std::uint64_t seed) {
  static std::mutex mutex;
  static std::unique_ptr<OracleRun> cached;
  static std::string cached_key;
  const std::string key = fmt::format("{}|{}|{}|{}|{}", instance_str(instance), to_fraction(instance.sigma_y()), count,
                                      seed, diffusion::kDefaultStepFactor);
  const std::lock_guard<std::mutex> lock(mutex);
  if (cached && cached_key == key) return *cached;
  const diffusion::AnalyticOracleScore score(instance);
  const diffusion::DiffusionSampler sampler(score, diffusion::TimeGrid::defaults());
  auto run = std::make_unique<OracleRun>();
  const auto start = std::chrono::steady_clock::now();
  run->outputs = diffusion_outputs(sampler, count, seed);
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run->steps = sampler.grid().steps();
  run->grid = grid_str(sampler.grid());
  cached = std::move(run);
  cached_key = key;
  return *cached;
}

std::uint64_t output_count(const CheckContext& context) { return context.quick ? kQuickOutputs : kFullOutputs; }

void add_run_log(CheckResult& result, const std::string& name, const CheckContext& context, const OracleRun& run) {
  result.log.push_back(fmt::format(
      "{}: {} outputs X_hat = e^t_min Y_N of the F.2 sampler driven by C.8's analytic oracle (s_vert for kappa <= "
      "kappa*, s_large above) on {}; {}; engine std::mt19937_64 seeded with {:#018x}; {:.2f} s for the outputs "
      "({:.0f} samples/s, shared by the F.2 checks of this run)",
      name, run.outputs.size(), instance_str(context.instance), run.grid, context.seed, run.seconds,
      static_cast<double>(run.outputs.size()) / std::max(run.seconds, 1e-9)));
  result.parameters["outputs"] = run.outputs.size();
  result.parameters["steps"] = run.steps;
  result.parameters["horizon"] = diffusion::kDefaultHorizon;
  result.parameters["t_min"] = diffusion::kDefaultEarlyStop;
  result.parameters["lambda"] = diffusion::kDefaultStepFactor;
  result.parameters["scores"] = "oracle";
  result.parameters["gamma_mc"] = "1e-9";
  result.parameters["engine"] = "std::mt19937_64";
}

CheckResult smoke_decoding_check(const CheckContext& context) {
  const OracleRun& run = oracle_run(context.instance, output_count(context), context.seed);
  CheckResult result = smoke_decoding(context.instance, run.outputs);
  add_run_log(result, "F.2:smoke-decoding", context, run);
  return result;
}

CheckResult smoke_sign_uniformity_check(const CheckContext& context) {
  const OracleRun& run = oracle_run(context.instance, output_count(context), context.seed);
  CheckResult result = smoke_sign_uniformity(context.instance, run.outputs);
  add_run_log(result, "F.2:smoke-sign-uniformity", context, run);
  return result;
}

CheckResult smoke_seed_magnitude_check(const CheckContext& context) {
  const OracleRun& run = oracle_run(context.instance, output_count(context), context.seed);
  CheckResult result = smoke_seed_magnitude(context.instance, run.outputs);
  add_run_log(result, "F.2:smoke-seed-magnitude", context, run);
  return result;
}

// The fraction of outputs with dec(x_F) = f(sbar(x)), in double (for the log of the network run).
double decoding_fraction(const Instance& instance, const Outputs& outputs);

// The network-driven run of F.2:two-sample at n = m = kNetworkInstanceSize (reported, not decided).
void network_report(const CheckContext& context, CheckResult& result) {
  ParameterValues values = context.instance.values();
  values.n = kNetworkInstanceSize;
  values.m = kNetworkInstanceSize;
  const Instance small = Instance::from(values);
  const diffusion::NetworkScore score(small, context.epsilon);
  const diffusion::TimeGrid grid(diffusion::kDefaultHorizon, kNetworkEarlyStop, kNetworkStepFactor);
  const diffusion::DiffusionSampler sampler(score, grid);
  const auto start = std::chrono::steady_clock::now();
  // One batch: each network is built once (the score caches only the last two).
  const Outputs outputs = diffusion_outputs(sampler, kNetworkOutputs, context.seed + 2, kNetworkOutputs);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double build_seconds = score.seconds_building();
  const double sample_seconds = seconds - build_seconds;
  // The oracle on the same small instance and grid, for comparison.
  const diffusion::AnalyticOracleScore oracle(small);
  const diffusion::DiffusionSampler oracle_sampler(oracle, grid);
  const auto oracle_start = std::chrono::steady_clock::now();
  const Outputs oracle_outputs = diffusion_outputs(oracle_sampler, kNetworkOutputs, context.seed + 2);
  const double oracle_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - oracle_start).count();
  // Exact R6 draws of the run's target g~_sigma_min itself (blur sqrt(tau^2 + sigma_min^2)): no slack.
  const double blur = std::sqrt((small.tau() * small.tau()).convert_to<double>() + std::expm1(2 * kNetworkEarlyStop));
  const sampling::InstanceSampler exact_sampler(small);
  sampling::RandomSource exact_source(context.seed + 3);
  Outputs exact;
  for (std::uint64_t t = 0; t < kNetworkOutputs; ++t) exact.push_back(exact_sampler.draw(exact_source, blur).x);
  const CheckResult network = two_sample(small, outputs, exact, "network", Ball());
  const CheckResult oracle_ks = two_sample(small, oracle_outputs, exact, "oracle, small instance", Ball());
  result.log.push_back(fmt::format(
      "F.2:two-sample (network, reported, not decided): the same statistics for the sampler driven by C.8's ReLU "
      "networks (eps = {}) on {}, {}, against exact R6 draws of the target g~_sigma_min; {} networks built in {:.1f} s; {} outputs in {:.2f} s besides the builds "
      "({:.0f} samples/s); dec(x_F) = f(sbar(x)) for a fraction {:.4f}; the tests {}: {}",
      to_decimal(context.epsilon, 6), instance_str(small), grid_str(grid), score.networks_built(), build_seconds,
      outputs.size(), sample_seconds, static_cast<double>(outputs.size()) / std::max(sample_seconds, 1e-9),
      decoding_fraction(small, outputs), network.passed ? "would pass" : "WOULD FAIL", network.margin));
  for (const std::string& line : network.log) result.log.push_back(line);
  // Both runs use the same seed, so output r of each is driven by the same noise: their distance shows
  // how far the network scores move a trajectory.
  double max_seed_gap = 0;
  double max_f_gap = 0;
  for (std::size_t r = 0; r < outputs.size(); ++r) {
    for (std::size_t k = 0; k < outputs[r].size(); ++k) {
      double& worst = k < static_cast<std::size_t>(small.n()) ? max_seed_gap : max_f_gap;
      worst = std::max(worst, std::abs(outputs[r][k] - oracle_outputs[r][k]));
    }
  }
  result.log.push_back(fmt::format(
      "F.2:two-sample (oracle on the same small instance and grid, reported): {} outputs in {:.2f} s ({:.0f} samples/s); "
      "dec(x_F) = f(sbar(x)) for a fraction {:.4f}; the tests {}: {}; driven by the same noise as the network run: "
      "max |x_net - x_oracle| = {:.3g} on the seed block, {:.3g} on the f-block",
      oracle_outputs.size(), oracle_seconds, static_cast<double>(oracle_outputs.size()) / std::max(oracle_seconds, 1e-9),
      decoding_fraction(small, oracle_outputs), oracle_ks.passed ? "would pass" : "WOULD FAIL", oracle_ks.margin,
      max_seed_gap, max_f_gap));
  result.parameters["network_run"] = {{"n", kNetworkInstanceSize}, {"m", kNetworkInstanceSize},
                                      {"lambda", kNetworkStepFactor}, {"steps", grid.steps()},
                                      {"outputs", kNetworkOutputs}, {"networks", score.networks_built()},
                                      {"build_seconds", build_seconds}, {"sample_seconds", sample_seconds},
                                      {"would_pass", network.passed}, {"max_gap_seed", max_seed_gap},
                                      {"max_gap_f", max_f_gap}};
}

CheckResult two_sample_check(const CheckContext& context) {
  const std::uint64_t count = output_count(context);
  const OracleRun& run = oracle_run(context.instance, count, context.seed);
  const auto start = std::chrono::steady_clock::now();
  // An engine of its own (seed + 1): the exact draws must be independent of the diffusion outputs.
  const Outputs exact = exact_outputs(context.instance, count, context.seed + 1);
  const double exact_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CheckResult result =
      two_sample(context.instance, run.outputs, exact, "oracle", blur_slack(context.instance, diffusion::kDefaultEarlyStop));
  add_run_log(result, "F.2:two-sample", context, run);
  result.log.push_back(fmt::format(
      "F.2:two-sample: {} exact R6 draws x ~ g~ (InstanceSampler::draw, engine seeded with {:#018x}) in {:.2f} s "
      "({:.0f} samples/s)",
      exact.size(), context.seed + 1, exact_seconds, static_cast<double>(exact.size()) / std::max(exact_seconds, 1e-9)));
  if (context.quick) {
    result.log.push_back("F.2:two-sample: quick mode: the network-driven run (n = m = 4) is skipped");
  } else {
    try {
      network_report(context, result);
    } catch (const InvalidParameters& error) {  // the audited parameters may not allow n = m = 4
      result.log.push_back(std::string("F.2:two-sample: the network-driven run is skipped: ") + error.what());
    }
  }
  return result;
}

// [dec(x_F) = f(sbar(x))] for one output, f evaluated directly (not the oracle's table).
bool decodes(const owf::OneWayFunction& function, double delta, int n, const std::vector<double>& x) {
  owf::Bits signs(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) signs[static_cast<std::size_t>(j)] = x[static_cast<std::size_t>(j)] > 0 ? 1 : 0;
  const std::vector<std::uint8_t> decoded =
      instance::decode(std::span<const double>(x).subspan(static_cast<std::size_t>(n)), delta);
  return decoded == function(signs);
}

double decoding_fraction(const Instance& instance, const Outputs& outputs) {
  const owf::OneWayFunction function(instance.n(), instance.m());
  const double delta = instance.delta().convert_to<double>();
  std::uint64_t hits = 0;
  for (const std::vector<double>& x : outputs) hits += decodes(function, delta, instance.n(), x) ? 1 : 0;
  return static_cast<double>(hits) / static_cast<double>(outputs.size());
}

void check_outputs(const Instance& instance, const Outputs& outputs, const std::string& name) {
  if (outputs.size() < 2) throw std::invalid_argument(name + ": need at least 2 outputs");
  for (const std::vector<double>& x : outputs) {
    if (x.size() != static_cast<std::size_t>(instance.d())) throw std::invalid_argument(name + ": an output has the wrong dimension");
    for (const double value : x) {
      if (!std::isfinite(value)) throw std::invalid_argument(name + ": an output is not finite");
    }
  }
}

}  // namespace

Outputs diffusion_outputs(const diffusion::DiffusionSampler& sampler, std::uint64_t count, std::uint64_t seed,
                          std::size_t batch) {
  if (batch == 0) throw std::invalid_argument("diffusion_outputs: batch must be >= 1");
  sampling::RandomSource source(seed);
  Outputs outputs;
  outputs.reserve(count);
  while (outputs.size() < count) {
    const std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(batch, count - outputs.size()));
    for (std::vector<double>& x : sampler.draw_batch(size, source)) outputs.push_back(std::move(x));
  }
  return outputs;
}

Outputs exact_outputs(const Instance& instance, std::uint64_t count, std::uint64_t seed) {
  const sampling::InstanceSampler sampler(instance);
  sampling::RandomSource source(seed);
  Outputs outputs;
  outputs.reserve(count);
  for (std::uint64_t t = 0; t < count; ++t) outputs.push_back(sampler.draw(source).x);
  return outputs;
}

CheckResult smoke_decoding(const Instance& instance, const Outputs& outputs) {
  check_outputs(instance, outputs, "F.2:smoke-decoding");
  const owf::OneWayFunction function(instance.n(), instance.m());
  const double delta = instance.delta().convert_to<double>();
  std::uint64_t hits = 0;
  for (const std::vector<double>& x : outputs) hits += decodes(function, delta, instance.n(), x) ? 1 : 0;
  const auto count = static_cast<std::uint64_t>(outputs.size());
  const std::uint64_t failures = count - hits;
  const double gamma = stats::gamma_mc().convert_to<double>();
  // The smallest failure count the test rejects: P(Bin(N, p0) >= k) < gamma.
  std::uint64_t critical = 0;
  while (critical <= count && stats::binomial_upper_tail(count, critical, kDecodingFailureBound) >= gamma) ++critical;
  const double tail = stats::binomial_upper_tail(count, failures, kDecodingFailureBound);
  CheckResult result;
  result.passed = failures < critical;
  result.margin = result.passed
                      ? fmt::format("F.2: P(dec(x_F) != f(sbar(x))) <= 1e-3: {} of {} outputs fail to decode, below the "
                                    "critical count {} (P(Bin(N, 1e-3) >= {}) = {:.3g} >= gamma_MC)",
                                    failures, count, critical, failures, tail)
                      : fmt::format("F.2: P(dec(x_F) != f(sbar(x))) <= 1e-3 REJECTED: {} of {} outputs fail to decode, "
                                    ">= the critical count {} (P(Bin(N, 1e-3) >= {}) = {:.3g} < gamma_MC = 1e-9)",
                                    failures, count, critical, failures, tail);
  result.log.push_back(fmt::format(
      "F.2:smoke-decoding: indicator [dec(x_F) != f(sbar(x))] (B.1's decoder in double, f_(n,m) evaluated per output); "
      "claim P <= 1e-3 (under g~ itself P = 1.19e-34); fails iff P(Bin(N, 1e-3) >= F) < gamma_MC (exact binomial "
      "tail), i.e. iff F >= {} at N = {}; F = {}: {}",
      critical, count, failures, result.passed ? "pass" : "FAIL"));
  // Power: each alternative makes a fraction p of the outputs fail to decode (a wrong f-block phase on one
  // coordinate flips that coordinate's decoded bit).
  for (const auto& [alternative, p] : std::vector<std::pair<std::string, double>>{
           {"1% of outputs wrong (decoding fails for 1%)", 0.01},
           {"a wrong phase on one coordinate with probability 1%", 0.01},
           {"0.5% of outputs wrong", 0.005}}) {
    result.power.push_back({alternative, critical > count ? 0.0 : stats::binomial_upper_tail(count, critical, p),
                            fmt::format("exact binomial P(Bin({}, {}) >= {})", count, p, critical)});
  }
  result.parameters["critical_failures"] = critical;
  result.parameters["failures"] = failures;
  result.parameters["failure_bound"] = kDecodingFailureBound;
  return result;
}

CheckResult smoke_sign_uniformity(const Instance& instance, const Outputs& outputs) {
  check_outputs(instance, outputs, "F.2:smoke-sign-uniformity");
  const PrecisionScope scope(kPrecision);
  const int n = instance.n();
  const auto count = static_cast<std::uint64_t>(outputs.size());
  std::vector<std::uint64_t> positive(static_cast<std::size_t>(n), 0);
  for (const std::vector<double>& x : outputs) {
    for (int j = 0; j < n; ++j) positive[static_cast<std::size_t>(j)] += x[static_cast<std::size_t>(j)] > 0 ? 1 : 0;
  }
  // Two-sided radius at gamma/n: sqrt(ln(2n/gamma)/(2N)).
  const Ball radius = stats::hoeffding_radius(count, stats::gamma_mc() / n);
  const Rational threshold = sampling::round_up_decimals(radius.upper_rational(), 6);
  Rational worst = -1;
  int worst_j = 0;
  std::string fractions;
  for (int j = 0; j < n; ++j) {
    const Rational p_hat = Rational(Integer(positive[static_cast<std::size_t>(j)]), Integer(count));
    const Rational deviation = abs(p_hat - Rational(1, 2));
    if (deviation > worst) {
      worst = deviation;
      worst_j = j + 1;
    }
    fractions += fmt::format("{}{}", j == 0 ? "" : ", ", decimal(p_hat, 4));
  }
  CheckResult result;
  result.passed = worst <= threshold;
  result.margin = fmt::format("F.2: P(x_S,j > 0) = 1/2 for each j: max_j |p_hat_j - 1/2| = {} (j = {}) {} radius {} "
                              "(Hoeffding at gamma_MC/{}, N = {})",
                              decimal(worst), worst_j, result.passed ? "<=" : ">", decimal(threshold, 8), n, count);
  result.log.push_back(fmt::format(
      "F.2:smoke-sign-uniformity: indicators [x_S,j > 0], j = 1..{}; fails iff some |p_hat_j - 1/2| > "
      "sqrt(ln(2n/gamma_MC)/(2N)) = {} rounded up to 6 decimals (two-sided Hoeffding, Bonferroni over the {} "
      "coordinates); p_hat_j = {}: {}",
      n, radius.str(8), n, fractions, result.passed ? "pass" : "FAIL"));
  result.parameters["radius"] = decimal(threshold, 8);
  // Power: the named scale and phase alternatives leave every sign fair (the seed recursion stays odd), so
  // this check guards against sign-biased samplers only; normal approximation of p_hat_j.
  const double se = 0.5 / std::sqrt(static_cast<double>(count));
  const double radius_double = threshold.convert_to<double>();
  result.power.push_back({"a sign bias P(x_S,j > 0) = 1/2 + 0.024 on one coordinate",
                          stats::two_sided_shift_power(0.024, radius_double, se), "normal approximation of p_hat_j"});
  result.power.push_back({"1% of outputs wrong with x_S,1 forced positive (P = 0.505)",
                          stats::two_sided_shift_power(0.005, radius_double, se), "normal approximation of p_hat_1",
                          {"F.2:smoke-decoding", "F.2:smoke-seed-magnitude"}});
  return result;
}

ResidualLaw integrator_residual_law(const Instance& instance, const IntegratorVariant& variant) {
  // The grid of spec F.2 (schedule.h's construction, recomputed): K_1 uniform steps down to r = 1, K_2
  // geometric steps down to t_min.
  const double horizon = diffusion::kDefaultHorizon;
  const double early_stop = diffusion::kDefaultEarlyStop;
  const double lambda = diffusion::kDefaultStepFactor;
  const double uniform = std::ceil((horizon - 1) / lambda);
  const double geometric = std::ceil(std::log(1 / early_stop) / std::log1p(lambda));
  std::vector<double> remaining;
  for (double k = 0; k < uniform; ++k) remaining.push_back(horizon - k * (horizon - 1) / uniform);
  for (double k = 0; k < geometric; ++k) remaining.push_back(std::exp(std::log(early_stop) * k / geometric));
  remaining.push_back(early_stop);
  const double tau2 = (instance.tau() * instance.tau()).convert_to<double>();
  const double kappa_star2 = (instance.kappa_star() * instance.kappa_star()).convert_to<double>();
  const double model_tau2 = tau2 * variant.tau_factor * variant.tau_factor;
  ResidualLaw law;
  law.entry_weight = 1;
  double variance = -1;
  for (std::size_t k = 0; k + 1 < remaining.size(); ++k) {
    const double r = remaining[k];
    const double h = r - remaining[k + 1];
    const double sigma2 = std::expm1(2 * r);
    if (tau2 + sigma2 > kappa_star2) continue;  // large-noise regime: not linear; its state is the entry state
    const double kappa2 = model_tau2 + sigma2;
    if (variance < 0) variance = std::exp(-2 * r) * (tau2 + sigma2);
    const double c = std::exp(h) - 2 * std::expm1(variant.drift_step_factor * h) * std::exp(2 * r) / kappa2;
    variance = c * c * variance + std::expm1(2 * h);
    law.entry_weight *= std::abs(c);
    ++law.vertex_steps;
  }
  law.variance = std::exp(2 * early_stop) * variance;
  law.target_variance = tau2 + std::expm1(2 * early_stop);
  return law;
}

namespace {

// P(rho chi^2_K outside [low, high]): the power of the pooled residual test when the residual variance is
// rho s^2 (exact, Boost's regularized incomplete gamma).
double chi_square_ratio_power(double dof, double low, double high, double rho) {
  return boost::math::gamma_q(dof / 2, high / (2 * rho)) + boost::math::gamma_p(dof / 2, low / (2 * rho));
}

// Normal approximation of the power when a fraction p of the K standardized residuals has mean mu (and
// unit variance) instead of 0: S has mean K (1 + p mu^2) and variance K (2 + 4 p mu^2 + p (1 - p) mu^4).
double shifted_fraction_power(double dof, double low, double high, double p, double mu) {
  const double mean = dof * (1 + p * mu * mu);
  const double sd = std::sqrt(dof * (2 + 4 * p * mu * mu + p * (1 - p) * mu * mu * mu * mu));
  return stats::normal_cdf((mean - high) / sd) + stats::normal_cdf((low - mean) / sd);
}

}  // namespace

CheckResult smoke_seed_magnitude(const Instance& instance, const Outputs& outputs) {
  check_outputs(instance, outputs, "F.2:smoke-seed-magnitude");
  const int n = instance.n();
  const int m = instance.m();
  const auto count = static_cast<std::uint64_t>(outputs.size());
  const double a = instance.a().convert_to<double>();
  const double delta = instance.delta().convert_to<double>();
  const ResidualLaw law = integrator_residual_law(instance);
  const owf::OneWayFunction function(n, m);
  double seed_sum = 0;
  double phase_sum = 0;
  double worst = 0;
  std::string worst_where;
  for (std::size_t r = 0; r < outputs.size(); ++r) {
    const std::vector<double>& x = outputs[r];
    owf::Bits signs(static_cast<std::size_t>(n));
    for (int j = 0; j < n; ++j) {
      const double value = x[static_cast<std::size_t>(j)];
      signs[static_cast<std::size_t>(j)] = value > 0 ? 1 : 0;
      const double residual = value - (value > 0 ? a : -a);
      seed_sum += residual * residual;
      if (residual * residual > worst) {
        worst = residual * residual;
        worst_where = fmt::format("x_S,{} of output {}", j + 1, r + 1);
      }
    }
    const owf::Bits image = function(signs);
    for (int i = 0; i < m; ++i) {
      const double z = x[static_cast<std::size_t>(n + i)] - image[static_cast<std::size_t>(i)] * (delta / 2);
      const double residual = z - delta * std::nearbyint(z / delta);
      phase_sum += residual * residual;
      if (residual * residual > worst) {
        worst = residual * residual;
        worst_where = fmt::format("phase(x_F,{}) of output {}", i + 1, r + 1);
      }
    }
  }
  const double dof = static_cast<double>(count) * (n + m);
  const double statistic = (seed_sum + phase_sum) / law.variance;
  const double half_gamma = stats::gamma_mc().convert_to<double>() / 2;
  // Quantiles of chi^2_K at gamma/2 per side, widened by 1e-12 relative for Boost's rounding, then by the
  // model slack eps.
  const double low = (1 - kResidualModelSlack) * 2 * boost::math::gamma_p_inv(dof / 2, half_gamma) * (1 - 1e-12);
  const double high = (1 + kResidualModelSlack) * 2 * boost::math::gamma_q_inv(dof / 2, half_gamma) * (1 + 1e-12);
  const double ratio = statistic / dof;
  const double seed_ratio = seed_sum / law.variance / (static_cast<double>(count) * n);
  const double phase_ratio = phase_sum / law.variance / (static_cast<double>(count) * m);
  CheckResult result;
  result.passed = low <= statistic && statistic <= high;
  const std::string comparison =
      statistic < low ? fmt::format("S/K = {:.6f} < (1 - eps) q_lo/K = {:.6f}", ratio, low / dof)
                      : statistic > high ? fmt::format("S/K = {:.6f} > (1 + eps) q_hi/K = {:.6f}", ratio, high / dof)
                                         : fmt::format("(1 - eps) q_lo/K = {:.6f} <= S/K = {:.6f} <= (1 + eps) q_hi/K = {:.6f}",
                                                       low / dof, ratio, high / dof);
  result.margin = fmt::format("F.2: residuals about the vertex/lattice ~ N(0, s^2), s^2 = {:.6g}{}: {} (K = {} residuals of "
                              "{} outputs; seed part {:.5f}, phase part {:.5f}; largest r^2/s^2 = {:.4g} at {})",
                              law.variance, result.passed ? "" : " REJECTED", comparison, dof, count, seed_ratio,
                              phase_ratio, worst / law.variance, worst_where);
  result.log.push_back(fmt::format(
      "F.2:smoke-seed-magnitude: residuals x_S,j - a sign(x_S,j) (j = 1..{}) and z - delta round(z/delta), z = x_F,i - "
      "f(sbar(x))_i delta/2 (i = 1..{}), pooled; null law N(0, s^2) with s^2 = e^(2 t_min) V_N = {:.9g} = {:.6f} tau^2 from the "
      "integrator's variance recursion over its {} vertex-regime steps (g~_sigma_min itself has {:.6f} tau^2: the grid's "
      "discretization adds {:.2f}%); entry-state weight prod |c_k| = {:.3g}",
      n, m, law.variance, law.variance / (instance.tau() * instance.tau()).convert_to<double>(), law.vertex_steps,
      law.target_variance / (instance.tau() * instance.tau()).convert_to<double>(),
      100 * (law.variance / law.target_variance - 1), law.entry_weight));
  result.log.push_back(fmt::format(
      "F.2:smoke-seed-magnitude: S = sum r^2/s^2 = {:.2f}, K = {}; fails iff S < (1 - eps) q_lo or S > (1 + eps) q_hi with q_lo, "
      "q_hi the gamma_MC/2 quantiles of chi^2_K (exact; S ~ chi^2_K under the null) and model slack eps = {}: {}",
      statistic, dof, kResidualModelSlack, result.passed ? "pass" : "FAIL"));
  // Power against the alternatives of spec F.2 (computed at this run's K).
  const auto ratio_of = [&](const IntegratorVariant& variant) { return integrator_residual_law(instance, variant).variance / law.variance; };
  const double phase_offset = (delta / 2) / std::sqrt(law.variance);  // a wrong lattice: residual +-delta/2
  const double share_f = static_cast<double>(m) / (n + m);
  struct RatioAlternative {
    std::string name;
    IntegratorVariant variant;
  };
  for (const RatioAlternative& alternative : std::vector<RatioAlternative>{
           {"tau off by +1% in the oracle score (kappa^2 = (1.01 tau)^2 + sigma^2)", {1.01, 1}},
           {"tau off by -1% in the oracle score", {0.99, 1}},
           {"10% blur error (kappa^2 = (1.1 tau)^2 + sigma^2)", {1.1, 1}},
           {"the integrator's drift step 1% long (2 (e^(1.01 h) - 1))", {1, 1.01}},
           {"the integrator's drift step 1% short", {1, 0.99}}}) {
    const double rho = ratio_of(alternative.variant);
    result.power.push_back({alternative.name, chi_square_ratio_power(dof, low, high, rho),
                            fmt::format("exact chi^2_K power at variance ratio {:.5f} (integrator recursion)", rho)});
  }
  // delta off by 1%: the f-coordinates sit at k (1.01 delta), |k delta| ~ |x_F| ~ N(0, 1), so the phase residual is
  // about 0.01 x_F: mean square (0.01)^2 E x_F^2 = 1e-4 per f-coordinate.
  result.power.push_back({"1% scale error in delta (lattice 1.01 delta)",
                          shifted_fraction_power(dof, low, high, share_f, 0.01 / std::sqrt(law.variance)),
                          "normal approximation of S, the f-block residuals shifted by 0.01 sd(x_F) = 0.01"});
  result.power.push_back({"a wrong phase on one coordinate with probability 1%",
                          shifted_fraction_power(dof, low, high, 0.01 / (n + m), phase_offset),
                          "normal approximation of S, one residual in 100 outputs shifted by delta/2"});
  result.power.push_back({"1% of outputs wrong (their f-block on the lattice of a wrong image: half the bits)",
                          shifted_fraction_power(dof, low, high, 0.01 * share_f / 2, phase_offset),
                          "normal approximation of S"});
  result.parameters["residuals"] = dof;
  result.parameters["statistic"] = statistic;
  result.parameters["variance"] = law.variance;
  result.parameters["model_slack"] = kResidualModelSlack;
  result.parameters["entry_weight"] = law.entry_weight;
  return result;
}

Ball blur_slack(const Instance& instance, double early_stop) {
  // expm1 in double is within 1 ulp; 1e-15 relative covers it, so the ball encloses e^{2 t_min} - 1.
  const double sigma_min2 = std::expm1(2 * early_stop);
  const Ball enclosed = Ball(Rational(sigma_min2)) * Ball(Rational(1'000'000'000'000'001LL, 1'000'000'000'000'000LL));
  return enclosed / Ball(instance.tau() * instance.tau()) * sqrt(Ball(Rational(1, 8)));
}

CheckResult two_sample(const Instance& instance, const Outputs& outputs, const Outputs& exact, const std::string& label,
                       const Ball& slack) {
  check_outputs(instance, outputs, "F.2:two-sample");
  check_outputs(instance, exact, "F.2:two-sample");
  const PrecisionScope scope(kPrecision);
  const int n = instance.n();
  const int m = instance.m();
  const int tests = n + 2 * m;
  const double delta = instance.delta().convert_to<double>();
  // The sampler targets g~_{sigma_min}; when `exact` draws g~ instead, the per-coordinate laws differ by
  // at most `slack` in KS distance, added to the radius so that a correct sampler still fails with
  // probability <= gamma_MC.
  const Ball radius = sampling::two_sample_ks_radius(outputs.size(), exact.size(), stats::gamma_mc() / tests) + slack;
  const Rational threshold = sampling::round_up_decimals(radius.upper_rational(), 5);
  // f(sbar(x)) per row, for the phase residuals.
  const owf::OneWayFunction function(n, m);
  const auto images_of = [&](const Outputs& rows) {
    std::vector<owf::Bits> images;
    images.reserve(rows.size());
    for (const std::vector<double>& x : rows) {
      owf::Bits signs(static_cast<std::size_t>(n));
      for (int j = 0; j < n; ++j) signs[static_cast<std::size_t>(j)] = x[static_cast<std::size_t>(j)] > 0 ? 1 : 0;
      images.push_back(function(signs));
    }
    return images;
  };
  const std::vector<owf::Bits> output_images = images_of(outputs);
  const std::vector<owf::Bits> exact_images = images_of(exact);
  const auto column = [&](const Outputs& rows, const std::vector<owf::Bits>& images, int kind, int index) {
    std::vector<double> values;
    values.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::vector<double>& x = rows[r];
      if (kind == 0) {
        values.push_back(x[static_cast<std::size_t>(index)]);
      } else if (kind == 1) {
        values.push_back(x[static_cast<std::size_t>(n + index)]);
      } else {
        // Phase residual: x_F,i minus the phase f(sbar(x))_i delta/2 of its lattice, reduced mod delta.
        const double t = x[static_cast<std::size_t>(n + index)] - images[r][static_cast<std::size_t>(index)] * (delta / 2);
        values.push_back(t - delta * std::nearbyint(t / delta));
      }
    }
    return values;
  };
  CheckResult result;
  Rational worst = -1;
  std::string worst_name;
  bool passed = true;
  std::array<std::string, 3> lines;
  const std::array<const char*, 3> kinds = {"x_S,", "x_F,", "phase(x_F,"};
  for (int kind = 0; kind < 3; ++kind) {
    const int size = kind == 0 ? n : m;
    for (int index = 0; index < size; ++index) {
      const sampling::TwoSampleKs ks = sampling::two_sample_ks(column(outputs, output_images, kind, index),
                                                               column(exact, exact_images, kind, index));
      const std::string name = fmt::format("{}{}{}", kinds[static_cast<std::size_t>(kind)], index + 1, kind == 2 ? ")" : "");
      if (ks.distance > threshold) passed = false;
      if (ks.distance > worst) {
        worst = ks.distance;
        worst_name = name;
      }
      lines[static_cast<std::size_t>(kind)] += fmt::format("{}{}", index == 0 ? "" : " ", decimal(ks.distance, 3));
    }
  }
  result.passed = passed;
  result.margin = fmt::format("F.2: diffusion ({}) vs exact R6: max KS distance {} ({}) {} threshold {} ({} tests, "
                              "Bonferroni at gamma_MC/{}; N = {} + {})",
                              label, decimal(worst, 5), worst_name, passed ? "<=" : ">", decimal(threshold, 8), tests,
                              tests, outputs.size(), exact.size());
  result.log.push_back(fmt::format(
      "F.2:two-sample ({}): KS distances of x_S,j (j = 1..{}): {}", label, n, lines[0]));
  result.log.push_back(fmt::format(
      "F.2:two-sample ({}): KS distances of x_F,i (i = 1..{}): {}", label, m, lines[1]));
  result.log.push_back(fmt::format(
      "F.2:two-sample ({}): KS distances of phase(x_F,i) = z - delta round(z/delta), z = x_F,i - f(sbar(x))_i delta/2 "
      "(i = 1..{}; near 0 when x_F,i lies near the lattice Lambda_f(sbar(x))_i): {}", label, m,
      lines[2]));
  result.log.push_back(fmt::format(
      "F.2:two-sample ({}): threshold = sqrt(ln(4 {}/gamma_MC)/(2 N_1)) + sqrt(ln(4 {}/gamma_MC)/(2 N_2)) + "
      "slack = {} rounded up to 5 decimals (slack {}: a bound on the per-coordinate KS distance between the sampler's "
      "target g~_sigma_min and the law of the exact draws); {}",
      label, tests, tests, radius.str(8), slack.str(4), passed ? "pass" : "FAIL"));
  result.parameters["threshold"] = decimal(threshold, 8);
  result.parameters["tests"] = tests;
  // Power (a lower bound by DKW): if a column's law is at KS distance D > threshold from the null, the test fails
  // unless one of the two empirical CDFs deviates by more than (D - threshold)/2, which has probability at most
  // 2 exp(-2 N_1 ((D - t)/2)^2) + 2 exp(-2 N_2 ((D - t)/2)^2). D of a phase residual, N(0, s^2) against
  // N(0, s^2 + extra) (a 1% delta error adds about (0.01 x_F)^2, x_F ~ N(0, 1)) or N(0, (1.1)^2 s^2) (10% blur).
  const double t = threshold.convert_to<double>();
  const double s2 = integrator_residual_law(instance).variance;
  const auto ks_of_scale = [](double factor) {
    double largest = 0;
    for (double u = 0; u <= 8; u += 1e-3) largest = std::max(largest, std::abs(stats::normal_cdf(u) - stats::normal_cdf(u / factor)));
    return largest;
  };
  const auto dkw_power = [&](double distance) {
    if (distance <= t) return 0.0;
    const double e = (distance - t) / 2;
    const double miss = 2 * std::exp(-2 * static_cast<double>(outputs.size()) * e * e) +
                        2 * std::exp(-2 * static_cast<double>(exact.size()) * e * e);
    return std::max(0.0, 1 - miss);
  };
  // The KS comparison is the check of the whole per-coordinate laws: a 1% delta error moves the phase
  // residuals (scale ~ tau) by 0.01 x_F, far beyond its threshold; a 10% blur or a 1% tau error moves
  // them by less than the threshold, and the residual chi^2 (smoke-seed-magnitude) names those.
  struct ScaleAlternative {
    std::string name;
    double factor;
    std::vector<std::string> covered_by;
  };
  for (const ScaleAlternative& alternative : std::vector<ScaleAlternative>{
           {"1% scale error in delta (phase residuals ~ 0.01 x_F)", std::sqrt(1 + 1e-4 / s2), {}},
           {"10% blur error (phase and seed residuals 1.1 s)", 1.1, {"F.2:smoke-seed-magnitude"}},
           {"tau off by 1% (residuals 1.01 s)", 1.01, {"F.2:smoke-seed-magnitude"}}}) {
    const double distance = ks_of_scale(alternative.factor);
    result.power.push_back({alternative.name, dkw_power(distance),
                            fmt::format("DKW lower bound at KS distance {:.4f} vs threshold {:.5f}", distance, t), alternative.covered_by});
  }
  result.power.push_back({"a wrong phase on one coordinate with probability 1%", 0.0,
                          "DKW lower bound: KS distance <= 0.01, below the threshold", {"F.2:smoke-decoding", "F.2:smoke-seed-magnitude"}});
  return result;
}

void register_diffusion_sampler_checks(audit::Registry& registry) {
  registry.add({"F.2:smoke-decoding", spec::CheckKind::kStatistical, smoke_decoding_check});
  registry.add({"F.2:smoke-sign-uniformity", spec::CheckKind::kStatistical, smoke_sign_uniformity_check});
  registry.add({"F.2:smoke-seed-magnitude", spec::CheckKind::kStatistical, smoke_seed_magnitude_check});
  registry.add({"F.2:two-sample", spec::CheckKind::kStatistical, two_sample_check});
}

}  // namespace dpsi::checks
