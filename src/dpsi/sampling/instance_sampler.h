// File: dpsi/sampling/instance_sampler.h
// Recipe R6 (spec/R-recipes.md intro, spec A.1): exact unconditional sampling of the instance
// g~ = g * N(0, tau^2 I_d) and of its smoothed versions g~_sigma = g * N(0, (tau^2 + sigma^2) I_d),
// and the measurement model of spec A.5 in both routes.
//
//   s ~ U({0,1}^n)                 n fair bits
//   b = f(s)                       owf::OneWayFunction (spec G.1)
//   w_i ~ D_{b_i}, i = 1..m        the exact R.3 sampler (LatticeSampler), w_i in Lambda_{b_i}, exact
//   x_S = a u(s) + blur xi_S,  u(s)_j = 2 s_j - 1
//   x_F = w + blur xi_F,       xi ~ N(0, I_d)  (polar method, dpsi/sampling/normal.h)
//
// Exactness: s, f(s) and w are exact (w a GMP rational). The Gaussian blur is in double precision
// (spec R.3: "only the lattice part is exact"); a u(s) and w are rounded to double only when the
// blur is added, and blur is the double nearest the requested value.
//
// Consumption of the RandomSource (fixed, so a seed reproduces every draw):
//   draw(source, blur):  1. n calls of source.bit(), giving s_1, ..., s_n in order;
//                        2. (f(s) is computed; no randomness);
//                        3. for i = 1..m in order, one LatticeSampler(delta, f(s)_i).draw(source);
//                        4. fill_standard_normals(source, d values): xi_S,1..xi_S,n, xi_F,1..xi_F,m.
//   measure:              fill_standard_normals(source, m values): xi_y,1..xi_y,m.
//   simulate_measurement: for i = 1..m in order one LatticeSampler(delta, z_i).draw(source), then
//                         fill_standard_normals(source, m values): zeta_1..zeta_m.
// RandomSource::bit() takes bits from a buffered word, so the bit buffer left by one call is used by
// the next; the sequence of calls, not each call alone, is what a seed reproduces.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dpsi/numeric/rational.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/params/instance.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::sampling {

struct InstanceDraw {
  owf::Bits seed;                 // s, n bits
  owf::Bits image;                // f(s), m bits
  std::vector<Rational> lattice;  // w_i in Lambda_{f(s)_i}, exact (R.3)
  std::vector<double> x;          // d = n + m coordinates: x_S = a u(s) + blur xi_S, x_F = w + blur xi_F
};

class InstanceSampler {
 public:
  // Precomputes the two LatticeSamplers (b = 0, 1) at the instance's delta and f_{n,m}.
  explicit InstanceSampler(const Instance& instance);

  // x ~ g * N(0, blur^2 I): blur = tau gives g~; blur = sqrt(tau^2 + sigma^2) gives g~_sigma.
  // blur must be finite and >= 0 (blur = 0 gives g itself); throws std::invalid_argument otherwise.
  InstanceDraw draw(RandomSource& source, double blur) const;
  InstanceDraw draw(RandomSource& source) const;  // blur = tau

  // The same draw conditioned on the seed: steps 3-4 of draw() with s given (no bits consumed).
  // Throws std::invalid_argument unless seed has n bits, each 0 or 1.
  InstanceDraw draw_given_seed(RandomSource& source, const owf::Bits& seed, double blur) const;

  // tau as a double (the default blur), and sqrt(tau^2 + sigma^2) for sigma >= 0 (computed from the
  // exact tau^2 + sigma^2, rounded once to double, then square-rooted).
  double tau() const { return tau_; }
  double smoothed_blur(const Rational& sigma) const;

  const Instance& instance() const { return instance_; }
  const owf::OneWayFunction& function() const { return function_; }
  const LatticeSampler& lattice_sampler(int b) const { return b == 0 ? lattice0_ : lattice1_; }

 private:
  Instance instance_;
  owf::OneWayFunction function_;
  LatticeSampler lattice0_;
  LatticeSampler lattice1_;
  double a_;
  double tau_;
};

// The measurement model of A.5: y = A x + sigma_y xi_y with A = [0 | I_m], i.e. y_i = x_{F,i} +
// sigma_y xi_{y,i}. x must have d = n + m coordinates (throws std::invalid_argument otherwise).
std::vector<double> measure(const Instance& instance, std::span<const double> x, RandomSource& source);

// y built from z = f(s*) alone (A.5 route 2, and the inverter's step 1 in B.2): w_i ~ D_{z_i},
// y_i = w_i + nu zeta_i with nu^2 = tau^2 + sigma_y^2 (nu rounded once to double from the exact nu^2).
// z must have m entries, each 0 or 1 (throws std::invalid_argument otherwise).
std::vector<double> simulate_measurement(const Instance& instance, std::span<const std::uint8_t> z,
                                         RandomSource& source);

// nu = sqrt(tau^2 + sigma_y^2) in double (the exact nu^2 rounded once, then std::sqrt).
double measurement_noise(const Instance& instance);

}  // namespace dpsi::sampling
