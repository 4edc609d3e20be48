// A.1, A.5, B.1: statistical checks of the instance sampler R6 (spec/A-instance.md,
// spec/B-inversion.md, spec/R-recipes.md intro). Conventions of spec/README.md "Statistical".
#include "proofs-checks/instance_sampling_checks.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dpsi/instance/decoder.h"
#include "dpsi/instance/decoding_error.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/sampling/blurred_lattice_cdf.h"
#include "dpsi/sampling/continuous_ks.h"
#include "dpsi/sampling/lattice_cdf.h"
#include "dpsi/stats/mean_tests.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 128;
// F is enclosed at every 16th distinct value (continuous_ks.h): the bound loosens by at most the
// increase of F over 16 sample values, about 2e-5 at N_b = 8e5, against a radius of 3.7e-3.
constexpr std::size_t kCdfStride = 16;
constexpr int kThresholdDecimals = 5;

std::string decimal(const Rational& x, int digits = 6) { return to_decimal(x, digits); }

// An upper bound printed with 4 significant digits, rounded up (never understates the statistic).
std::string upper_str(const Rational& x) {
  if (x <= 0) return "0";
  int decimals = 3;
  for (Rational scaled = x; scaled < 1 && decimals < 60; scaled *= 10) ++decimals;
  return to_decimal(sampling::round_up_decimals(x, decimals), 8);
}

std::string instance_str(const Instance& instance) {
  return fmt::format("n = {}, m = {}, a = {}, delta = {}, tau = {}, sigma_y = {}", instance.n(), instance.m(),
                     to_fraction(instance.a()), to_fraction(instance.delta()), to_fraction(instance.tau()),
                     to_fraction(instance.sigma_y()));
}

CheckResult ancestral_law_check(const CheckContext& context) {
  const sampling::InstanceSampler sampler(context.instance);
  const std::uint64_t draws = context.quick ? 5'000 : 100'000;
  return ancestral_law(context.instance, draws, context.seed,
                       [&sampler](sampling::RandomSource& source) { return sampler.draw(source); });
}

CheckResult measurement_law_check(const CheckContext& context, MeasurementStatistic statistic) {
  const sampling::InstanceSampler sampler(context.instance);
  const std::uint64_t draws = context.quick ? 5'000 : 100'000;
  return measurement_law(context.instance, draws, context.seed, statistic, measurement_route1(sampler),
                         measurement_route2(sampler));
}

CheckResult decoding_error_rate_check(const CheckContext& context) {
  const std::uint64_t draws = context.quick ? 10'000 : 200'000;
  return decoding_error_rate(decoding_rate_instance(context.instance), draws, context.seed);
}

}  // namespace

CheckResult ancestral_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                          const InstanceDrawFunction& draw) {
  const PrecisionScope scope(kPrecision);
  sampling::RandomSource source(seed);
  std::array<std::vector<double>, 2> pooled;
  for (auto& pool : pooled) pool.reserve(static_cast<std::size_t>(draws) * static_cast<std::size_t>(instance.m()) / 2 + 16);
  const auto n = static_cast<std::size_t>(instance.n());
  for (std::uint64_t t = 0; t < draws; ++t) {
    const sampling::InstanceDraw sample = draw(source);
    for (std::size_t i = 0; i < sample.image.size(); ++i) pooled[sample.image[i] != 0 ? 1 : 0].push_back(sample.x[n + i]);
  }
  const Rational tau_squared = instance.tau() * instance.tau();
  CheckResult result;
  bool passed = true;
  Rational worst = -1;
  int worst_b = 0;
  std::array<std::string, 2> radii;
  for (int b = 0; b <= 1; ++b) {
    const std::vector<double>& pool = pooled[static_cast<std::size_t>(b)];
    if (pool.empty()) {
      passed = false;
      result.log.push_back(fmt::format("A.1:ancestral-law: b = {}: no coordinate with f(s)_i = b", b));
      continue;
    }
    const sampling::BlurredLatticeCdf cdf(instance.delta(), b, tau_squared, kPrecision);
    const sampling::OneSampleKs ks =
        sampling::one_sample_ks(pool, [&cdf](double t) { return cdf.cdf(t); }, kCdfStride);
    const Ball radius = sampling::dkw_radius(pool.size(), stats::gamma_mc() / 2);  // sqrt(ln(4/gamma)/(2 N_b))
    const Certainty holds = le(Ball(ks.upper), radius);
    if (!is_certainly_true(holds)) passed = false;
    radii[static_cast<std::size_t>(b)] = decimal(sampling::round_up_decimals(radius.upper_rational(), 7), 8);
    if (ks.upper > worst) {
      worst = ks.upper;
      worst_b = b;
    }
    result.log.push_back(fmt::format(
        "A.1:ancestral-law: b = {}: N_b = {} pooled x_F,i with f(s)_i = b; sup_t |F_N(t) - H_b(t)| <= {} (at t = {:.6g}, "
        "{} CDF enclosures) vs DKW radius sqrt(ln(4/gamma_MC)/(2 N_b)) = {}: {}",
        b, pool.size(), upper_str(ks.upper), ks.at, ks.evaluations, radii[static_cast<std::size_t>(b)],
        to_string(holds)));
  }
  result.passed = passed;
  result.margin = fmt::format(
      "max_b sup|F_N - H_b^(tau)| <= {} (b = {}) {} bound {} / {} (DKW at gamma_MC/2 per b; N_0 = {}, N_1 = {})",
      upper_str(worst < 0 ? Rational(0) : worst), worst_b, passed ? "<=" : "exceeds", radii[0], radii[1],
      pooled[0].size(), pooled[1].size());
  result.log.push_back(fmt::format(
      "A.1:ancestral-law: {}; {} ancestral draws of x ~ g~ (R6), x_F pooled by the bit f(s)_i; H_b(t) = sum_w "
      "D_b(w) Phi((t - w)/tau) enclosed at {} bits (lattice CDF with the A.3(i) geometric tail, Phi truncated at "
      "{} tau), every {}th distinct value; engine std::mt19937_64 seeded with {:#018x}",
      instance_str(instance), draws, kPrecision, sampling::BlurredLatticeCdf::kWindowStandardDeviations, kCdfStride,
      seed));
  result.parameters = {{"draws", draws},
                       {"pooled", {pooled[0].size(), pooled[1].size()}},
                       {"gamma_mc", "1e-9"},
                       {"gamma_per_b", "5e-10"},
                       {"radius", {radii[0], radii[1]}},
                       {"cdf_stride", kCdfStride},
                       {"precision_bits", kPrecision},
                       {"engine", "std::mt19937_64"}};
  return result;
}

MeasurementFunction measurement_route1(const sampling::InstanceSampler& sampler) {
  return [&sampler](sampling::RandomSource& source) {
    const sampling::InstanceDraw draw = sampler.draw(source);
    return sampling::measure(sampler.instance(), draw.x, source);
  };
}

MeasurementFunction measurement_route2(const sampling::InstanceSampler& sampler) {
  return [&sampler](sampling::RandomSource& source) {
    owf::Bits seed(static_cast<std::size_t>(sampler.instance().n()));
    for (auto& bit : seed) bit = source.bit() ? 1 : 0;
    return sampling::simulate_measurement(sampler.instance(), sampler.function()(seed), source);
  };
}

CheckResult measurement_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                            MeasurementStatistic statistic, const MeasurementFunction& route1,
                            const MeasurementFunction& route2) {
  const PrecisionScope scope(kPrecision);
  const std::string name =
      statistic == MeasurementStatistic::kValue ? "A.5:measurement-law-y" : "A.5:measurement-law-phase";
  const double delta = instance.delta().convert_to<double>();
  const auto value_of = [&](const std::vector<double>& y) {
    if (y.empty()) throw std::logic_error(name + ": empty measurement");
    if (statistic == MeasurementStatistic::kValue) return y[0];
    const double scaled = y[0] / delta;
    return scaled - std::floor(scaled);  // frac(y_1/delta): near 0 or 1 for f(s)_1 = 0, near 1/2 for 1
  };
  sampling::RandomSource source(seed);
  std::vector<double> first;
  std::vector<double> second;
  first.reserve(draws);
  second.reserve(draws);
  for (std::uint64_t t = 0; t < draws; ++t) first.push_back(value_of(route1(source)));
  for (std::uint64_t t = 0; t < draws; ++t) second.push_back(value_of(route2(source)));
  const sampling::TwoSampleKs ks = sampling::two_sample_ks(first, second);
  const Ball radius = sampling::two_sample_ks_radius(draws, draws, stats::gamma_mc());
  const Rational threshold = sampling::round_up_decimals(radius.upper_rational(), kThresholdDecimals);
  CheckResult result;
  result.passed = ks.distance <= threshold;
  const std::string what = statistic == MeasurementStatistic::kValue ? "y_1" : "frac(y_1/delta)";
  result.margin = fmt::format("two-sample KS D({}) <= {} {} threshold {} (N = {} per route; two DKW at gamma_MC/2)",
                              what, upper_str(ks.distance), result.passed ? "<=" : ">", decimal(threshold, 8), draws);
  result.log.push_back(fmt::format(
      "{}: route 1 (x ~ g~ by R6, y = A x + sigma_y xi_y) vs route 2 (s uniform, w_i ~ D_f(s)_i, y_i = w_i + nu "
      "zeta_i): D({}) <= {} (exactly {}/{}^2, attained at {:.6g}) vs threshold {}: {}",
      name, what, upper_str(ks.distance), (ks.distance * Rational(Integer(draws) * Integer(draws))).str(), draws, ks.at,
      decimal(threshold, 8), result.passed ? "pass" : "FAIL"));
  result.log.push_back(fmt::format(
      "{}: threshold = sqrt(ln(4/gamma_MC)/(2 N_1)) + sqrt(ln(4/gamma_MC)/(2 N_2)) = {} rounded up to {} decimals "
      "(spec: 0.02103 at N = 1e5, Erratum 1)",
      name, radius.str(12), kThresholdDecimals));
  result.log.push_back(fmt::format("{}: {}; nu = {:.9g}; engine std::mt19937_64 seeded with {:#018x}, route 1 first", name,
                                   instance_str(instance), sampling::measurement_noise(instance), seed));
  result.parameters = {{"draws_per_route", draws},
                       {"statistic", what},
                       {"gamma_mc", "1e-9"},
                       {"threshold", decimal(threshold, 8)},
                       {"engine", "std::mt19937_64"}};
  return result;
}

Instance decoding_rate_instance(const Instance& base) {
  ParameterValues values = base.values();
  values.sigma_y = Rational(6, 1000);
  return Instance::from(values);
}

CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed) {
  const PrecisionScope scope(kPrecision);
  return decoding_error_rate(instance, draws, seed, instance::decoding_error(instance::decoding_margin(instance)));
}

CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                const Ball& p_err) {
  const PrecisionScope scope(kPrecision);
  const sampling::InstanceSampler sampler(instance);
  const double delta = instance.delta().convert_to<double>();
  sampling::RandomSource source(seed);
  std::uint64_t errors = 0;
  for (std::uint64_t t = 0; t < draws; ++t) {
    const sampling::InstanceDraw draw = sampler.draw(source);
    const std::vector<double> y = sampling::measure(instance, draw.x, source);
    errors += instance::decode_bit(y[0], delta) != draw.image[0] ? 1 : 0;
  }
  const Rational p_hat(static_cast<long>(errors), static_cast<long>(draws));
  const Ball radius = sampling::dkw_radius(draws, stats::gamma_mc());  // two-sided Hoeffding sqrt(ln(2/gamma)/(2N))
  const Rational threshold = sampling::round_up_decimals(radius.upper_rational(), kThresholdDecimals);
  const Ball deviation = abs(Ball(p_hat) - p_err);
  const Certainty holds = le(deviation, Ball(threshold));
  CheckResult result;
  result.passed = is_certainly_true(holds);
  result.margin = fmt::format(
      "|p_hat - p_err| <= {} (p_hat = {}, p_err = {}) {} bound {} (two-sided Hoeffding, N = {})",
      upper_str(deviation.upper_rational()), decimal(p_hat, 7), p_err.mid_str(10),
      result.passed ? "<=" : "not <=", decimal(threshold, 8), draws);
  result.log.push_back(fmt::format(
      "B.1:decoding-error-rate: {} model draws of (s, y) (x ~ g~ by R6, y = A x + sigma_y xi_y); {} with "
      "dec(y)_1 != f(s)_1; p_err enclosed by the B.1 series: {}; {}",
      draws, errors, p_err.str(15), to_string(holds)));
  result.log.push_back(fmt::format(
      "B.1:decoding-error-rate: radius sqrt(ln(2/gamma_MC)/(2N)) = {} rounded up to {} decimals; {}; z = {}; engine "
      "std::mt19937_64 seeded with {:#018x}",
      radius.str(12), kThresholdDecimals, instance_str(instance), instance::decoding_margin(instance).str(10), seed));
  result.parameters = {{"draws", draws},
                       {"sigma_y", to_fraction(instance.sigma_y())},
                       {"gamma_mc", "1e-9"},
                       {"threshold", decimal(threshold, 8)},
                       {"engine", "std::mt19937_64"}};
  return result;
}

void register_instance_sampling_checks(audit::Registry& registry) {
  registry.add({"A.1:ancestral-law", spec::CheckKind::kStatistical, ancestral_law_check});
  registry.add({"A.5:measurement-law-y", spec::CheckKind::kStatistical,
                [](const CheckContext& context) { return measurement_law_check(context, MeasurementStatistic::kValue); }});
  registry.add({"A.5:measurement-law-phase", spec::CheckKind::kStatistical,
                [](const CheckContext& context) { return measurement_law_check(context, MeasurementStatistic::kPhase); }});
  registry.add({"B.1:decoding-error-rate", spec::CheckKind::kStatistical, decoding_error_rate_check});
}

}  // namespace dpsi::checks
