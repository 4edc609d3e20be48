#include "dpsi/posterior/seed_rejection_sampler.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/posterior/image_evaluator.h"

namespace dpsi::posterior {
namespace {

constexpr long kTablePrecision = 128;

// A double as an exact Ball: mantissa * 2^exponent.
Ball exact_ball(double value) {
  int exponent = 0;
  const double fraction = std::frexp(value, &exponent);
  const auto mantissa = static_cast<long>(std::ldexp(fraction, 53));
  return mul_2exp(Ball(mantissa), static_cast<long>(exponent) - 53);
}

void require_measurement(const Instance& instance, std::span<const double> y, const char* who) {
  if (static_cast<int>(y.size()) != instance.m())
    throw std::invalid_argument(std::string(who) + ": y must have m = " + std::to_string(instance.m()) + " entries");
  for (const double value : y)
    if (!std::isfinite(value)) throw std::invalid_argument(std::string(who) + ": y must be finite");
}

Ball log_h(const Instance& instance, int c, const Ball& t) {
  const Ball nu = sqrt(sqr(Ball(instance.tau())) + sqr(Ball(instance.sigma_y())));
  const Ball nu2 = sqr(nu);
  const Ball v = nu2 / (Ball(1) + nu2);
  const Ball switch_point = sqr(Ball(instance.delta())) / (Ball(2) * Ball::pi());
  const density::SmoothedLattice h =
      v.mid_double() < switch_point.mid_double()
          ? density::lattice_form(c, nu, t, instance.delta(), density::normaliser(c, instance.delta()))
          : density::theta_form(c, nu, t, instance.delta());
  return log(h.density);
}

}  // namespace

double log_measurement_density(const Instance& instance, int c, double t) {
  if (c != 0 && c != 1) throw std::invalid_argument("log_measurement_density: c must be 0 or 1");
  if (!std::isfinite(t)) throw std::invalid_argument("log_measurement_density: t must be finite");
  const PrecisionScope scope(kTablePrecision);
  return log_h(instance, c, exact_ball(t)).mid_double();
}

AcceptanceTable::AcceptanceTable(const Instance& instance, std::span<const double> y) : m_(instance.m()) {
  if (m_ > 64) throw std::invalid_argument("AcceptanceTable: needs m <= 64");
  require_measurement(instance, y, "AcceptanceTable");
  const PrecisionScope scope(kTablePrecision);
  ratios_.resize(static_cast<std::size_t>(2 * m_));
  for (int i = 0; i < m_; ++i) {
    const Ball t = exact_ball(y[static_cast<std::size_t>(i)]);
    const Ball h0 = log_h(instance, 0, t);
    const Ball h1 = log_h(instance, 1, t);
    // The larger one by midpoints; the ratio of the other is e^{difference}, the difference rounded once.
    const bool one_larger = h1.mid_double() > h0.mid_double();
    const double log_ratio = (one_larger ? h0 - h1 : h1 - h0).mid_double();
    ratios_[static_cast<std::size_t>(2 * i + (one_larger ? 1 : 0))] = 1.0;
    ratios_[static_cast<std::size_t>(2 * i + (one_larger ? 0 : 1))] = std::exp(std::min(log_ratio, 0.0));
    decoded_ = (decoded_ << 1) | (one_larger ? 1U : 0U);
  }
  for (int first = 0; first < m_; first += 8) {
    const int width = std::min(8, m_ - first);
    std::array<double, 256> table{};
    for (unsigned value = 0; value < (1U << width); ++value) {
      double product = 1.0;
      for (int k = 0; k < width; ++k) {
        const int bit = static_cast<int>((value >> (width - 1 - k)) & 1U);
        product *= ratio(first + k, bit);
      }
      table[value] = product;
    }
    tables_.push_back(table);
  }
}

SeedRejectionSampler::SeedRejectionSampler(const Instance& instance, std::uint64_t max_proposals)
    : draw_(instance), max_proposals_(max_proposals) {
  if (instance.n() > 64 || instance.m() > 64)
    throw std::invalid_argument("SeedRejectionSampler: needs n <= 64 and m <= 64");
}

PosteriorDraw SeedRejectionSampler::sample(std::span<const double> y, sampling::RandomSource& source) const {
  const AcceptanceTable table(instance(), y);
  return sample(table, y, source);
}

PosteriorDraw SeedRejectionSampler::sample(const AcceptanceTable& table, std::span<const double> y,
                                           sampling::RandomSource& source) const {
  require_measurement(instance(), y, "SeedRejectionSampler");
  if (table.m() != instance().m()) throw std::invalid_argument("SeedRejectionSampler: table has the wrong m");
  const int n = instance().n();
  const int m = instance().m();
  ImageEvaluator f(n, m);
  PosteriorDraw result;
  for (;;) {
    if (max_proposals_ != 0 && result.proposals == max_proposals_) {
      result.failed = true;
      return result;
    }
    ++result.proposals;
    const std::uint64_t index = source.word() >> (64 - n);
    const std::uint64_t image = f(index);
    const double accept = table(image);
    const double u = static_cast<double>(source.word() >> 11) * 0x1p-53;
    if (u < accept || DPSI_FAULT_SOMETIMES("posterior.seed-rejection-accepts-1pct-of-rejections", 0.01)) {
      owf::Bits seed(static_cast<std::size_t>(n));
      for (int j = 0; j < n; ++j) seed[static_cast<std::size_t>(j)] = static_cast<std::uint8_t>((index >> (n - 1 - j)) & 1U);
      owf::Bits bits(static_cast<std::size_t>(m));
      for (int i = 0; i < m; ++i) bits[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((image >> (m - 1 - i)) & 1U);
      result.x = draw_(seed, bits, y, source);
      result.latent_seed = std::move(seed);
      return result;
    }
  }
}

}  // namespace dpsi::posterior
