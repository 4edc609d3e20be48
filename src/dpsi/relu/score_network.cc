#include "dpsi/relu/score_network.h"

#include <fmt/format.h>

#include <cmath>
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "dpsi/density/phase_bounds.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/relu/small_noise_network.h"

namespace dpsi::relu {

std::vector<Rational> well_modeled_sigma_grid() {
  std::vector<Rational> grid;
  for (int k = 0; k <= 18; ++k) {
    grid.push_back(parse_rational(fmt::format("{:.4g}", std::pow(10.0, -3.0 + k / 3.0))));
  }
  return grid;
}

Rational dyadic_below(const Ball& value) {
  const Rational lower = value.lower_rational();
  if (lower <= 0) throw std::invalid_argument("dyadic_below needs a positive enclosure");
  const Integer scale = Integer(1) << 64;
  return Rational(floor_of(lower * scale), scale);
}

NoiseLevel noise_level(const Instance& instance, const Rational& sigma, const Rational& epsilon) {
  if (sigma <= 0) throw std::invalid_argument("noise level needs sigma > 0");
  if (epsilon <= 0) throw std::invalid_argument("noise level needs epsilon > 0");
  const PrecisionScope precision(128);
  NoiseLevel level;
  level.sigma = sigma;
  level.kappa2 = instance.tau() * instance.tau() + sigma * sigma;
  level.small_regime = level.kappa2 <= instance.kappa_star() * instance.kappa_star();
  const int count = level.small_regime ? instance.m() : instance.n();
  level.eta = dyadic_below(Ball(epsilon) * sqrt(Ball(level.kappa2)) / (Ball(2) * sqrt(Ball(count))));
  return level;
}

SmallRegimeParameters small_regime_parameters(const Instance& instance, const NoiseLevel& level) {
  const Rational& delta = instance.delta();
  return {instance.gamma(), Rational(10), choose_window(delta, level.kappa2, level.eta * level.eta / (4 * delta * delta))};
}

SmallRegimeTerms small_regime_terms(const Ball& a, const Ball& delta, const Ball& gamma, const Ball& n, const Ball& m,
                                    const Ball& kappa) {
  // t2 = (4 a^2 n + m delta^2) n Phibar((a - gamma)/kappa); the fault drops the inner factor n (4 a^2 for 4 a^2 n).
  const Ball seed_weight = DPSI_FAULT("relu.small-regime-t2-drops-n") ? Ball(4) * sqr(a) : Ball(4) * sqr(a) * n;
  return {Ball(2) * (Ball(4) * sqr(a) + m * sqr(delta) / Ball(4)) * n * normal_tail(a / kappa),
          (seed_weight + m * sqr(delta)) * n * normal_tail((a - gamma) / kappa)};
}

SmallRegimeTerms small_regime_terms(const Instance& instance, const Ball& kappa, const Rational& gamma) {
  return small_regime_terms(Ball(instance.a()), Ball(instance.delta()), Ball(gamma), Ball(instance.n()), Ball(instance.m()),
                            kappa);
}

Ball small_regime_bound(const Instance& instance, const NoiseLevel& level, const SmallRegimeParameters& parameters) {
  const PrecisionScope precision(256);
  const Ball delta(instance.delta());
  const Ball m(instance.m());
  const Ball kappa = sqrt(Ball(level.kappa2));
  const auto [t1, t2] = small_regime_terms(instance, kappa, parameters.gamma);
  const Rational kappa_up = kappa.upper_rational();  // P_B's A.3(iii) bound increases with kappa
  Ball tail(0);
  for (int b = 0; b < 2; ++b) {
    tail = max(tail, instance::blurred_tail_bound(instance.delta(), b, kappa_up, parameters.B, Rational(1)));
  }
  const Ball window = window_probability_bound(instance.delta(), level.kappa2, parameters.window);
  const Ball t3 = Ball(2) * m * sqr(delta) * (tail + window);
  return (t1 + t2 + t3 + Ball(2) * m * sqr(Ball(level.eta))) / sqr(Ball(level.kappa2));
}

Ball large_regime_bound(const Instance& instance, const NoiseLevel& level) {
  const PrecisionScope precision(256);
  const Ball kappa2(level.kappa2);
  const Ball kappa4 = sqr(kappa2);
  const density::PhaseBounds phase = density::phase_bounds(sqrt(kappa2), instance.delta(), instance.m());
  const Ball n(instance.n());
  const Ball expected_large =
      n * sqr(Ball(instance.a())) * sqr(phase.rho) / (Ball(4) * kappa4) + Ball(instance.m()) * sqr(phase.xi);
  return Ball(2) * n * sqr(Ball(level.eta)) / kappa4 + Ball(2) * expected_large;
}

ScoreNetwork::ScoreNetwork(const Instance& instance, const owf::Circuit& circuit, const Rational& sigma,
                           const Rational& epsilon, const std::function<void(PeriodKnots&)>& tamper)
    : level_(noise_level(instance, sigma, epsilon)) {
  if (level_.small_regime) {
    small_parameters_ = small_regime_parameters(instance, level_);
    PeriodKnots knots = period_knots(instance.delta(), level_.kappa2, level_.eta, small_parameters_.window);
    if (tamper) tamper(knots);
    const KnotCertificate certificate = certify_period_knots(knots, instance.delta(), level_.kappa2, level_.eta);
    knots_certified_ = certificate.holds;
    const Rational worst = std::max(certificate.max_increment[0] + certificate.max_rounding[0],
                                    certificate.max_increment[1] + certificate.max_rounding[1]);
    knot_summary_ = fmt::format("{} period knots, (increment + rounding)/eta <= {}", knots.u.size(), to_decimal(worst / level_.eta, 4));
    small_ = std::make_unique<SmallNoiseNetwork>(
        instance, circuit,
        SmallNoiseOptions{level_.kappa2, level_.eta, small_parameters_.gamma, small_parameters_.B, small_parameters_.window},
        std::move(knots));
    bound_ = small_regime_bound(instance, level_, small_parameters_);
  } else {
    large_ = std::make_unique<LargeNoiseNetwork>(large_noise_network(instance, level_.kappa2, level_.eta));
    const InterpolantCertificate certificate =
        certify_large_noise_interpolant(large_->knots, instance.a(), level_.kappa2, level_.eta);
    // The network certified is the network evaluated: the certificate speaks of the knots, and
    // match_large_noise_network proves from the weights that the built network is their interpolant's map.
    const NetworkMatch match =
        match_large_noise_network(large_->network, instance.n(), instance.m(), large_->knots, level_.kappa2);
    knots_certified_ = match.holds ? certificate.holds : Certainty::kFalse;
    knot_summary_ = fmt::format("{} seed knots, max error/eta <= {}{}", large_->knots.size(),
                                (max(certificate.max_interval_error, max(certificate.left_gap, certificate.right_gap)) /
                                 Ball(level_.eta)).mid_str(4),
                                match.holds ? ", network = their interpolant (exact)" : ", network NOT their interpolant: " + match.defect);
    bound_ = large_regime_bound(instance, level_);
  }
  if (large_) fast();
}

const FastEvaluator& ScoreNetwork::fast() const {
  std::call_once(fast_once_, [this] { fast_ = std::make_unique<FastEvaluator>(network()); });
  return *fast_;
}

const Network& ScoreNetwork::network() const { return small_ ? small_->network() : large_->network; }

std::vector<double> ScoreNetwork::evaluate_certified(std::span<const double> x, std::vector<double>& error_bounds) const {
  if (small_) return small_->evaluate_certified(x, error_bounds);
  return fast().evaluate_with_error_bound(x, error_bounds);
}

std::vector<Rational> ScoreNetwork::evaluate_exact(std::span<const Rational> x) const { return network().evaluate(x); }

void ScoreNetwork::evaluate_batch(std::span<const double> inputs, std::size_t count, std::span<double> outputs) const {
  fast().evaluate_batch(inputs, count, outputs);
}

}  // namespace dpsi::relu
