// File: dpsi/relu/small_noise_network.h
// The small-sigma score network of spec C.4 with the periodic front end of Erratum 24.
//
// For a noise level with kappa^2 = tau^2 + sigma^2 the network maps x = (x_S, x_F) in R^{n+m} to
//   s_hat_S,j = (a (2 bit_gamma(x_S,j) - 1) - x_S,j) / kappa^2,
//   s_hat_F,i = -x_F,i/(1+kappa^2) + (r0_hat(S(mu)) + gate_{delta/2}(c_i, r1_hat(S(mu)) - r0_hat(S(mu)))) / kappa^2,
// where mu = x_F,i/(1+kappa^2), c = C_f(bit_gamma(x_S)) is the compiled one-way function (C.4), S is a
// sawtooth that folds mu into one period [cut, cut + delta] of the residuals r_b = m_b - mu (which
// depend on mu only through mu mod delta, C.5(b)), and rb_hat is the C.1 interpolant of r_b on one
// period's knots (the union of the equal-increment knots of m_0 and m_1). The sawtooth is exact
// outside ramp windows [cut + j delta, cut + j delta + window] of mu, |x_F,i| <= B; there the error
// of each f-coordinate of the denoiser is at most eta, elsewhere at most delta (spec C.4, Erratum 24).
//
// Units: 2n soft bits + U_f circuit units + m (2R + K + 3): per f-coordinate R ramps (two units
// each), two units clamping S to [u_0, u_K], K - 1 interior hinges on the period knots (shared by
// b = 0, 1) and the gate (two units). Depth D_f + 1 + 5.
//
// Everything is exact rational; the knots are dyadic and certified by certify_period_knots().
#pragma once

#include <array>
#include <memory>
#include <span>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/certainty.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/network.h"

namespace dpsi::relu {

// One period of knots, in mu-space: cut = u_0 < ... < u_K = cut + delta, and the stored residuals
// R_b(u_k) ~ r_b at mu = u_k, rounded to dyadic rationals, clamped to [-delta/2, delta/2] and
// with |R_1 - R_0| <= delta/2 at every knot (so gate_{delta/2} is exact on bits). The end values
// coincide (R_b is delta-periodic).
struct PeriodKnots {
  Rational cut;
  std::vector<Rational> u;
  std::array<std::vector<Rational>, 2> residual;
};

// Knots with m_b-increments at most eta' = eta (1 - 2^-8) for both b (equal increments of each m_b
// over the period, found by bisection in double, C.1(iv)), merged. cut = delta/4 - window/2 (the
// ramp windows are centred half-way between the points of Lambda_0 and Lambda_1, where h_b is
// smallest for small kappa). Throws std::invalid_argument unless delta, kappa2, eta > 0 and
// 0 < window < delta/4.
PeriodKnots period_knots(const Rational& delta, const Rational& kappa2, const Rational& eta, const Rational& window);

// The certificate of spec C.1:knot-increments for one period (C.4's use): for each b,
// max_increment[b] >= max_k (m_b(u_{k+1}) - m_b(u_k)) and max_rounding[b] >= max_k |R_b(u_k) - r_b(u_k)|
// (enclosure upper ends; r_b by its lattice form), and holds = [max_increment + max_rounding <= eta
// for both b]. The interpolant of the stored residuals is then within eta of r_b on the period.
struct KnotCertificate {
  std::array<Rational, 2> max_increment;
  std::array<Rational, 2> max_rounding;
  Certainty holds = Certainty::kUndecided;
};
KnotCertificate certify_period_knots(const PeriodKnots& knots, const Rational& delta, const Rational& kappa2,
                                     const Rational& eta);

// P_W(kappa) of Erratum 24: an upper bound on max_b P_{t ~ h_b}(mu(t) in a ramp window), namely
//   window (sup_{u in window} theta(u - theta_b; v) / theta(theta_b; 1)) (1/(delta - window) + 3 sqrt(1+kappa^2)/sqrt(2 pi)),
// maximised over b (an enclosure; use its upper end).
Ball window_probability_bound(const Rational& delta, const Rational& kappa2, const Rational& window);

struct SmallNoiseOptions {
  Rational kappa2;  // kappa^2 = tau^2 + sigma^2 > 0
  Rational eta;     // knot increment bound
  Rational gamma;   // soft-bit width, 0 < gamma < a
  Rational B;       // the sawtooth covers |x_F,i| <= B
  Rational window;  // ramp width in mu, 0 < window < delta/4
};

// The window delta 2^-k (8 <= k <= 48, smallest k) whose window_probability_bound is at most
// `target` (> 0); throws std::invalid_argument if none is.
Rational choose_window(const Rational& delta, const Rational& kappa2, const Rational& target);

class SmallNoiseNetwork {
 public:
  SmallNoiseNetwork(const Instance& instance, const owf::Circuit& circuit, const SmallNoiseOptions& options);
  // With given period knots (period_knots() for the spec's network; tests pass altered knots to see
  // the checks fail). Throws std::invalid_argument unless the knots span one period from cut with
  // strictly increasing abscissae and residuals for both b.
  SmallNoiseNetwork(const Instance& instance, const owf::Circuit& circuit, const SmallNoiseOptions& options,
                    PeriodKnots knots);

  const Network& network() const { return whole_; }  // inputs x (n + m), outputs s_hat (n + m)
  const PeriodKnots& knots() const { return knots_; }
  const SmallNoiseOptions& options() const { return options_; }
  std::size_t ramps_per_coordinate() const { return ramps_; }

  // Exact value at rational inputs (the whole network in rationals; slow: ~10^5 units).
  std::vector<Rational> evaluate_exact(std::span<const Rational> x) const;
  // Double value with certified error bounds, |value_k - exact_k| <= error_bounds[k], where exact is
  // evaluate_exact at the (dyadic) inputs. When every |x_S,j| >= gamma the soft bits are exact
  // bits, c = C_f(bits) is evaluated in integers (exact) and the remaining layers (the tail: inputs
  // x, bits, c) in double with FastEvaluator::evaluate_with_error_bound; otherwise the whole network
  // is evaluated exactly (error bound 0).
  std::vector<double> evaluate_certified(std::span<const double> x, std::vector<double>& error_bounds) const;
  // The network after the front end and the circuit: inputs (x, bits, c), outputs s_hat. Exposed
  // so tests can check that the whole network is the composition of its parts.
  const Network& tail() const { return tail_; }
  const Network& circuit_network() const { return circuit_network_; }

 private:
  SmallNoiseOptions options_;
  int n_;
  int m_;
  Rational a_;
  PeriodKnots knots_;
  std::size_t ramps_ = 0;
  Network whole_;
  Network tail_;
  Network circuit_network_;
  std::unique_ptr<FastEvaluator> tail_fast_;
  std::unique_ptr<FastEvaluator> circuit_fast_;
};

}  // namespace dpsi::relu
