// File: dpsi/relu/score_network.h
// The per-sigma score network of spec C.8: which regime a noise level falls in, the knot increment
// eta it uses, and the certified bound of its lemma (C.4 for kappa <= kappa*, C.7 above).
//
// Every quantity is exact rational or a certified enclosure: sigma is a rational, kappa^2 = tau^2 +
// sigma^2 exactly, and eta is a dyadic rational at most the spec's eps kappa / (2 sqrt(count)).
#pragma once

#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/params/instance.h"

namespace dpsi::relu {

// The well-modeled table's grid: sigma_k = 10^(-3 + k/3), k = 0 .. 18, each rounded to 4
// significant digits (an exact decimal rational).
std::vector<Rational> well_modeled_sigma_grid();

struct NoiseLevel {
  Rational sigma;
  Rational kappa2;        // tau^2 + sigma^2
  bool small_regime;      // kappa <= kappa* (C.4), else C.7
  Rational eta;           // <= eps kappa / (2 sqrt(m)) (small) or / (2 sqrt(n)) (large), dyadic
};

// Throws std::invalid_argument unless sigma > 0 and epsilon > 0.
NoiseLevel noise_level(const Instance& instance, const Rational& sigma, const Rational& epsilon);

// The largest multiple of 2^-64 that is <= every point of `value` (value must be finite and > 0).
Rational dyadic_below(const Ball& value);

// C.4's hyper-parameters besides eta: gamma = a/10, B = 10, and the ramp window whose P_W bound is
// at most eta^2/(4 delta^2) (so 2 m delta^2 P_W <= m eta^2 / 2, spec C.4).
struct SmallRegimeParameters {
  Rational gamma;
  Rational B;
  Rational window;
};
SmallRegimeParameters small_regime_parameters(const Instance& instance, const NoiseLevel& level);

// C.4's bound (t1 + t2 + 2 m delta^2 (P_B + P_W) + 2 m eta^2)/kappa^4 with P_B by A.3(iii) (r = 1).
Ball small_regime_bound(const Instance& instance, const NoiseLevel& level, const SmallRegimeParameters& parameters);

}  // namespace dpsi::relu
