// R.1: term counts of the theta and lattice forms (spec/R-recipes.md, R.1), decided exactly from
// rational bounds of ln 2 and pi.
#include "proofs-checks/recipe_checks.h"

#include <fmt/format.h>

#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/ball.h"
#include "proofs-checks/budget_json.h"
#include "proofs-checks/log_domain.h"

namespace dpsi::checks {
namespace recipes {
namespace {

// The smallest n >= 0 with n^2 >= r (r >= 0).
Integer ceil_sqrt(const Rational& r) {
  Integer n = boost::multiprecision::sqrt(floor_of(r));
  while (Rational(n * n) < r) ++n;
  return n;
}

// The largest n >= 0 with n^2 <= r (r >= 0).
Integer floor_sqrt(const Rational& r) { return boost::multiprecision::sqrt(floor_of(r)); }

// pi bounds from a 256-bit enclosure (for the lattice-regime condition v < delta^2/(2 pi)).
RationalBounds pi_bounds() {
  const PrecisionScope scope(256);
  const Ball pi = Ball::pi();
  return {pi.lower_rational(), pi.upper_rational()};
}

}  // namespace

RationalBounds ln2_over_pi_bounds() {
  const PrecisionScope scope(256);
  const Ball ratio = log(Ball(2)) / Ball::pi();
  return {ratio.lower_rational(), ratio.upper_rational()};
}

long theta_terms(long p) {
  const RationalBounds bounds = ln2_over_pi_bounds();
  const Integer lo = ceil_sqrt(Rational(p) * bounds.lo);
  const Integer hi = ceil_sqrt(Rational(p) * bounds.hi);
  if (lo != hi) throw std::runtime_error("theta_terms: ln2/pi bounds too wide");
  return static_cast<long>(lo) - (DPSI_FAULT("recipes.theta-terms-off-by-one") ? 2 : 1);
}

long lattice_point_bound(long p) {
  // floor(3 + 2 sqrt(X)) = 3 + floor(sqrt(4 X)).
  const RationalBounds bounds = ln2_over_pi_bounds();
  const Integer lo = floor_sqrt(Rational(4 * p) * bounds.lo);
  const Integer hi = floor_sqrt(Rational(4 * p) * bounds.hi);
  if (lo != hi) throw std::runtime_error("lattice_point_bound: ln2/pi bounds too wide");
  return 3 + static_cast<long>(lo) + (DPSI_FAULT("recipes.lattice-point-bound-off-by-one") ? 0 : 1);
}

long max_lattice_points(long p, const Rational& delta, const std::vector<Rational>& scales, int mu_steps) {
  if (delta <= 0 || mu_steps < 1) throw std::invalid_argument("max_lattice_points: bad delta or grid");
  const RationalBounds pi = pi_bounds();
  RationalBounds ln2;
  {
    const PrecisionScope scope(256);
    const Ball value = log(Ball(2));
    ln2 = {value.lower_rational(), value.upper_rational()};
  }
  long worst = 0;
  for (const Rational& s : scales) {
    // The lattice regime v < delta^2/(2 pi), i.e. 2 pi s < 1, certified with the upper bound of pi.
    if (!(s > 0 && 2 * pi.hi * s < 1)) throw std::invalid_argument("max_lattice_points: scale outside the lattice regime");
    const Rational v = s * delta * delta;
    for (int j = 0; j <= mu_steps; ++j) {
      const Rational mu = delta * Rational(j, mu_steps);
      for (int b = 0; b < 2; ++b) {
        // Candidates w = (k + b/2) delta with |w - mu| <= 3 delta/2 + sqrt(2 v p ln2) < 3 delta/2 + delta sqrt(p).
        const Integer centre = floor_of(mu / delta);
        const long reach = 4 + static_cast<long>(floor_sqrt(Rational(p)));
        long count = 0;
        for (long k = -reach; k <= reach; ++k) {
          const Rational w = (Rational(centre + k) + Rational(b, 2)) * delta;
          const Rational excess = abs(w - mu) - Rational(3, 2) * delta;
          // Inside iff excess <= sqrt(2 v p ln2); counted unless certainly outside (excess^2 > 2 v p ln2_hi).
          if (excess <= 0 || excess * excess <= 2 * v * p * ln2.hi) ++count;
        }
        if (count > worst) worst = count;
      }
    }
  }
  return worst;
}


// ---- Remainder bounds ----------------------------------------------------------------------------

Rational theta_regime_lower() { return Rational(159, 1000); }
Rational theta_regime_upper() { return Rational(30); }
Rational lattice_log_x_lower() { return Rational(-5); }
Rational lattice_log_x_upper() { return Rational(-798, 1000); }

namespace {

void validate_remainder_arguments(long p, const Rational& scale) {
  if (p < 1) throw std::invalid_argument("remainder bounds: p must be >= 1");
  if (scale <= 0) throw std::invalid_argument("remainder bounds: scale must be > 0");
}

// log(1 - scale) for a tightened bound (scale < 1), else -kLogFloor (the lemma: slack > 0).
Ball log_slack_threshold(const Rational& scale) {
  if (scale >= 1) return Ball(-kLogFloor);
  return log(Ball(Rational(1 - scale)));
}

// The number of tail terms summed exactly before the crude geometric bound.
constexpr long kTailTerms = 40;

// q^n = e^{n log q} by monotonicity (stays positive on wide boxes).
Ball power_of_q(const Ball& log_q, long n) { return exp_monotone(Ball(n) * log_q); }

// log((B - T)/B) for the theta-form remainders (see the header), at log q = log_q.
// With e_i = (J+1+i)^2 - (J+1)^2 = 2i(J+1) + i^2 and g = 2J+3 (e_1 = g, e_i >= i g):
//   value:      B/q^{(J+1)^2} = sum_i q^{ig},                     T/q^{(J+1)^2} = sum_i q^{e_i};
//   derivative: B/q^{(J+1)^2} = sum_i c_i q^{ig}, c_i = (J+1)((J+2)/(J+1))^i,  T/q^{(J+1)^2} = sum_i (J+1+i) q^{e_i},
// and c_i >= J+1+i (Bernoulli), so every difference is >= 0 and those at i = 0, 1 vanish exactly.
Ball log_theta_relative_slack(long J, ThetaRemainder which, const Ball& log_q) {
  const long g = 2 * J + 3;
  const bool derivative = which == ThetaRemainder::kDerivative;
  const Rational growth(J + 2, J + 1);
  auto exponent = [J](long i) { return 2 * i * (J + 1) + i * i; };
  // S = sum_{i>=2} (difference_i) / q^{2g}: i = 2 .. kTailTerms - 1 exactly ...
  Ball s(0);
  Rational coefficient(J + 1);  // c_i
  coefficient *= growth;        // c_1
  for (long i = 2; i < kTailTerms; ++i) {
    coefficient *= growth;
    const Ball head = power_of_q(log_q, (i - 2) * g);
    // c_i - (J+1+i) q^{i^2 - i} (value: 1 - q^{i^2 - i}); both > 0 with the first term dominant.
    const Ball inner = derivative ? Ball(coefficient) - Ball(J + 1 + i) * power_of_q(log_q, i * i - i)
                                  : Ball(1) - power_of_q(log_q, i * i - i);
    s += head * nonnegative(inner);
  }
  coefficient *= growth;  // c_{kTailTerms}
  // ... plus B's exact tail from i = kTailTerms (geometric with ratio rho), ...
  const Ball q_g = power_of_q(log_q, g);
  const Ball rho = derivative ? Ball(growth) * q_g : q_g;
  const Ball b_tail = (derivative ? Ball(coefficient) : Ball(1)) * power_of_q(log_q, (kTailTerms - 2) * g) / (Ball(1) - rho);
  // ... minus T's tail from i = kTailTerms, at most its first term over 1 - (ratio bound of
  // consecutive terms, <= ((J+2+i)/(J+1+i)) q^{2J+2i+3} <= 2 q^{g + 2 kTailTerms} for i >= kTailTerms).
  const Ball t_ratio = Ball(derivative ? 2 : 1) * power_of_q(log_q, g + 2 * kTailTerms);
  const Ball t_tail_bound = Ball(derivative ? J + 1 + kTailTerms : 1) *
                            power_of_q(log_q, exponent(kTailTerms) - 2 * g) / (Ball(1) - t_ratio);
  s += b_tail - Ball::hull(Ball(0), upper_end(t_tail_bound));
  // (B - T)/B = q^{2g} S / (B/q^{(J+1)^2}) with B/q^{(J+1)^2} = (J+1)/(1 - rho) (value: 1/(1 - rho)).
  const Ball log_b = (derivative ? log(Ball(J + 1)) : Ball(0)) - log1p(-rho);
  return Ball(2 * g) * log_q + log(s) - log_b;
}

// lhs of the lattice claim: log(upper bound of the true relative tail) - log(stated bound), at
// x = 10^{log_x} and y = (mu - theta_b)/delta in [0, 1/2]. In units of delta, the nearest point
// (k = 0) is at distance y, the points k >= 1 at k - y (right) and k + y (left), and R_p/delta =
// rho = 3/2 + sqrt(2 x p ln 2). Relative to the nearest weight e^{-y^2/(2x)} and to the bound's
// e^{-(rho^2 - 1/4)/(2x)}, the point at distance d has log weight
//   F = -(d^2 - y^2 - rho^2 + 1/4)/(2x) = -(k^2 -+ 2ky - 2)/(2x) + 3 sqrt(p ln2/(2x)) + p ln 2,
// written so that the large terms d^2/(2x) and rho^2/(2x) cancel before the enclosure is formed.
Ball log_lattice_tail_over_bound(long p, const Ball& log_x, const Ball& y) {
  const Ball ln10 = log(Ball(10));
  const Ball x = exp_monotone(log_x * ln10);
  const Ball inv_two_x = exp_monotone(-log_x * ln10) / Ball(2);
  const Ball p_ln2 = Ball(p) * log(Ball(2));
  const Ball rho = Ball(Rational(3, 2)) + sqrt(Ball(2) * x * p_ln2);
  const Ball shift = Ball(3) * sqrt(p_ln2 * inv_two_x) + p_ln2;
  // d^2 - y^2 for the point k on `side` (right: d = k - y, left: d = k + y), and its difference
  // between two points of one side, formed without cancelling large terms.
  auto linear = [&y](long k, int side) { return Ball(k * k) - Ball(2 * side * k) * y; };
  auto linear_difference = [&y](long k, long first, int side) {
    return Ball(k * k - first * first) - Ball(2 * side * (k - first)) * y;
  };
  Ball log_omitted;
  bool have_omitted = false;
  LogRange total = from_log(Ball(0));  // total / nearest >= 1 + the points up to the first candidate
  for (int side : {1, -1}) {
    // The first point not certainly within R_p; every point before it is kept.
    long first = 0;
    for (long k = 1; k <= 200 && first == 0; ++k) {
      if (!is_certainly_true(le(Ball(k) - Ball(side) * y, rho))) first = k;
      total = total + from_log(-linear(k, side) * inv_two_x);
    }
    if (first == 0) return Ball::whole_line();  // cannot happen: rho < 10 for p <= 200 here
    // The omitted sum on this side relative to the first candidate's weight: 1 + the next 39 terms
    // + beyond them, by (D + j)^2 >= D^2 + 2 D j, at most the next term over 1 - e^{-D/x}. Only the
    // upper end is used, so Arb's exp of a wide negative ball (which may reach below 0) is harmless.
    Ball relative(1);
    const long last = first + kTailTerms - 1;
    for (long k = first + 1; k <= last; ++k) relative += exp(-linear_difference(k, first, side) * inv_two_x);
    const Ball beyond = Ball(last + 1) - Ball(side) * y;
    relative += exp(-linear_difference(last + 1, first, side) * inv_two_x) / -expm1(-beyond / x);
    const Ball side_log = -(linear(first, side) - Ball(2)) * inv_two_x + shift + log(upper_end(relative));
    log_omitted = have_omitted ? log_add_exp(log_omitted, side_log) : side_log;
    have_omitted = true;
  }
  if (!total.has_lower) return Ball::whole_line();
  // Stated bound / (the normalisation above) = 2 / (1 - e^{-rho/x}).
  return upper_end(log_omitted) - lower_end(total.lower) - log(Ball(2)) + log(-expm1(-rho / x));
}

}  // namespace

certify::Result theta_remainder(long p, ThetaRemainder which, const Rational& scale, const certify::Budget& budget) {
  validate_remainder_arguments(p, scale);
  const long J = theta_terms(p);
  const certify::Inequality claim{
      [scale](std::span<const Ball>) { return log_slack_threshold(scale); },
      [J, which](std::span<const Ball> x) {
        const Ball log_q = Ball(-2) * sqr(Ball::pi()) * x[0];
        return log_theta_relative_slack(J, which, log_q);
      }};
  return certify::certify_le(claim, {{theta_regime_lower(), theta_regime_upper()}}, budget);
}

certify::Result lattice_remainder(long p, const Rational& scale, const certify::Budget& budget) {
  validate_remainder_arguments(p, scale);
  const certify::Inequality claim{
      [p](std::span<const Ball> z) { return log_lattice_tail_over_bound(p, z[0], z[1]); },
      [scale](std::span<const Ball>) { return log(Ball(scale)); }};
  return certify::certify_le(claim, {{lattice_log_x_lower(), lattice_log_x_upper()}, {Rational(0), Rational(1, 2)}},
                             budget);
}

}  // namespace recipes

namespace {

using audit::CheckContext;
using audit::CheckResult;

CheckResult term_counts(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  struct Expected {
    long p, j, points;
  };
  // spec/R-recipes.md R.1: J = 3, 5, 6 and 10, 14, 17 points for p = 53, 128, 200.
  const Expected expected[] = {{53, 3, 10}, {128, 5, 14}, {200, 6, 17}};
  const std::vector<Rational> scales =
      context.quick ? std::vector<Rational>{Rational(1, 100000), Rational(1, 100), Rational(3, 20)}
                    : std::vector<Rational>{Rational(1, 100000), Rational(1, 10000), Rational(1, 1000), Rational(1, 100),
                                            Rational(1, 20),     Rational(1, 10),    Rational(3, 20),   Rational(159, 1000)};
  const int mu_steps = context.quick ? 16 : 64;
  const recipes::RationalBounds ratio = recipes::ln2_over_pi_bounds();
  CheckResult result;
  bool all_ok = true;
  std::string summary;
  std::string failures;
  for (const Expected& e : expected) {
    const long j = recipes::theta_terms(e.p);
    const long bound = recipes::lattice_point_bound(e.p);
    // q <= e^{-pi} gives q^{(J+1)^2} <= 2^-p iff (J+1)^2 >= p ln2/pi: exact against the upper bound.
    const bool remainder_ok = Rational((j + 1) * (j + 1)) >= Rational(e.p) * ratio.hi;
    const long enumerated = recipes::max_lattice_points(e.p, delta, scales, mu_steps);
    const bool ok = j == e.j && bound == e.points && remainder_ok && enumerated <= bound;
    all_ok = all_ok && ok;
    std::vector<std::string> wrong;
    if (j != e.j) wrong.push_back(fmt::format("J = {} != spec {}", j, e.j));
    if (!remainder_ok) wrong.push_back(fmt::format("(J+1)^2 = {} < p ln2/pi", (j + 1) * (j + 1)));
    if (bound != e.points) wrong.push_back(fmt::format("point bound {} != spec {}", bound, e.points));
    if (enumerated > bound) wrong.push_back(fmt::format("enumerated {} > bound {}", enumerated, bound));
    if (!wrong.empty()) failures += fmt::format("{}p = {}: {}", failures.empty() ? "" : "; ", e.p, fmt::join(wrong, ", "));
    result.log.push_back(fmt::format(
        "R.1: p = {}: J = {} (spec {}), (J+1)^2 = {} >= p ln2/pi: {}; point bound {} (spec {}); max enumerated {} <= {}: {}",
        e.p, j, e.j, (j + 1) * (j + 1), remainder_ok ? "yes" : "NO", bound, e.points, enumerated, bound,
        enumerated <= bound ? "yes" : "NO"));
    summary += fmt::format("{}p={}: J={}, points {} {} {}", summary.empty() ? "" : "; ", e.p, j, enumerated, enumerated <= bound ? "<=" : ">", bound);
  }
  result.passed = all_ok;
  result.margin = all_ok ? summary + " (exact)" : "FAILED: " + failures + " (computed: " + summary + ")";
  result.log.push_back(fmt::format("R.1: grid {} v/delta^2 values x {} mu steps x 2 phases, delta = {}; ln2/pi in [{}, {}]",
                                   scales.size(), mu_steps + 1, to_fraction(delta), to_decimal(ratio.lo, 20),
                                   to_decimal(ratio.hi, 20)));
  result.parameters = {{"p", {53, 128, 200}}, {"v_over_delta2_values", scales.size()}, {"mu_steps", mu_steps}};
  return result;
}

// Lower end of a proven run's margin as a double (the claims' margins are logs).
double proven_margin(const certify::Result& outcome) { return outcome.margin_lower_bound->lower_double(); }

CheckResult remainder_bounds(const CheckContext& context) {
  certify::Budget theta_budget;
  theta_budget.max_boxes = 1'000;
  theta_budget.max_depth = 30;
  certify::Budget lattice_budget;
  lattice_budget.max_boxes = context.quick ? 40'000 : 200'000;
  lattice_budget.max_depth = 60;
  const std::vector<long> precisions = context.quick ? std::vector<long>{53} : std::vector<long>{53, 128, 200};
  CheckResult result;
  bool all_proven = true;
  std::string summary;
  std::string unproven;  // the claims not proven, with the certifier's outcome (for a failing margin)
  std::size_t done = 0;
  for (const long p : precisions) {
    const long J = recipes::theta_terms(p);
    std::string part = fmt::format("p={} (J={}):", p, J);
    for (const auto which : {recipes::ThetaRemainder::kValue, recipes::ThetaRemainder::kDerivative}) {
      const bool value = which == recipes::ThetaRemainder::kValue;
      const certify::Result outcome = recipes::theta_remainder(p, which, Rational(1), theta_budget);
      result.log.push_back(fmt::format("R.1: p = {}, theta form, {} remainder: log((B - T)/B) >= -1e5 on v/delta^2 in "
                                       "[0.159, 30]: {}",
                                       p, value ? "value" : "derivative", outcome.summary()));
      all_proven = all_proven && outcome.proven();
      if (!outcome.proven()) {
        unproven += fmt::format("{}p = {} theta {} remainder: {}", unproven.empty() ? "" : "; ", p,
                                value ? "value" : "derivative", outcome.summary());
      }
      if (outcome.proven()) {
        // rhs - lhs = log((B - T)/B) + kLogFloor >= margin.
        part += fmt::format(" theta {} tail <= B (1 - e^{:.0f})", value ? "value" : "derivative",
                            std::floor(proven_margin(outcome) - recipes::kLogFloor));
      }
    }
    const certify::Result lattice = recipes::lattice_remainder(p, Rational(1), lattice_budget);
    result.log.push_back(fmt::format(
        "R.1: p = {}, lattice form: log(relative tail / stated bound) <= 0 on log10(v/delta^2) in [-5, -0.798] x "
        "(mu - theta_b)/delta in [0, 1/2]: {}",
        p, lattice.summary()));
    all_proven = all_proven && lattice.proven();
    if (!lattice.proven()) {
      unproven += fmt::format("{}p = {} lattice relative tail <= bound: {}", unproven.empty() ? "" : "; ", p,
                              lattice.summary());
    }
    if (lattice.proven()) {
      // The lemma's run stops at the first proof, so its margin is pessimistic; in full mode a
      // sharper constant (the true supremum is about 1/2) is certified for the log and the margin.
      std::string ratio = fmt::format("{:.4f}", std::exp(-proven_margin(lattice)));
      if (!context.quick) {
        const certify::Result sharper = recipes::lattice_remainder(p, Rational(11, 20), lattice_budget);
        result.log.push_back(fmt::format("R.1: p = {}, lattice form, sharper: relative tail <= 0.55 x bound: {}", p,
                                         sharper.summary()));
        if (sharper.proven()) ratio = "0.55";
      }
      part += fmt::format(" lattice relative tail <= {} x bound", ratio);
    }
    summary += (summary.empty() ? "" : "; ") + part;
    ++done;
    if (context.progress) context.progress(static_cast<double>(done) / precisions.size());
  }
  result.passed = all_proven;
  result.margin = all_proven ? summary : "FAILED: not proven: " + unproven + " (proven: " + summary + ")";
  result.parameters = {{"p", precisions},
                       {"theta_budget", budget_json(theta_budget)},
                       {"lattice_budget", budget_json(lattice_budget)},
                       {"tail_terms", 40}};
  return result;
}

}  // namespace

void register_recipe_checks(audit::Registry& registry) {
  registry.add({"R.1:term-counts", spec::CheckKind::kExact, term_counts});
  registry.add({"R.1:remainder-bounds", spec::CheckKind::kCertified, remainder_bounds});
}

}  // namespace dpsi::checks
