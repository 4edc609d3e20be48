// R.3 and A.1: the exact sampler of D_b (Canonne-Kamath-Steinke 2020) against its exact law, and
// the lattice membership of its draws (spec/R-recipes.md, spec/A-instance.md).
#include "proofs-checks/sampling_checks.h"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dpsi/numeric/ball.h"
#include "dpsi/sampling/exact_sampler.h"
#include "dpsi/stats/mean_tests.h"
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
  const std::uint64_t draws = context.quick ? 10'000 : 100'000;
  const std::vector<Rational> gammas = {Rational(0), Rational(1, 3), Rational(1), Rational(5, 2),
                                        Rational(1600, 41 * 41)};
  const Ball radius = sampling::dkw_radius(draws, stats::gamma_mc());  // sqrt(ln(2/gamma_MC)/(2N))
  sampling::RandomSource source(context.seed);
  CheckResult result;
  bool all_within = true;
  Rational worst = 0;
  std::string worst_at = "-";
  for (std::size_t g = 0; g < gammas.size(); ++g) {
    const Rational& gamma = gammas[g];
    std::uint64_t ones = 0;
    for (std::uint64_t i = 0; i < draws; ++i) ones += sampling::bernoulli_exp(source, gamma) ? 1 : 0;
    const Rational p_hat(static_cast<long>(ones), static_cast<long>(draws));
    const Ball target = exp(-Ball(gamma));
    const Certainty within_radius = within(Ball(p_hat), target, radius);
    const Ball deviation = abs(Ball(p_hat) - target);
    const Rational deviation_upper = deviation.upper_rational();
    if (!is_certainly_true(within_radius)) all_within = false;
    if (g == 0 || deviation_upper > worst) {
      worst = deviation_upper;
      worst_at = to_fraction(gamma);
    }
    result.log.push_back(fmt::format(
        "R.3:bernoulli-exp: gamma' = {}: p_hat = {} ({}/{}), e^-gamma' = {}, |p_hat - e^-gamma'| <= {} vs radius {}: {}",
        to_fraction(gamma), to_decimal(p_hat, 6), ones, draws, target.str(12), round_up_significant(deviation_upper, 4),
        radius_str(radius), to_string(within_radius)));
    report_progress(context, static_cast<double>(g + 1) / static_cast<double>(gammas.size()));
  }
  result.passed = all_within;
  result.margin = fmt::format("max |p_hat - e^-gamma'| <= {} (gamma' = {}) <= bound {} (two-sided Hoeffding, N = {})",
                              round_up_significant(worst, 4), worst_at, radius_str(radius), draws);
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

// R.3:discrete-gaussian-law: one claim per (delta, b), the CDF of k over its parity class, DKW.
CheckResult discrete_gaussian_law(const CheckContext& context) {
  const PrecisionScope scope(kPrecision);
  const std::uint64_t draws = context.quick ? 100'000 : 1'000'000;
  const std::vector<Rational> deltas = {Rational(1, 2), Rational(1, 20)};
  const Ball radius = sampling::dkw_radius(draws, stats::gamma_mc());
  sampling::RandomSource source(context.seed);
  CheckResult result;
  bool all_within = true;
  Rational worst = 0;
  std::string worst_at = "-";
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
      if (!is_certainly_true(within_radius)) all_within = false;
      const std::string where = fmt::format("delta = {}, b = {}", to_fraction(delta), b);
      if (setting == 0 || ks.upper > worst) {
        worst = ks.upper;
        worst_at = where;
      }
      const sampling::ChiSquare chi = sampling::pearson_chi_square(histogram, cdf);
      result.log.push_back(fmt::format(
          "R.3:discrete-gaussian-law: {}: N = {} draws of k ~ N_Z(0, {}) | k = {} mod 2 (range [{}, {}]); "
          "sup |F_N - F| <= {} at k = {} ({} points) vs radius {}: {}",
          where, draws, to_fraction(sampler.sigma2()), b, histogram.begin()->first, histogram.rbegin()->first,
          round_up_significant(ks.upper, 4), ks.at, ks.points, radius_str(radius), to_string(within_radius)));
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
  result.margin = fmt::format("max sup|F_N - F| <= {} ({}) <= bound {} (DKW, N = {} per setting, 4 settings)",
                              round_up_significant(worst, 4), worst_at, radius_str(radius), draws);
  result.log.push_back(fmt::format(
      "R.3:discrete-gaussian-law: delta in {{1/2, 1/20}}, b in {{0, 1}}, one claim per setting at gamma_MC = 1e-9; "
      "F enclosed at {} bits with a rigorous tail bound; engine std::mt19937_64 seeded with {:#018x}, settings in order",
      kPrecision, context.seed));
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
  result.margin = fmt::format("{}/{} draws off the lattice Lambda_b (w = k delta/2, k = b mod 2), decided exactly",
                              violations, checked);
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
