// File: dpsi/peers/diffusion_prior.h
// The common score interface of the practical posterior samplers (spec E.P): a prior p on R^d known
// only through the scores of its Gaussian smoothings p_sigma = p * N(0, sigma^2 I_d) ("variance
// exploding" units), and the Hessian of log p_sigma applied to a vector (the VJP of Tweedie's denoiser
// that DPS, PiGDM and TDS need).
//
// Every sampler here works in these units and converts to the DDPM (variance preserving) chain with
//   x_t = a_t z,  z = x0 + sigma_t eps,  sigma_t^2 = v_t / a_t^2   (see vp_schedule.h),
// so s_VP(x, t) = s_sigma_t(x / a_t) / a_t and Tweedie's x0hat(x, t) = z + sigma_t^2 s_sigma_t(z).
//
// Implementations: GaussianMixturePrior (the easy instance, exact score and Hessian) and
// HardInstancePrior (g~ through C.8's analytic oracle or its ReLU networks, Hessian by differences).
// All are deterministic and const, hence safe to share between threads if the wrapped score is.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace dpsi::peers {

class DiffusionPrior {
 public:
  virtual ~DiffusionPrior() = default;
  virtual std::string_view name() const = 0;
  virtual int dimension() const = 0;  // d

  // grad log p_sigma at x (d entries each); sigma > 0 and finite.
  virtual void score(double sigma, std::span<const double> x, std::span<double> out) const = 0;

  // (Hessian of log p_sigma at x) u. The default is the central difference
  //   [score(x + h u) - score(x - h u)] / (2h),  h = kDifferenceStep * sigma / max(1, |u|_inf),
  // whose error is O(h^2) times the third derivative of log p_sigma (which scales like sigma^-4), so
  // relative ~1e-6 of the Hessian for a smooth score. Where the score is only piecewise smooth (the
  // oracle of g~ switches at the orthant boundaries and at kappa*) a difference across a switch is
  // wrong; it has probability O(h) per call. Overridden with exact formulas where they exist.
  virtual void hessian_vector(double sigma, std::span<const double> x, std::span<const double> u,
                              std::span<double> out) const;

  static constexpr double kDifferenceStep = 1e-3;
};

// Tweedie's denoiser in VE units: x0hat = z + sigma^2 grad log p_sigma(z).
std::vector<double> tweedie_mean(const DiffusionPrior& prior, double sigma, std::span<const double> z);

// (d x0hat / dz)^T u = u + sigma^2 H u (the Jacobian is symmetric: H is a Hessian).
std::vector<double> tweedie_jacobian_transpose(const DiffusionPrior& prior, double sigma, std::span<const double> z,
                                               std::span<const double> u);

}  // namespace dpsi::peers
