#include "dpsi/posterior/rejection_sampler.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"

namespace dpsi::posterior {

RejectionSampler::RejectionSampler(const Instance& instance, const PriorSampler& proposals, std::uint64_t max_proposals)
    : n_(instance.n()),
      m_(instance.m()),
      proposals_(proposals),
      max_proposals_(max_proposals),
      name_(proposals.name() == "exact" ? std::string("rejection") : std::string(proposals.name()) + "-rejection") {
  double sigma_y = instance.sigma_y().convert_to<double>();
  if (DPSI_FAULT("posterior.rejection-sigma-y-1pct")) sigma_y *= 1.01;
  two_sigma_y_squared_ = 2.0 * sigma_y * sigma_y;
}

double RejectionSampler::log_likelihood(std::span<const double> y, std::span<const double> x) const {
  if (static_cast<int>(y.size()) != m_ || static_cast<int>(x.size()) != n_ + m_)
    throw std::invalid_argument("RejectionSampler: y must have m entries and x d = n + m");
  double squared = 0;
  int terms = m_;
  if (DPSI_FAULT("posterior.rejection-drops-last-coordinate")) terms = m_ - 1;
  int offset = n_;  // x_F = the last m coordinates
  if (DPSI_FAULT("posterior.rejection-residual-wrong-index")) offset = 0;
  for (int i = 0; i < terms; ++i) {
    const double residual = y[static_cast<std::size_t>(i)] - x[static_cast<std::size_t>(offset + i)];
    squared += residual * residual;
  }
  return -squared / two_sigma_y_squared_;
}

PosteriorDraw RejectionSampler::sample(std::span<const double> y, sampling::RandomSource& source) const {
  if (static_cast<int>(y.size()) != m_) throw std::invalid_argument("RejectionSampler: y must have m = " + std::to_string(m_) + " entries");
  for (const double value : y)
    if (!std::isfinite(value)) throw std::invalid_argument("RejectionSampler: y must be finite");
  PosteriorDraw result;
  std::uint64_t cap = max_proposals_;
  if (cap != 0 && DPSI_FAULT("posterior.rejection-cap-off-by-one")) cap += 1;  // a `<=` for `<` in the loop
  while (cap == 0 || result.proposals < cap) {
    PriorDraw proposal = proposals_.draw(source);
    ++result.proposals;
    const double uniform = (static_cast<double>(source.word() >> 11) + 0.5) * 0x1p-53;  // in (0, 1)
    if (std::log(uniform) <= log_likelihood(y, proposal.x)) {
      if (DPSI_FAULT_SOMETIMES("posterior.rejection-output-unconditional-1pct", 0.01)) proposal = proposals_.draw(source);
      result.x = std::move(proposal.x);
      result.latent_seed = std::move(proposal.latent_seed);
      return result;
    }
  }
  result.failed = true;
  return result;
}

}  // namespace dpsi::posterior
