// File: dpsi/sampling/lattice_cdf.cc
// The enclosed CDF of a (parity-conditioned) discrete Gaussian and the goodness-of-fit statistics.
#include "dpsi/sampling/lattice_cdf.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <boost/math/special_functions/gamma.hpp>

#include "dpsi/fault/fault_point.h"
#include "dpsi/stats/mean_tests.h"

namespace dpsi::sampling {
namespace {

constexpr std::int64_t kMaxCutoff = 100'000'000;

std::int64_t floor_mod2(std::int64_t x) { return ((x % 2) + 2) % 2; }

}  // namespace

LatticeGaussianCdf::LatticeGaussianCdf(const Rational& sigma2, int parity, long precision)
    : sigma2_(sigma2), parity_(parity), precision_(precision) {
  if (sigma2 <= 0) throw std::invalid_argument("LatticeGaussianCdf: sigma2 must be > 0");
  if (parity < -1 || parity > 1) throw std::invalid_argument("LatticeGaussianCdf: parity must be -1, 0 or 1");
  if (precision < 64) throw std::invalid_argument("LatticeGaussianCdf: precision must be >= 64 bits");
  const PrecisionScope scope(precision);
  step_ = parity < 0 ? 1 : 2;
  // M with e^{-(M+1)^2/(2s)} <= 2^-(precision+30): (M+1)^2 >= 2 s (precision+30) ln 2. The choice only
  // affects tightness; the tail bound below is rigorous for any M.
  const double s = sigma2.convert_to<double>();
  const double estimate = std::ceil(std::sqrt(2.0 * s * static_cast<double>(precision + 30) * std::log(2.0)));
  if (!(estimate <= static_cast<double>(kMaxCutoff))) {
    throw std::invalid_argument("LatticeGaussianCdf: sigma2 too large (cutoff above 1e8)");
  }
  cutoff_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(estimate));
  first_ = -cutoff_;
  if (step_ == 2 && floor_mod2(first_) != parity) ++first_;
  const std::int64_t count = (cutoff_ - first_) / step_ + 1;
  const Ball two_s(Rational(2 * sigma2));
  weight_.reserve(static_cast<std::size_t>(count));
  prefix_.reserve(static_cast<std::size_t>(count));
  Ball sum(0);
  const bool exclusive = DPSI_FAULT("sampling.lattice-cdf-exclusive-prefix");  // prefix_[i] must include weight_[i]
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t j = first_ + step_ * i;
    weight_.push_back(exp(-(Ball(j) * Ball(j)) / two_s));
    if (exclusive) prefix_.push_back(sum);
    sum += weight_.back();
    if (!exclusive) prefix_.push_back(sum);
  }
  const Ball m1(cutoff_ + 1);
  tail_ = exp(-(m1 * m1) / two_s) / (Ball(1) - exp(-m1 / Ball(sigma2)));
  if (!tail_.is_finite() || !is_certainly_true(ge(tail_, Ball(0)))) {
    throw std::logic_error("LatticeGaussianCdf: tail bound not finite");
  }
  normaliser_ = prefix_.back() + Ball::interval(0, 2 * tail_.upper_rational());
}

bool LatticeGaussianCdf::in_class(std::int64_t x) const { return step_ == 1 || floor_mod2(x) == parity_; }

std::int64_t LatticeGaussianCdf::index_of(std::int64_t x) const {
  if (x < first_) return -1;
  const std::int64_t last = static_cast<std::int64_t>(prefix_.size()) - 1;
  return std::min(last, (x - first_) / step_);
}

Ball LatticeGaussianCdf::cdf(std::int64_t x) const {
  const PrecisionScope scope(precision_);
  const Ball one_tail = Ball::interval(0, tail_.upper_rational());
  // mass <= x: lower tail (in [0, T]) + tabulated members <= x + (beyond M) part of the upper tail.
  Ball mass = one_tail;
  const std::int64_t index = index_of(x);
  if (index >= 0) mass += prefix_[static_cast<std::size_t>(index)];
  if (x > cutoff_) mass += one_tail;
  return mass / normaliser_;
}

Ball LatticeGaussianCdf::pmf(std::int64_t x) const {
  const PrecisionScope scope(precision_);
  if (!in_class(x)) return Ball(0);
  if (x < -cutoff_ || x > cutoff_) return Ball::interval(0, tail_.upper_rational()) / normaliser_;
  return weight_[static_cast<std::size_t>((x - first_) / step_)] / normaliser_;
}

KsDistance ks_distance(const Histogram& histogram, const LatticeGaussianCdf& cdf) {
  KsDistance result;
  for (const auto& [value, count] : histogram) result.draws += count;
  if (result.draws == 0) throw std::invalid_argument("ks_distance: empty histogram");
  // Jump points of F_N (the sample values) and of F (class members in [-M, M]; beyond M, F is handled
  // by monotonicity: on [p, p') with F_N constant the sup of |F_N - F| is attained at p or p' - 1).
  std::set<std::int64_t> points;
  for (const auto& entry : histogram) points.insert(entry.first);
  for (std::int64_t j = -cdf.cutoff(); j <= cdf.cutoff(); ++j) {
    if (cdf.in_class(j)) points.insert(j);
  }
  const Ball n(Rational(static_cast<long>(result.draws)));
  bool first = true;
  auto consider = [&](std::int64_t x, std::uint64_t cumulative) {
    const Ball empirical = Ball(Rational(static_cast<long>(cumulative))) / n;
    const Ball difference = abs(empirical - cdf.cdf(x));
    if (!difference.is_finite()) throw std::logic_error("ks_distance: enclosure not finite");
    const Rational upper = difference.upper_rational();
    ++result.points;
    if (first || upper > result.upper) {
      result.upper = upper;
      result.at = x;
      first = false;
    }
  };
  std::uint64_t cumulative = 0;
  for (const std::int64_t p : points) {
    consider(p - 1, cumulative);  // F_N(p - 1) = count of draws < p
    const auto found = histogram.find(p);
    if (found != histogram.end()) cumulative += found->second;
    consider(p, cumulative);
  }
  return result;
}

ChiSquare pearson_chi_square(const Histogram& histogram, const LatticeGaussianCdf& cdf, double min_expected) {
  std::uint64_t total = 0;
  for (const auto& entry : histogram) total += entry.second;
  const double n = static_cast<double>(total);
  ChiSquare result;
  double expected_big = 0;
  double observed_big = 0;
  for (std::int64_t j = -cdf.cutoff(); j <= cdf.cutoff(); ++j) {
    if (!cdf.in_class(j)) continue;
    const double expected = n * cdf.pmf(j).mid_double();
    if (expected < min_expected) continue;
    const auto found = histogram.find(j);
    const double observed = found == histogram.end() ? 0.0 : static_cast<double>(found->second);
    result.statistic += (observed - expected) * (observed - expected) / expected;
    expected_big += expected;
    observed_big += observed;
    ++result.bins;
  }
  const double expected_rest = n - expected_big;
  if (expected_rest >= min_expected) {
    const double observed_rest = n - observed_big;
    result.statistic += (observed_rest - expected_rest) * (observed_rest - expected_rest) / expected_rest;
    ++result.bins;
  }
  result.degrees_of_freedom = std::max(0, result.bins - 1);
  result.p_value = result.degrees_of_freedom > 0
                       ? boost::math::gamma_q(result.degrees_of_freedom / 2.0, result.statistic / 2.0)
                       : 1.0;
  return result;
}

Ball dkw_radius(std::uint64_t draws, const Rational& gamma) {
  if (draws == 0 || gamma <= 0 || gamma >= 2) throw std::invalid_argument("dkw_radius: need N >= 1, 0 < gamma < 2");
  return stats::hoeffding_radius(draws, gamma);  // the DKW radius has the Hoeffding form
}

}  // namespace dpsi::sampling
