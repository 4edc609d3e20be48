#include "proofs-checks/tv_transfer_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "dpsi/fault/fault_point.h"

namespace dpsi::checks {
namespace detail {

std::vector<DiscretePriorPair> random_prior_pairs(std::uint64_t seed, int count) {
  std::mt19937_64 engine(seed);
  std::vector<DiscretePriorPair> pairs;
  for (int index = 0; index < count; ++index) {
    DiscretePriorPair pair;
    const int atoms = 2 + static_cast<int>(engine() % 5);  // 2..6
    std::set<long> grid_points;
    while (static_cast<int>(grid_points.size()) < atoms) grid_points.insert(static_cast<long>(engine() % 385) - 192);  // (1/64)Z in [-3, 3]
    for (const long k : grid_points) pair.atoms.emplace_back(k, 64);
    auto weights = [&] {
      std::vector<Rational> w;
      Rational total(0);
      for (int k = 0; k < atoms; ++k) {
        w.emplace_back(1 + static_cast<long>(engine() % 100));
        total += w.back();
      }
      for (Rational& value : w) value /= total;
      return w;
    };
    pair.p = weights();
    pair.p_hat = weights();
    pair.sigma = index % 2 == 0 ? Rational(1, 5) : Rational(1);
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

Rational total_variation(const DiscretePriorPair& pair) {
  Rational sum(0);
  for (std::size_t k = 0; k < pair.atoms.size(); ++k) sum += abs(pair.p[k] - pair.p_hat[k]);
  return sum / 2;
}

namespace {

// Likelihoods L_y(x_k) on a y-ball.
std::vector<Ball> likelihoods(const DiscretePriorPair& pair, const Ball& y) {
  const Ball two_sigma2(Rational(2 * pair.sigma * pair.sigma));
  std::vector<Ball> values;
  for (const Rational& atom : pair.atoms) values.push_back(exp(-sqr(y - Ball(atom)) / two_sigma2));
  return values;
}

// p_Y(y) TV_y = (2 pi sigma^2)^{-1/2} (1/2) sum_k |p_k L_k - p_hat_k L_k a/a_hat| on a y-ball.
Ball integrand(const DiscretePriorPair& pair, const Ball& y) {
  const std::vector<Ball> L = likelihoods(pair, y);
  Ball a(0);
  Ball a_hat(0);
  for (std::size_t k = 0; k < L.size(); ++k) {
    a += Ball(pair.p[k]) * L[k];
    a_hat += Ball(pair.p_hat[k]) * L[k];
  }
  const Ball ratio = a / a_hat;
  Ball sum(0);
  for (std::size_t k = 0; k < L.size(); ++k) sum += abs(Ball(pair.p[k]) * L[k] - Ball(pair.p_hat[k]) * L[k] * ratio);
  const Ball tv_y_times_a = DPSI_FAULT("tv-transfer.posterior-tv-half-dropped") ? sum : mul_2exp(sum, -1);  // TV = (1/2) L1
  return tv_y_times_a / (sqrt(Ball(2) * Ball::pi()) * Ball(pair.sigma));
}

}  // namespace

Ball expected_posterior_tv(const DiscretePriorPair& pair, int boxes) {
  const Rational Y = 3 + 12 * pair.sigma;
  const Rational width = 2 * Y / boxes;
  Rational lower(0);
  Rational upper(0);
  for (int j = 0; j < boxes; ++j) {
    const Rational lo = -Y + width * j;
    const Ball value = integrand(pair, Ball::interval(lo, lo + width));
    if (!value.is_finite()) return Ball::whole_line();
    lower += width * std::max(Rational(0), value.lower_rational());
    upper += width * value.upper_rational();
  }
  // Beyond |y| > Y: TV_y <= 1 and p_Y = sum_k p_k N(x_k, sigma^2) with |x_k| <= 3, so the mass is at most 2 Phibar(12).
  const Ball tail = Ball(2) * normal_tail(Ball(12));
  return Ball::interval(lower, upper) + Ball::hull(Ball(0), tail);
}

PointwiseTransfer pointwise_transfer(const DiscretePriorPair& pair, const Ball& y) {
  const std::vector<Ball> L = likelihoods(pair, y);
  PointwiseTransfer result;
  for (std::size_t k = 0; k < L.size(); ++k) {
    result.a += Ball(pair.p[k]) * L[k];
    result.a_hat += Ball(pair.p_hat[k]) * L[k];
  }
  Ball sum(0);
  for (std::size_t k = 0; k < L.size(); ++k) sum += abs(Ball(pair.p[k]) * L[k] / result.a - Ball(pair.p_hat[k]) * L[k] / result.a_hat);
  result.tv_y = mul_2exp(sum, -1);
  return result;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr int kPriorPairs = 20;
constexpr int kGridPoints = 101;

CheckResult tv_transfer(const CheckContext& context) {
  const PrecisionScope scope(128);
  const int boxes = context.quick ? 500 : 4000;
  const std::vector<detail::DiscretePriorPair> pairs = detail::random_prior_pairs(context.seed, kPriorPairs);
  std::size_t averaged_failures = 0;
  std::size_t pointwise_failures = 0;
  std::size_t amplitude_failures = 0;
  Ball worst_averaged(0);
  Ball worst_pointwise(0);
  Ball worst_amplitude(0);
  CheckResult result;
  for (std::size_t index = 0; index < pairs.size(); ++index) {
    const detail::DiscretePriorPair& pair = pairs[index];
    const Rational tv = detail::total_variation(pair);
    const Ball expected = detail::expected_posterior_tv(pair, boxes);
    // tv > 0 almost surely; a zero TV pair would make the ratios indeterminate and fail the check.
    const Ball averaged_ratio = expected / Ball(2 * tv);
    if (!is_certainly_true(le(averaged_ratio, Ball(1)))) ++averaged_failures;
    worst_averaged = max(worst_averaged, averaged_ratio);
    const Rational Y = 3 + 12 * pair.sigma;
    Ball pair_pointwise(0);
    Ball pair_amplitude(0);
    for (int j = 0; j < kGridPoints; ++j) {
      const Ball y(-Y + 2 * Y * j / (kGridPoints - 1));
      const detail::PointwiseTransfer point = detail::pointwise_transfer(pair, y);
      // TV_y <= (3/2) TV / a(y)  <=>  TV_y a(y) / ((3/2) TV) <= 1;  |a_hat - a| / TV <= 1.
      const Ball pointwise_ratio = point.tv_y * point.a / Ball(Rational(3 * tv / 2));
      const Ball amplitude_ratio = abs(point.a_hat - point.a) / Ball(tv);
      if (!is_certainly_true(le(pointwise_ratio, Ball(1)))) ++pointwise_failures;
      if (!is_certainly_true(le(amplitude_ratio, Ball(1)))) ++amplitude_failures;
      pair_pointwise = max(pair_pointwise, pointwise_ratio);
      pair_amplitude = max(pair_amplitude, amplitude_ratio);
    }
    worst_pointwise = max(worst_pointwise, pair_pointwise);
    worst_amplitude = max(worst_amplitude, pair_amplitude);
    result.log.push_back(fmt::format(
        "E.4: prior pair {}: {} atoms, sigma = {}, TV(p, p^) = {}; E_y TV_y in {} (<= 2 TV: ratio {}); max TV_y a(y)/(1.5 TV) = {}; "
        "max |a^ - a|/TV = {}",
        index + 1, pair.atoms.size(), to_decimal(pair.sigma, 2), to_decimal(tv, 6), expected.str(6), averaged_ratio.mid_str(4),
        pair_pointwise.mid_str(4), pair_amplitude.mid_str(4)));
    if (context.progress) context.progress(static_cast<double>(index + 1) / static_cast<double>(pairs.size()));
  }
  result.passed = averaged_failures == 0 && pointwise_failures == 0 && amplitude_failures == 0;
  result.margin = fmt::format(
      "max E_y TV_y / (2 TV) = {} <= 1 ({} priors, {} y-boxes each); on a {}-point y-grid max TV_y / (1.5 TV/a(y)) = {} <= 1 and "
      "max |a^(y) - a(y)| / TV = {} <= 1",
      worst_averaged.mid_str(4), pairs.size(), boxes, kGridPoints, worst_pointwise.mid_str(4), worst_amplitude.mid_str(4));
  if (!result.passed) {
    auto part = [](std::size_t failures, const std::string& what, const Ball& worst) {
      return failures == 0 ? std::string() : fmt::format("{} not certainly <= 1 in {} cases (max {}); ", what, failures, worst.mid_str(4));
    };
    result.margin = "FAILS: " + part(averaged_failures, "E_y TV_y / (2 TV)", worst_averaged) +
                    part(pointwise_failures, "TV_y / (1.5 TV/a(y))", worst_pointwise) +
                    part(amplitude_failures, "|a^(y) - a(y)| / TV", worst_amplitude) +
                    fmt::format("{} priors, {} y-boxes, {}-point y-grid", pairs.size(), boxes, kGridPoints);
  }
  result.parameters = {{"precision_bits", 128}, {"prior_pairs", kPriorPairs}, {"y_boxes", boxes}, {"y_grid_points", kGridPoints},
                       {"engine", "std::mt19937_64"}};
  return result;
}

}  // namespace

void register_tv_transfer_checks(audit::Registry& registry) {
  registry.add({"E.4:tv-transfer", spec::CheckKind::kCertifiedAtPoints, tv_transfer});
}

}  // namespace dpsi::checks
