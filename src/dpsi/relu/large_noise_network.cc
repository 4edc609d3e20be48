#include "dpsi/relu/large_noise_network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"

namespace dpsi::relu {
namespace {

constexpr long kKnotPrecision = 128;  // bits for the knot enclosures (their midpoints are rounded to double)

void require_positive(const Rational& value, const char* what) {
  if (value <= 0) throw std::invalid_argument(std::string(what) + " must be positive");
}

Rational power_of_two(long e) {
  const Rational p(pow(Integer(2), static_cast<unsigned>(std::abs(e))));
  return e >= 0 ? p : Rational(1) / p;
}

// The e with 2^e <= value < 2^(e+1), for value > 0 (exact).
long binary_exponent(const Rational& value) {
  long e = static_cast<long>(msb(numerator(value))) - static_cast<long>(msb(denominator(value)));
  while (power_of_two(e) > value) --e;
  while (power_of_two(e + 1) <= value) ++e;
  return e;
}

// The identity pair ReLU(x), ReLU(-x) of input `input`; returns (positive, negative) node ids.
std::pair<NodeId, NodeId> identity_pair(Network& network, NodeId input) {
  const NodeId positive = network.add_unit(AffineForm::node(input));
  const NodeId negative = network.add_unit(AffineForm::node(input, Rational(-1)));
  return {positive, negative};
}

}  // namespace

std::size_t large_noise_interval_count(const Rational& a, const Rational& eta) {
  require_positive(a, "a");
  require_positive(eta, "eta");
  if (eta >= a) return 0;
  return ceil_of(2 * (a - eta) / eta).convert_to<std::size_t>();
}

Rational large_noise_eta(const Rational& epsilon, const Rational& kappa, int n) {
  require_positive(epsilon, "epsilon");
  require_positive(kappa, "kappa");
  if (n < 1) throw std::invalid_argument("n must be at least 1");
  const long root = std::lround(std::sqrt(static_cast<double>(n)));
  if (static_cast<long>(n) == root * root) return epsilon * kappa / (2 * Rational(root));
  const PrecisionScope scope(kKnotPrecision);
  const Ball value = Ball(epsilon * kappa / 2) / sqrt(Ball(n));
  const Rational lower = value.lower_rational();
  // Round down to 48 significant bits: floor(lower / 2^(e-47)) 2^(e-47), e the exponent of lower.
  const Rational step = power_of_two(binary_exponent(lower) - 47);
  return Rational(floor_of(lower / step)) * step;
}

std::vector<Knot> large_noise_knots(const Rational& a, const Rational& kappa2, const Rational& eta) {
  require_positive(kappa2, "kappa^2");
  const std::size_t intervals = large_noise_interval_count(a, eta);
  if (intervals == 0) return {};
  const PrecisionScope scope(kKnotPrecision);
  std::vector<Knot> knots(intervals + 1);
  const Ball scale = Ball(kappa2 / a);
  for (std::size_t k = 0; k <= intervals; ++k) {
    knots[k].value = -a + eta + 2 * Rational(static_cast<long>(k)) * (a - eta) / Rational(static_cast<long>(intervals));
  }
  for (std::size_t k = 0; 2 * k <= intervals; ++k) {
    const Ball t = scale * atanh(Ball(knots[k].value / a));
    knots[k].t = Rational(t.mid_double());  // doubles are exact rationals
    knots[intervals - k].t = -knots[k].t;   // the levels are symmetric, so are the knots
  }
  for (std::size_t k = 1; k <= intervals; ++k) {
    if (!(knots[k - 1].t < knots[k].t)) throw std::invalid_argument("large-noise knots coincide after rounding to double");
  }
  return knots;
}

Network large_noise_score_network(int n, int m, std::span<const Knot> knots, const Rational& kappa2) {
  if (n < 0 || m < 0) throw std::invalid_argument("n and m must be nonnegative");
  require_positive(kappa2, "kappa^2");
  for (std::size_t k = 1; k < knots.size(); ++k) {
    if (!(knots[k - 1].t < knots[k].t)) throw std::invalid_argument("interpolant knots must strictly increase");
  }
  std::vector<Rational> value(knots.size());
  for (std::size_t k = 0; k < knots.size(); ++k) value[k] = knots[k].value;
  if (DPSI_FAULT("relu.large-noise-interior-knot-off-by-eta") && knots.size() >= 3) {
    const std::size_t middle = knots.size() / 2;
    value[middle] += value[middle + 1] - value[middle];  // one level increment, about eta
  }
  const std::size_t d = static_cast<std::size_t>(n) + static_cast<std::size_t>(m);
  Network network(d);
  network.begin_layer();
  std::vector<AffineForm> outputs;
  for (int j = 0; j < n; ++j) {
    const NodeId input = static_cast<NodeId>(j);
    // m_hat(x) = v_0 + sum_k (lambda_k - lambda_{k-1}) ReLU(x - t_k) (spec C.1(iii)); 0 without knots.
    AffineForm numerator;
    Rational previous_slope = 0;
    for (std::size_t k = 0; k < knots.size(); ++k) {
      const Rational slope = k + 1 < knots.size() ? (value[k + 1] - value[k]) / (knots[k + 1].t - knots[k].t) : Rational(0);
      AffineForm hinge = AffineForm::node(input);
      hinge.bias = -knots[k].t;
      numerator.add(AffineForm::node(network.add_unit(hinge)), slope - previous_slope);
      previous_slope = slope;
    }
    if (!knots.empty()) numerator.bias = value.front();
    // - x = - ReLU(x) + ReLU(-x)
    const auto [positive, negative] = identity_pair(network, input);
    numerator.add(AffineForm::node(positive), Rational(-1));
    numerator.add(AffineForm::node(negative));
    AffineForm output;
    Rational output_scale = 1 / kappa2;
    if (DPSI_FAULT("relu.large-noise-output-scale-1pct")) output_scale *= Rational(101, 100);
    output.add(numerator, output_scale);
    outputs.push_back(output);
  }
  const Rational image_scale = -1 / (1 + kappa2);
  for (int i = 0; i < m; ++i) {
    auto [positive, negative] = identity_pair(network, static_cast<NodeId>(n + i));
    if (DPSI_FAULT("relu.large-noise-image-identity-sign") && i == m - 1) negative = network.add_unit(AffineForm::node(static_cast<NodeId>(n + i)));
    AffineForm output = AffineForm::node(positive, image_scale);
    output.add(AffineForm::node(negative), -image_scale);
    outputs.push_back(output);
  }
  for (const AffineForm& output : outputs) network.add_output(output);
  return network;
}

std::size_t large_noise_unit_count(int n, int m, std::size_t knot_count) {
  const std::size_t seeds = static_cast<std::size_t>(n);
  const std::size_t images = static_cast<std::size_t>(m);
  if (knot_count == 0) return 2 * (seeds + images);
  return seeds * ((knot_count - 1) + 3) + 2 * images;
}

Rational large_noise_weight_bound(const Rational& a, const Rational& kappa2, std::span<const Knot> knots) {
  const Rational t_last = knots.empty() ? Rational(0) : abs(knots.back().t);
  return std::max({Rational(1), t_last, a / kappa2, a * a / (kappa2 * kappa2), 1 / kappa2});
}

LargeNoiseNetwork large_noise_network(const Instance& instance, const Rational& kappa2, const Rational& eta) {
  LargeNoiseNetwork result;
  result.kappa2 = kappa2;
  result.eta = eta;
  result.intervals = large_noise_interval_count(instance.a(), eta);
  result.knots = large_noise_knots(instance.a(), kappa2, eta);
  result.network = large_noise_score_network(instance.n(), instance.m(), result.knots, kappa2);
  return result;
}

NetworkMatch match_large_noise_network(const Network& network, int n, int m, std::span<const Knot> knots,
                                       const Rational& kappa2) {
  require_positive(kappa2, "kappa^2");
  NetworkMatch match;
  const auto fail = [&](std::string what) {
    if (match.defect.empty()) match.defect = std::move(what);
  };
  const std::size_t d = static_cast<std::size_t>(n) + static_cast<std::size_t>(m);
  if (network.num_inputs() != d || network.num_outputs() != d) {
    fail(fmt::format("network has {} inputs and {} outputs, not d = {}", network.num_inputs(), network.num_outputs(), d));
    return match;
  }
  std::vector<Rational> abscissae;
  abscissae.reserve(knots.size() + 1);
  for (const Knot& knot : knots) abscissae.push_back(knot.t);
  if (knots.empty()) abscissae.push_back(Rational(0));  // m_hat = 0: its score -x/kappa^2 vanishes at 0
  const Rational end_slope = -1 / kappa2;
  for (int j = 0; j < n; ++j) {
    const std::size_t output = static_cast<std::size_t>(j);
    const CoordinateFunction g = coordinate_function(network, output, static_cast<NodeId>(j), abscissae);
    ++match.comparisons;
    if (!g.defect.empty()) {
      fail("seed output " + std::to_string(j) + ": " + g.defect);
      continue;
    }
    bool ok = true;
    for (const Rational& kink : g.kinks) {
      ++match.comparisons;
      if (knots.empty() || !std::binary_search(abscissae.begin(), abscissae.end(), kink)) {
        fail(fmt::format("seed output {}: kink at {} is not a knot", j, to_decimal(kink, 12)));
        ok = false;
        break;
      }
    }
    for (std::size_t k = 0; k < abscissae.size(); ++k) {
      ++match.comparisons;
      const Rational expected = knots.empty() ? Rational(0) : (knots[k].value - knots[k].t) / kappa2;
      if (g.values[k] != expected) {
        fail(fmt::format("seed output {}: at knot {} (t = {}) the network's m_hat = {}, the stored level is {}", j, k,
                         to_decimal(abscissae[k], 10), to_decimal(kappa2 * g.values[k] + abscissae[k], 10),
                         to_decimal(kappa2 * expected + abscissae[k], 10)));
        ok = false;
      }
    }
    match.comparisons += 2;
    if (g.left_slope != end_slope || g.right_slope != end_slope) {
      fail(fmt::format("seed output {}: slopes beyond the end knots {} and {}, not -1/kappa^2 = {} (m_hat not constant there)", j,
                       to_decimal(g.left_slope, 8), to_decimal(g.right_slope, 8), to_decimal(end_slope, 8)));
      ok = false;
    }
    match.outputs += ok ? 1 : 0;
  }
  const Rational image_slope = -1 / (1 + kappa2);
  const std::vector<Rational> origin = {Rational(0)};
  for (int i = 0; i < m; ++i) {
    const std::size_t output = static_cast<std::size_t>(n + i);
    const CoordinateFunction g = coordinate_function(network, output, static_cast<NodeId>(n + i), origin);
    match.comparisons += 3;
    if (!g.defect.empty()) {
      fail("image output " + std::to_string(i) + ": " + g.defect);
      continue;
    }
    if (!g.kinks.empty() || g.left_slope != image_slope || g.values[0] != 0) {
      fail(fmt::format("image output {}: {} kinks, slope {} (expected -1/(1+kappa^2) = {}), value {} at 0", i, g.kinks.size(),
                       to_decimal(g.left_slope, 8), to_decimal(image_slope, 8), to_decimal(g.values[0], 8)));
      continue;
    }
    ++match.outputs;
  }
  match.holds = match.defect.empty() && match.outputs == d;
  return match;
}

InterpolantCertificate certify_large_noise_interpolant(std::span<const Knot> knots, const Rational& a,
                                                       const Rational& kappa2, const Rational& bound) {
  require_positive(a, "a");
  require_positive(kappa2, "kappa^2");
  InterpolantCertificate certificate;
  bool all_true = true;
  bool any_false = false;
  auto record = [&](Certainty within) {
    if (within != Certainty::kTrue) ++certificate.violations;
    all_true = all_true && within == Certainty::kTrue;
    any_false = any_false || within == Certainty::kFalse;
  };
  auto decide = [&](const Ball& error) { record(le(error, Ball(bound))); };
  // Rational parts are decided exactly: an increment or gap equal to eta = 1/800 is not a short
  // dyadic, and its enclosure could not be compared with eta's.
  auto decide_exact = [&](const Rational& error) { record(error <= bound ? Certainty::kTrue : Certainty::kFalse); };
  if (knots.empty()) {  // m_hat = 0: sup |m| = a, not attained
    certificate.left_gap = certificate.right_gap = Ball(a);
    decide_exact(a);
    certificate.holds = all_true ? Certainty::kTrue : (any_false ? Certainty::kFalse : Certainty::kUndecided);
    return certificate;
  }
  const Ball ball_a(a);
  const Ball y_scale(a / kappa2);
  auto m_at = [&](const Rational& t) { return ball_a * tanh(y_scale * Ball(t)); };
  // sup |m''| on [t_lo, t_hi] <= 2 (a^3/kappa^4) sup|tanh y| sup sech^2 y over the y-interval.
  const Ball curvature_scale = Ball(2) * pow(ball_a, 3) / sqr(Ball(kappa2));
  auto curvature_sup = [&](const Rational& lo, const Rational& hi) {
    const Ball y = Ball::interval(a * lo / kappa2, a * hi / kappa2);
    const Ball th = tanh(y);
    const Ball sech2 = Ball(1) - sqr(th);
    return curvature_scale * Ball(abs(th).upper_rational()) * Ball(sech2.upper_rational());
  };
  std::vector<Ball> offsets;  // v_k - m(t_k)
  std::vector<Ball> values;   // m(t_k)
  offsets.reserve(knots.size());
  values.reserve(knots.size());
  for (const Knot& knot : knots) {
    values.push_back(m_at(knot.t));
    offsets.push_back(Ball(knot.value) - values.back());
    certificate.max_value_offset = max(certificate.max_value_offset, abs(offsets.back()));
  }
  // Beyond the end knots.
  const Rational left_level_gap = knots.front().value + a;
  const Rational right_level_gap = a - knots.back().value;
  certificate.left_gap = max(Ball(left_level_gap), abs(offsets.front()));
  certificate.right_gap = max(Ball(right_level_gap), abs(offsets.back()));
  decide_exact(left_level_gap);
  decide(abs(offsets.front()));
  decide_exact(right_level_gap);
  decide(abs(offsets.back()));
  // Interior intervals.
  for (std::size_t k = 0; k + 1 < knots.size(); ++k) {
    const Rational h = knots[k + 1].t - knots[k].t;
    const Ball error = max(abs(offsets[k]), abs(offsets[k + 1])) + Ball(h * h / 8) * curvature_sup(knots[k].t, knots[k + 1].t);
    decide(error);
    if (k == 0 || is_certainly_true(gt(error, certificate.max_interval_error))) {
      certificate.max_interval_error = error;
      certificate.worst_interval = k;
    }
    certificate.max_increment = max(certificate.max_increment, values[k + 1] - values[k]);
    certificate.max_level_increment = std::max(certificate.max_level_increment, Rational(knots[k + 1].value - knots[k].value));
  }
  decide_exact(certificate.max_level_increment);
  certificate.holds = all_true ? Certainty::kTrue : (any_false ? Certainty::kFalse : Certainty::kUndecided);
  return certificate;
}

}  // namespace dpsi::relu
