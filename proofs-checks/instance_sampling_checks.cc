// A.1, A.5, B.1: statistical checks of the instance sampler R6 (spec/A-instance.md,
// spec/B-inversion.md, spec/R-recipes.md intro). Conventions of spec/README.md "Statistical".
#include "proofs-checks/instance_sampling_checks.h"

#include <fmt/format.h>

#include <algorithm>
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
#include "dpsi/stats/power.h"

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

// ---- The standardized lattice residual (A.1, A.5) ----------------------------------------------
//
// Given the seed, x_F,i = w_i + tau xi_i with w_i in Lambda_b (b = f(s)_i) and Lambda_b - w_i = delta Z,
// so r = (x_F,i - nearest point of Lambda_b)/tau is tau xi_i wrapped into [-h, h), h = delta/(2 tau),
// divided by tau: its law G does not depend on w or b, and |G(t) - Phi(t)| <= Phibar(h) for |t| <= h
// (G(t) - (Phi(t) - Phi(-h)) is the mass of the other wraps, in [0, 2 Phibar(h)]). The same holds for
// y_i with nu in place of tau (A.5). Given all seeds, the pooled residuals are i.i.d. with law G, so the
// DKW and Bernstein bounds apply to them. The marginal tests of x_F cannot see a blur error at the scale
// tau << delta; these do.
//
// The residual is computed in double; eps bounds its error (|r~ - r| <= eps) and every comparison
// allows for it: G is evaluated on [t - eps, t + eps], the clipped square moves by at most eps.
constexpr double kClip = 9;  // g(r) = min(r^2, 9)/9 in [0, 1]

struct ResidualTests {
  bool passed = true;
  std::vector<std::string> failures;  // "<test>: value > bound" for each failing comparison
  std::vector<std::string> summaries; // one line per test, with its verdict
  std::string ks_upper;
  std::string ks_radius;
  std::string scale_deviation;
  std::string scale_bound;
  std::uint64_t exceedances = 0;
  std::uint64_t allowed = 0;  // the largest count that passes
};

double residual_error_bound(const std::vector<double>& values, double delta, double kappa, double h) {
  double largest = 0;
  for (const double v : values) largest = std::max(largest, std::abs(v));
  // v - (k delta + theta): each of the four operations and double(delta) rounds by <= 2^-53 relative
  // at magnitude <= |v| + delta; the division by kappa adds 2^-52 |r| (kappa itself rounded once).
  return 16 * (largest + delta) * 0x1p-53 / kappa + 4 * (h + 1) * 0x1p-53;
}

// The three residual tests at gamma_each each. `what` names the pooled sample in the log.
ResidualTests residual_tests(const std::string& name, const std::string& what, const std::vector<double>& residuals,
                             double eps, const Ball& h, double exceed_at, const Rational& gamma_each) {
  ResidualTests out;
  const std::size_t n_r = residuals.size();
  if (n_r < 2) throw std::logic_error(name + ": fewer than two residuals");
  if (!(eps <= 1e-6)) throw std::logic_error(name + ": residual error bound above 1e-6");
  const Ball phibar_h(normal_tail(h).upper_rational());
  const Rational eps_q(eps);
  const auto wrapped_cdf = [&](double t) {
    const Ball t_ball{Rational(t)};
    const Rational lo = (normal_tail(-(t_ball - Ball(eps_q))) - phibar_h).lower_rational();
    const Rational hi = (normal_tail(-(t_ball + Ball(eps_q))) + phibar_h).upper_rational();
    return Ball::interval(lo < 0 ? Rational(0) : lo, hi > 1 ? Rational(1) : hi);
  };
  // (1) DKW against G.
  const std::size_t stride = std::max<std::size_t>(16, n_r / 25'000);
  const sampling::OneSampleKs ks = sampling::one_sample_ks(residuals, wrapped_cdf, stride);
  const Ball radius = sampling::dkw_radius(n_r, gamma_each);  // sqrt(ln(2/gamma')/(2N)): DKW at gamma'
  const Certainty ks_ok = le(Ball(ks.upper), radius);
  out.ks_upper = upper_str(ks.upper);
  out.ks_radius = decimal(sampling::round_up_decimals(radius.upper_rational(), 7), 8);
  if (!is_certainly_true(ks_ok)) {
    out.passed = false;
    out.failures.push_back(fmt::format("{} DKW sup|F_N - G| (upper bound {}) exceeds radius {} (at r = {:.4g})", what,
                                       out.ks_upper, out.ks_radius, ks.at));
  }
  out.summaries.push_back(fmt::format(
      "{}: {}: N = {} pooled residuals; DKW sup_t |F_N(t) - G(t)| <= {} (at r = {:.4g}, {} enclosures of Phi, "
      "wrap error Phibar(h) <= {}, h = {}, residual error eps = {:.2g}) vs radius sqrt(ln(2/gamma')/(2N)) = {}: {}",
      name, what, n_r, out.ks_upper, ks.at, ks.evaluations, phibar_h.mid_str(3), h.mid_str(6), eps, out.ks_radius,
      to_string(ks_ok)));
  // (2) Scale: the mean of g(r) = min(r^2, 9)/9 against E_G g, empirical Bernstein, two-sided.
  double sum = 0;
  double sum_sq = 0;
  for (const double r : residuals) {
    const double g = std::min(r * r, kClip) / kClip;
    sum += g;
    sum_sq += g * g;
  }
  const double n_d = static_cast<double>(n_r);
  // Double sums of n values in [0, 1]: |error| <= n 2^-53 n (absolute), so the mean is off by <= n 2^-53;
  // the variance estimate gets an allowance of 1e-8.
  const double rounding = n_d * 0x1p-53 + eps;
  const double mean = sum / n_d;
  const double variance = std::max(0.0, (sum_sq - n_d * mean * mean) / (n_d - 1)) + 1e-8;
  const Ball three(3);
  const Ball phibar3 = normal_tail(three);
  // E_Phi[min(xi^2, 9)] = (1 - 2 Phibar(3)) - 6 phi(3) + 18 Phibar(3); G differs from Phi in TV by <= 2 Phibar(h).
  Ball expected = (Ball(1) - Ball(2) * phibar3 - Ball(6) * normal_density(three)) / Ball(9) + Ball(2) * phibar3;
  add_error(expected, Ball(2) * phibar_h);
  const Ball deviation_bound =
      stats::bernstein_deviation(Ball(Rational(variance)), Ball(1), n_r, gamma_each / 2) + Ball(Rational(rounding));
  const Ball gap = abs(Ball(Rational(mean)) - expected);
  const Certainty scale_ok = le(gap, deviation_bound);
  out.scale_deviation = upper_str(gap.upper_rational());
  out.scale_bound = decimal(sampling::round_up_decimals(deviation_bound.upper_rational(), 7), 8);
  if (!is_certainly_true(scale_ok)) {
    out.passed = false;
    out.failures.push_back(fmt::format("{} scale |mean min(r^2,9)/9 - {}| >= {} exceeds Bernstein bound {}", what,
                                       expected.mid_str(6), decimal(gap.lower_rational(), 7), out.scale_bound));
  }
  out.summaries.push_back(fmt::format(
      "{}: {}: mean of min(r^2, 9)/9 = {:.6f} (sample variance {:.4g}) vs E_G = {}: |difference| <= {} vs empirical "
      "Bernstein deviation (two-sided, gamma'/2 per side) {}: {}",
      name, what, mean, variance, expected.str(8), out.scale_deviation, out.scale_bound, to_string(scale_ok)));
  // (3) Exceedances |r| > T: P_G(|r| > T) <= p0 = 2 Phibar(T - eps); P(Bin(N, p0) >= c) <= (N p0)^c / c!.
  for (const double r : residuals) out.exceedances += std::abs(r) > exceed_at ? 1 : 0;
  const Ball p0 = Ball(2) * normal_tail(Ball(Rational(exceed_at)) - Ball(eps_q));
  const Ball mean_count = Ball(Rational(Integer(n_r))) * p0;
  if (!is_certainly_true(lt(mean_count, Ball(1)))) throw std::logic_error(name + ": exceedance threshold too low");
  Ball tail(1);
  std::uint64_t c = 0;
  while (!is_certainly_true(le(tail, Ball(gamma_each)))) {
    ++c;
    tail = tail * mean_count / Ball(static_cast<long>(c));
  }
  out.allowed = c - 1;  // counts >= c are rejected: P(count >= c) <= (N p0)^c / c! <= gamma'
  const bool exceed_ok = out.exceedances <= out.allowed;
  if (!exceed_ok) {
    out.passed = false;
    out.failures.push_back(fmt::format("{} count of |r| > {} = {} exceeds {} (P(Bin(N, {}) >= {}) <= gamma')", what,
                                       exceed_at, out.exceedances, out.allowed, p0.mid_str(3), c));
  }
  out.summaries.push_back(fmt::format(
      "{}: {}: {} residuals with |r| > {} vs at most {} allowed (p0 = 2 Phibar({}) <= {}, N p0 = {}; a count >= {} has "
      "probability <= (N p0)^c/c! <= gamma'): {}",
      name, what, out.exceedances, exceed_at, out.allowed, exceed_at, p0.mid_str(3), mean_count.mid_str(3), c,
      exceed_ok ? "true" : "false"));
  return out;
}

// ---- Power (design statements, double precision; spec/README.md "Power") -------------------------

double phibar_d(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }
double phi_d(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::acos(-1.0)); }

// Mean and variance of g = min(s^2 xi^2, 9)/9, xi ~ N(0, 1).
std::pair<double, double> clipped_square_moments(double s) {
  const double a = 3.0 / s;
  const double inside = 1 - 2 * phibar_d(a);
  const double t2 = inside - 2 * a * phi_d(a);
  const double t4 = 3 * inside - 2 * phi_d(a) * (a * a * a + 3 * a);
  const double outside = 2 * phibar_d(a);
  const double m1 = (s * s * t2 + kClip * outside) / kClip;
  const double m2 = (s * s * s * s * t4 + kClip * kClip * outside) / (kClip * kClip);
  return {m1, m2 - m1 * m1};
}

// Power of the Bernstein scale test against residuals N(0, s^2): normal approximation of the mean.
double scale_test_power(double s, std::uint64_t n, double gamma_each) {
  const auto [null_mean, null_variance] = clipped_square_moments(1);
  const auto [mean, variance] = clipped_square_moments(s);
  static_cast<void>(null_variance);
  const double log_term = std::log(4 / gamma_each);
  const double nd = static_cast<double>(n);
  const double deviation = std::sqrt(2 * variance * log_term / nd) + 7 * log_term / (3 * (nd - 1));
  return stats::two_sided_shift_power(mean - null_mean, deviation, std::sqrt(variance / nd));
}

// Power of a DKW test of radius `radius` when the true law is at KS distance `distance` from the null:
// at least 1 - 2 exp(-2 N (distance - radius)^2) (DKW under the alternative).
double dkw_power_lower_bound(double distance, double radius, std::uint64_t n) {
  if (distance <= radius) return 0;
  const double gap = distance - radius;
  return std::max(0.0, 1 - 2 * std::exp(-2 * static_cast<double>(n) * gap * gap));
}

// sup_t |Phi(t) - Phi(t/s)|.
double scale_ks_distance(double s) {
  double best = 0;
  for (double t = 0; t <= 8; t += 1e-3) best = std::max(best, std::abs(phibar_d(-t) - phibar_d(-t / s)));
  return best;
}

// sup_t |Phi(t) - G(t)| for G the law of N(0, spread^2) wrapped into [-h, h) (numerically).
double wrapped_ks_distance(double spread, double h) {
  double best = 0;
  for (double t = -h; t <= h; t += h / 2000) {
    double g = 0;
    for (int j = -50; j <= 50; ++j) {
      const double lo = (-h + 2 * h * j) / spread;
      const double hi = (t + 2 * h * j) / spread;
      g += phibar_d(lo) - phibar_d(hi);
    }
    best = std::max(best, std::abs(phibar_d(-t) - g));
  }
  return best;
}

// P(Poisson(lambda) > allowed): the power of the exceedance count when a fraction of the residuals
// sits far out (Poisson approximation of the binomial).
double exceedance_power(double lambda, std::uint64_t allowed) {
  double term = std::exp(-lambda);
  double below = term;
  for (std::uint64_t j = 1; j <= allowed; ++j) {
    term *= lambda / static_cast<double>(j);
    below += term;
  }
  return std::max(0.0, std::min(1.0, 1 - below));
}

double dkw_radius_d(std::uint64_t n, double gamma) { return std::sqrt(std::log(2 / gamma) / (2 * static_cast<double>(n))); }

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
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

double lattice_residual(double v, int b, double delta, double kappa) {
  const double theta = b != 0 ? delta / 2 : 0.0;
  const double k = std::nearbyint((v - theta) / delta);
  return (v - (k * delta + theta)) / kappa;
}

CheckResult ancestral_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                          const InstanceDrawFunction& draw) {
  const PrecisionScope scope(kPrecision);
  constexpr int kTests = 5;
  constexpr double kExceedAt = 10;
  const Rational gamma_each = stats::gamma_mc() / kTests;
  sampling::RandomSource source(seed);
  std::array<std::vector<double>, 2> pooled;
  for (auto& pool : pooled) pool.reserve(static_cast<std::size_t>(draws) * static_cast<std::size_t>(instance.m()) / 2 + 16);
  std::vector<double> residuals;
  residuals.reserve(static_cast<std::size_t>(draws) * static_cast<std::size_t>(instance.m()));
  const auto n = static_cast<std::size_t>(instance.n());
  const double delta = instance.delta().convert_to<double>();
  const double tau = instance.tau().convert_to<double>();  // the instance's tau, not the sampler's
  for (std::uint64_t t = 0; t < draws; ++t) {
    const sampling::InstanceDraw sample = draw(source);
    for (std::size_t i = 0; i < sample.image.size(); ++i) {
      const int b = sample.image[i] != 0 ? 1 : 0;
      pooled[static_cast<std::size_t>(b)].push_back(sample.x[n + i]);
      residuals.push_back(lattice_residual(sample.x[n + i], b, delta, tau));
    }
  }
  const Rational tau_squared = instance.tau() * instance.tau();
  CheckResult result;
  bool passed = true;
  std::vector<std::string> failures;
  Rational worst = -1;
  int worst_b = 0;
  std::array<std::string, 2> radii;
  for (int b = 0; b <= 1; ++b) {
    const std::vector<double>& pool = pooled[static_cast<std::size_t>(b)];
    if (pool.empty()) {
      passed = false;
      failures.push_back(fmt::format("b = {}: no coordinate with f(s)_i = b", b));
      result.log.push_back(fmt::format("A.1:ancestral-law: b = {}: no coordinate with f(s)_i = b", b));
      continue;
    }
    const sampling::BlurredLatticeCdf cdf(instance.delta(), b, tau_squared, kPrecision);
    const sampling::OneSampleKs ks =
        sampling::one_sample_ks(pool, [&cdf](double t) { return cdf.cdf(t); }, kCdfStride);
    const Ball radius = sampling::dkw_radius(pool.size(), gamma_each);  // DKW at gamma_MC/5
    const Certainty holds = le(Ball(ks.upper), radius);
    radii[static_cast<std::size_t>(b)] = decimal(sampling::round_up_decimals(radius.upper_rational(), 7), 8);
    if (!is_certainly_true(holds)) {
      passed = false;
      failures.push_back(fmt::format("b = {}: sup|F_N - H_b| (upper bound {}) exceeds radius {} (at x = {:.6g})", b,
                                     upper_str(ks.upper), radii[static_cast<std::size_t>(b)], ks.at));
    }
    if (ks.upper > worst) {
      worst = ks.upper;
      worst_b = b;
    }
    result.log.push_back(fmt::format(
        "A.1:ancestral-law: b = {}: N_b = {} pooled x_F,i with f(s)_i = b; sup_t |F_N(t) - H_b(t)| <= {} (at t = {:.6g}, "
        "{} CDF enclosures) vs DKW radius sqrt(ln(10/gamma_MC)/(2 N_b)) = {}: {}",
        b, pool.size(), upper_str(ks.upper), ks.at, ks.evaluations, radii[static_cast<std::size_t>(b)],
        to_string(holds)));
  }
  const Ball h = Ball(instance.delta()) / (Ball(2) * Ball(instance.tau()));
  double eps_x = 0;  // the residual's rounding error, from the largest |x_F,i|
  for (const auto& pool : pooled) eps_x = std::max(eps_x, residual_error_bound(pool, delta, tau, h.upper_double()));
  const ResidualTests residual =
      residual_tests("A.1:ancestral-law", "r = (x_F,i - nearest point of Lambda_f(s)_i)/tau", residuals, eps_x, h,
                     kExceedAt, gamma_each);
  if (!residual.passed) passed = false;
  for (const std::string& line : residual.summaries) result.log.push_back(line);
  for (const std::string& failure : residual.failures) failures.push_back(failure);
  result.passed = passed;
  if (passed) {
    result.margin = fmt::format(
        "max_b sup|F_N - H_b^(tau)| <= {} (b = {}) <= bound {} / {}; residual r/tau: DKW {} <= {}, scale {} <= {}, "
        "{} of |r| > 10 <= {} (5 tests at gamma_MC/5; N_0 = {}, N_1 = {})",
        upper_str(worst < 0 ? Rational(0) : worst), worst_b, radii[0], radii[1], residual.ks_upper, residual.ks_radius,
        residual.scale_deviation, residual.scale_bound, residual.exceedances, residual.allowed, pooled[0].size(),
        pooled[1].size());
  } else {
    result.margin = "FAIL: " + join(failures, "; ");
  }
  result.log.push_back(fmt::format(
      "A.1:ancestral-law: {}; {} ancestral draws of x ~ g~ (R6), x_F pooled by the bit f(s)_i; H_b(t) = sum_w "
      "D_b(w) Phi((t - w)/tau) enclosed at {} bits (lattice CDF with the A.3(i) geometric tail, Phi truncated at "
      "{} tau), every {}th distinct value; residuals against the wrapped N(0, 1); five tests at gamma_MC/5 "
      "(Bonferroni); engine std::mt19937_64 seeded with {:#018x}",
      instance_str(instance), draws, kPrecision, sampling::BlurredLatticeCdf::kWindowStandardDeviations, kCdfStride,
      seed));
  // Power against the named alternatives (spec A.1 Check details), at this run's sizes.
  const std::uint64_t n_r = residuals.size();
  const double g_each = 1e-9 / kTests;
  const double r_radius = dkw_radius_d(n_r, g_each);
  const auto scale_power = [&](double s) {
    return std::max(scale_test_power(s, n_r, g_each), dkw_power_lower_bound(scale_ks_distance(s), r_radius, n_r));
  };
  result.power.push_back({"tau off by 1% in the sampler (residual scale 1.01)", scale_power(1.01),
                          "normal approximation of the Bernstein scale test; DKW lower bound"});
  result.power.push_back({"blur off by 10% (residual scale 1.1)", scale_power(1.1),
                          "normal approximation of the Bernstein scale test; DKW lower bound"});
  const double h_d = h.mid_double();
  const double far = 1 - 2 * phibar_d(h_d - kExceedAt);  // P(|r| > 10) for a point of the other phase
  result.power.push_back({"wrong phase on one coordinate with probability 1% per draw",
                          exceedance_power(static_cast<double>(draws) * 0.01 * far, residual.allowed),
                          "Poisson approximation of the exceedance count"});
  // delta off by 1%: w = 1.01 k delta/2 sits 0.01 w/tau from Lambda_b (in units of tau), w ~ N(0, 1) approximately.
  const double spread = std::sqrt(1 + std::pow(0.01 / tau, 2));
  result.power.push_back({"delta off by 1% in the lattice sampler", dkw_power_lower_bound(wrapped_ks_distance(spread, h_d), r_radius, n_r),
                          "DKW lower bound, residual law N(0, 1 + (0.01/tau)^2) wrapped (w treated as N(0, 1))"});
  result.statement = fmt::format("x_F,i | f(s)_i=b ~ h_b^(tau) and lattice residual ~ N(0,1): 5 tests, N={} draws", draws);
  result.parameters = {{"draws", draws},
                       {"pooled", {pooled[0].size(), pooled[1].size()}},
                       {"residuals", n_r},
                       {"gamma_mc", "1e-9"},
                       {"gamma_per_test", "2e-10"},
                       {"radius", {radii[0], radii[1]}},
                       {"residual_radius", residual.ks_radius},
                       {"cdf_stride", kCdfStride},
                       {"precision_bits", kPrecision},
                       {"engine", "std::mt19937_64"}};
  return result;
}

MeasurementFunction measurement_route1(const sampling::InstanceSampler& sampler) {
  return [&sampler](sampling::RandomSource& source) {
    const sampling::InstanceDraw draw = sampler.draw(source);
    return MeasuredDraw{draw.image, sampling::measure(sampler.instance(), draw.x, source)};
  };
}

MeasurementFunction measurement_route2(const sampling::InstanceSampler& sampler) {
  return [&sampler](sampling::RandomSource& source) {
    owf::Bits seed(static_cast<std::size_t>(sampler.instance().n()));
    for (auto& bit : seed) bit = source.bit() ? 1 : 0;
    owf::Bits image = sampler.function()(seed);
    std::vector<double> y = sampling::simulate_measurement(sampler.instance(), image, source);
    return MeasuredDraw{std::move(image), std::move(y)};
  };
}

namespace {

CheckResult measurement_phase_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                  const MeasurementFunction& route1, const MeasurementFunction& route2) {
  const PrecisionScope scope(kPrecision);
  const std::string name = "A.5:measurement-law-phase";
  constexpr int kTests = 6;
  constexpr double kExceedAt = 7;
  const Rational gamma_each = stats::gamma_mc() / kTests;
  const double delta = instance.delta().convert_to<double>();
  const double nu = sampling::measurement_noise(instance);
  const Ball nu_ball = sqrt(Ball(instance.tau() * instance.tau() + instance.sigma_y() * instance.sigma_y()));
  const Ball h = Ball(instance.delta()) / (Ball(2) * nu_ball);
  sampling::RandomSource source(seed);
  CheckResult result;
  std::vector<std::string> failures;
  std::vector<std::string> margins;
  std::array<std::uint64_t, 2> allowed{};
  std::uint64_t n_r = 0;
  const std::array<const MeasurementFunction*, 2> routes = {&route1, &route2};
  for (int route = 0; route < 2; ++route) {
    std::vector<double> residuals;
    residuals.reserve(static_cast<std::size_t>(draws) * static_cast<std::size_t>(instance.m()));
    double eps = 0;
    std::vector<double> values;
    for (std::uint64_t t = 0; t < draws; ++t) {
      const MeasuredDraw draw = (*routes[static_cast<std::size_t>(route)])(source);
      if (draw.y.size() != draw.image.size()) throw std::logic_error(name + ": y and f(s) differ in length");
      for (std::size_t i = 0; i < draw.y.size(); ++i) {
        residuals.push_back(lattice_residual(draw.y[i], draw.image[i] != 0 ? 1 : 0, delta, nu));
        eps = std::max(eps, std::abs(draw.y[i]));
      }
    }
    values.push_back(eps);
    eps = residual_error_bound(values, delta, nu, h.upper_double());
    const std::string what = route == 0 ? "route 1 (x ~ g~, y = A x + sigma_y xi_y)" : "route 2 (y_i = w_i + nu zeta_i)";
    const ResidualTests tests = residual_tests(name, what, residuals, eps, h, kExceedAt, gamma_each);
    for (const std::string& line : tests.summaries) result.log.push_back(line);
    for (const std::string& failure : tests.failures) failures.push_back(failure);
    margins.push_back(fmt::format("route {}: DKW {} <= {}, scale {} <= {}, {} of |r| > 7 <= {}", route + 1, tests.ks_upper,
                                  tests.ks_radius, tests.scale_deviation, tests.scale_bound, tests.exceedances,
                                  tests.allowed));
    allowed[static_cast<std::size_t>(route)] = tests.allowed;
    n_r = residuals.size();
  }
  result.passed = failures.empty();
  result.margin = result.passed ? fmt::format("residual r = (y_i - nearest point of Lambda_f(s)_i)/nu, N = {} per route: {} "
                                              "(6 tests at gamma_MC/6)",
                                              n_r, join(margins, "; "))
                                : "FAIL: " + join(failures, "; ");
  result.log.push_back(fmt::format(
      "{}: {}; {} measurements per route (route 1 first), the m residuals of each pooled; nu = {:.9g}, h = delta/(2 nu) "
      "= {}; six tests at gamma_MC/6 (Bonferroni); engine std::mt19937_64 seeded with {:#018x}",
      name, instance_str(instance), draws, nu, h.mid_str(8), seed));
  const double g_each = 1e-9 / kTests;
  const double r_radius = dkw_radius_d(n_r, g_each);
  const auto scale_power = [&](double s) {
    return std::max(scale_test_power(s, n_r, g_each), dkw_power_lower_bound(scale_ks_distance(s), r_radius, n_r));
  };
  const double tau = instance.tau().convert_to<double>();
  const double sigma_y = instance.sigma_y().convert_to<double>();
  result.power.push_back({"sigma_y off by 1% in the measurement (route 1)",
                          scale_power(std::sqrt(tau * tau + 1.0201 * sigma_y * sigma_y) / nu),
                          "normal approximation of the Bernstein scale test; DKW lower bound"});
  result.power.push_back({"nu off by 1% in simulate_measurement (route 2)", scale_power(1.01),
                          "normal approximation of the Bernstein scale test; DKW lower bound"});
  result.power.push_back({"blur of x off by 10% (route 1)", scale_power(std::sqrt(1.21 * tau * tau + sigma_y * sigma_y) / nu),
                          "normal approximation of the Bernstein scale test; DKW lower bound"});
  const double far = 1 - 2 * phibar_d(h.mid_double() - kExceedAt);
  result.power.push_back({"wrong phase on one coordinate with probability 1% per draw (either route)",
                          exceedance_power(static_cast<double>(draws) * 0.01 * far, std::max(allowed[0], allowed[1])),
                          "Poisson approximation of the exceedance count"});
  result.statement = fmt::format("both routes: y_i residual to Lambda_f(s)_i over nu ~ N(0,1), 6 tests, N={}x{}", draws,
                                 instance.m());
  result.parameters = {{"draws_per_route", draws},
                       {"residuals_per_route", n_r},
                       {"gamma_mc", "1e-9"},
                       {"gamma_per_test", "1.6666666667e-10"},
                       {"exceedance_threshold", kExceedAt},
                       {"engine", "std::mt19937_64"}};
  return result;
}

}  // namespace

CheckResult measurement_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                            MeasurementStatistic statistic, const MeasurementFunction& route1,
                            const MeasurementFunction& route2) {
  if (statistic == MeasurementStatistic::kPhase) return measurement_phase_law(instance, draws, seed, route1, route2);
  const PrecisionScope scope(kPrecision);
  const std::string name = "A.5:measurement-law-y";
  const auto value_of = [&](const MeasuredDraw& draw) {
    if (draw.y.empty()) throw std::logic_error(name + ": empty measurement");
    return draw.y[0];
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
  const std::string what = "y_1";
  result.margin = result.passed
                      ? fmt::format("two-sample KS D({}) <= {} <= threshold {} (N = {} per route; two DKW at gamma_MC/2)",
                                    what, upper_str(ks.distance), decimal(threshold, 8), draws)
                      : fmt::format("FAIL: two-sample KS D({}) = {} exceeds threshold {} (at y_1 = {:.6g}; N = {} per route)",
                                    what, upper_str(ks.distance), decimal(threshold, 8), ks.at, draws);
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
  // Power: y_1 read from the wrong coordinate (x_S,n = +-a + tau xi instead of x_F,1): the law of y_1 is then
  // (nearly) +-a with probability 1/2 each, at KS distance Phi(a) - 1/2 from N(0, 1)-like D_b * N(0, nu^2).
  const double a = instance.a().convert_to<double>();
  const double distance = 0.5 * (1 - 2 * phibar_d(a));  // |F_y(t) - F_alt(t)| at t just below a, approximately
  const double radius_d = threshold.convert_to<double>();
  const double half = radius_d / 2;  // route 2's own DKW deviation is at most half the threshold w.p. 1 - gamma/2
  result.power.push_back({"y_1 read from the wrong coordinate (off-by-one in A = [0 | I_m])",
                          dkw_power_lower_bound(distance - half, half, draws),
                          "DKW lower bound for route 1, D_alt = Phi(a) - 1/2 (w treated as N(0, 1))"});
  result.statement = fmt::format("y_1 via x~g, A x + noise vs via w + nu zeta: two-sample KS, N={} per route", draws);
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
  const auto m = static_cast<std::size_t>(instance.m());
  std::vector<std::uint64_t> coordinate_errors(m, 0);
  std::uint64_t errors = 0;
  std::uint64_t trials = 0;
  for (std::uint64_t t = 0; t < draws; ++t) {
    const sampling::InstanceDraw draw = sampler.draw(source);
    const std::vector<double> y = sampling::measure(instance, draw.x, source);
    for (std::size_t i = 0; i < y.size(); ++i) {
      const bool error = instance::decode_bit(y[i], delta) != draw.image[i];
      errors += error ? 1 : 0;
      coordinate_errors[i] += error ? 1 : 0;
    }
    trials += y.size();
  }
  // B.1(ii): the m indicators of a draw are i.i.d. Bernoulli(p_err) and independent of (s, w), so all
  // trials = m draws indicators are i.i.d. Two tests share gamma_MC: the pooled rate (gamma_MC/2) and each
  // coordinate's own rate (gamma_MC/(2m) each, Bonferroni), both two-sided empirical Bernstein
  // (Maurer-Pontil) with half of their share per side. The pooled test sees a global error (sigma_y,
  // delta); a fault confined to one coordinate moves the pooled rate by 1/m of its effect, the
  // coordinate's own rate by all of it.
  // Unbiased sample variance of 0/1 indicators: N p_hat (1 - p_hat)/(N - 1), exactly.
  const auto sample_variance = [](const Rational& rate, std::uint64_t count) {
    return Rational(Integer(count)) * rate * (1 - rate) / Rational(Integer(count - 1));
  };
  const Rational p_hat{Integer(errors), Integer(trials)};
  const Rational variance = sample_variance(p_hat, trials);
  const Ball bound = stats::bernstein_deviation(Ball(variance), Ball(1), trials, stats::gamma_mc() / 4);
  const Ball deviation = abs(Ball(p_hat) - p_err);
  const Certainty holds = le(deviation, bound);
  const std::string bound_str = decimal(sampling::round_up_decimals(bound.upper_rational(), 7), 8);
  const Rational per_coordinate_gamma = stats::gamma_mc() / Rational(static_cast<long>(4 * m));
  bool coordinates_hold = true;
  double worst_ratio = -1;
  std::string worst_text;
  std::string coordinate_failures;
  for (std::size_t i = 0; i < m; ++i) {
    const Rational rate{Integer(coordinate_errors[i]), Integer(draws)};
    const Ball coordinate_bound = stats::bernstein_deviation(Ball(sample_variance(rate, draws)), Ball(1), draws, per_coordinate_gamma);
    const Ball coordinate_deviation = abs(Ball(rate) - p_err);
    const bool ok = is_certainly_true(le(coordinate_deviation, coordinate_bound));
    const double ratio = coordinate_deviation.mid_double() / coordinate_bound.mid_double();
    const std::string text = fmt::format("i = {}: p_hat_i = {} ({} of {}), |p_hat_i - p_err| = {:.3g} {} bound {:.4g}", i + 1,
                                         decimal(rate, 6), coordinate_errors[i], draws, coordinate_deviation.mid_double(),
                                         ok ? "<=" : "is not <=", coordinate_bound.upper_double());
    if (!ok) {
      coordinates_hold = false;
      coordinate_failures += (coordinate_failures.empty() ? "" : "; ") + text;
    }
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      worst_text = text;
    }
  }
  CheckResult result;
  result.passed = is_certainly_true(holds) && coordinates_hold;
  if (result.passed) {
    result.margin = fmt::format("|p_hat - p_err| <= {} (p_hat = {}, p_err = {}) <= bound {} (empirical Bernstein, "
                                "{} draws x m = {} indicators); worst coordinate {}",
                                upper_str(deviation.upper_rational()), decimal(p_hat, 7), p_err.mid_str(10), bound_str,
                                draws, trials, worst_text);
  } else {
    std::string failures;
    if (!is_certainly_true(holds)) {
      failures = fmt::format("pooled |p_hat - p_err| >= {} (p_hat = {}, p_err = {}) is not <= bound {} (empirical Bernstein, {} indicators)",
                             decimal(deviation.lower_rational(), 7), decimal(p_hat, 7), p_err.mid_str(10), bound_str, trials);
    }
    if (!coordinates_hold) failures += (failures.empty() ? "per coordinate: " : "; per coordinate: ") + coordinate_failures;
    result.margin = "FAIL: " + failures;
  }
  result.log.push_back(fmt::format(
      "B.1:decoding-error-rate: {} model draws of (s, y) (x ~ g~ by R6, y = A x + sigma_y xi_y); {} of {} indicators "
      "dec(y)_i != f(s)_i; p_err enclosed by the B.1 series: {}; pooled {}",
      draws, errors, trials, p_err.str(15), to_string(holds)));
  result.log.push_back(fmt::format(
      "B.1:decoding-error-rate: pooled bound sqrt(2 V ln(8/gamma_MC)/N) + 7 ln(8/gamma_MC)/(3(N - 1)) = {} (V = {:.6g}); {}; "
      "z = {}; engine std::mt19937_64 seeded with {:#018x}",
      bound.str(10), variance.convert_to<double>(), instance_str(instance), instance::decoding_margin(instance).str(10),
      seed));
  result.log.push_back(fmt::format("B.1:decoding-error-rate: per coordinate (m = {} tests at gamma_MC/(2m) each): {}; worst {}", m,
                                   coordinates_hold ? "all hold" : "FAIL: " + coordinate_failures, worst_text));
  // Power (normal approximation of p_hat, the bound at the alternative's variance).
  const double p0 = p_err.mid_double();
  const auto power_of = [&](double p, double count, double gamma_per_side) {
    const double v = p * (1 - p);
    const double log_term = std::log(2 / gamma_per_side);
    const double radius = std::sqrt(2 * v * log_term / count) + 7 * log_term / (3 * (count - 1));
    return stats::two_sided_shift_power(p - p0, radius, std::sqrt(v / count));
  };
  const auto power_at = [&](double p) { return power_of(p, static_cast<double>(trials), 1e-9 / 4); };
  const auto p_err_at = [](double z) {
    double p = 0;
    for (int j = 0; j < 50; ++j) p += 2 * (phibar_d((4 * j + 1) * z) - phibar_d((4 * j + 3) * z));
    return p;
  };
  const double tau = instance.tau().convert_to<double>();
  const double sigma_y = instance.sigma_y().convert_to<double>();
  result.power.push_back({"sigma_y off by 1% in the measurement",
                          power_at(p_err_at(delta / (4 * std::sqrt(tau * tau + 1.0201 * sigma_y * sigma_y)))),
                          "normal approximation of p_hat; p_err of the alternative by the B.1 series"});
  result.power.push_back({"wrong phase on one coordinate with probability 1% per draw",
                          power_of(p0 + 0.01 * (1 - 2 * p0), static_cast<double>(draws), 1e-9 / static_cast<double>(4 * m)),
                          "normal approximation of that coordinate's p_hat_i (its error rate p_err + 0.01 (1 - 2 p_err))"});
  // delta off by 1% in the lattice: w = 1.01 k delta/2 sits 0.01 w off Lambda_b; with w ~ N(0, 1) the decoder
  // sees the error 0.01 w + nu zeta ~ N(0, 1e-4 + nu^2) instead of N(0, nu^2).
  const double nu = sampling::measurement_noise(instance);
  result.power.push_back({"delta off by 1% in the lattice sampler", power_at(p_err_at(delta / (4 * std::sqrt(1e-4 + nu * nu)))),
                          "normal approximation of p_hat; the decoding error N(0, 1e-4 + nu^2) (w treated as N(0, 1))"});
  result.statement = fmt::format("sigma_y=0.006: |p_hat - p_err| <= Bernstein bound, {} draws x m={} indicators", draws,
                                 instance.m());
  result.parameters = {{"draws", draws},
                       {"indicators", trials},
                       {"sigma_y", to_fraction(instance.sigma_y())},
                       {"gamma_mc", "1e-9"},
                       {"bound", bound_str},
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
