#include "proofs-checks/rejection_checks.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "dpsi/density/vertex_mixture.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/posterior/seed_posterior.h"
#include "dpsi/posterior/tabulated_prior_sampler.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"
#include "dpsi/stats/power.h"
#include "proofs-checks/instance_variants.h"
#include "proofs-checks/reduction_constants_checks.h"

namespace dpsi::checks {
namespace detail {

std::vector<RejectionMeasurement> rejection_measurements(const Instance& instance, int count, double min_acceptance,
                                                         std::uint64_t seed) {
  const sampling::InstanceSampler prior(instance);
  const density::VertexMixture mixture(instance);
  const posterior::SeedPosteriorTable fast(instance);
  const Ball log_scale = Ball(instance.m()) / Ball(2) * log(Ball(2) * Ball::pi() * sqr(Ball(instance.sigma_y())));
  sampling::RandomSource source(seed);
  std::vector<RejectionMeasurement> measurements;
  while (static_cast<int>(measurements.size()) < count) {
    std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
    if (fast.log_acceptance(y) < std::log(min_acceptance)) continue;
    std::vector<Ball> y_balls;
    for (const double value : y) y_balls.emplace_back(Rational(value));
    density::SeedPosterior exact = mixture.posterior(y_balls);
    measurements.push_back({std::move(y), exp(log_scale + exact.log_evidence), std::move(exact.weights)});
  }
  return measurements;
}

Ball truncated_geometric_distance(const std::vector<std::uint64_t>& counts, std::uint64_t cap, const Ball& acceptance) {
  std::vector<std::uint64_t> sorted = counts;
  std::sort(sorted.begin(), sorted.end());
  const Ball total(static_cast<long>(sorted.size()));
  const Ball survival = Ball(1) - acceptance;
  Ball worst;
  Ball survival_power(1);  // (1 - a)^k
  std::size_t at_or_below = 0;
  for (std::uint64_t k = 1; k <= cap; ++k) {
    survival_power *= survival;
    while (at_or_below < sorted.size() && sorted[at_or_below] <= k) ++at_or_below;
    const Ball empirical = Ball(static_cast<long>(at_or_below)) / total;
    worst = max(worst, abs(empirical - (Ball(1) - survival_power)));
  }
  return worst;  // at k = cap + 1 both CDFs are 1
}

LawTest law_test(const std::vector<std::uint64_t>& counts, const std::vector<Ball>& cell_mass) {
  std::uint64_t total = 0;
  for (const std::uint64_t count : counts) total += count;
  LawTest test;
  for (std::size_t cell = 0; cell < counts.size(); ++cell) {
    const Ball frequency(Rational(static_cast<long>(counts[cell]), static_cast<long>(total)));
    test.l1 += abs(frequency - cell_mass[cell]);
    if (cell_mass[cell].lower_double() > 0) test.pearson += sqr(frequency - cell_mass[cell]) / cell_mass[cell] * Ball(static_cast<long>(total));
  }
  // P[||pi-hat - p||_1 > r] <= (2^k - 2) e^{-N r^2 / 2} (the L1 deviation inequality).
  const auto cells = static_cast<long>(counts.size());
  test.radius = sqrt(Ball(2) * log(Ball((Integer(1) << cells) - 2) / Ball(stats::gamma_mc())) / Ball(static_cast<long>(total)));
  test.passed = is_certainly_true(le(test.l1, test.radius));
  return test;
}

AcceptanceTest acceptance_test(std::uint64_t accepted, std::uint64_t proposals, const Ball& acceptance) {
  AcceptanceTest test;
  test.frequency = Ball(Rational(static_cast<long>(accepted), static_cast<long>(proposals)));
  // Bernoulli observations: the unbiased sample variance is N p(1 - p)/(N - 1).
  const Ball variance = test.frequency * (Ball(1) - test.frequency) * Ball(static_cast<long>(proposals)) / Ball(static_cast<long>(proposals - 1));
  test.radius = stats::bernstein_deviation(variance, Ball(1), proposals, stats::gamma_mc() / 2);
  test.deviation = abs(test.frequency - acceptance);
  test.passed = is_certainly_true(le(test.deviation, test.radius));
  return test;
}

double nearest_atom(double delta, int b, double t) {
  const double shift = b * 0.5 * delta;
  return std::round((t - shift) / delta) * delta + shift;
}

bool lattice_event(LatticeEvent event, double delta, double y_i, double w, int b) {
  switch (event) {
    case LatticeEvent::kNotNearest:
      return std::abs(w - nearest_atom(delta, b, y_i)) > delta / 4;
    case LatticeEvent::kFar:
      return std::abs(y_i - w) > 1.5 * delta;
  }
  return false;
}

IndicatorMoments lattice_event_moments(const Instance& instance, std::span<const double> y, const std::vector<Ball>& seed_law,
                                       bool conditioned, LatticeEvent event) {
  const int n = instance.n();
  const int m = instance.m();
  const double delta = instance.delta().convert_to<double>();
  const Ball two_nu_squared = Ball(2) * (sqr(Ball(instance.tau())) + sqr(Ball(instance.sigma_y())));
  // P(event at coordinate i | phase b, y_i), over the atoms exactly as TabulatedPriorSampler lists them.
  std::vector<std::array<Ball, 2>> probability(static_cast<std::size_t>(m));
  const double k_max = std::ceil(40.0 / delta);
  for (int i = 0; i < m; ++i) {
    const double t = y[static_cast<std::size_t>(i)];
    const Ball t_ball{Rational(t)};
    for (int b = 0; b < 2; ++b) {
      Ball total;
      Ball hit;
      for (double k = -k_max; k <= k_max; k += 1) {
        const double w = k * delta + b * 0.5 * delta;
        if (std::abs(w) > 40.0) continue;
        const Ball w_ball{Rational(w)};
        Ball exponent = -sqr(w_ball) / Ball(2);
        if (conditioned) exponent -= sqr(t_ball - w_ball) / two_nu_squared;
        const Ball weight = exp(exponent);
        total += weight;
        if (lattice_event(event, delta, t, w, b)) hit += weight;
      }
      probability[static_cast<std::size_t>(i)][static_cast<std::size_t>(b)] = hit / total;
    }
  }
  // Given the seed the coordinates are independent: E[X | s] and E[X^2 | s] from the per-coordinate
  // probabilities p_i, E[(sum_i 1_i)^2 | s] = (sum p_i)^2 - sum p_i^2 + sum p_i.
  const owf::OneWayFunction f(n, m);
  IndicatorMoments moments;
  for (std::uint64_t seed = 0; seed < seed_law.size(); ++seed) {
    const std::uint64_t image = f.evaluate_index(seed);
    Ball sum;
    Ball sum_of_squares;
    for (int i = 0; i < m; ++i) {
      const Ball& p = probability[static_cast<std::size_t>(i)][(image >> (m - 1 - i)) & 1U];
      sum += p;
      sum_of_squares += sqr(p);
    }
    moments.mean += seed_law[seed] * sum;
    moments.second_moment += seed_law[seed] * (sqr(sum) - sum_of_squares + sum);
  }
  moments.mean /= Ball(m);
  moments.second_moment /= Ball(static_cast<long>(m) * m);
  return moments;
}

Ball bernstein_sum_radius(const Ball& variance, const Rational& gamma) {
  const Ball l = log(Ball(2) / Ball(gamma));
  return l / Ball(3) + sqrt(sqr(l) / Ball(9) + Ball(2) * variance * l);
}

ExceedanceTest exceedance_test(const std::vector<double>& log_inverse_acceptance, const Ball& ell, const Rational& beta) {
  ExceedanceTest test;
  const double ell_low = ell.lower_double();
  const double ell_high = ell.upper_double();
  for (const double value : log_inverse_acceptance) {
    if (value - posterior::kLogErrorBound > ell_high) {
      ++test.exceed;
    } else if (value + posterior::kLogErrorBound >= ell_low) {
      ++test.exceed;
      ++test.within_error_band;
    }
  }
  const auto draws = static_cast<long>(log_inverse_acceptance.size());
  test.radius = sqrt(log(Ball(1) / Ball(stats::gamma_mc())) / Ball(2 * draws));
  test.lower = Ball(Rational(static_cast<long>(test.exceed), draws)) - test.radius;
  test.passed = is_certainly_true(le(test.lower, Ball(beta)));
  return test;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;
using audit::PowerStatement;

constexpr int kMeasurements = 8;
constexpr double kAcceptanceFloor = 2e-3;

// What E.1, E.2 and E.5 share: the E test instance, its 8 measurements (drawn with the check's
// seed), the tabulated proposals and the stream the rounds draw from.
struct RejectionBench {
  explicit RejectionBench(const CheckContext& context)
      : instance(rejection_test_instance()),
        measurements(detail::rejection_measurements(instance, kMeasurements, kAcceptanceFloor, context.seed)),
        proposals(instance),
        source(context.seed ^ 0x5eedULL) {}
  Instance instance;
  std::vector<detail::RejectionMeasurement> measurements;
  posterior::TabulatedPriorSampler proposals;
  sampling::RandomSource source;
};

std::uint64_t seed_index(const owf::Bits& seed) {
  std::uint64_t index = 0;
  for (const std::uint8_t bit : seed) index = (index << 1) | bit;
  return index;
}

// The alternative "sigma_y off by 1% in the likelihood": accepted draws then follow the posterior
// of the channel with sigma_y' = 1.01 sigma_y, whose seed law and a'(y) VertexMixture encloses.
Instance sigma_y_alternative(const Instance& instance) { return with_sigma_y(instance, instance.sigma_y() * Rational(101, 100)); }

density::SeedPosterior seed_posterior_of(const Instance& instance, const std::vector<double>& y) {
  const density::VertexMixture mixture(instance);
  std::vector<Ball> y_balls;
  for (const double value : y) y_balls.emplace_back(Rational(value));
  return mixture.posterior(y_balls);
}

// a(y) = (2 pi sigma_y^2)^{m/2} p_Y(y) of `instance` at y.
Ball acceptance_of(const Instance& instance, const std::vector<double>& y) {
  const Ball log_scale = Ball(instance.m()) / Ball(2) * log(Ball(2) * Ball::pi() * sqr(Ball(instance.sigma_y())));
  return exp(log_scale + seed_posterior_of(instance, y).log_evidence);
}

// A pooled sum S of independent [0, 1]-valued terms against its exact mean, Bernstein with the
// exact variance, false failure gamma_MC (+ `slack` on the radius for the proposals' TV error).
struct PooledSum {
  double statistic = 0;
  Ball expected;
  Ball variance;
  Ball radius;
  bool passed = false;
};
PooledSum pooled_sum_test(double statistic, const Ball& expected, const Ball& variance, const Ball& slack) {
  PooledSum test;
  test.statistic = statistic;
  test.expected = expected;
  test.variance = variance;
  test.radius = detail::bernstein_sum_radius(variance, stats::gamma_mc()) + slack;
  test.passed = is_certainly_true(le(abs(Ball(Rational(statistic)) - expected), test.radius));
  return test;
}

std::string pooled_text(const char* what, const PooledSum& test) {
  const double deviation = std::abs(test.statistic - test.expected.mid_double());
  return fmt::format("{}: sum {:.1f} vs exact mean {}: |deviation| = {:.1f} {} Bernstein radius {}{}", what, test.statistic,
                     test.expected.mid_str(8), deviation, test.passed ? "<=" : ">", test.radius.mid_str(5), test.passed ? "" : "  FAIL");
}

// E.1: the accepted draws follow p-hat(. | y): (i) per y, the latent seeds vs p(s | y) (L1 test,
// k = 2^3 cells); pooled over the 8 y, (ii) the standardized blur residuals of all d coordinates are
// i.i.d. N(0, 1) (chi^2, Laurent-Massart), (iii) every lattice atom lies on the sublattice of its
// seed's image bit, (iv) the frequency of atoms other than the nearest one and (v) of atoms farther
// than 3 delta/2 from y_i against their exact posterior means (Bernstein).
CheckResult accepted_law(const CheckContext& context) {
  const PrecisionScope scope(128);
  // Full size: the pooled not-nearest-atom test (iv) reaches power 0.99 against sigma_y off by 1%
  // from about 31,500 accepted draws per y (0.70 at 20,000).
  const std::uint64_t accepted = context.quick ? 2000 : 36000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const Instance& instance = bench.instance;
  // A cap, so that a sampler whose acceptance collapsed fails instead of running forever: at
  // a(y) >= kAcceptanceFloor a correct sampler needs more than kCap proposals for one draw with
  // probability (1 - 2e-3)^(1e6) < 1e-868, far below gamma_MC.
  constexpr std::uint64_t kCap = 1'000'000;
  const posterior::RejectionSampler sampler(instance, bench.proposals, kCap);
  const int n = instance.n();
  const int m = instance.m();
  const double delta = instance.delta().convert_to<double>();
  const double tau = instance.tau().convert_to<double>();
  const double sigma = instance.sigma_y().convert_to<double>();
  const double a = instance.a().convert_to<double>();
  const double nu_squared = tau * tau + sigma * sigma;
  const double pull = tau * tau / nu_squared;                    // E[x_F - w | w, y] = pull (y - w)
  const double conditional_sd = tau * sigma / std::sqrt(nu_squared);  // sd of x_F given w, y
  const owf::OneWayFunction f(n, m);
  const long cells = 8;
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  bool laws_passed = true;
  double worst_ratio = 0;
  int worst_measurement = 0;
  std::uint64_t total_proposals = 0;
  double chi_square = 0;
  std::uint64_t residuals = 0;
  std::uint64_t phase_errors = 0;
  double delta_shift = 0;         // sum over lattice coordinates of (0.01 w / conditional_sd)^2 (power only)
  double phase_ratio_sum = 0;     // sum of L(w') / L(w) at coordinate 1 for the other sublattice's atom (power only)
  // sigma_y' = 1.01 sigma_y in the likelihood: x_F - w given (w, y) has mean pull' (y - w) and sd
  // conditional_sd'; z's mean moves by (pull' - pull)(y - w)/conditional_sd (power only).
  const double sigma_alt = 1.01 * sigma;
  const double pull_alt = tau * tau / (tau * tau + sigma_alt * sigma_alt);
  const double sd_ratio_squared = std::pow(tau * sigma_alt / std::sqrt(tau * tau + sigma_alt * sigma_alt) / conditional_sd, 2);
  double sigma_y_shift = 0;       // sum over lattice coordinates of ((pull' - pull)(y - w)/conditional_sd)^2
  std::vector<double> not_nearest(measurements.size(), 0.0), far(measurements.size(), 0.0);
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    const std::vector<double>& y = measurements[k].y;
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(cells), 0);
    std::uint64_t used = 0;
    for (std::uint64_t draw = 0; draw < accepted; ++draw) {
      const posterior::PosteriorDraw output = sampler.sample(y, source);
      used += output.proposals;
      if (output.failed) {
        result.passed = false;
        result.margin = fmt::format("FAIL: y #{} (a(y) = {}): accepted draw {} took more than {} proposals (a correct sampler: "
                                    "probability (1 - a(y))^{} < 1e-868)",
                                    k + 1, measurements[k].acceptance.mid_str(4), draw + 1, kCap, kCap);
        result.log.push_back("E.1: " + result.margin);
        return result;
      }
      const owf::Bits& seed = *output.latent_seed;
      const std::uint64_t index = seed_index(seed);
      ++counts[index];
      const std::uint64_t image = f.evaluate_index(index);
      for (int j = 0; j < n; ++j) {
        const double z = (output.x[static_cast<std::size_t>(j)] - (seed[static_cast<std::size_t>(j)] == 1 ? a : -a)) / tau;
        chi_square += z * z;
      }
      int not_nearest_count = 0;
      int far_count = 0;
      for (int i = 0; i < m; ++i) {
        const double x_f = output.x[static_cast<std::size_t>(n + i)];
        const double y_i = y[static_cast<std::size_t>(i)];
        const double grid = std::round(x_f / (0.5 * delta));
        const double w = grid * 0.5 * delta;
        const int phase = std::fmod(std::abs(grid), 2.0) == 1.0 ? 1 : 0;
        const int b = static_cast<int>((image >> (m - 1 - i)) & 1U);
        if (phase != b) ++phase_errors;
        const double z = (x_f - w - pull * (y_i - w)) / conditional_sd;
        chi_square += z * z;
        delta_shift += (0.01 * w / conditional_sd) * (0.01 * w / conditional_sd);
        sigma_y_shift += std::pow((pull_alt - pull) * (y_i - w) / conditional_sd, 2);
        not_nearest_count += detail::lattice_event(detail::LatticeEvent::kNotNearest, delta, y_i, w, b) ? 1 : 0;
        far_count += detail::lattice_event(detail::LatticeEvent::kFar, delta, y_i, w, b) ? 1 : 0;
        if (i == 0) {
          const double other = w + (b == 0 ? 0.5 * delta : -0.5 * delta);
          phase_ratio_sum += std::exp(-((y_i - other) * (y_i - other) - (y_i - w) * (y_i - w)) / (2 * sigma * sigma));
        }
      }
      residuals += static_cast<std::uint64_t>(n + m);
      not_nearest[k] += static_cast<double>(not_nearest_count) / m;
      far[k] += static_cast<double>(far_count) / m;
    }
    total_proposals += used;
    const detail::LawTest test = detail::law_test(counts, measurements[k].seed_posterior);
    const bool ok = test.passed;
    laws_passed = laws_passed && ok;
    const double ratio = test.l1.mid_double() / test.radius.mid_double();
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      worst_measurement = static_cast<int>(k) + 1;
    }
    result.log.push_back(fmt::format("E.1: y #{} (a(y) = {}): L1(accepted seeds, p(s|y)) = {} {} radius {}; Pearson chi^2 = {} on 7 dof; {} proposals{}",
                                     k + 1, measurements[k].acceptance.mid_str(4), test.l1.mid_str(4), ok ? "<=" : ">", test.radius.mid_str(5),
                                     test.pearson.mid_str(4), used, ok ? "" : "  FAIL"));
    if (context.progress) context.progress(0.9 * static_cast<double>(k + 1) / kMeasurements);
  }

  // (ii) chi^2 of the standardized residuals, two-sided Laurent-Massart at gamma/2 per side:
  // P(Q - D >= 2 sqrt(D x) + 2x) <= e^-x and P(D - Q >= 2 sqrt(D x)) <= e^-x, x = ln(2/gamma).
  const double x_lm = std::log(2.0 / 1e-9);
  const auto degrees = static_cast<double>(residuals);
  const double rounding = 1e-9 * degrees;  // double-precision residuals and sum: far below this
  const double chi_high = degrees + 2 * std::sqrt(degrees * x_lm) + 2 * x_lm + rounding;
  const double chi_low = degrees - 2 * std::sqrt(degrees * x_lm) - rounding;
  const bool chi_passed = chi_square >= chi_low && chi_square <= chi_high;
  result.log.push_back(fmt::format("E.1(blur): {} standardized residuals (seed coordinates (x_j - a u_j)/tau, lattice coordinates "
                                   "(x_F - w - tau^2/nu^2 (y - w)) nu/(tau sigma_y)): sum z^2 / D = {:.5f}, {} [{:.5f}, {:.5f}]{}",
                                   residuals, chi_square / degrees, chi_passed ? "in" : "NOT in", chi_low / degrees, chi_high / degrees,
                                   chi_passed ? "" : "  FAIL"));
  // (iii) phases.
  const bool phase_passed = phase_errors == 0;
  result.log.push_back(fmt::format("E.1(phase): {} of {} lattice atoms off the sublattice Lambda_(f(s)_i) of their seed (must be 0; "
                                   "probability <= 2 exp(-(delta/(4 tau))^2/2) each){}",
                                   phase_errors, residuals / static_cast<std::uint64_t>(n + m) * static_cast<std::uint64_t>(m),
                                   phase_passed ? "" : "  FAIL"));
  // (iv), (v): pooled atom statistics against their exact means. The tabulated proposals' law
  // differs from the formula's by double rounding of the cumulative weights (TV < 1e-13 per
  // proposal, < 1e-10 per accepted draw at a(y) >= 2e-3): a slack of 1e-9 per draw covers it.
  const Ball draws(static_cast<long>(accepted));
  const Ball slack = Ball(static_cast<long>(accepted * measurements.size())) * Ball(Rational(1, 1000000000));
  Ball near_mean, near_variance, far_mean, far_variance;
  std::vector<detail::IndicatorMoments> near_null, far_null;
  double near_sum = 0, far_sum = 0;
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    near_null.push_back(detail::lattice_event_moments(instance, measurements[k].y, measurements[k].seed_posterior, true,
                                                      detail::LatticeEvent::kNotNearest));
    far_null.push_back(detail::lattice_event_moments(instance, measurements[k].y, measurements[k].seed_posterior, true,
                                                     detail::LatticeEvent::kFar));
    near_mean += draws * near_null.back().mean;
    near_variance += draws * (near_null.back().second_moment - sqr(near_null.back().mean));
    far_mean += draws * far_null.back().mean;
    far_variance += draws * (far_null.back().second_moment - sqr(far_null.back().mean));
    near_sum += not_nearest[k];
    far_sum += far[k];
  }
  const PooledSum near_test = pooled_sum_test(near_sum, near_mean, near_variance, slack);
  const PooledSum far_test = pooled_sum_test(far_sum, far_mean, far_variance, slack);
  result.log.push_back("E.1(atoms): X = fraction of the m atoms that are not the atom of Lambda_b nearest to y_i, " +
                       pooled_text("pooled over all accepted draws", near_test));
  result.log.push_back("E.1(atoms): X = fraction of the m atoms farther than 3 delta/2 from y_i, " +
                       pooled_text("pooled over all accepted draws", far_test));
  result.passed = laws_passed && chi_passed && phase_passed && near_test.passed && far_test.passed;

  // Power against the named alternatives (normal approximations at this run's sizes).
  {
    const Instance wide = sigma_y_alternative(instance);
    double shift = 0, variance = 0, prior_shift = 0, prior_variance = 0;
    for (std::size_t k = 0; k < measurements.size(); ++k) {
      const density::SeedPosterior law = seed_posterior_of(wide, measurements[k].y);
      const detail::IndicatorMoments alt = detail::lattice_event_moments(wide, measurements[k].y, law.weights, true,
                                                                         detail::LatticeEvent::kNotNearest);
      shift += static_cast<double>(accepted) * (alt.mean - near_null[k].mean).mid_double();
      variance += static_cast<double>(accepted) * (alt.second_moment - sqr(alt.mean)).mid_double();
      // 1% of outputs an unconditional proposal: the law 0.99 p-hat(. | y) + 0.01 p-hat.
      const std::vector<Ball> uniform(static_cast<std::size_t>(cells), Ball(Rational(1, cells)));
      const detail::IndicatorMoments prior = detail::lattice_event_moments(instance, measurements[k].y, uniform, false,
                                                                           detail::LatticeEvent::kFar);
      const Ball mixed_mean = Ball(Rational(99, 100)) * far_null[k].mean + Ball(Rational(1, 100)) * prior.mean;
      const Ball mixed_second = Ball(Rational(99, 100)) * far_null[k].second_moment + Ball(Rational(1, 100)) * prior.second_moment;
      prior_shift += static_cast<double>(accepted) * (mixed_mean - far_null[k].mean).mid_double();
      prior_variance += static_cast<double>(accepted) * (mixed_second - sqr(mixed_mean)).mid_double();
    }
    // The check fails if (ii) or (iv) fails, so its power is at least the larger of theirs. (ii): the
    // lattice residuals' variance is sd'^2/sd^2 (plus the mean shift), the seed residuals' unchanged.
    const double atoms_power = stats::two_sided_shift_power(shift, near_test.radius.mid_double(), std::sqrt(variance));
    const double lattice_terms = degrees * static_cast<double>(m) / static_cast<double>(n + m);
    const double chi_mean = (degrees - lattice_terms) + lattice_terms * sd_ratio_squared + sigma_y_shift;
    const double chi_sd = std::sqrt(2 * (degrees - lattice_terms) + 2 * lattice_terms * sd_ratio_squared * sd_ratio_squared +
                                    4 * sd_ratio_squared * sigma_y_shift);
    const double chi_power = stats::normal_cdf((chi_mean - chi_high) / chi_sd) + stats::normal_cdf((chi_low - chi_mean) / chi_sd);
    result.power.push_back({"sigma_y off by 1% in the likelihood", std::max(atoms_power, chi_power),
                            fmt::format("the larger of: normal approximation of the pooled not-nearest-atom sum (iv), exact shift {:.1f} "
                                        "(posterior of sigma_y' = 1.01 sigma_y, enclosed), radius {}: {:.4f}; normal approximation of "
                                        "the chi^2 test (ii), lattice residual variance x{:.5f} and mean shift {:.1f} from this run's atoms: {:.4f}",
                                        shift, near_test.radius.mid_str(4), atoms_power, sd_ratio_squared, sigma_y_shift, chi_power)});
    result.power.push_back({"1% of outputs an unconditional proposal (not conditioned on y)",
                            stats::two_sided_shift_power(prior_shift, far_test.radius.mid_double(), std::sqrt(prior_variance)),
                            fmt::format("normal approximation of the pooled far-atom sum (v): exact shift {:.1f}, radius {}", prior_shift,
                                        far_test.radius.mid_str(4))});
    auto blur_power = [&](double factor) {  // Q ~ factor * chi^2_D (lattice coordinates to O(tau^2/sigma^2))
      return stats::normal_cdf((factor * degrees - chi_high) / (factor * std::sqrt(2 * degrees))) +
             stats::normal_cdf((chi_low - factor * degrees) / (factor * std::sqrt(2 * degrees)));
    };
    result.power.push_back({"10% blur error (tau' = 1.1 tau in the proposals)", blur_power(1.21), "normal approximation of the chi^2 test (ii), Q ~ 1.21 chi^2_D"});
    result.power.push_back({"tau off by 1% in the proposals", blur_power(1.0201), "normal approximation of the chi^2 test (ii), Q ~ 1.0201 chi^2_D"});
    // delta' = 1.01 delta: each atom w moves by 0.01 w off the grid, E z^2 rises by (0.01 w / sd)^2.
    const double delta_mean = degrees + delta_shift;
    result.power.push_back({"delta off by 1% in the proposals",
                            stats::normal_cdf((delta_mean - chi_high) / std::sqrt(2 * degrees + 4 * delta_shift)),
                            "normal approximation of the chi^2 test (ii), noncentrality from this run's atoms"});
    // A wrong phase at coordinate 1 with probability 1%: about 0.01 N E[L(w')/L(w)] accepted draws
    // carry it (importance ratio estimated on this run's draws), each one fails (iii).
    const double expected_wrong = 0.01 * phase_ratio_sum;
    result.power.push_back({"wrong phase (the other sublattice's atom) on one coordinate with probability 1%", 1 - std::exp(-expected_wrong),
                            fmt::format("Poisson approximation: {:.1f} accepted draws expected to carry it, any one fails (iii)", expected_wrong)});
  }
  if (context.progress) context.progress(1.0);

  std::vector<std::string> failures;
  if (!laws_passed) failures.push_back(fmt::format("seed law: L1 > radius at y #{} (L1/radius = {:.3f})", worst_measurement, worst_ratio));
  if (!chi_passed) failures.push_back(fmt::format("blur residuals: sum z^2/D = {:.5f} outside [{:.5f}, {:.5f}]", chi_square / degrees, chi_low / degrees, chi_high / degrees));
  if (!phase_passed) failures.push_back(fmt::format("{} atoms on the wrong sublattice (must be 0)", phase_errors));
  if (!near_test.passed) failures.push_back(pooled_text("not-nearest atoms", near_test));
  if (!far_test.passed) failures.push_back(pooled_text("far atoms", far_test));
  if (result.passed) {
    result.margin = fmt::format("{} measurements, max L1/radius = {:.3f} (passes iff <= 1); blur sum z^2/D = {:.5f} in [{:.5f}, {:.5f}]; "
                                "0 wrong phases; not-nearest atoms |dev|/radius = {:.3f}, far atoms {:.3f} ({} accepted draws each, {} proposals in all)",
                                kMeasurements, worst_ratio, chi_square / degrees, chi_low / degrees, chi_high / degrees,
                                std::abs(near_sum - near_mean.mid_double()) / near_test.radius.mid_double(),
                                std::abs(far_sum - far_mean.mid_double()) / far_test.radius.mid_double(), accepted, total_proposals);
  } else {
    std::string text = "FAILED: ";
    for (std::size_t k = 0; k < failures.size(); ++k) text += (k == 0 ? "" : "; ") + failures[k];
    result.margin = text;
  }
  result.statement = fmt::format("n=m=3, delta=1/2, {} accepted draws for each of 8 y: accepted seeds vs p(s|y) (L1 test per y); pooled: "
                                 "standardized blur residuals ~ N(0,1) (chi^2), atom phases = image bits, not-nearest and far atom "
                                 "frequencies vs exact posterior means (Bernstein)", accepted);
  result.parameters = {{"instance", "E test instance (n = m = 3, delta = 1/2, sigma_y = 1/5)"},
                       {"accepted_per_measurement", accepted},
                       {"acceptance_floor", kAcceptanceFloor},
                       {"claims", "8 seed-law tests, chi^2 of residuals, phases, 2 pooled atom tests"},
                       {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

// E.2: acceptance frequency of the sampler's own rounds (RS capped at one proposal) against the
// enclosed a(y): per y, two-sided empirical Bernstein (Maurer-Pontil); pooled over the 8 y, the total
// number of acceptances against N sum a(y_k), Bernstein with the exact variance N sum a (1 - a).
CheckResult acceptance_rate(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t proposals = context.quick ? 3000000 : 4000000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const posterior::RejectionSampler one_round(bench.instance, bench.proposals, 1);
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  bool each_passed = true;
  double worst_ratio = 0;
  std::uint64_t total_accepted = 0;
  Ball expected, variance;
  const Ball rounds(static_cast<long>(proposals));
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    std::uint64_t accepted = 0;
    for (std::uint64_t round = 0; round < proposals; ++round) accepted += one_round.sample(measurements[k].y, source).failed ? 0 : 1;
    const detail::AcceptanceTest test = detail::acceptance_test(accepted, proposals, measurements[k].acceptance);
    const bool ok = test.passed;
    each_passed = each_passed && ok;
    worst_ratio = std::max(worst_ratio, test.deviation.mid_double() / test.radius.mid_double());
    total_accepted += accepted;
    expected += rounds * measurements[k].acceptance;
    variance += rounds * measurements[k].acceptance * (Ball(1) - measurements[k].acceptance);
    result.log.push_back(fmt::format("E.2: y #{}: a-hat = {}/{} = {}, a(y) = (2 pi sigma_y^2)^(m/2) p_Y(y) = {}: |a-hat - a| = {} {} radius {}{}",
                                     k + 1, accepted, proposals, test.frequency.mid_str(5), measurements[k].acceptance.mid_str(6),
                                     test.deviation.mid_str(3), ok ? "<=" : ">", test.radius.mid_str(3), ok ? "" : "  FAIL"));
    if (context.progress) context.progress(static_cast<double>(k + 1) / kMeasurements);
  }
  const PooledSum pooled = pooled_sum_test(static_cast<double>(total_accepted), expected, variance, Ball(0));
  result.log.push_back("E.2(pooled): acceptances over all 8 y, " + pooled_text("N sum a(y_k)", pooled));
  result.passed = each_passed && pooled.passed;
  {
    const Instance wide = sigma_y_alternative(bench.instance);
    double shift = 0, alt_variance = 0, flip_shift = 0, flip_variance = 0;
    for (const auto& measurement : measurements) {
      const double a = measurement.acceptance.mid_double();
      const double a_wide = acceptance_of(wide, measurement.y).mid_double();
      shift += static_cast<double>(proposals) * (a_wide - a);
      alt_variance += static_cast<double>(proposals) * a_wide * (1 - a_wide);
      const double a_flip = 0.99 * a + 0.01 * (1 - a);
      flip_shift += static_cast<double>(proposals) * (a_flip - a);
      flip_variance += static_cast<double>(proposals) * a_flip * (1 - a_flip);
    }
    result.power.push_back({"sigma_y off by 1% in the likelihood", stats::two_sided_shift_power(shift, pooled.radius.mid_double(), std::sqrt(alt_variance)),
                            fmt::format("normal approximation of the pooled count: exact shift N sum (a'(y) - a(y)) = {:.1f} (a' enclosed for "
                                        "sigma_y' = 1.01 sigma_y), radius {}", shift, pooled.radius.mid_str(4))});
    result.power.push_back({"1% of accept/reject decisions flipped", stats::two_sided_shift_power(flip_shift, pooled.radius.mid_double(), std::sqrt(flip_variance)),
                            fmt::format("normal approximation of the pooled count: shift {:.1f}", flip_shift)});
  }
  if (result.passed) {
    result.margin = fmt::format("{} measurements, max |a-hat - a(y)| / radius = {:.3f} (passes iff <= 1); pooled |dev| / radius = {:.3f} ({} proposals each)",
                                kMeasurements, worst_ratio, std::abs(static_cast<double>(total_accepted) - expected.mid_double()) / pooled.radius.mid_double(),
                                proposals);
  } else {
    std::string text = "FAILED:";
    if (!each_passed) text += fmt::format(" per-y |a-hat - a(y)| > radius (max ratio {:.3f});", worst_ratio);
    if (!pooled.passed) text += " " + pooled_text("pooled acceptances", pooled);
    result.margin = text;
  }
  result.statement = fmt::format("acceptance frequency over {} proposals for each of 8 y vs a(y) from R4: two-sided empirical Bernstein per y, "
                                 "pooled count vs N sum a(y) (Bernstein)", proposals);
  result.parameters = {{"instance", "E test instance"},
                       {"proposals_per_measurement", proposals},
                       {"test", "two-sided empirical Bernstein (Maurer-Pontil), gamma/2 per side; pooled: Bernstein with the exact variance"},
                       {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

// E.3(b) at the defaults: P[log(1/a(y)) > ell(0.1)] <= 0.1, one-sided Hoeffding.
CheckResult high_probability_bound(const CheckContext& context) {
  const PrecisionScope scope(256);
  const Instance& instance = context.instance;
  const std::uint64_t draws = context.quick ? 1000 : 10000;
  const Ball ell = detail::ell(instance, Rational(1, 10));
  const posterior::SeedPosteriorTable table(instance);
  const sampling::InstanceSampler prior(instance);
  // Two workers, each with its own stream (seeded from the check's seed and the worker index);
  // results do not depend on timing.
  constexpr int kWorkers = 2;
  std::vector<std::vector<double>> logs(kWorkers);
  std::vector<std::thread> workers;
  for (int worker = 0; worker < kWorkers; ++worker) {
    workers.emplace_back([&, worker] {
      sampling::RandomSource source(context.seed + static_cast<std::uint64_t>(worker) * 0x9e3779b97f4a7c15ULL);
      const std::uint64_t share = draws / kWorkers + (static_cast<std::uint64_t>(worker) < draws % kWorkers ? 1 : 0);
      for (std::uint64_t k = 0; k < share; ++k) {
        const std::vector<double> y = sampling::measure(instance, prior.draw(source).x, source);
        logs[static_cast<std::size_t>(worker)].push_back(-table.log_acceptance(y));
      }
      release_thread_caches();
    });
  }
  for (std::thread& worker : workers) worker.join();
  std::vector<double> all;
  for (const auto& part : logs) all.insert(all.end(), part.begin(), part.end());
  const detail::ExceedanceTest test = detail::exceedance_test(all, ell, Rational(1, 10));
  std::sort(all.begin(), all.end());
  CheckResult result;
  result.passed = test.passed;
  result.log.push_back(fmt::format("E.3: {} measurements y ~ p_Y at the defaults: log(1/a(y)) median {:.4f}, 90th percentile {:.4f}, max {:.4f} nats; ell(0.1) = {}",
                                   draws, all[all.size() / 2], all[all.size() * 9 / 10], all.back(), ell.mid_str(8)));
  result.log.push_back(fmt::format("E.3: {} exceed ell(0.1) ({} within the fast path's error band, counted as exceeding); p_hat - {} = {} {} 0.1",
                                   test.exceed, test.within_error_band, test.radius.mid_str(4), test.lower.mid_str(4), result.passed ? "<=" : ">"));
  result.log.push_back(fmt::format("E.3: E log(1/a) ~ {:.4f} nats here; spec E.2's injective-f approximation gives 90.9124", 
                                   std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size())));
  result.margin = fmt::format("{}/{} measurements have log(1/a(y)) > ell(0.1) = {} nats: p_hat - radius = {} {} 0.1{}", test.exceed, draws,
                              ell.mid_str(7), test.lower.mid_str(4), result.passed ? "<=" : ">", result.passed ? "" : " (FAILED: the bound is refuted)");
  // Power: the claim has slack (a 1% error in sigma_y or tau moves ell and a(y) by far less than
  // the gap), so the alternatives are laws that violate it: P[log(1/a) > ell] = 0.15 and 0.2.
  const double radius = test.radius.mid_double();
  for (const double p : {0.15, 0.2}) {
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(draws));
    result.power.push_back({fmt::format("P[log(1/a(y)) > ell(0.1)] = {} (claim violated)", p), stats::one_sided_shift_power(p - 0.1, radius, se),
                            "normal approximation of the exceedance frequency"});
  }
  result.statement = fmt::format("defaults, N={}: P[log(1/a) > l(0.1)] <= 0.1, one-sided Hoeffding", draws);
  result.parameters = {{"draws", draws}, {"fast_path_error_band", posterior::kLogErrorBound},
                       {"test", "one-sided Hoeffding, radius sqrt(ln(1/gamma)/(2N))"}, {"false_failure_probability", "1e-9"}};
  return result;
}

// E.5: capped RS, per y: (i) every run makes at most T_max proposals and FAILs exactly after T_max
// rejections (exact); (ii) the proposal counts against the truncated geometric law (DKW); pooled
// over the 8 y, (iii) the sum of C / T_max (C the proposals a run used) against its exact mean
// E C = (1 - (1 - a)^T) / a, Bernstein with the exact variance.
CheckResult proposal_counts(const CheckContext& context) {
  const PrecisionScope scope(128);
  const std::uint64_t runs = context.quick ? 2000 : 20000;
  RejectionBench bench(context);
  const auto& measurements = bench.measurements;
  const Instance& instance = bench.instance;
  const posterior::TabulatedPriorSampler& proposals = bench.proposals;
  const Ball radius = sqrt(log(Ball(2) / Ball(stats::gamma_mc())) / Ball(static_cast<long>(2 * runs)));
  sampling::RandomSource& source = bench.source;
  CheckResult result;
  bool dkw_passed = true;
  double worst_ratio = 0;
  std::uint64_t cap_violations = 0;
  double used_sum = 0;
  Ball used_mean, used_variance;
  std::vector<std::uint64_t> caps;
  const Ball run_count(static_cast<long>(runs));
  // Mean and variance of C / T for C = min(Geometric(a), T).
  auto capped_moments = [](const Ball& a, std::uint64_t cap) {
    const Ball q = Ball(1) - a;
    const Ball t(static_cast<long>(cap));
    const Ball q_t = pow(q, static_cast<unsigned long>(cap));
    const Ball mean = (Ball(1) - q_t) / a;
    // E C^2 = sum_{j<T} (2j + 1) q^j = 2 q (1 - T q^{T-1} + (T - 1) q^T) / a^2 + (1 - q^T) / a.
    const Ball second = Ball(2) * (q - t * q_t + (t - Ball(1)) * q_t * q) / sqr(a) + mean;
    return std::pair<Ball, Ball>{mean / t, (second - sqr(mean)) / sqr(t)};
  };
  for (std::size_t k = 0; k < measurements.size(); ++k) {
    const auto cap = static_cast<std::uint64_t>(std::ceil(2.0 / measurements[k].acceptance.mid_double()));
    caps.push_back(cap);
    const posterior::RejectionSampler sampler(instance, proposals, cap);
    std::vector<std::uint64_t> counts;
    std::uint64_t failures = 0;
    for (std::uint64_t run = 0; run < runs; ++run) {
      const posterior::PosteriorDraw output = sampler.sample(measurements[k].y, source);
      if (output.failed ? output.proposals != cap : output.proposals > cap) ++cap_violations;
      counts.push_back(output.failed ? cap + 1 : output.proposals);
      failures += output.failed ? 1 : 0;
      used_sum += static_cast<double>(std::min(output.proposals, cap)) / static_cast<double>(cap);
    }
    const auto [mean, variance] = capped_moments(measurements[k].acceptance, cap);
    used_mean += run_count * mean;
    used_variance += run_count * variance;
    const Ball distance = detail::truncated_geometric_distance(counts, cap, measurements[k].acceptance);
    const bool ok = is_certainly_true(le(distance, radius));
    dkw_passed = dkw_passed && ok;
    worst_ratio = std::max(worst_ratio, distance.mid_double() / radius.mid_double());
    const Ball fail_probability = pow(Ball(1) - measurements[k].acceptance, static_cast<unsigned long>(cap));
    result.log.push_back(fmt::format("E.5: y #{}: a(y) = {}, T_max = {}: sup|F-hat - F| = {} {} DKW radius {}; FAIL {}/{} (law: {}){}", k + 1,
                                     measurements[k].acceptance.mid_str(4), cap, distance.mid_str(4), ok ? "<=" : ">", radius.mid_str(5),
                                     failures, runs, fail_probability.mid_str(4), ok ? "" : "  FAIL"));
    if (context.progress) context.progress(static_cast<double>(k + 1) / kMeasurements);
  }
  const PooledSum pooled = pooled_sum_test(used_sum, used_mean, used_variance, Ball(0));
  const bool cap_passed = cap_violations == 0;
  result.log.push_back(fmt::format("E.5(cap): {} runs used more than T_max proposals or FAILed before T_max rejections (must be 0){}",
                                   cap_violations, cap_passed ? "" : "  FAIL"));
  result.log.push_back("E.5(pooled): proposals used / T_max over all runs, " + pooled_text("exact mean", pooled));
  result.passed = dkw_passed && cap_passed && pooled.passed;
  {
    const Instance wide = sigma_y_alternative(instance);
    double shift = 0, alt_variance = 0, exceed = 0;
    for (std::size_t k = 0; k < measurements.size(); ++k) {
      const Ball a_wide = acceptance_of(wide, measurements[k].y);
      const auto [mean, variance] = capped_moments(measurements[k].acceptance, caps[k]);
      const auto [mean_wide, variance_wide] = capped_moments(a_wide, caps[k]);
      shift += static_cast<double>(runs) * (mean_wide - mean).mid_double();
      alt_variance += static_cast<double>(runs) * variance_wide.mid_double();
      exceed += static_cast<double>(runs) * pow(Ball(1) - measurements[k].acceptance, static_cast<unsigned long>(caps[k])).mid_double();
    }
    result.power.push_back({"sigma_y off by 1% in the likelihood", stats::two_sided_shift_power(shift, pooled.radius.mid_double(), std::sqrt(alt_variance)),
                            fmt::format("normal approximation of the pooled sum (iii): exact shift {:.1f}, radius {}", shift, pooled.radius.mid_str(4))});
    result.power.push_back({"T_max + 1 proposals allowed", 1 - std::exp(-exceed),
                            fmt::format("each run reaching T_max rejections ({:.0f} expected) violates (i)", exceed)});
  }
  if (result.passed) {
    result.margin = fmt::format("{} measurements, max DKW distance / radius = {:.3f} (passes iff <= 1); cap respected in every run; pooled "
                                "|dev| / radius = {:.3f} ({} runs each, T_max = ceil(2/a(y)))",
                                kMeasurements, worst_ratio, std::abs(used_sum - used_mean.mid_double()) / pooled.radius.mid_double(), runs);
  } else {
    std::string text = "FAILED:";
    if (!dkw_passed) text += fmt::format(" DKW distance > radius (max ratio {:.3f});", worst_ratio);
    if (!cap_passed) text += fmt::format(" {} runs broke the cap T_max;", cap_violations);
    if (!pooled.passed) text += " " + pooled_text("pooled proposals/T_max", pooled);
    result.margin = text;
  }
  result.statement = fmt::format("{} capped runs for each of 8 y: cap respected (exact), proposal counts vs Geometric(a(y)) capped at T_max "
                                 "(DKW), pooled proposals/T_max vs exact mean (Bernstein)", runs);
  result.parameters = {{"instance", "E test instance"}, {"runs_per_measurement", runs}, {"false_failure_probability_per_claim", "1e-9"}};
  return result;
}

}  // namespace

void register_rejection_checks(audit::Registry& registry) {
  registry.add({"E.1:accepted-law", spec::CheckKind::kStatistical, accepted_law});
  registry.add({"E.2:acceptance-rate", spec::CheckKind::kStatistical, acceptance_rate});
  registry.add({"E.3:high-probability-bound", spec::CheckKind::kStatistical, high_probability_bound});
  registry.add({"E.5:proposal-counts", spec::CheckKind::kStatistical, proposal_counts});
}

}  // namespace dpsi::checks
