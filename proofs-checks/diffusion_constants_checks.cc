#include "proofs-checks/diffusion_constants_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "dpsi/fault/fault_point.h"
#include "dpsi/instance/lattice_tails.h"
#include "proofs-checks/budget_json.h"
#include "proofs-checks/printed_value.h"

namespace dpsi::checks {
namespace detail {

namespace {

// Lattice points |w| <= kLatticeCutoff are summed explicitly in the explicit OU mixture; the rest weighs
// less than 2 e^{-200}/(1 - e^{-20 delta}) (enclosed, not dropped: a cutoff too small for some y could
// only widen the enclosures and fail the comparison, never pass it).
constexpr long kLatticeCutoff = 20;

// Z_b^{-1} sum_{w in Lambda_b} e^{-w^2/2} phi_blur(y - scale w) and its y-derivative, with the remainder.
struct OuLatticeFactor {
  Ball value;
  Ball derivative;
};

OuLatticeFactor ou_lattice_factor(const Rational& delta, int b, const Ball& y, const Ball& scale, const Ball& blur,
                                  const Ball& normaliser) {
  const Rational W(kLatticeCutoff);
  const Rational offset = Rational(b, 2);
  const Integer k_first = ceil_of(-W / delta - offset);
  const Integer k_last = floor_of(W / delta - offset);
  const Ball blur2 = sqr(blur);
  const Ball inverse_root = Ball(1) / sqrt(Ball(2) * Ball::pi());
  Ball value(0);
  Ball derivative(0);
  for (Integer k = k_first; k <= k_last; ++k) {
    const Rational w = delta * (Rational(k) + offset);
    const Ball z = y - scale * Ball(w);
    const Ball term = exp(-Ball(Rational(w * w / 2)) - sqr(z) / (Ball(2) * blur2)) * inverse_root / blur;
    value += term;
    derivative -= term * z / blur2;
  }
  // sum over |w| > W of e^{-w^2/2} <= 2 e^{-W^2/2}/(1 - e^{-W delta}) (lattice_tails.h's geometric argument).
  const Ball outside = Ball(2) * exp(-Ball(Rational(W * W / 2))) / (Ball(1) - exp(-Ball(Rational(W * delta))));
  add_error(value, outside * inverse_root / blur);
  add_error(derivative, outside / (blur2 * sqrt(Ball(2) * Ball::pi() * exp(Ball(1)))));
  return {value / normaliser, derivative / normaliser};
}

}  // namespace

Ball ou_blur(const Instance& instance, const Ball& t) {
  const Ball decay = exp(Ball(-2) * t);
  return sqrt(decay * sqr(Ball(instance.tau())) - expm1(Ball(-2) * t));
}

OuMarginal ou_marginal_explicit(const density::VertexMixture& mixture, std::span<const Ball> y, const Ball& t, const Ball& blur) {
  const Instance& instance = mixture.instance();
  const int n = instance.n();
  const int m = instance.m();
  if (static_cast<int>(y.size()) != n + m) throw std::invalid_argument("ou_marginal_explicit: y must have n + m coordinates");
  const Ball scale = exp(-t);
  const Ball amplitude = scale * Ball(instance.a());
  const Ball blur2 = sqr(blur);
  // Seed coordinates: phi_blur(y_j - amplitude u) and its score, u = -1 (index 0) or +1 (index 1).
  std::vector<std::array<Ball, 2>> seed_factor(n);
  std::vector<std::array<Ball, 2>> seed_score(n);
  for (int j = 0; j < n; ++j) {
    for (int bit = 0; bit < 2; ++bit) {
      const Ball z = y[j] - amplitude * Ball(2 * bit - 1);
      seed_factor[j][bit] = exp(-sqr(z) / (Ball(2) * blur2)) / (sqrt(Ball(2) * Ball::pi()) * blur);
      seed_score[j][bit] = -z / blur2;
    }
  }
  std::vector<std::array<Ball, 2>> image_factor(m);
  std::vector<std::array<Ball, 2>> image_score(m);
  for (int b = 0; b < 2; ++b) {
    const Ball normaliser = instance::lattice_normaliser(instance.delta(), b);
    for (int i = 0; i < m; ++i) {
      const OuLatticeFactor factor = ou_lattice_factor(instance.delta(), b, y[n + i], scale, blur, normaliser);
      image_factor[i][b] = factor.value;
      image_score[i][b] = factor.derivative / factor.value;
    }
  }
  Ball total(0);
  std::vector<Ball> gradient(n + m);
  for (std::uint64_t index = 0; index < mixture.seed_count(); ++index) {
    Ball component(1);
    std::vector<int> bits(n + m);
    for (int j = 0; j < n; ++j) {
      bits[j] = static_cast<int>((index >> (n - 1 - j)) & 1U);  // s_1 is the most significant bit (seed_of_index)
      component *= seed_factor[j][bits[j]];
    }
    for (int i = 0; i < m; ++i) {
      bits[n + i] = mixture.image_bit(index, i);
      component *= image_factor[i][bits[n + i]];
    }
    total += component;
    for (int j = 0; j < n; ++j) gradient[j] += component * seed_score[j][bits[j]];
    for (int i = 0; i < m; ++i) gradient[n + i] += component * image_score[i][bits[n + i]];
  }
  OuMarginal result;
  result.log_density = log(total) - Ball(n) * log(Ball(2));
  for (Ball& g : gradient) result.score.push_back(g / total);
  return result;
}

OuMarginal ou_marginal_by_smoothing(const density::VertexMixture& mixture, std::span<const Ball> y, const Ball& t) {
  const Ball growth = exp(t);
  const Ball sigma_t = sqrt(expm1(Ball(2) * t));
  std::vector<Ball> x;
  for (const Ball& coordinate : y) x.push_back(growth * coordinate);
  const density::ExactScore smoothed = mixture.score(x, mixture.kappa_of(sigma_t));
  OuMarginal result;
  result.log_density = t * Ball(static_cast<long>(y.size())) + smoothed.log_density;
  // grad log q_t(y) = e^t s_sigma_t(e^t y); the fault multiplies by e^{-t} instead.
  const Ball factor = DPSI_FAULT("diffusion.ou-score-factor-inverted") ? exp(-t) : growth;
  for (const Ball& s : smoothed.score) result.score.push_back(factor * s);
  return result;
}

namespace {

// sum_{j=first}^{first+terms-1} (-1)^(j-first) x^(j - first) / j!, plus the first omitted term's bound
// 1/(first+terms)! (x in [0, 1]: alternating terms of decreasing size).
Ball alternating_series(const Ball& x, int first, int terms) {
  Ball sum(0);
  Ball power(1);
  Ball factorial(1);
  for (int j = 2; j <= first; ++j) factorial *= Ball(j);
  for (int k = 0; k < terms; ++k) {
    const int j = first + k;
    if (k > 0) factorial *= Ball(j);
    sum += (k % 2 == 0 ? power : -power) / factorial;
    power *= x;
  }
  add_error(sum, Ball(1) / (factorial * Ball(first + terms)));
  return sum;
}

// g(x) = 1/(1 - e^{-x}) - 1/x on an x-ball, x > 0.
Ball score_weight_excess(const Ball& x) {
  if (x.upper_double() <= 1.0) {
    const Ball chi = alternating_series(x, 2, 30);    // (e^{-x} - 1 + x)/x^2 = 1/2 - x/6 + ...
    const Ball omega = alternating_series(x, 1, 30);  // (1 - e^{-x})/x = 1 - x/2 + ...
    return chi / omega;
  }
  return Ball(1) / (-expm1(-x)) - Ball(1) / x;
}

// S(x) = -ln(1 - x)/x at a point x in [0, 1), S(0) = 1.
Ball log_ratio_at(const Rational& x) {
  if (x == 0) return Ball(1);
  return -log1p(-Ball(x)) / Ball(x);
}

}  // namespace

certify::Result certify_score_weight_inequality(const Rational& h, const Rational& u_lo, const Rational& u_hi,
                                                const certify::Budget& budget) {
  if (u_lo <= 0 || u_hi < u_lo) throw std::invalid_argument("certify_score_weight_inequality: need 0 < u_lo <= u_hi");
  const Rational excess = h - Rational(1, 2);
  certify::Inequality claim{[](std::span<const Ball> u) { return score_weight_excess(Ball(2) * u[0]); },
                            [excess](std::span<const Ball> u) { return Ball(1) + Ball(excess) / u[0]; }};
  return certify::certify_le(claim, {{u_lo, u_hi}}, budget);
}

certify::Result certify_log_inequality(const Rational& c, const Rational& x_lo, const Rational& x_hi, const certify::Budget& budget) {
  if (x_lo <= 0 || x_hi < x_lo || x_hi >= 1) throw std::invalid_argument("certify_log_inequality: need 0 < x_lo <= x_hi < 1");
  certify::Inequality claim{[c](std::span<const Ball>) { return Ball(c); },
                            [](std::span<const Ball> x) {
                              const Rational lo = std::max(Rational(0), x[0].lower_rational());
                              const Rational hi = x[0].upper_rational();
                              return Ball::hull(log_ratio_at(lo), log_ratio_at(hi));
                            }};
  return certify::certify_le(claim, {{x_lo, x_hi}}, budget);
}

CorollaryConstants corollary_constants(const Instance& instance, const Rational& T, const Rational& t_min) {
  CorollaryConstants constants;
  const Ball tau(instance.tau());
  const Ball d(instance.d());
  constants.sigma_min_squared = expm1(Ball(2) * Ball(t_min));
  constants.blur_term = constants.sigma_min_squared / sqr(tau) * sqrt(d / Ball(8));
  constants.bracket = Ball(T - t_min) + mul_2exp(log(Ball(T / t_min)), -1);
  const Ball variance_0 = Ball(1) + instance::variance_excess(instance.delta(), 0);
  const Ball variance_1 = Ball(1) + instance::variance_excess(instance.delta(), 1);
  constants.second_moment = Ball(instance.n()) * (sqr(Ball(instance.a())) + sqr(tau)) + Ball(instance.m()) * sqr(tau) +
                            Ball(instance.m()) * Ball::hull(variance_0, variance_1);
  constants.initial_term = (d + constants.second_moment) * exp(Ball(-2) * Ball(T));
  return constants;
}

}  // namespace detail

namespace {

using audit::CheckContext;
using audit::CheckResult;

Instance ou_instance(const Instance& audited, int size) {
  ParameterValues values = audited.values();
  values.n = size;
  values.m = size;
  return Instance::from(values);
}

// F.1:ou-identity: explicit mixture vs e^{td} g~_{sigma_t}(e^t y), and the two scores, within the identity tolerance.
CheckResult ou_identity(const CheckContext& context) {
  const PrecisionScope scope(256);
  const std::vector<Rational> times{Rational(1, 1000), Rational(1, 10), Rational(1), Rational(3)};
  const int points_per_time = context.quick ? 1 : 3;
  std::mt19937_64 engine(context.seed);
  std::size_t compared = 0;
  std::size_t failures = 0;
  Ball worst(0);
  std::string first_failure;
  CheckResult result;
  for (const int size : {3, 5}) {
    const Instance instance = ou_instance(context.instance, size);
    const density::VertexMixture mixture(instance);
    for (const Rational& time : times) {
      const Ball t(time);
      const Ball blur = detail::ou_blur(instance, t);
      for (int point = 0; point < points_per_time; ++point) {
        std::vector<Ball> y;
        for (int k = 0; k < instance.d(); ++k) y.emplace_back(Rational(static_cast<long>(engine() % 4097) - 2048, 1024));  // [-2, 2]
        const detail::OuMarginal explicit_form = detail::ou_marginal_explicit(mixture, y, t, blur);
        const detail::OuMarginal smoothed_form = detail::ou_marginal_by_smoothing(mixture, y, t);
        auto compare = [&](const Ball& a, const Ball& reference, const std::string& what) {
          ++compared;
          const Ball tolerance = identity_tolerance(reference);
          const Ball ratio = abs(a - reference) / tolerance;
          worst = max(worst, ratio);
          if (!is_certainly_true(within(a, reference, tolerance))) {
            ++failures;
            if (first_failure.empty()) {
              first_failure = fmt::format("n = m = {}, t = {}, {}: {} vs {}", size, to_decimal(time, 3), what, a.str(12), reference.str(12));
            }
          }
        };
        compare(explicit_form.log_density, smoothed_form.log_density, "log q_t");
        for (int k = 0; k < instance.d(); ++k) compare(explicit_form.score[k], smoothed_form.score[k], fmt::format("score[{}]", k));
      }
      result.log.push_back(fmt::format("F.1: n = m = {}, t = {}: blur sqrt(e^-2t tau^2 + 1 - e^-2t) = {}, {} random y",
                                       size, to_decimal(time, 3), blur.mid_str(8), points_per_time));
    }
  }
  result.passed = failures == 0 && compared > 0;
  result.margin = fmt::format(
      "{}/{} comparisons of q_t (explicit mixture: amplitude e^-t a, lattices e^-t Lambda_b, blur sqrt(e^-2t tau^2 + 1 - e^-2t)) "
      "with e^(td) g~_sigma_t(e^t y), and of grad log q_t with e^t s_sigma_t(e^t y), within the identity tolerance; worst {} x "
      "tolerance",
      compared - failures, compared, worst.mid_str(3));
  if (!first_failure.empty()) result.margin += " — first failure: " + first_failure;
  result.parameters = {{"precision_bits", 256}, {"sizes", {3, 5}}, {"times", {"1e-3", "0.1", "1", "3"}},
                       {"points_per_time", points_per_time}, {"y_range", "(1/1024)Z in [-2, 2]"}, {"engine", "std::mt19937_64"}};
  return result;
}

// F.2:corollary-defaults.
CheckResult corollary_defaults(const CheckContext&) {
  const PrecisionScope scope(256);
  const Instance defaults = Instance::defaults();
  const Rational T(8);
  const Rational t_min = parse_rational("2.5e-9");
  const detail::CorollaryConstants constants = detail::corollary_constants(defaults, T, t_min);
  CheckResult result;
  bool passed = true;
  std::vector<std::string> failures;
  auto printed = [&](const char* what, const Ball& value, const char* text) {
    const bool ok = rounds_to(value, text) == Certainty::kTrue;
    passed = passed && ok;
    if (!ok) failures.push_back(fmt::format("{} = {} does not print as spec F.2's {}", what, value.str(15), text));
    result.log.push_back(fmt::format("F.2: {} = {} prints as {}: {}", what, value.str(15), text, ok ? "yes" : "NO"));
  };
  printed("sigma_min^2 = e^(2 t_min) - 1", constants.sigma_min_squared, "5.0000000125e-9");
  printed("blur term (sigma_min^2/tau^2) sqrt(d/8)", constants.blur_term, "0.010000000025");
  printed("bracket (T - t_min) + ln(T/t_min)/2", constants.bracket, "18.9432");
  printed("(d + M_2) e^(-2T)", constants.initial_term, "7.2023e-6");
  const bool erratum_ok = is_certainly_true(le(constants.blur_term, Ball::from_decimal("0.0100001")));
  passed = passed && erratum_ok;
  if (!erratum_ok) failures.push_back(fmt::format("blur term {} NOT <= 0.0100001 (Erratum 11)", constants.blur_term.str(15)));
  result.log.push_back(fmt::format("F.2: blur term <= 0.0100001 (Erratum 11): {}", erratum_ok ? "yes" : "NO"));
  const certify::Budget budget;
  const certify::Result weight =
      detail::certify_score_weight_inequality(Rational(1, 2), parse_rational("1e-12"), Rational(10), budget);
  const Rational two_to_minus_60 = Rational(1) / Rational(Integer(1) << 60);
  const certify::Result telescoping = detail::certify_log_inequality(Rational(1), two_to_minus_60, 1 - two_to_minus_60, budget);
  passed = passed && weight.proven() && telescoping.proven();
  if (!weight.proven()) failures.push_back("1/(1 - e^-2u) <= 1 + 1/(2u) on u in [1e-12, 10] NOT proven: " + weight.summary());
  if (!telescoping.proven()) failures.push_back("x <= -ln(1 - x) on x in [2^-60, 1 - 2^-60] NOT proven: " + telescoping.summary());
  result.log.push_back("F.2: 1/(1 - e^-2u) <= 1 + 1/(2u) on u in [1e-12, 10]: " + weight.summary());
  result.log.push_back("F.2: x <= -ln(1 - x) on x in [2^-60, 1 - 2^-60]: " + telescoping.summary());
  result.passed = passed;
  result.margin = fmt::format(
      "sigma_min^2 = {}, blur term = {} (<= 0.0100001), bracket = {}, (d+M_2)e^-2T = {} as printed; 1/(1-e^-2u) <= 1 + 1/(2u) "
      "({}, {} boxes) and x <= -ln(1-x) ({}, {} boxes)",
      constants.sigma_min_squared.mid_str(11), constants.blur_term.mid_str(11), constants.bracket.mid_str(6),
      constants.initial_term.mid_str(5), certify::to_string(weight.outcome), weight.boxes_evaluated,
      certify::to_string(telescoping.outcome), telescoping.boxes_evaluated);
  if (!passed) result.margin = fmt::format("FAILED: {}", fmt::join(failures, "; "));
  result.parameters = {{"precision_bits", 256}, {"T", "8"}, {"t_min", "2.5e-9"}, {"budget", budget_json(budget)}};
  return result;
}

}  // namespace

void register_diffusion_constants_checks(audit::Registry& registry) {
  registry.add({"F.1:ou-identity", spec::CheckKind::kCertified, ou_identity});
  registry.add({"F.2:corollary-defaults", spec::CheckKind::kCertified, corollary_defaults});
}

}  // namespace dpsi::checks
