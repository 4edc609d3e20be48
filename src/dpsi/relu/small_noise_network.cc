#include "dpsi/relu/small_noise_network.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/theta.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/gadgets.h"

namespace dpsi::relu {
namespace {

constexpr long kCertificationBits = 128;

Rational half_lattice_offset(int b, const Rational& delta) { return b == 0 ? Rational(0) : delta / 2; }

// r_b at mu = u (v = kappa^2/(1+kappa^2)) in double: the posterior mean offset of the lattice
// Gaussian, summed over the lattice points within 40 sqrt(v) + 2 delta of u (the rest is below
// e^-800 relative). Only used to place knots; every stored value is certified afterwards.
double residual_double(int b, double u, double v, double delta) {
  const double theta_b = b * delta / 2;
  const double nearest = theta_b + std::round((u - theta_b) / delta) * delta;
  const int reach = static_cast<int>(std::ceil(40 * std::sqrt(v) / delta)) + 2;
  double weighted = 0;
  double total = 0;
  for (int j = -reach; j <= reach; ++j) {
    const double offset = nearest + j * delta - u;
    const double weight = std::exp(-offset * offset / (2 * v));
    weighted += offset * weight;
    total += weight;
  }
  return weighted / total;
}

// r_b(u) certified: first moment / sum of the lattice Gaussian on Lambda_b about u (theta.h).
Ball residual_ball(int b, const Rational& u, const Rational& v, const Rational& delta) {
  const theta::LatticeMoments moments =
      theta::lattice_gaussian_moments(Ball(half_lattice_offset(b, delta)), Ball(u), Ball(v), delta);
  return moments.first_moment / moments.sum;
}

// Knots of one b: m_b(u) = u + r_b(u) at the levels m_b(cut) + k delta / K_b, k = 1 .. K_b - 1.
std::vector<double> equal_increment_knots(int b, double cut, double v, double delta, long levels) {
  const auto m = [&](double u) { return u + residual_double(b, u, v, delta); };
  const double m_cut = m(cut);
  std::vector<double> knots;
  knots.reserve(static_cast<std::size_t>(levels));
  double lo = cut;
  for (long k = 1; k < levels; ++k) {
    const double target = m_cut + delta * static_cast<double>(k) / static_cast<double>(levels);
    double hi = cut + delta;
    double left = lo;
    for (int iteration = 0; iteration < 80 && hi - left > 0; ++iteration) {
      const double mid = left + (hi - left) / 2;
      if (mid <= left || mid >= hi) break;
      (m(mid) < target ? left : hi) = mid;
    }
    knots.push_back(left);
    lo = left;
  }
  return knots;
}

Rational rational_of(double value) { return Rational(value); }

}  // namespace

PeriodKnots period_knots(const Rational& delta, const Rational& kappa2, const Rational& eta, const Rational& window) {
  if (delta <= 0 || kappa2 <= 0 || eta <= 0) throw std::invalid_argument("period_knots needs delta, kappa^2, eta > 0");
  if (window <= 0 || window >= delta / 4) throw std::invalid_argument("period_knots needs 0 < window < delta/4");
  const Rational v = kappa2 / (1 + kappa2);
  const Rational slack_eta = eta * Rational(255, 256);
  const long levels = std::max<long>(1, ceil_of(delta / slack_eta).convert_to<long>());
  PeriodKnots knots;
  knots.cut = delta / 4 - window / 2;
  const double cut = static_cast<double>(knots.cut);
  const double delta_d = static_cast<double>(delta);
  const double v_d = static_cast<double>(v);
  std::vector<double> interior;
  for (int b = 0; b < 2; ++b) {
    const std::vector<double> own = equal_increment_knots(b, cut, v_d, delta_d, levels);
    interior.insert(interior.end(), own.begin(), own.end());
  }
  std::sort(interior.begin(), interior.end());
  interior.erase(std::unique(interior.begin(), interior.end()), interior.end());
  const Rational end = knots.cut + delta;
  knots.u.push_back(knots.cut);
  for (const double u : interior) {
    const Rational exact = rational_of(u);
    if (exact > knots.u.back() && exact < end) knots.u.push_back(exact);
  }
  knots.u.push_back(end);
  const Rational half = delta / 2;
  for (int b = 0; b < 2; ++b) {
    auto& values = knots.residual[static_cast<std::size_t>(b)];
    values.reserve(knots.u.size());
    for (const Rational& u : knots.u) {
      Rational value = rational_of(residual_double(b, static_cast<double>(u), v_d, delta_d));
      values.push_back(std::clamp(value, Rational(-half), half));
    }
    values.back() = values.front();  // r_b is delta-periodic
    if (DPSI_FAULT("relu.period-knot-residual-off-by-half-eta") && b == 0) values[values.size() / 2] += eta / 2;
  }
  // gate_{delta/2} needs |R_1 - R_0| <= delta/2 (C.5(b) for the exact residuals; rounding may
  // overshoot by a few ulps, which moving R_1 towards R_0 undoes at the same cost in accuracy).
  for (std::size_t k = 0; k < knots.u.size(); ++k) {
    const Rational difference = knots.residual[1][k] - knots.residual[0][k];
    if (difference > half) knots.residual[1][k] = knots.residual[0][k] + half;
    if (difference < -half) knots.residual[1][k] = knots.residual[0][k] - half;
  }
  return knots;
}

KnotCertificate certify_period_knots(const PeriodKnots& knots, const Rational& delta, const Rational& kappa2,
                                     const Rational& eta) {
  const PrecisionScope precision(kCertificationBits);
  const Rational v = kappa2 / (1 + kappa2);
  KnotCertificate certificate;
  Certainty holds = Certainty::kTrue;
  for (int b = 0; b < 2; ++b) {
    const auto& stored = knots.residual[static_cast<std::size_t>(b)];
    Rational max_increment(0);
    Rational max_rounding(0);
    Ball previous;
    for (std::size_t k = 0; k < knots.u.size(); ++k) {
      const Ball exact = residual_ball(b, knots.u[k], v, delta);
      if (!exact.is_finite()) {
        holds = Certainty::kUndecided;
        break;
      }
      max_rounding = std::max(max_rounding, abs(exact - Ball(stored[k])).upper_rational());
      if (k > 0) {
        const Ball increment = Ball(knots.u[k] - knots.u[k - 1]) + exact - previous;
        max_increment = std::max(max_increment, increment.upper_rational());
      }
      previous = exact;
    }
    certificate.max_increment[static_cast<std::size_t>(b)] = max_increment;
    certificate.max_rounding[static_cast<std::size_t>(b)] = max_rounding;
    if (holds == Certainty::kTrue && max_increment + max_rounding > eta) holds = Certainty::kFalse;
  }
  certificate.holds = holds;
  return certificate;
}

Ball window_probability_bound(const Rational& delta, const Rational& kappa2, const Rational& window) {
  const PrecisionScope precision(kCertificationBits);
  const Rational v = kappa2 / (1 + kappa2);
  const Ball density_factor =
      Ball(1 / (delta - window)) + Ball(3) * sqrt(Ball(1 + kappa2)) / sqrt(Ball(2) * Ball::pi());
  Ball worst(0);
  for (int b = 0; b < 2; ++b) {
    // Two enclosures of sup theta over the window: the Fourier series (tight for large v) and the
    // Poisson-dual lattice sum (tight for small v, where the series' interval extension is not).
    const Rational centre = delta / 4 - half_lattice_offset(b, delta);
    const Ball fourier = theta::theta(Ball::interval(centre - window / 2, centre + window / 2), Ball(v), delta);
    const Ball window_mu = Ball::interval(delta / 4 - window / 2, delta / 4 + window / 2);
    const Ball lattice = Ball(delta) / sqrt(Ball(2) * Ball::pi() * Ball(v)) *
                         theta::lattice_gaussian_sum(Ball(half_lattice_offset(b, delta)), window_mu, Ball(v), delta);
    const Ball sup_theta(std::min(fourier.is_finite() ? fourier.upper_rational() : lattice.upper_rational(),
                                  lattice.is_finite() ? lattice.upper_rational() : fourier.upper_rational()));
    const Ball normaliser = theta::theta(Ball(half_lattice_offset(b, delta)), Ball(1), delta);
    const Ball bound = Ball(window) * sup_theta / normaliser * density_factor;
    worst = b == 0 ? bound : max(worst, bound);
  }
  return worst;
}

Rational choose_window(const Rational& delta, const Rational& kappa2, const Rational& target) {
  if (target <= 0) throw std::invalid_argument("choose_window needs a positive target");
  Rational window = delta / 256;
  for (int k = 8; k <= 48; ++k, window /= 2) {
    const Ball bound = window_probability_bound(delta, kappa2, window);
    if (bound.is_finite() && bound.upper_rational() <= target) return window;
  }
  throw std::invalid_argument(fmt::format("no ramp window delta 2^-k (k <= 48) reaches P_W <= {}", to_decimal(target, 6)));
}

namespace {

// The layers after the front end and the circuit (spec C.4 with Erratum 24), appended to
// `network`: x[i] are the input forms, bits[j] the soft bits, c[i] the circuit outputs.
struct TailPlan {
  Rational a, delta, kappa2, window, B;
  const PeriodKnots* knots;
};

std::size_t append_tail(Network& network, const std::vector<AffineForm>& x, const std::vector<AffineForm>& bits,
                        const std::vector<AffineForm>& c, const TailPlan& plan) {
  const std::size_t n = bits.size();
  const std::size_t m = c.size();
  const Rational& delta = plan.delta;
  const Rational one_plus = 1 + plan.kappa2;
  const Rational mu_lo = -plan.B / one_plus;
  const Rational mu_hi = plan.B / one_plus;
  const PeriodKnots& knots = *plan.knots;
  const long j_first = ceil_of((mu_lo - delta - knots.cut) / delta).convert_to<long>();
  const long j_last = floor_of((mu_hi - knots.cut) / delta).convert_to<long>();
  const long ramps = j_last - j_first + 1;
  const std::size_t K = knots.u.size() - 1;
  // Ramp j: a = ReLU((mu - c_j)/window), b = ReLU(1 - a); clamp01((mu - c_j)/window) = 1 - b, and
  // both values stay in [0, 1]-ish ranges except a, which saturates b exactly.
  std::vector<std::vector<NodeId>> ramp_a(m), ramp_b(m);
  network.begin_layer();
  for (std::size_t i = 0; i < m; ++i) {
    for (long j = j_first; j <= j_last; ++j) {
      const Rational start = knots.cut + delta * j;
      const Rational window = DPSI_FAULT("relu.small-noise-ramp-width-doubled") ? 2 * plan.window : plan.window;
      AffineForm z = x[n + i];
      for (auto& term : z.terms) term.second /= one_plus * window;
      z.bias = z.bias / (one_plus * window) - start / window;
      ramp_a[i].push_back(network.add_unit(z));
    }
  }
  network.begin_layer();
  for (std::size_t i = 0; i < m; ++i) {
    for (const NodeId a : ramp_a[i]) {
      AffineForm complement = AffineForm::constant(Rational(1));
      complement.terms.emplace_back(a, Rational(-1));
      ramp_b[i].push_back(network.add_unit(complement));
    }
  }
  // S = mu - delta (j_first - 1) - delta sum_j (1 - b_j); p = ReLU(S - u_0), q = ReLU(S - u_K), and
  // S_clamped = u_0 + p - q has the same interpolant values (constant outside [u_0, u_K]).
  std::vector<std::pair<NodeId, NodeId>> clamps(m);
  network.begin_layer();
  for (std::size_t i = 0; i < m; ++i) {
    AffineForm s = x[n + i];
    for (auto& term : s.terms) term.second /= one_plus;
    s.bias = s.bias / one_plus - delta * (j_first - 1) - delta * ramps;
    for (const NodeId b : ramp_b[i]) s.terms.emplace_back(b, delta);
    AffineForm above_first = s;
    above_first.bias -= knots.u.front();
    AffineForm above_last = s;
    above_last.bias -= knots.u.back();
    clamps[i].first = network.add_unit(above_first);
    clamps[i].second = network.add_unit(above_last);
  }
  // Interior hinges ReLU(S_clamped - u_k), 1 <= k < K.
  std::vector<std::vector<NodeId>> hinges(m);
  network.begin_layer();
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 1; k < K; ++k) {
      AffineForm hinge = AffineForm::constant(knots.u.front() - knots.u[k]);
      hinge.terms.emplace_back(clamps[i].first, Rational(1));
      hinge.terms.emplace_back(clamps[i].second, Rational(-1));
      hinges[i].push_back(network.add_unit(hinge));
    }
  }
  // r_hat_b(S) = R_b(u_0) + lambda_0 (p - q) + sum_{k=1}^{K-1} (lambda_k - lambda_{k-1}) hinge_k.
  std::array<std::vector<Rational>, 2> slopes;
  for (std::size_t b = 0; b < 2; ++b) {
    for (std::size_t k = 0; k < K; ++k) {
      slopes[b].push_back((knots.residual[b][k + 1] - knots.residual[b][k]) / (knots.u[k + 1] - knots.u[k]));
    }
  }
  // weight1 r_hat_1 + weight0 r_hat_0 as one form over the clamp units and hinges of coordinate i.
  const auto residual_form = [&](std::size_t i, const Rational& weight1, const Rational& weight0) {
    const auto combined = [&](const Rational& value1, const Rational& value0) { return weight1 * value1 + weight0 * value0; };
    AffineForm form = AffineForm::constant(combined(knots.residual[1][0], knots.residual[0][0]));
    const Rational first_slope = combined(slopes[1][0], slopes[0][0]);
    if (first_slope != 0) {
      form.terms.emplace_back(clamps[i].first, first_slope);
      form.terms.emplace_back(clamps[i].second, -first_slope);
    }
    for (std::size_t k = 1; k < K; ++k) {
      const Rational weight = combined(slopes[1][k] - slopes[1][k - 1], slopes[0][k] - slopes[0][k - 1]);
      if (weight != 0) form.terms.emplace_back(hinges[i][k - 1], weight);
    }
    return form;
  };
  // gate_{delta/2}(c_i, r_hat_1 - r_hat_0) (G6): ReLU(+-t + M c - M).
  const Rational M = delta / 2;
  std::vector<std::pair<NodeId, NodeId>> gates(m);
  network.begin_layer();
  for (std::size_t i = 0; i < m; ++i) {
    for (const int sign : {1, -1}) {
      AffineForm argument = residual_form(i, Rational(sign), Rational(-sign));
      argument.add(c[i], M);
      argument.bias -= M;
      const NodeId unit = network.add_unit(argument);
      (sign > 0 ? gates[i].first : gates[i].second) = unit;
    }
  }
  const Rational inverse_kappa2 = 1 / plan.kappa2;
  const Rational residual_scale =
      DPSI_FAULT("relu.small-noise-output-scale-1pct") ? inverse_kappa2 * Rational(101, 100) : inverse_kappa2;
  const Rational seed_scale =
      DPSI_FAULT("relu.small-noise-seed-output-scale-1pct") ? inverse_kappa2 * Rational(101, 100) : inverse_kappa2;
  for (std::size_t j = 0; j < n; ++j) {
    AffineForm score = AffineForm::constant(-plan.a * seed_scale);
    score.add(bits[j], 2 * plan.a * seed_scale);
    score.add(x[j], -seed_scale);
    network.add_output(score);
  }
  for (std::size_t i = 0; i < m; ++i) {
    AffineForm score = residual_form(i, Rational(0), residual_scale);
    score.add(x[n + i], -1 / one_plus);
    score.terms.emplace_back(gates[i].first, residual_scale);
    score.terms.emplace_back(gates[i].second, -residual_scale);
    network.add_output(score);
  }
  return static_cast<std::size_t>(ramps);
}

std::vector<AffineForm> input_forms(std::size_t first, std::size_t count) {
  std::vector<AffineForm> forms;
  forms.reserve(count);
  for (std::size_t k = 0; k < count; ++k) forms.push_back(AffineForm::node(static_cast<NodeId>(first + k)));
  return forms;
}

}  // namespace

SmallNoiseNetwork::SmallNoiseNetwork(const Instance& instance, const owf::Circuit& circuit,
                                     const SmallNoiseOptions& options)
    : SmallNoiseNetwork(instance, circuit, options,
                        period_knots(instance.delta(), options.kappa2, options.eta, options.window)) {}

SmallNoiseNetwork::SmallNoiseNetwork(const Instance& instance, const owf::Circuit& circuit,
                                     const SmallNoiseOptions& options, PeriodKnots knots)
    : options_(options),
      n_(instance.n()),
      m_(instance.m()),
      a_(instance.a()),
      knots_(std::move(knots)),
      whole_(static_cast<std::size_t>(instance.d())),
      tail_(static_cast<std::size_t>(instance.d() + instance.n() + instance.m())),
      circuit_network_(compile_circuit(circuit)) {
  if (options.gamma <= 0 || options.gamma >= a_) throw std::invalid_argument("small-noise network needs 0 < gamma < a");
  if (options.B <= 0) throw std::invalid_argument("small-noise network needs B > 0");
  if (knots_.u.size() < 2 || knots_.u.front() != knots_.cut || knots_.u.back() != knots_.cut + instance.delta() ||
      knots_.residual[0].size() != knots_.u.size() || knots_.residual[1].size() != knots_.u.size() ||
      !std::is_sorted(knots_.u.begin(), knots_.u.end(), std::less_equal<>())) {
    throw std::invalid_argument("small-noise network: the knots do not span one period with increasing abscissae");
  }
  if (circuit.num_inputs() != static_cast<std::size_t>(n_) || circuit.outputs().size() != static_cast<std::size_t>(m_)) {
    throw std::invalid_argument("small-noise network: the circuit does not compute f_{n,m}");
  }
  const TailPlan plan{a_, instance.delta(), options.kappa2, options.window, options.B, &knots_};
  const std::size_t d = static_cast<std::size_t>(instance.d());
  // Whole network: soft bits, circuit, tail.
  whole_.begin_layer();
  std::vector<AffineForm> bits;
  for (int j = 0; j < n_; ++j) bits.push_back(gadgets::soft_bit(whole_, AffineForm::node(static_cast<NodeId>(j)), options.gamma));
  const std::vector<AffineForm> c = append_circuit(whole_, circuit, bits);
  ramps_ = append_tail(whole_, input_forms(0, d), bits, c, plan);
  // Tail alone: inputs (x, bits, c).
  append_tail(tail_, input_forms(0, d), input_forms(d, static_cast<std::size_t>(n_)),
              input_forms(d + static_cast<std::size_t>(n_), static_cast<std::size_t>(m_)), plan);
  tail_fast_ = std::make_unique<FastEvaluator>(tail_);
  circuit_fast_ = std::make_unique<FastEvaluator>(circuit_network_);
}

std::vector<Rational> SmallNoiseNetwork::evaluate_exact(std::span<const Rational> x) const { return whole_.evaluate(x); }

std::vector<double> SmallNoiseNetwork::evaluate_certified(std::span<const double> x, std::vector<double>& error_bounds) const {
  const std::size_t d = static_cast<std::size_t>(n_ + m_);
  if (x.size() != d) throw NetworkError("wrong number of inputs");
  std::vector<std::int64_t> bits(static_cast<std::size_t>(n_));
  for (int j = 0; j < n_; ++j) {
    const Rational value(x[static_cast<std::size_t>(j)]);
    if (abs(value) < options_.gamma) {
      std::vector<Rational> exact_inputs;
      for (const double xi : x) exact_inputs.emplace_back(xi);
      const std::vector<Rational> exact = whole_.evaluate(exact_inputs);
      error_bounds.assign(exact.size(), 0.0);
      std::vector<double> values;
      for (const Rational& value_k : exact) values.push_back(static_cast<double>(value_k));
      // Rounding the exact value to double: |exact - fl(exact)| <= 2^-53 |exact| <= 2^-52 |fl(exact)|.
      for (std::size_t k = 0; k < values.size(); ++k) error_bounds[k] = std::abs(values[k]) * 0x1p-52;
      return values;
    }
    bits[static_cast<std::size_t>(j)] = value > 0 ? 1 : 0;
  }
  const std::vector<std::int64_t> c = circuit_fast_->evaluate_integer(bits);
  std::vector<double> tail_inputs(x.begin(), x.end());
  for (const std::int64_t bit : bits) tail_inputs.push_back(static_cast<double>(bit));
  for (const std::int64_t ci : c) tail_inputs.push_back(static_cast<double>(ci));
  return tail_fast_->evaluate_with_error_bound(tail_inputs, error_bounds);
}

}  // namespace dpsi::relu
