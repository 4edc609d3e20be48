// File: dpsi/diffusion/oracle_score.h
// The analytic oracle of spec C.8 in double precision: with kappa = sqrt(tau^2 + sigma^2),
//   kappa <= kappa*:  s_hat^vert of C.2,  seed coordinates (-x_{S,j} + a u_j(sbar(x)))/kappa^2 with
//                     sbar(x) = ([x_{S,j} > 0])_j, f-coordinates psi^(kappa)_{f(sbar(x))_i}(x_{F,i});
//   kappa >  kappa*:  s_hat^large of C.6, seed coordinates (-x_{S,j} + a tanh(a x_{S,j}/kappa^2))/kappa^2,
//                     f-coordinates -x_{F,i}/(1 + kappa^2).
// The switch compares doubles (kappa^2 = tau^2 + sigma^2 rounded, against kappa*^2 rounded); at the
// boundary either surrogate is accurate (C.8's windows [kappa_L, kappa_S] contain kappa*).
//
// psi_b in double (lattice_score below) is the lattice form of C.5(a), the route of
// dpsi/density/smoothed_lattice.h without the balls: with mu = t/(1+kappa^2), v = kappa^2/(1+kappa^2)
// and the offsets e_k = w_k - mu of the lattice points w_k of Lambda_b = delta Z + b delta/2,
//   psi_b(t) = -t/(1 + kappa^2) + (sum_k e_k exp(-(e_k^2 - e_0^2)/(2v)) / sum_k exp(...)) / kappa^2,
// e_0 the offset of the point nearest mu (largest weight, shifted to exponent 0); the sum keeps every k
// with (e_k^2 - e_0^2)/(2v) <= 40 (the others weigh < e^-40 each and decay geometrically, so the
// relative truncation error of the weighted offset is below 1e-16 for v < delta^2). For v >= delta^2
// (kappa >~ delta, never used by the oracle at the defaults where kappa* = 2 delta) the number of terms
// grows like sqrt(v)/delta; callers above that use s_hat^large anyway. Error: a few ulps of each term
// plus the truncation, i.e. relative ~1e-15 of max(|t|/(1+kappa^2), delta/kappa^2) (tested against the
// Ball lattice form in tests/diffusion/oracle_score_test.cc).
//
// f(sbar) is read from a table of all 2^n images when n <= 20 and m <= 64 (built in the constructor:
// 65,536 SHA-256 evaluations at n = 16, ~0.05 s), otherwise computed per point.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dpsi/diffusion/smoothed_score.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/params/instance.h"

namespace dpsi::diffusion {

// psi_b^(kappa)(t) in double by the truncated lattice form above. b in {0, 1}, kappa > 0, delta > 0,
// t finite (throws std::invalid_argument otherwise).
double lattice_score(int b, double kappa, double t, double delta);

class AnalyticOracleScore final : public SmoothedScore {
 public:
  explicit AnalyticOracleScore(const Instance& instance);

  std::string_view name() const override { return "oracle"; }
  int dimension() const override { return n_ + m_; }
  void evaluate(double sigma, std::span<const double> points, std::size_t count,
                std::span<double> scores) const override;

  // The two surrogates at kappa (not sigma), one point of d coordinates, into `score` (d entries).
  void vertex_score(double kappa, std::span<const double> x, std::span<double> score) const;
  void large_noise_score(double kappa, std::span<const double> x, std::span<double> score) const;
  // True iff kappa^2 = tau^2 + sigma^2 (in double) is <= kappa*^2: the vertex regime.
  bool vertex_regime(double sigma) const;
  double kappa_of(double sigma) const;  // sqrt(tau^2 + sigma^2) in double

  // f(sbar(x)) for the seed block x_S (n values): the image the vertex score uses.
  owf::Bits image_of_signs(std::span<const double> x_seed) const;

 private:
  int n_;
  int m_;
  double a_;
  double delta_;
  double tau2_;
  double kappa_star2_;
  owf::OneWayFunction function_;
  std::vector<std::uint64_t> image_table_;  // f(seed with index k), b_1 the most significant bit; empty if not tabulated
};

}  // namespace dpsi::diffusion
