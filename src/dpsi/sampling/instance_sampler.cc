// File: dpsi/sampling/instance_sampler.cc
// R6: the ancestral sampler of g~ (and g~_sigma) and the measurement model of A.5.
#include "dpsi/sampling/instance_sampler.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "dpsi/sampling/normal.h"
#include "dpsi/fault/fault_point.h"

namespace dpsi::sampling {
namespace {

// The double nearest to a rational whose numerator and denominator are below 2^53 (one correctly
// rounded IEEE division); GMP's truncating conversion otherwise (within one ulp).
double to_double(const Rational& value) {
  const Integer limit = Integer(1) << 53;
  const Integer num = numerator(value);
  const Integer den = denominator(value);
  if (num < limit && -num < limit && den < limit) {
    return static_cast<double>(num.convert_to<std::int64_t>()) / static_cast<double>(den.convert_to<std::int64_t>());
  }
  return value.convert_to<double>();
}

void require_bits(std::span<const std::uint8_t> bits, std::size_t expected, const char* what) {
  if (bits.size() != expected) {
    throw std::invalid_argument(std::string(what) + ": expected " + std::to_string(expected) + " bits, got " +
                                std::to_string(bits.size()));
  }
  for (const std::uint8_t bit : bits) {
    if (bit > 1) throw std::invalid_argument(std::string(what) + ": bits must be 0 or 1");
  }
}

}  // namespace

InstanceSampler::InstanceSampler(const Instance& instance)
    : instance_(instance),
      function_(instance.n(), instance.m()),
      lattice0_(instance.delta(), 0),
      lattice1_(instance.delta(), 1),
      a_(to_double(instance.a())),
      tau_(to_double(instance.tau()) * (DPSI_FAULT("sampling.instance-tau-1pct") ? 1.01 : 1.0)) {}

double InstanceSampler::smoothed_blur(const Rational& sigma) const {
  if (sigma < 0) throw std::invalid_argument("InstanceSampler::smoothed_blur: sigma must be >= 0");
  const double variance = to_double(instance_.tau() * instance_.tau() + sigma * sigma);
  if (DPSI_FAULT("sampling.smoothed-blur-variance-for-sd")) return variance;  // the square root forgotten
  return std::sqrt(variance);
}

InstanceDraw InstanceSampler::draw(RandomSource& source) const {
  return draw(source, DPSI_FAULT("sampling.instance-blur-1.5tau") ? 1.5 * tau_ : tau_);
}

InstanceDraw InstanceSampler::draw(RandomSource& source, double blur) const {
  owf::Bits seed(static_cast<std::size_t>(instance_.n()));
  for (auto& bit : seed) bit = source.bit() ? 1 : 0;
  return draw_given_seed(source, seed, blur);
}

InstanceDraw InstanceSampler::draw_given_seed(RandomSource& source, const owf::Bits& seed, double blur) const {
  if (!std::isfinite(blur) || blur < 0) throw std::invalid_argument("InstanceSampler::draw: blur must be finite and >= 0");
  require_bits(seed, static_cast<std::size_t>(instance_.n()), "InstanceSampler::draw_given_seed: seed");
  InstanceDraw result;
  result.seed = seed;
  result.image = function_(seed);
  const int n = instance_.n();
  const int m = instance_.m();
  result.lattice.reserve(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) {
    int bit = result.image[static_cast<std::size_t>(i)];
    if (i == m - 1 && DPSI_FAULT_SOMETIMES("sampling.instance-wrong-phase-1pct", 0.01)) bit ^= 1;
    result.lattice.push_back(lattice_sampler(bit).draw(source).w);
  }
  result.x.assign(static_cast<std::size_t>(n + m), 0.0);
  fill_standard_normals(source, result.x);
  for (int j = 0; j < n; ++j) {
    const double center = seed[static_cast<std::size_t>(j)] != 0 ? a_ : -a_;  // a u(s)_j, u = 2 s - 1
    result.x[static_cast<std::size_t>(j)] = center + blur * result.x[static_cast<std::size_t>(j)];
  }
  for (int i = 0; i < m; ++i) {
    double& coordinate = result.x[static_cast<std::size_t>(n + i)];
    coordinate = to_double(result.lattice[static_cast<std::size_t>(i)]) + blur * coordinate;
  }
  return result;
}

std::vector<double> measure(const Instance& instance, std::span<const double> x, RandomSource& source) {
  const auto n = static_cast<std::size_t>(instance.n());
  const auto m = static_cast<std::size_t>(instance.m());
  if (x.size() != n + m) {
    throw std::invalid_argument("measure: x must have d = " + std::to_string(n + m) + " coordinates, got " +
                                std::to_string(x.size()));
  }
  double sigma_y = to_double(instance.sigma_y());
  if (DPSI_FAULT("sampling.measure-sigma-y-1pct")) sigma_y *= 1.01;
  const std::size_t first = DPSI_FAULT("sampling.measure-index-off-by-one") ? n - 1 : n;  // A = [0 | I_m]
  std::vector<double> y(m);
  fill_standard_normals(source, y);
  for (std::size_t i = 0; i < m; ++i) y[i] = x[first + i] + sigma_y * y[i];
  return y;
}

double measurement_noise(const Instance& instance) {
  return std::sqrt(to_double(instance.tau() * instance.tau() + instance.sigma_y() * instance.sigma_y()));
}

std::vector<double> simulate_measurement(const Instance& instance, std::span<const std::uint8_t> z,
                                         RandomSource& source) {
  const auto m = static_cast<std::size_t>(instance.m());
  require_bits(z, m, "simulate_measurement: z");
  const LatticeSampler lattice0(instance.delta(), 0);
  const LatticeSampler lattice1(instance.delta(), 1);
  std::vector<double> w(m);
  for (std::size_t i = 0; i < m; ++i) w[i] = to_double((z[i] == 0 ? lattice0 : lattice1).draw(source).w);
  const double nu =
      DPSI_FAULT("sampling.simulate-nu-drops-tau") ? to_double(instance.sigma_y()) : measurement_noise(instance);
  std::vector<double> y(m);
  fill_standard_normals(source, y);
  for (std::size_t i = 0; i < m; ++i) y[i] = w[i] + nu * y[i];
  return y;
}

}  // namespace dpsi::sampling
