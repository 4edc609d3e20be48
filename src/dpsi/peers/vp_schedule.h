// File: dpsi/peers/vp_schedule.h
// The discrete variance-preserving (DDPM) noise schedule the practical samplers are published with
// (Ho et al. 2020; DPS, PiGDM and TDS all use it): beta_t linear from beta_1 to beta_N, t = 1..N,
//   alpha_t = 1 - beta_t,  abar_t = prod_{k<=t} alpha_k,  abar_0 = 1,
//   a_t = sqrt(abar_t),  v_t = 1 - abar_t,  sigma_t = sqrt(v_t / abar_t)  (the VE noise level of x_t / a_t).
// Defaults: N = 1000, beta 1e-4 -> 0.02 (DPS's repository; sigma_1 = 0.0100005, sigma_N = 156.6).
// v_t is accumulated as 1 - prod with log1p/expm1 so that v_1 = beta_1 keeps its digits.
#pragma once

#include <cstddef>
#include <vector>

namespace dpsi::peers {

class VpSchedule {
 public:
  // Throws std::invalid_argument unless steps >= 1 and 0 < beta_first <= beta_last < 1.
  VpSchedule(std::size_t steps, double beta_first, double beta_last);
  static VpSchedule defaults() { return VpSchedule(1000, 1e-4, 0.02); }

  std::size_t steps() const { return beta_.size() - 1; }  // N
  double beta(std::size_t t) const { return beta_[t]; }    // t = 1..N (beta_0 = 0)
  double alpha(std::size_t t) const { return 1 - beta_[t]; }
  double abar(std::size_t t) const { return abar_[t]; }     // t = 0..N
  double a(std::size_t t) const { return a_[t]; }
  double v(std::size_t t) const { return v_[t]; }
  double sigma(std::size_t t) const { return sigma_[t]; }   // 0 at t = 0

  // `count` timesteps from N down to 1, evenly spaced (rounded), always including N and 1: the DDIM
  // subsequence (count = N gives every step). Throws unless 1 <= count <= N.
  std::vector<std::size_t> descending_steps(std::size_t count) const;

 private:
  std::vector<double> beta_;
  std::vector<double> abar_;
  std::vector<double> a_;
  std::vector<double> v_;
  std::vector<double> sigma_;
};

}  // namespace dpsi::peers
