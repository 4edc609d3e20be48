#include "dpsi/posterior/conditional_draw.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"
#include "dpsi/sampling/instance_sampler.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::posterior {
namespace {

void require_bits(std::span<const std::uint8_t> bits, int size, const char* what) {
  if (static_cast<int>(bits.size()) != size)
    throw std::invalid_argument(std::string("ConditionalDraw: ") + what + " must have " + std::to_string(size) + " bits");
  for (const std::uint8_t bit : bits)
    if (bit > 1) throw std::invalid_argument(std::string("ConditionalDraw: ") + what + " bits must be 0 or 1");
}

// A uniform on [0, 1) with 53 random bits.
double unit_uniform(sampling::RandomSource& source) { return static_cast<double>(source.word() >> 11) * 0x1p-53; }

}  // namespace

ConditionalDraw::ConditionalDraw(const Instance& instance)
    : instance_(instance),
      a_(instance.a().convert_to<double>()),
      delta_(instance.delta().convert_to<double>()),
      tau_(instance.tau().convert_to<double>()),
      nu_(sampling::measurement_noise(instance)) {
  double sigma_y = instance.sigma_y().convert_to<double>();
  if (DPSI_FAULT("posterior.conditional-sigma-y-1pct")) {
    sigma_y *= 1.01;
    nu_ = std::sqrt(tau_ * tau_ + sigma_y * sigma_y);
  }
  if (DPSI_FAULT("posterior.conditional-tau-1pct")) tau_ *= 1.01;
  mode_factor_ = 1.0 / (1.0 + nu_ * nu_);
  lattice_var_ = nu_ * nu_ * mode_factor_;
  // R_p of recipe R1 with p = 64 bits: 3 delta / 2 + sqrt(2 v p ln 2).
  window_ = 1.5 * delta_ + std::sqrt(2.0 * lattice_var_ * 64.0 * std::log(2.0));
  residual_gain_ = tau_ * tau_ / (nu_ * nu_);
  residual_sd_ = tau_ * sigma_y / nu_;
}

std::vector<double> ConditionalDraw::operator()(std::span<const std::uint8_t> seed, std::span<const std::uint8_t> image,
                                                std::span<const double> y, sampling::RandomSource& source) const {
  const int n = instance_.n();
  const int m = instance_.m();
  require_bits(seed, n, "seed");
  require_bits(image, m, "image");
  if (static_cast<int>(y.size()) != m) throw std::invalid_argument("ConditionalDraw: y must have m = " + std::to_string(m) + " entries");
  for (const double value : y)
    if (!std::isfinite(value)) throw std::invalid_argument("ConditionalDraw: y must be finite");

  std::vector<double> w(static_cast<std::size_t>(m));
  std::vector<double> weights;
  for (int i = 0; i < m; ++i) {
    double offset = image[static_cast<std::size_t>(i)] == 0 ? 0.0 : 0.5 * delta_;  // Lambda_b = delta Z + b delta / 2
    if (i == 0 && DPSI_FAULT_SOMETIMES("posterior.conditional-wrong-phase-1pct", 0.01)) offset = 0.5 * delta_ - offset;
    const double centre = y[static_cast<std::size_t>(i)] * mode_factor_;
    const double k_low = std::ceil((centre - window_ - offset) / delta_);
    const double k_high = std::floor((centre + window_ - offset) / delta_);
    // The window has width 2 R_p > 3 delta, so it always holds at least three points.
    weights.clear();
    double total = 0;
    for (double k = k_low; k <= k_high; k += 1) {
      const double distance = k * delta_ + offset - centre;
      const double weight = std::exp(-distance * distance / (2.0 * lattice_var_));
      weights.push_back(weight);
      total += weight;
    }
    double target = unit_uniform(source) * total;
    std::size_t chosen = 0;
    while (chosen + 1 < weights.size() && target >= weights[chosen]) target -= weights[chosen++];
    w[static_cast<std::size_t>(i)] = (k_low + static_cast<double>(chosen)) * delta_ + offset;
  }

  std::vector<double> x(static_cast<std::size_t>(n + m));
  sampling::fill_standard_normals(source, x);
  for (int j = 0; j < n; ++j) {
    const double u = seed[static_cast<std::size_t>(j)] == 1 ? 1.0 : -1.0;
    x[static_cast<std::size_t>(j)] = a_ * u + tau_ * x[static_cast<std::size_t>(j)];
  }
  for (int i = 0; i < m; ++i) {
    const auto index = static_cast<std::size_t>(n + i);
    const double wi = w[static_cast<std::size_t>(i)];
    x[index] = wi + residual_gain_ * (y[static_cast<std::size_t>(i)] - wi) + residual_sd_ * x[index];
  }
  return x;
}

}  // namespace dpsi::posterior
