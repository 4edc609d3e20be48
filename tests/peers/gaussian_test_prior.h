// File: tests/peers/gaussian_test_prior.h
// A test-only isotropic Gaussian prior N(mu, v I_d) for the practical samplers: its smoothing is
// p_sigma = N(mu, (v + sigma^2) I_d), so the VE score and Hessian are exact and closed-form,
//   grad log p_sigma(x) = -(x - mu) / (v + sigma^2),   H u = -u / (v + sigma^2),
// and every posterior it induces with a linear Gaussian measurement is Gaussian (the oracles of the
// peer-sampler tests).
#pragma once

#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "dpsi/peers/diffusion_prior.h"

namespace dpsi::peers::testing {

class IsotropicGaussianPrior final : public DiffusionPrior {
 public:
  IsotropicGaussianPrior(std::vector<double> mean, double variance) : mean_(std::move(mean)), variance_(variance) {
    if (mean_.empty() || !(variance_ > 0)) throw std::invalid_argument("IsotropicGaussianPrior: need d >= 1, v > 0");
  }
  std::string_view name() const override { return "isotropic-gaussian"; }
  int dimension() const override { return static_cast<int>(mean_.size()); }
  double variance() const { return variance_; }
  const std::vector<double>& mean() const { return mean_; }

  void score(double sigma, std::span<const double> x, std::span<double> out) const override {
    const double precision = 1 / (variance_ + sigma * sigma);
    for (std::size_t i = 0; i < mean_.size(); ++i) out[i] = -(x[i] - mean_[i]) * precision;
  }
  void hessian_vector(double sigma, std::span<const double> /*x*/, std::span<const double> u,
                      std::span<double> out) const override {
    const double precision = 1 / (variance_ + sigma * sigma);
    for (std::size_t i = 0; i < mean_.size(); ++i) out[i] = -u[i] * precision;
  }

 private:
  std::vector<double> mean_;
  double variance_;
};

}  // namespace dpsi::peers::testing
