// The analytic oracle of C.8 in double (see oracle_score.h).
#include "dpsi/diffusion/oracle_score.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::diffusion {

namespace {
constexpr int kMaxTabulatedSeedBits = 20;
// Lattice points whose weight is below e^-40 times the largest are dropped (see oracle_score.h).
constexpr double kExponentCutoff = 40.0;

void check_sizes(int d, std::span<const double> points, std::size_t count, std::span<double> scores) {
  const std::size_t expected = count * static_cast<std::size_t>(d);
  if (points.size() != expected || scores.size() != expected) {
    throw std::invalid_argument(fmt::format("score: expected {} x {} points and scores, got {} and {} values", count,
                                            d, points.size(), scores.size()));
  }
}
}  // namespace

double lattice_score(int b, double kappa, double t, double delta) {
  if ((b != 0 && b != 1) || !(kappa > 0) || !std::isfinite(kappa) || !(delta > 0) || !std::isfinite(t)) {
    throw std::invalid_argument(fmt::format("lattice_score: need b in {{0,1}}, kappa > 0, delta > 0, finite t (b = {}, "
                                            "kappa = {}, delta = {}, t = {})", b, kappa, delta, t));
  }
  const double kappa2 = kappa * kappa;
  const double mu = t / (1 + kappa2);
  const double v = kappa2 / (1 + kappa2);
  const double shift = b == 0 ? 0.0 : delta / 2;
  // w_k = shift + delta (j0 + k); j0 makes w_0 the lattice point nearest mu.
  const double j0 = std::nearbyint((mu - shift) / delta);
  const double e0 = shift + delta * j0 - mu;
  const double two_v = 2 * v;
  const double base = e0 * e0;
  double weight_sum = 1;      // k = 0
  double offset_sum = e0;     // e_0 * 1
  for (int direction : {-1, 1}) {
    for (double k = direction;; k += direction) {
      const double e = e0 + delta * k;
      const double exponent = (e * e - base) / two_v;
      if (exponent > kExponentCutoff) break;
      const double weight = std::exp(-exponent);
      weight_sum += weight;
      offset_sum += e * weight;
    }
  }
  return -t / (1 + kappa2) + (offset_sum / weight_sum) / kappa2;
}

AnalyticOracleScore::AnalyticOracleScore(const Instance& instance)
    : n_(instance.n()),
      m_(instance.m()),
      a_(instance.a().convert_to<double>()),
      delta_(instance.delta().convert_to<double>()),
      tau2_((instance.tau() * instance.tau()).convert_to<double>()),
      kappa_star2_((instance.kappa_star() * instance.kappa_star()).convert_to<double>()),
      function_(instance.n(), instance.m()) {
  if (n_ <= kMaxTabulatedSeedBits && m_ <= 64) {
    image_table_.resize(std::size_t{1} << n_);
    for (std::uint64_t k = 0; k < image_table_.size(); ++k) image_table_[k] = function_.evaluate_index(k);
  }
}

double AnalyticOracleScore::kappa_of(double sigma) const {
  double tau2 = tau2_;
  if (DPSI_FAULT("diffusion.oracle-tau-1pct")) tau2 *= 1.01 * 1.01;  // the blur taken as 1.01 tau
  return std::sqrt(tau2 + sigma * sigma);
}

bool AnalyticOracleScore::vertex_regime(double sigma) const { return tau2_ + sigma * sigma <= kappa_star2_; }

owf::Bits AnalyticOracleScore::image_of_signs(std::span<const double> x_seed) const {
  owf::Bits signs(static_cast<std::size_t>(n_));
  std::uint64_t index = 0;
  for (int j = 0; j < n_; ++j) {
    signs[static_cast<std::size_t>(j)] = x_seed[static_cast<std::size_t>(j)] > 0 ? 1 : 0;
    index = (index << 1) | signs[static_cast<std::size_t>(j)];
  }
  if (image_table_.empty()) return function_(signs);
  const std::uint64_t word = image_table_[index];
  owf::Bits image(static_cast<std::size_t>(m_));
  for (int i = 0; i < m_; ++i) {
    int shift = m_ - 1 - i;
    if (DPSI_FAULT("diffusion.oracle-image-bit-order")) shift = i;  // the table word read least significant bit first
    image[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((word >> shift) & 1U);
  }
  return image;
}

void AnalyticOracleScore::vertex_score(double kappa, std::span<const double> x, std::span<double> score) const {
  const double kappa2 = kappa * kappa;
  const owf::Bits image = image_of_signs(x.first(static_cast<std::size_t>(n_)));
  for (int j = 0; j < n_; ++j) {
    const double xj = x[static_cast<std::size_t>(j)];
    double amplitude = a_;
    if (DPSI_FAULT("diffusion.oracle-seed-amplitude-1pct")) amplitude *= 1.01;
    if (DPSI_FAULT("diffusion.oracle-seed-sign")) amplitude = -amplitude;  // pulls x_S,j towards -a u_j
    score[static_cast<std::size_t>(j)] = (-xj + (xj > 0 ? amplitude : -amplitude)) / kappa2;
  }
  for (int i = 0; i < m_; ++i) {
    const auto k = static_cast<std::size_t>(n_ + i);
    score[k] = lattice_score(image[static_cast<std::size_t>(i)], kappa, x[k], delta_);
  }
}

void AnalyticOracleScore::large_noise_score(double kappa, std::span<const double> x, std::span<double> score) const {
  const double kappa2 = kappa * kappa;
  for (int j = 0; j < n_; ++j) {
    const double xj = x[static_cast<std::size_t>(j)];
    score[static_cast<std::size_t>(j)] = (-xj + a_ * std::tanh(a_ * xj / kappa2)) / kappa2;
  }
  for (int i = 0; i < m_; ++i) {
    const auto k = static_cast<std::size_t>(n_ + i);
    score[k] = -x[k] / (1 + kappa2);
  }
}

void AnalyticOracleScore::evaluate(double sigma, std::span<const double> points, std::size_t count,
                                   std::span<double> scores) const {
  if (!(sigma > 0) || !std::isfinite(sigma)) throw std::invalid_argument(fmt::format("score: sigma = {} is not > 0", sigma));
  check_sizes(dimension(), points, count, scores);
  const double kappa = kappa_of(sigma);
  const bool vertex = vertex_regime(sigma);
  const auto d = static_cast<std::size_t>(dimension());
  for (std::size_t r = 0; r < count; ++r) {
    const std::span<const double> x = points.subspan(r * d, d);
    const std::span<double> s = scores.subspan(r * d, d);
    if (vertex) {
      vertex_score(kappa, x, s);
    } else {
      large_noise_score(kappa, x, s);
    }
  }
}

}  // namespace dpsi::diffusion
