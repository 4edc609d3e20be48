#include "proofs-checks/well_modeled_estimate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/relu/small_noise_network.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/stats/mean_tests.h"

namespace dpsi::checks {
namespace {

constexpr long kPrecision = 256;

// Caps are compared with upper ends of enclosures that include the network's certified rounding
// error; where the proof's cap is attained exactly (C.7 beyond its end knots: error exactly eta)
// those upper ends exceed it by ~1e-9 relative. So every cap, and the Bernstein range, is the
// proof's cap times (1 + 2^-16): still a valid range, and a draw above it fails the check.
Ball with_slack(const Ball& cap) { return cap * (Ball(1) + mul_2exp(Ball(1), -16)); }

// |s_hat_k - s_k|^2 for one coordinate, upper end: s_hat in [value - error, value + error], s in the ball.
Rational squared_error_upper(double value, double error, const Ball& exact) {
  const Rational distance = abs(Ball(Rational(value)) - exact).upper_rational() + Rational(error);
  return distance * distance;
}

std::uint64_t orthant_seed_index(std::span<const double> x, int n) {
  std::uint64_t index = 0;
  for (int j = 0; j < n; ++j) index = (index << 1) | (x[static_cast<std::size_t>(j)] > 0 ? 1U : 0U);
  return index;
}

struct Draws {
  const Instance& instance;
  density::VertexMixture mixture;
  sampling::InstanceSampler sampler;
  sampling::RandomSource source;
  double blur;
  Ball kappa;

  Draws(const Instance& instance_in, const Rational& sigma, std::uint64_t seed)
      : instance(instance_in), mixture(instance_in), sampler(instance_in), source(seed),
        blur(sampler.smoothed_blur(sigma)), kappa(mixture.kappa_of(Ball(sigma))) {}
};

void finish(WellModeledEstimate& estimate, const stats::MeanAccumulator& accumulator) {
  estimate.mean = accumulator.mean();
  estimate.deviation =
      stats::bernstein_deviation(accumulator.sample_variance(), estimate.cap, accumulator.count(), stats::gamma_mc());
  estimate.upper_bound = estimate.mean + estimate.deviation + estimate.extras;
}

void finish_alternatives(WellModeledEstimate& estimate, const std::vector<stats::MeanAccumulator>& accumulators) {
  for (std::size_t alt = 0; alt < accumulators.size(); ++alt) {
    const stats::MeanAccumulator& accumulator = accumulators[alt];
    const Ball deviation = stats::bernstein_deviation(accumulator.sample_variance(), estimate.cap, accumulator.count(), stats::gamma_mc());
    estimate.alternatives[alt].upper_bound = accumulator.mean() + deviation + estimate.extras;
  }
}

void note_violation(WellModeledEstimate& estimate, const std::string& what) {
  if (estimate.cap_violations++ == 0) estimate.worst_violation = what;
}

}  // namespace

WellModeledEstimate estimate_small_regime(const Instance& instance, const Rational& sigma, const SmallRegimeShape& shape,
                                          const CertifiedNetwork& network, std::uint64_t draws, std::uint64_t seed,
                                          const std::function<void(double)>& progress,
                                          const std::vector<Alternative>& alternatives) {
  const PrecisionScope scope(kPrecision);
  const int n = instance.n();
  const int m = instance.m();
  const Ball a(instance.a());
  const Ball delta(instance.delta());
  const Ball kappa2(shape.kappa2);
  const Ball kappa4 = kappa2 * kappa2;
  const Rational theta = shape.kappa2 / 10000;
  const Ball theta_ball(theta);
  Draws state(instance, sigma, seed);
  if (!sqr(state.kappa).contains(shape.kappa2)) {
    throw std::invalid_argument("estimate_small_regime: shape.kappa2 is not tau^2 + sigma^2");
  }
  WellModeledEstimate estimate;
  estimate.draws = draws;
  estimate.cap =
      with_slack((Ball(n) * sqr(Ball(2) * a * theta_ball) + Ball(m) * sqr(Ball(shape.eta) + delta * theta_ball / Ball(2))) / kappa4);
  const Ball bad_cap = with_slack(sqr(delta) / kappa4);
  const Ball seed_cap = with_slack(sqr(Ball(2) * a * theta_ball) / kappa4);
  const Ball coordinate_cap = with_slack(sqr(Ball(shape.eta) + delta * theta_ball / Ball(2)) / kappa4);
  const Ball pointwise = with_slack((Ball(4) * sqr(a) * Ball(n) + Ball(m) * sqr(delta)) / kappa4);  // C.4's pointwise claim
  // Certified extras: windows and |t| > B per coordinate; the event A^c.
  const Rational kappa_up = sqrt(Ball(shape.kappa2)).upper_rational();
  Ball tail_probability(0);
  for (int b = 0; b < 2; ++b) {
    tail_probability = max(tail_probability, instance::blurred_tail_bound(instance.delta(), b, kappa_up, shape.B, Rational(1)));
  }
  const Ball window_probability = relu::window_probability_bound(instance.delta(), shape.kappa2, shape.window);
  const Ball p = normal_tail(a / state.kappa);
  const Ball misclassification = -expm1(Ball(n) * log1p(-p));  // 1 - (1-p)^n
  const Ball off_event = Ball(n) * normal_tail((a - Ball(shape.gamma)) / state.kappa) + misclassification / theta_ball;
  estimate.extras = Ball(m) * (window_probability + tail_probability) * bad_cap + pointwise * off_event;

  const Rational one_plus = 1 + shape.kappa2;
  stats::MeanAccumulator accumulator;
  std::vector<stats::MeanAccumulator> alternative_accumulators(alternatives.size());
  for (const Alternative& alternative : alternatives) estimate.alternatives.push_back({alternative.name, 0, Ball(0)});
  std::vector<double> bounds;
  for (std::uint64_t draw = 0; draw < draws; ++draw) {
    const std::vector<double> x = state.sampler.draw(state.source, state.blur).x;
    std::vector<Ball> x_balls;
    for (const double value : x) x_balls.emplace_back(Rational(value));
    const std::uint64_t sbar = orthant_seed_index(x, n);
    const density::ExactScore exact = state.mixture.score_with_component(x_balls, state.kappa, sbar);
    const Ball misclassified =
        -expm1(exact.component_log - (exact.log_density + Ball(n) * log(Ball(2))));  // 1 - w_sbar
    const std::vector<double> s_hat = network(x, bounds);
    bool in_event = is_certainly_true(le(misclassified, theta_ball));
    for (int j = 0; j < n && in_event; ++j) in_event = abs(Rational(x[static_cast<std::size_t>(j)])) >= shape.gamma;
    // V at this draw for outputs `values` (the network's or an alternative's); `note` records a cap
    // violation (the network's are kept in `estimate`, an alternative's only counted).
    const auto assess = [&](const std::vector<double>& values, const std::function<void(const std::string&)>& note,
                            std::uint64_t* bad) {
      Rational total(0);
      Rational capped(0);
      Rational seed_part(0);
      for (int j = 0; j < n; ++j) {
        const auto k = static_cast<std::size_t>(j);
        const Rational error = squared_error_upper(values[k], bounds[k], exact.score[k]);
        seed_part += error;
        if (in_event && !is_certainly_true(le(Ball(error), seed_cap))) {
          note(fmt::format("draw {}: seed coordinate {}: {} > (2 a theta)^2/kappa^4 = {}", draw, j, to_decimal(error, 4), seed_cap.mid_str(4)));
        }
      }
      total += seed_part;
      capped += seed_part;
      for (int i = 0; i < m; ++i) {
        const auto k = static_cast<std::size_t>(n + i);
        const Rational error = squared_error_upper(values[k], bounds[k], exact.score[k]);
        total += error;
        const Rational t(x[k]);
        const Rational offset = t / one_plus - shape.cut;
        const Rational phase = offset - instance.delta() * floor_of(offset / instance.delta());
        const bool good = abs(t) <= shape.B && phase > shape.window;
        if (!in_event) continue;
        if (good) {
          capped += error;
          if (!is_certainly_true(le(Ball(error), coordinate_cap))) {
            note(fmt::format("draw {}: f-coordinate {}: {} > (eta + delta theta/2)^2/kappa^4 = {}", draw, i, to_decimal(error, 4), coordinate_cap.mid_str(4)));
          }
        } else {
          if (bad) ++*bad;
          if (!is_certainly_true(le(Ball(error), bad_cap))) note(fmt::format("draw {}: f-coordinate {} in a window/beyond B: {} > delta^2/kappa^4 = {}", draw, i, to_decimal(error, 4), bad_cap.mid_str(4)));
        }
      }
      if (!is_certainly_true(le(Ball(total), pointwise))) {
        note(fmt::format("draw {}: |s_hat - s|^2 = {} > pointwise bound {}", draw, to_decimal(total, 4), pointwise.mid_str(4)));
      }
      if (!in_event) {
        capped = 0;
      } else if (!is_certainly_true(le(Ball(capped), estimate.cap))) {
        note(fmt::format("draw {}: V = {} > cap M_V = {}", draw, to_decimal(capped, 4), estimate.cap.mid_str(4)));
      }
      return capped;
    };
    const Rational capped = assess(s_hat, [&](const std::string& what) { note_violation(estimate, what); }, &estimate.bad_coordinates);
    if (!in_event) ++estimate.off_event;
    for (std::size_t alt = 0; alt < alternatives.size(); ++alt) {
      std::vector<double> values = s_hat;
      alternatives[alt].perturb(x, values);
      bool broken = false;
      const Rational alt_capped = assess(values, [&](const std::string&) { broken = true; }, nullptr);
      estimate.alternatives[alt].violating_draws += broken ? 1 : 0;
      alternative_accumulators[alt].add(Ball(alt_capped));
    }
    accumulator.add(Ball(capped));
    if (progress && draw % 16 == 0) progress(static_cast<double>(draw) / static_cast<double>(draws));
  }
  finish(estimate, accumulator);
  finish_alternatives(estimate, alternative_accumulators);
  return estimate;
}

WellModeledEstimate estimate_large_regime(const Instance& instance, const Rational& sigma, const LargeRegimeShape& shape,
                                          const CertifiedNetwork& network, std::uint64_t draws, std::uint64_t seed,
                                          const std::function<void(double)>& progress,
                                          const std::vector<Alternative>& alternatives) {
  const PrecisionScope scope(kPrecision);
  const int n = instance.n();
  const int m = instance.m();
  Draws state(instance, sigma, seed);
  const density::PhaseBounds bounds_at_kappa = density::phase_bounds(state.kappa, instance.delta(), m);
  const Ball kappa2(shape.kappa2);
  WellModeledEstimate estimate;
  estimate.draws = draws;
  estimate.cap = with_slack(Ball(n) * sqr(Ball(shape.eta) + Ball(instance.a()) * bounds_at_kappa.rho / Ball(2)) / sqr(kappa2) +
                            Ball(m) * sqr(bounds_at_kappa.xi));
  estimate.extras = Ball(0);
  stats::MeanAccumulator accumulator;
  std::vector<stats::MeanAccumulator> alternative_accumulators(alternatives.size());
  for (const Alternative& alternative : alternatives) estimate.alternatives.push_back({alternative.name, 0, Ball(0)});
  std::vector<double> errors;
  for (std::uint64_t draw = 0; draw < draws; ++draw) {
    const std::vector<double> x = state.sampler.draw(state.source, state.blur).x;
    std::vector<Ball> x_balls;
    for (const double value : x) x_balls.emplace_back(Rational(value));
    const density::ExactScore exact = state.mixture.score(x_balls, state.kappa);
    const std::vector<double> s_hat = network(x, errors);
    Rational total(0);
    for (std::size_t k = 0; k < s_hat.size(); ++k) total += squared_error_upper(s_hat[k], errors[k], exact.score[k]);
    if (!is_certainly_true(le(Ball(total), estimate.cap))) {
      note_violation(estimate, fmt::format("draw {}: |s_hat - s|^2 = {} > cap M_L = {}", draw, to_decimal(total, 4), estimate.cap.mid_str(4)));
    }
    accumulator.add(Ball(total));
    for (std::size_t alt = 0; alt < alternatives.size(); ++alt) {
      std::vector<double> values = s_hat;
      alternatives[alt].perturb(x, values);
      Rational alt_total(0);
      for (std::size_t k = 0; k < values.size(); ++k) alt_total += squared_error_upper(values[k], errors[k], exact.score[k]);
      estimate.alternatives[alt].violating_draws += is_certainly_true(le(Ball(alt_total), estimate.cap)) ? 0 : 1;
      alternative_accumulators[alt].add(Ball(alt_total));
    }
    if (progress && draw % 16 == 0) progress(static_cast<double>(draw) / static_cast<double>(draws));
  }
  finish(estimate, accumulator);
  finish_alternatives(estimate, alternative_accumulators);
  return estimate;
}

audit::PowerStatement alternative_power(const AlternativeOutcome& outcome, std::uint64_t draws, const Ball& claim) {
  if (!is_certainly_true(le(outcome.upper_bound, claim))) {
    return {outcome.name, 1.0,
            fmt::format("simulated on the check's {} draws: its upper confidence bound {} exceeds the claim {} ({} draws break a cap)", draws,
                        outcome.upper_bound.mid_str(3), claim.mid_str(3), outcome.violating_draws)};
  }
  const double q = draws ? static_cast<double>(outcome.violating_draws) / static_cast<double>(draws) : 0.0;
  const double power = outcome.violating_draws == 0 ? 0.0 : 1.0 - std::pow(1.0 - q, static_cast<double>(draws));
  return {outcome.name, power,
          fmt::format("simulated on the check's {} draws: {} break a pointwise cap (power 1 - (1 - q/N)^N); its upper bound {} <= claim {}",
                      draws, outcome.violating_draws, outcome.upper_bound.mid_str(3), claim.mid_str(3))};
}

}  // namespace dpsi::checks
