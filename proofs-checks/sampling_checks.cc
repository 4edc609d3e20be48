// R.3 and A.1: the exact sampler of D_b (Canonne-Kamath-Steinke 2020) against its exact law, and
// the lattice membership of its draws (spec/R-recipes.md, spec/A-instance.md).
#include "proofs-checks/sampling_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dpsi/numeric/ball.h"
#include "dpsi/sampling/exact_sampler.h"
#include "dpsi/stats/mean_tests.h"
#include "dpsi/stats/power.h"
#include "dpsi/sampling/lattice_cdf.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 256;

// |k| < 2^62 always holds in practice (P(|k| >= 2^62) < e^{-2^120}); anything else is an error.
std::int64_t to_int64(const Integer& k) {
  if (k > (Integer(1) << 62) || k < -(Integer(1) << 62)) throw std::logic_error("sampled |k| >= 2^62");
  return k.convert_to<std::int64_t>();
}

// x >= 0 rounded up to a multiple of 1/scale, printed exactly (for upper bounds in reports).
std::string round_up(const Rational& x, const Integer& scale) {
  const Rational scaled = x * scale;
  const Integer up = (numerator(scaled) + denominator(scaled) - 1) / denominator(scaled);
  return up == 0 ? std::string("0") : to_decimal(Rational(up, scale), 40);
}

// x >= 0 rounded up to `digits` significant decimal digits.
std::string round_up_significant(const Rational& x, int digits) {
  if (x <= 0) return "0";
  Integer low = 1;  // 10^(digits-1)
  for (int i = 1; i < digits; ++i) low *= 10;
  Rational scaled = x;  // x 10^exponent in [low, 10 low)
  int exponent = 0;
  for (; scaled < low; ++exponent) scaled *= 10;
  for (; scaled >= 10 * low; --exponent) scaled /= 10;
  Rational value((numerator(scaled) + denominator(scaled) - 1) / denominator(scaled));
  for (int i = 0; i < exponent; ++i) value /= 10;
  for (int i = 0; i > exponent; --i) value *= 10;
  return to_decimal(value, digits + 1);
}

// The Hoeffding / DKW radius as the spec prints it: rounded up to 7 decimal places.
std::string radius_str(const Ball& radius) { return round_up(radius.upper_rational(), Integer(10'000'000)); }

void report_progress(const CheckContext& context, double fraction) {
  if (context.progress) context.progress(fraction);
}

// R.3:bernoulli-exp: one claim per gamma', P(Bern(e^{-gamma'}) = 1) = e^{-gamma'}, two-sided Hoeffding.
CheckResult bernoulli_exp_check(const CheckContext& context) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t draws = context.quick ? 10'000 : 1'500'000;
  const std::vector<Rational> gammas = {Rational(0), Rational(1, 3), Rational(1), Rational(5, 2),
                                        Rational(1600, 41 * 41)};
  const Ball radius = sampling::dkw_radius(draws, stats::gamma_mc());  // sqrt(ln(2/gamma_MC)/(2N))
  sampling::RandomSource source(context.seed);
  CheckResult result;
  bool all_within = true;
  Rational worst = 0;
  std::string worst_at = "-";
  std::vector<std::string> failures;
  double miss_all = 1;
  for (std::size_t g = 0; g < gammas.size(); ++g) {
    const Rational& gamma = gammas[g];
    std::uint64_t ones = 0;
    // The 64-bit overload is the one bernoulli_exp(source, gamma) dispatches to for these gamma' (same law,
    // same consumption); calling it directly saves the GMP copies of numerator and denominator per draw.
    const auto num = numerator(gamma).convert_to<std::uint64_t>();
    const auto den = denominator(gamma).convert_to<std::uint64_t>();
    for (std::uint64_t i = 0; i < draws; ++i) ones += sampling::bernoulli_exp(source, num, den) ? 1 : 0;
    const Rational p_hat(static_cast<long>(ones), static_cast<long>(draws));
    const Ball target = exp(-Ball(gamma));
    const Certainty within_radius = within(Ball(p_hat), target, radius);
    const Ball deviation = abs(Ball(p_hat) - target);
    const Rational deviation_upper = deviation.upper_rational();
    if (!is_certainly_true(within_radius)) {
      all_within = false;
      failures.push_back(fmt::format("gamma' = {}: |p_hat - e^-gamma'| >= {} exceeds radius {}", to_fraction(gamma),
                                     round_up_significant(deviation.lower_rational(), 4), radius_str(radius)));
    }
    if (g == 0 || deviation_upper > worst) {
      worst = deviation_upper;
      worst_at = to_fraction(gamma);
    }
    {  // power against the exponent read as 1.01 gamma' (normal approximation of p_hat)
      const double p = std::exp(-gamma.convert_to<double>());
      const double p_alt = std::exp(-1.01 * gamma.convert_to<double>());
      const double se = std::sqrt(std::max(p_alt * (1 - p_alt), 1e-300) / static_cast<double>(draws));
      miss_all *= 1 - (p_alt == p ? 0.0 : stats::two_sided_shift_power(p_alt - p, radius.upper_double(), se));
    }
    result.log.push_back(fmt::format(
        "R.3:bernoulli-exp: gamma' = {}: p_hat = {} ({}/{}), e^-gamma' = {}, |p_hat - e^-gamma'| <= {} vs radius {}: {}",
        to_fraction(gamma), to_decimal(p_hat, 6), ones, draws, target.str(12), round_up_significant(deviation_upper, 4),
        radius_str(radius), to_string(within_radius)));
    report_progress(context, static_cast<double>(g + 1) / static_cast<double>(gammas.size()));
  }
  result.passed = all_within;
  std::string failure_text;
  for (const std::string& failure : failures) failure_text += (failure_text.empty() ? "" : "; ") + failure;
  result.margin = all_within ? fmt::format("max |p_hat - e^-gamma'| <= {} (gamma' = {}) <= bound {} (two-sided Hoeffding, N = {})",
                                           round_up_significant(worst, 4), worst_at, radius_str(radius), draws)
                             : "FAIL: " + failure_text + fmt::format(" (two-sided Hoeffding, N = {})", draws);
  result.power.push_back({"exponent off by 1% (Bern(e^{-1.01 gamma'}))", 1 - miss_all,
                          "normal approximation of p_hat, one claim per gamma' (fails if any fails)"});
  result.statement = fmt::format("Bern(e^-g) frequency at 5 rational g within two-sided Hoeffding, N={} each", draws);
  result.log.push_back(fmt::format(
      "R.3:bernoulli-exp: {} values of gamma', N = {} each, one claim per gamma' at gamma_MC = 1e-9; "
      "e^-gamma' enclosed at {} bits; engine std::mt19937_64 seeded with {:#018x}",
      gammas.size(), draws, kPrecision, context.seed));
  std::vector<std::string> gamma_names;
  for (const Rational& gamma : gammas) gamma_names.push_back(to_fraction(gamma));
  result.parameters = {{"gammas", gamma_names},       {"draws_per_gamma", draws},
                       {"gamma_mc", "1e-9"},          {"radius", radius_str(radius)},
                       {"precision_bits", kPrecision}, {"engine", "std::mt19937_64"}};
  return result;
}

// Mean and variance of min(s^2 xi^2, 9)/9 for xi ~ N(0, 1) (double; for power statements).
std::pair<double, double> clipped_square_moments(double s) {
  const auto phibar = [](double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); };
  const auto phi = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::acos(-1.0)); };
  const double a = 3.0 / s;
  const double inside = 1 - 2 * phibar(a);
  const double t2 = inside - 2 * a * phi(a);
  const double t4 = 3 * inside - 2 * phi(a) * (a * a * a + 3 * a);
  const double outside = 2 * phibar(a);
  const double m1 = (s * s * t2 + 9 * outside) / 9;
  const double m2 = (s * s * s * s * t4 + 81 * outside) / 81;
  return {m1, m2 - m1 * m1};
}

// R.3:discrete-gaussian-law: one claim per (delta, b), each decided by two tests at gamma_MC/2: the CDF of
// k over its parity class (DKW) and the scale, the mean of g(k) = min(k^2/sigma2, 9)/9 against its exact
// expectation (empirical Bernstein, two-sided, gamma_MC/4 per side). The DKW test cannot see a 1% scale
// error of k (sup|F - F_alt| ~ 0.0024 against a radius of 0.0021 at N = 2.5e6); the scale test can.
CheckResult discrete_gaussian_law(const CheckContext& context) {
  const PrecisionScope scope(kPrecision);
  // Full size: the scale test reaches power 0.99 against sigma_k^2 off by 1% (a 0.5% scale of k) from
  // about 2e6 draws per setting (0.45 at 1e6).
  const std::uint64_t draws = context.quick ? 100'000 : 2'500'000;
  const std::vector<Rational> deltas = {Rational(1, 2), Rational(1, 20)};
  const Ball radius = sampling::dkw_radius(draws, stats::gamma_mc() / 2);
  sampling::RandomSource source(context.seed);
  CheckResult result;
  bool all_within = true;
  Rational worst = 0;
  std::string worst_at = "-";
  Rational worst_scale = 0;
  std::string worst_scale_bound = "-";
  std::vector<std::string> failures;
  int setting = 0;
  const int settings = static_cast<int>(deltas.size()) * 2;
  for (const Rational& delta : deltas) {
    for (int b = 0; b <= 1; ++b) {
      const sampling::LatticeSampler sampler(delta, b);
      sampling::Histogram histogram;
      for (std::uint64_t i = 0; i < draws; ++i) {
        ++histogram[to_int64(sampler.draw_k(source))];
        if (context.progress && i % 65536 == 0) {
          report_progress(context, (setting + static_cast<double>(i) / static_cast<double>(draws)) / settings);
        }
      }
      const sampling::LatticeGaussianCdf cdf(sampler.sigma2(), b, kPrecision);
      const sampling::KsDistance ks = sampling::ks_distance(histogram, cdf);
      const Certainty within_radius = le(Ball(ks.upper), radius);
      const std::string where = fmt::format("delta = {}, b = {}", to_fraction(delta), b);
      if (!is_certainly_true(within_radius)) {
        all_within = false;
        failures.push_back(fmt::format("{}: DKW sup|F_N - F| (upper bound {}) exceeds radius {} (at k = {})", where,
                                       round_up_significant(ks.upper, 4), radius_str(radius), ks.at));
      }
      if (setting == 0 || ks.upper > worst) {
        worst = ks.upper;
        worst_at = where;
      }
      // Scale: g(k) = min(k^2/sigma2, 9)/9; sample mean and variance exactly (rationals), E g from the enclosed pmf.
      const Rational& sigma2 = sampler.sigma2();
      const auto g_of = [&sigma2](std::int64_t k) {
        const Rational ratio = Rational(Integer(k) * Integer(k)) / sigma2;
        return ratio >= 9 ? Rational(1) : Rational(ratio / 9);
      };
      Rational sum = 0;
      Rational sum_sq = 0;
      for (const auto& [k, count] : histogram) {
        const Rational g = g_of(k);
        sum += g * Integer(count);
        sum_sq += g * g * Integer(count);
      }
      const Rational n_q{Integer(draws)};
      const Rational mean = sum / n_q;
      const Rational variance = (sum_sq - n_q * mean * mean) / (n_q - 1);
      Ball expected(1);  // E g = 1 - sum_{k^2 < 9 sigma2} P(k) (1 - g(k))
      for (std::int64_t k = -cdf.cutoff(); k <= cdf.cutoff(); ++k) {
        if (!cdf.in_class(k) || g_of(k) == 1) continue;
        expected -= cdf.pmf(k) * Ball(Rational(1 - g_of(k)));
      }
      const Ball bound = stats::bernstein_deviation(Ball(variance), Ball(1), draws, stats::gamma_mc() / 4);
      const Ball gap = abs(Ball(mean) - expected);
      const Certainty scale_ok = le(gap, bound);
      if (!is_certainly_true(scale_ok)) {
        all_within = false;
        failures.push_back(fmt::format("{}: scale |mean g - E g| >= {} exceeds Bernstein bound {}", where,
                                       round_up_significant(gap.lower_rational(), 4), round_up_significant(bound.upper_rational(), 4)));
      }
      if (setting == 0 || gap.upper_rational() > worst_scale) {
        worst_scale = gap.upper_rational();
        worst_scale_bound = round_up_significant(bound.upper_rational(), 4);
      }
      const sampling::ChiSquare chi = sampling::pearson_chi_square(histogram, cdf);
      result.log.push_back(fmt::format(
          "R.3:discrete-gaussian-law: {}: N = {} draws of k ~ N_Z(0, {}) | k = {} mod 2 (range [{}, {}]); "
          "sup |F_N - F| <= {} at k = {} ({} points) vs radius sqrt(ln(4/gamma_MC)/(2N)) = {}: {}",
          where, draws, to_fraction(sampler.sigma2()), b, histogram.begin()->first, histogram.rbegin()->first,
          round_up_significant(ks.upper, 4), ks.at, ks.points, radius_str(radius), to_string(within_radius)));
      result.log.push_back(fmt::format(
          "R.3:discrete-gaussian-law: {}: scale: mean of min(k^2/sigma2, 9)/9 = {} vs E = {}: |difference| <= {} vs "
          "empirical Bernstein deviation (gamma_MC/4 per side) {}: {}",
          where, to_decimal(mean, 7), expected.str(10), round_up_significant(gap.upper_rational(), 4),
          round_up_significant(bound.upper_rational(), 4), to_string(scale_ok)));
      result.log.push_back(fmt::format(
          "R.3:discrete-gaussian-law: {}: Z_b = {} (cutoff |k| <= {}, one-sided tail <= {}); "
          "Pearson chi^2 = {:.2f} over {} bins (expectation >= 5), df = {}, asymptotic p = {:.3g} (reported, not judged)",
          where, cdf.normaliser().str(15), cdf.cutoff(), cdf.tail_bound().mid_str(3), chi.statistic, chi.bins,
          chi.degrees_of_freedom, chi.p_value));
      ++setting;
      report_progress(context, static_cast<double>(setting) / settings);
    }
  }
  result.passed = all_within;
  std::string failure_text;
  for (const std::string& failure : failures) failure_text += (failure_text.empty() ? "" : "; ") + failure;
  result.margin = all_within
                      ? fmt::format("max sup|F_N - F| <= {} ({}) <= bound {}; max scale gap <= {} <= {} (N = {} per setting, "
                                    "4 settings, DKW and Bernstein at gamma_MC/2 each)",
                                    round_up_significant(worst, 4), worst_at, radius_str(radius),
                                    round_up_significant(worst_scale, 4), worst_scale_bound, draws)
                      : "FAIL: " + failure_text;
  result.log.push_back(fmt::format(
      "R.3:discrete-gaussian-law: delta in {{1/2, 1/20}}, b in {{0, 1}}, one claim per setting at gamma_MC = 1e-9 "
      "(DKW and the scale test at gamma_MC/2 each); F enclosed at {} bits with a rigorous tail bound; engine "
      "std::mt19937_64 seeded with {:#018x}, settings in order",
      kPrecision, context.seed));
  // Power (normal approximation of the scale test's mean, continuous Gaussian moments; per setting).
  const auto scale_power = [&](double s) {
    const auto [null_mean, null_variance] = clipped_square_moments(1);
    const auto [mean, variance] = clipped_square_moments(s);
    static_cast<void>(null_variance);
    const double nd = static_cast<double>(draws);
    const double log_term = std::log(8e9);
    const double deviation = std::sqrt(2 * variance * log_term / nd) + 7 * log_term / (3 * (nd - 1));
    return stats::two_sided_shift_power(mean - null_mean, deviation, std::sqrt(variance / nd));
  };
  result.power.push_back({"delta off by 1% (sd of k scaled by 1/1.01), each setting", scale_power(1 / 1.01),
                          "normal approximation of the scale test (continuous Gaussian moments)"});
  result.power.push_back({"sigma_k^2 off by 1% (sd of k scaled by sqrt(1.01)), each setting", scale_power(std::sqrt(1.01)),
                          "normal approximation of the scale test (continuous Gaussian moments)"});
  result.statement = fmt::format("k-samples of D_b vs exact law: DKW radius {} and scale test, N={} per setting",
                                 round_up_significant(radius.upper_rational(), 3), draws);
  result.parameters = {{"deltas", nlohmann::json::array({"1/2", "1/20"})},
                       {"parities", {0, 1}},
                       {"draws_per_setting", draws},
                       {"gamma_mc", "1e-9"},
                       {"radius", radius_str(radius)},
                       {"precision_bits", kPrecision},
                       {"engine", "std::mt19937_64"}};
  return result;
}

// A.1:lattice-membership: every w drawn by the R.3 sampler is k delta/2 with k = b (mod 2), decided
// exactly from w alone (2w/delta an integer of parity b) and against the returned k.
CheckResult lattice_membership(const CheckContext& context) {
  const std::uint64_t draws = context.quick ? 10'000 : 100'000;
  std::vector<Rational> deltas = {Rational(1, 20), Rational(1, 2)};
  if (context.instance.delta() != deltas[0] && context.instance.delta() != deltas[1]) {
    deltas.push_back(context.instance.delta());
  }
  sampling::RandomSource source(context.seed);
  CheckResult result;
  std::uint64_t checked = 0;
  std::uint64_t violations = 0;
  const int settings = static_cast<int>(deltas.size()) * 2;
  int setting = 0;
  for (const Rational& delta : deltas) {
    for (int b = 0; b <= 1; ++b) {
      const sampling::LatticeSampler sampler(delta, b);
      std::uint64_t bad = 0;
      Integer largest = 0;
      for (std::uint64_t i = 0; i < draws; ++i) {
        const sampling::LatticeDraw draw = sampler.draw(source);
        const Rational index = 2 * draw.w / delta;  // must be an integer of parity b
        bool ok = is_integer(index);
        if (ok) {
          const Integer k_from_w = numerator(index);
          ok = ((k_from_w % 2 != 0) == (b == 1)) && k_from_w == draw.k && draw.w == Rational(draw.k) * delta / 2;
          const Integer magnitude = k_from_w < 0 ? Integer(-k_from_w) : k_from_w;
          if (magnitude > largest) largest = magnitude;
        }
        ++checked;
        if (!ok) {
          ++bad;
          if (bad <= 5) {
            result.log.push_back(fmt::format("A.1:lattice-membership: delta = {}, b = {}: w = {} (k = {}) is not in Lambda_b",
                                             to_fraction(delta), b, to_fraction(draw.w), draw.k.str()));
          }
        }
      }
      violations += bad;
      result.log.push_back(fmt::format(
          "A.1:lattice-membership: delta = {}, b = {}: {}/{} draws w = k delta/2 with k = b mod 2 (max |k| = {})",
          to_fraction(delta), b, draws - bad, draws, largest.str()));
      ++setting;
      report_progress(context, static_cast<double>(setting) / settings);
    }
  }
  result.passed = violations == 0 && checked > 0;
  result.margin = violations == 0
                      ? fmt::format("0/{} draws off the lattice Lambda_b (w = k delta/2, k = b mod 2), decided exactly", checked)
                      : fmt::format("FAIL: {}/{} draws off the lattice Lambda_b (w = k delta/2 with k = b mod 2 violated), "
                                    "decided exactly", violations, checked);
  result.log.push_back(fmt::format(
      "A.1:lattice-membership: {} deltas x 2 parities x {} draws of the R.3 sampler; membership decided in GMP "
      "rationals from w alone (2w/delta integer of parity b) and against the returned k; seed {:#018x}",
      deltas.size(), draws, context.seed));
  std::vector<std::string> delta_names;
  for (const Rational& delta : deltas) delta_names.push_back(to_fraction(delta));
  result.parameters = {{"deltas", delta_names}, {"parities", {0, 1}}, {"draws_per_setting", draws}, {"checked", checked}};
  return result;
}

}  // namespace

void register_sampling_checks(audit::Registry& registry) {
  registry.add({"R.3:bernoulli-exp", spec::CheckKind::kStatistical, bernoulli_exp_check});
  registry.add({"R.3:discrete-gaussian-law", spec::CheckKind::kStatistical, discrete_gaussian_law});
  registry.add({"A.1:lattice-membership", spec::CheckKind::kExact, lattice_membership});
}

}  // namespace dpsi::checks
