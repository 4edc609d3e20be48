#include "dpsi/relu/score_network.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

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

Ball small_regime_bound(const Instance& instance, const NoiseLevel& level, const SmallRegimeParameters& parameters) {
  const PrecisionScope precision(256);
  const Ball a(instance.a());
  const Ball delta(instance.delta());
  const Ball n(instance.n());
  const Ball m(instance.m());
  const Ball kappa = sqrt(Ball(level.kappa2));
  const Ball t1 = Ball(2) * (Ball(4) * sqr(a) + m * sqr(delta) / Ball(4)) * n * normal_tail(a / kappa);
  const Ball t2 = (Ball(4) * sqr(a) * n + m * sqr(delta)) * n * normal_tail((a - Ball(parameters.gamma)) / kappa);
  const Rational kappa_up = kappa.upper_rational();  // P_B's A.3(iii) bound increases with kappa
  Ball tail(0);
  for (int b = 0; b < 2; ++b) {
    tail = max(tail, instance::blurred_tail_bound(instance.delta(), b, kappa_up, parameters.B, Rational(1)));
  }
  const Ball window = window_probability_bound(instance.delta(), level.kappa2, parameters.window);
  const Ball t3 = Ball(2) * m * sqr(delta) * (tail + window);
  return (t1 + t2 + t3 + Ball(2) * m * sqr(Ball(level.eta))) / sqr(Ball(level.kappa2));
}

}  // namespace dpsi::relu
