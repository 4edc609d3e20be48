// File: dpsi/relu/score_network.h
// The per-sigma score network of spec C.8: which regime a noise level falls in, the knot increment
// eta it uses, and the certified bound of its lemma (C.4 for kappa <= kappa*, C.7 above).
//
// Every quantity is exact rational or a certified enclosure: sigma is a rational, kappa^2 = tau^2 +
// sigma^2 exactly, and eta is a dyadic rational at most the spec's eps kappa / (2 sqrt(count)).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/numeric/certainty.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/large_noise_network.h"
#include "dpsi/relu/network.h"
#include "dpsi/relu/small_noise_network.h"

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

// C.4's error terms at kappa (spec C.4): t1 = 2 (4a^2 + m delta^2/4) n Phibar(a/kappa) (seeds in the
// wrong orthant) and t2 = (4a^2 n + m delta^2) n Phibar((a - gamma)/kappa) (soft bits not exact).
struct SmallRegimeTerms {
  Ball t1;
  Ball t2;
};
SmallRegimeTerms small_regime_terms(const Instance& instance, const Ball& kappa, const Rational& gamma);
// The same terms with real (Ball) parameters, for parameter families beyond Instance's range (rule R
// of spec D.R, n up to 1e15): a, delta, gamma, n, m enclosed; the Instance overload calls this one.
SmallRegimeTerms small_regime_terms(const Ball& a, const Ball& delta, const Ball& gamma, const Ball& n, const Ball& m,
                                    const Ball& kappa);

// C.4's bound (t1 + t2 + 2 m delta^2 (P_B + P_W) + 2 m eta^2)/kappa^4 with P_B by A.3(iii) (r = 1).
Ball small_regime_bound(const Instance& instance, const NoiseLevel& level, const SmallRegimeParameters& parameters);

// C.7's bound 2 n eta^2/kappa^4 + 2 E_L(kappa), E_L = n a^2 rho^2/(4 kappa^4) + m Xi^2 (C.6(iii)).
Ball large_regime_bound(const Instance& instance, const NoiseLevel& level);

// The score network C.8 uses at one noise level, built and certified: the C.4 network (small
// regime) or the C.7 network (large regime), with its lemma's bound and the certificate of its
// knots (C.1:knot-increments for C.4's period knots; C.7's increments and end gaps).
class ScoreNetwork {
 public:
  // `circuit` must be owf_circuit(n, m) of the instance (only used in the small regime). `tamper`
  // alters the small regime's period knots before the network is built (tests only).
  ScoreNetwork(const Instance& instance, const owf::Circuit& circuit, const Rational& sigma, const Rational& epsilon,
               const std::function<void(PeriodKnots&)>& tamper = {});

  const NoiseLevel& level() const { return level_; }
  const Network& network() const;
  const Ball& bound() const { return bound_; }                 // the lemma's bound on E|s_hat - s|^2
  Certainty knots_certified() const { return knots_certified_; }
  std::string knot_summary() const { return knot_summary_; }   // e.g. "5,641 period knots, max increment/eta 0.996"
  const SmallNoiseNetwork* small() const { return small_.get(); }
  const SmallRegimeParameters& small_parameters() const { return small_parameters_; }
  std::string regime_name() const { return level_.small_regime ? "C.4" : "C.7"; }

  // Double outputs with certified error bounds (SmallNoiseNetwork::evaluate_certified, or the C.7
  // network's FastEvaluator::evaluate_with_error_bound).
  std::vector<double> evaluate_certified(std::span<const double> x, std::vector<double>& error_bounds) const;
  // Exact outputs (rational inputs).
  std::vector<Rational> evaluate_exact(std::span<const Rational> x) const;
  // Batched double evaluation (inputs row-major, count x d), for samplers and benchmarks.
  void evaluate_batch(std::span<const double> inputs, std::size_t count, std::span<double> outputs) const;

 private:
  NoiseLevel level_;
  Ball bound_;
  Certainty knots_certified_ = Certainty::kUndecided;
  std::string knot_summary_;
  SmallRegimeParameters small_parameters_;
  std::unique_ptr<SmallNoiseNetwork> small_;
  std::unique_ptr<LargeNoiseNetwork> large_;
  // Flat copy of network(): built with the C.7 network (its certified evaluation needs it), but for
  // the ~10^5-unit C.4 network only on the first evaluate_batch (checks never batch, and copying
  // every C.4 network the audit builds cost a conversion of each of its weights for nothing).
  mutable std::once_flag fast_once_;
  mutable std::unique_ptr<FastEvaluator> fast_;
  const FastEvaluator& fast() const;
};

}  // namespace dpsi::relu
