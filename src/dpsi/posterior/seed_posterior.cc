#include "dpsi/posterior/seed_posterior.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::posterior {
namespace {

void require_measurement(std::span<const double> y, int m) {
  if (static_cast<int>(y.size()) != m)
    throw std::invalid_argument("measurement y must have m = " + std::to_string(m) + " entries, got " + std::to_string(y.size()));
  for (const double value : y)
    if (!std::isfinite(value)) throw std::invalid_argument("measurement y must be finite");
}

// log sum exp of the values (max-shifted).
double log_sum_exp(std::span<const double> values) {
  const double top = *std::max_element(values.begin(), values.end());
  double sum = 0;
  for (const double value : values) sum += std::exp(value - top);
  return top + std::log(sum);
}

}  // namespace

MeasurementLikelihood::MeasurementLikelihood(const Instance& instance)
    : delta_(instance.delta().convert_to<double>()), nu_(sampling::measurement_noise(instance)) {
  mode_factor_ = 1.0 / (1.0 + nu_ * nu_);
  lattice_var_ = nu_ * nu_ * mode_factor_;
  window_ = 1.5 * delta_ + std::sqrt(2.0 * lattice_var_ * 53.0 * std::log(2.0));
  for (int b = 0; b < 2; ++b) {
    // Z_b = sum over Lambda_b of e^{-w^2/2}; |w| <= 40 leaves terms below e^-800.
    std::vector<double> exponents;
    const double offset = b * 0.5 * delta_;
    const double k_max = std::ceil(40.0 / delta_);
    for (double k = -k_max; k <= k_max; k += 1) {
      const double w = k * delta_ + offset;
      exponents.push_back(-0.5 * w * w);
    }
    log_normalisers_[b] = log_sum_exp(exponents);
  }
}

double MeasurementLikelihood::log_h(int b, double t) const {
  if (b != 0 && b != 1) throw std::invalid_argument("log_h: b must be 0 or 1");
  if (!std::isfinite(t)) throw std::invalid_argument("log_h: t must be finite");
  const double offset = b * 0.5 * delta_;
  const double mu = t * mode_factor_;
  const double k_low = std::ceil((mu - window_ - offset) / delta_);
  const double k_high = std::floor((mu + window_ - offset) / delta_);
  double nearest = INFINITY;
  for (double k = k_low; k <= k_high; k += 1) nearest = std::min(nearest, std::abs(k * delta_ + offset - mu));
  double sum = 0;
  for (double k = k_low; k <= k_high; k += 1) {
    const double distance = k * delta_ + offset - mu;
    sum += std::exp(-(distance * distance - nearest * nearest) / (2.0 * lattice_var_));
  }
  const double kappa2 = nu_ * nu_;
  return -0.5 * std::log(2.0 * std::numbers::pi * kappa2) - t * t * mode_factor_ / 2.0 - log_normalisers_[b] -
         nearest * nearest / (2.0 * lattice_var_) + std::log(sum);
}

SeedPosteriorTable::SeedPosteriorTable(const Instance& instance) : instance_(instance), likelihood_(instance) {
  if (instance.n() > 20) throw std::invalid_argument("SeedPosteriorTable: n must be <= 20 (every seed is enumerated)");
  if (instance.m() > 64) throw std::invalid_argument("SeedPosteriorTable: m must be <= 64");
  const owf::OneWayFunction function(instance.n(), instance.m());
  images_.resize(std::uint64_t{1} << instance.n());
  const int m = instance.m();
  for (std::uint64_t index = 0; index < images_.size(); ++index) {
    // evaluate_index puts b_1 in the most significant of m bits; store it reversed (b_{i+1} at bit i)
    // so that byte k of the stored word indexes byte table k directly.
    const std::uint64_t image = function.evaluate_index(index);
    std::uint64_t reversed = 0;
    for (int i = 0; i < m; ++i) reversed |= ((image >> (m - 1 - i)) & 1U) << i;
    images_[index] = reversed;
  }
  const double sigma_y = instance.sigma_y().convert_to<double>();
  log_acceptance_offset_ = 0.5 * instance.m() * std::log(2.0 * std::numbers::pi * sigma_y * sigma_y) - instance.n() * std::log(2.0);
}

std::vector<double> SeedPosteriorTable::byte_tables(std::span<const double> y) const {
  const int m = instance_.m();
  const int bytes = (m + 7) / 8;
  std::vector<double> tables(static_cast<std::size_t>(bytes) * 256, 0.0);
  for (int k = 0; k < bytes; ++k) {
    // Entry v of table k: bit j of v is the output bit b_{8k+j+1}.
    for (int value = 0; value < 256; ++value) {
      double sum = 0;
      for (int bit = 0; bit < 8; ++bit) {
        const int i = 8 * k + bit;  // 0-based output index
        if (i >= m) break;
        if (DPSI_FAULT("posterior.seed-weights-drop-last-output") && i == m - 1) break;
        sum += likelihood_.log_h((value >> bit) & 1, y[static_cast<std::size_t>(i)]);
      }
      tables[static_cast<std::size_t>(k) * 256 + static_cast<std::size_t>(value)] = sum;
    }
  }
  return tables;
}

double SeedPosteriorTable::log_likelihood(const std::vector<double>& tables, std::uint64_t image) const {
  const int m = instance_.m();
  double sum = 0;
  for (int k = 0; 8 * k < m; ++k) sum += tables[static_cast<std::size_t>(k) * 256 + ((image >> (8 * k)) & 0xFFU)];
  return sum;
}

SeedPosteriorValues SeedPosteriorTable::operator()(std::span<const double> y) const {
  require_measurement(y, instance_.m());
  const std::vector<double> tables = byte_tables(y);
  SeedPosteriorValues values;
  values.weights.resize(images_.size());
  for (std::uint64_t index = 0; index < images_.size(); ++index) values.weights[index] = log_likelihood(tables, images_[index]);
  const double log_total = log_sum_exp(values.weights);
  for (double& weight : values.weights) weight = std::exp(weight - log_total);
  values.log_evidence = log_total - instance_.n() * std::log(2.0);
  // log a(y) = log sum_s prod_i h + (m/2) log(2 pi sigma_y^2) - n log 2; the fault starts from log p_Y(y),
  // which already holds the -n log 2 (the prior weight 2^-n counted twice).
  values.log_acceptance =
      (DPSI_FAULT("posterior.log-acceptance-prior-weight-twice") ? values.log_evidence : log_total) + log_acceptance_offset_;
  return values;
}

double SeedPosteriorTable::log_acceptance(std::span<const double> y) const { return (*this)(y).log_acceptance; }

}  // namespace dpsi::posterior
