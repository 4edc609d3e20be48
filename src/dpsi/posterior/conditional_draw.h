// File: dpsi/posterior/conditional_draw.h
// Steps 2-3 of recipe R5 (spec R.5, A.5): a draw of x from p(x | s, y), the posterior of the
// instance given its latent seed s and a measurement y = x_F + sigma_y xi (A = [0 | I_m]):
//
//   x_S = a u(s) + tau xi_S                         (y says nothing more about x_S given s)
//   w_i ~ p(w | b_i, y_i) propto D_{b_i}(w) phi_nu(y_i - w),  b = f(s), nu^2 = tau^2 + sigma_y^2
//   x_{F,i} = w_i + e_i,  e_i ~ N(mu_i, v_e),  mu_i = (tau^2/nu^2)(y_i - w_i),  v_e = tau^2 sigma_y^2 / nu^2
//
// The lattice step enumerates the points of Lambda_{b_i} with |w - c_i| <= R_p around the mode
// c_i = y_i / (1 + nu^2) (the D_b weight e^{-w^2/2} times phi_nu(y_i - w) is a Gaussian in w with
// mean c_i and variance nu^2/(1+nu^2)), weights them in double precision relative to the nearest
// point, and draws by inverse CDF with a 53-bit uniform.
//
// Error bound (TV of one coordinate's w_i from the exact conditional law): at most the mass outside
// the window, 2 e^{-(R_p^2 - delta^2/4)/(2v)} / (1 - e^{-R_p delta / v}) with v = nu^2/(1+nu^2) and
// p = 64, plus (number of points) * 2^-52 from the double weights and the 53-bit uniform: below
// 1e-14 per coordinate at every valid instance.
#pragma once

#include <span>
#include <vector>

#include "dpsi/owf/one_way_function.h"
#include "dpsi/params/instance.h"
#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::posterior {

class ConditionalDraw {
 public:
  explicit ConditionalDraw(const Instance& instance);

  // x ~ p(x | s = seed, y) given f(seed) = image. seed has n bits, image m bits, y m finite
  // entries; throws std::invalid_argument otherwise. Consumes from `source`, in order: m uniforms
  // (one word each) for the lattice points, then fill_standard_normals(d values).
  std::vector<double> operator()(std::span<const std::uint8_t> seed, std::span<const std::uint8_t> image,
                                 std::span<const double> y, sampling::RandomSource& source) const;

  const Instance& instance() const { return instance_; }

 private:
  Instance instance_;
  double a_;
  double delta_;
  double tau_;
  double nu_;
  double mode_factor_;     // 1 / (1 + nu^2)
  double lattice_var_;     // nu^2 / (1 + nu^2)
  double window_;          // R_p for p = 64
  double residual_gain_;   // tau^2 / nu^2
  double residual_sd_;     // tau sigma_y / nu
};

}  // namespace dpsi::posterior
