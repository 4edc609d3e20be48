#include "dpsi/posterior/tabulated_prior_sampler.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"
#include "dpsi/sampling/normal.h"

namespace dpsi::posterior {

TabulatedPriorSampler::TabulatedPriorSampler(const Instance& instance)
    : n_(instance.n()),
      m_(instance.m()),
      a_(instance.a().convert_to<double>()),
      tau_(instance.tau().convert_to<double>()),
      function_(instance.n(), instance.m()) {
  if (DPSI_FAULT("posterior.tabulated-blur-10pct")) tau_ *= 1.1;
  if (n_ > 20 || m_ > 64) throw std::invalid_argument("TabulatedPriorSampler: needs n <= 20 and m <= 64");
  images_.resize(std::uint64_t{1} << n_);
  for (std::uint64_t index = 0; index < images_.size(); ++index) images_[index] = function_.evaluate_index(index);
  const double delta = instance.delta().convert_to<double>();
  for (int b = 0; b < 2; ++b) {
    const double k_max = std::ceil(40.0 / delta);
    double total = 0;
    for (double k = -k_max; k <= k_max; k += 1) {
      const double w = k * delta + b * 0.5 * delta;
      if (std::abs(w) > 40.0) continue;
      atoms_[b].push_back(w);
      total += std::exp(-0.5 * w * w);
      if (w == 0.0 && DPSI_FAULT("posterior.tabulated-center-atom-twice")) total += 1.0;  // the atom w = 0 added twice
      cumulative_[b].push_back(total);
    }
    for (double& value : cumulative_[b]) value /= total;
    cumulative_[b].back() = 1.0;
  }
}

PriorDraw TabulatedPriorSampler::draw(sampling::RandomSource& source) const {
  PriorDraw result;
  owf::Bits seed(static_cast<std::size_t>(n_));
  std::uint64_t index = 0;
  for (int j = 0; j < n_; ++j) {
    seed[static_cast<std::size_t>(j)] = source.bit() ? 1 : 0;
    index = (index << 1) | seed[static_cast<std::size_t>(j)];  // s_1 most significant (seed_of_index)
  }
  const std::uint64_t image = images_[index];
  std::vector<double> w(static_cast<std::size_t>(m_));
  for (int i = 0; i < m_; ++i) {
    const int b = static_cast<int>((image >> (m_ - 1 - i)) & 1U);
    const double uniform = static_cast<double>(source.word() >> 11) * 0x1p-53;
    const auto found = std::upper_bound(cumulative_[b].begin(), cumulative_[b].end(), uniform);
    auto position = std::min<std::ptrdiff_t>(found - cumulative_[b].begin(), static_cast<std::ptrdiff_t>(atoms_[b].size()) - 1);
    if (DPSI_FAULT("posterior.tabulated-inverse-cdf-off-by-one")) position = std::min<std::ptrdiff_t>(position + 1, static_cast<std::ptrdiff_t>(atoms_[b].size()) - 1);
    int phase = b;
    if (i == 0 && DPSI_FAULT_SOMETIMES("posterior.tabulated-wrong-phase-1pct", 0.01)) phase = 1 - b;  // the other sublattice's atom
    w[static_cast<std::size_t>(i)] = atoms_[phase][static_cast<std::size_t>(std::min<std::ptrdiff_t>(position, static_cast<std::ptrdiff_t>(atoms_[phase].size()) - 1))];
  }
  result.x.resize(static_cast<std::size_t>(n_ + m_));
  sampling::fill_standard_normals(source, result.x);
  for (int j = 0; j < n_; ++j) {
    auto& coordinate = result.x[static_cast<std::size_t>(j)];
    coordinate = (seed[static_cast<std::size_t>(j)] == 1 ? a_ : -a_) + tau_ * coordinate;
  }
  for (int i = 0; i < m_; ++i) {
    auto& coordinate = result.x[static_cast<std::size_t>(n_ + i)];
    coordinate = w[static_cast<std::size_t>(i)] + tau_ * coordinate;
  }
  result.latent_seed = std::move(seed);
  return result;
}

}  // namespace dpsi::posterior
