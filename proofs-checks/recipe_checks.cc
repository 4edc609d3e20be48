// R.1: term counts of the theta and lattice forms (spec/R-recipes.md, R.1), decided exactly from
// rational bounds of ln 2 and pi.
#include "proofs-checks/recipe_checks.h"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "dpsi/numeric/ball.h"

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
  return static_cast<long>(lo) - 1;
}

long lattice_point_bound(long p) {
  // floor(3 + 2 sqrt(X)) = 3 + floor(sqrt(4 X)).
  const RationalBounds bounds = ln2_over_pi_bounds();
  const Integer lo = floor_sqrt(Rational(4 * p) * bounds.lo);
  const Integer hi = floor_sqrt(Rational(4 * p) * bounds.hi);
  if (lo != hi) throw std::runtime_error("lattice_point_bound: ln2/pi bounds too wide");
  return 3 + static_cast<long>(lo) + 1;
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
  for (const Expected& e : expected) {
    const long j = recipes::theta_terms(e.p);
    const long bound = recipes::lattice_point_bound(e.p);
    // q <= e^{-pi} gives q^{(J+1)^2} <= 2^-p iff (J+1)^2 >= p ln2/pi: exact against the upper bound.
    const bool remainder_ok = Rational((j + 1) * (j + 1)) >= Rational(e.p) * ratio.hi;
    const long enumerated = recipes::max_lattice_points(e.p, delta, scales, mu_steps);
    const bool ok = j == e.j && bound == e.points && remainder_ok && enumerated <= bound;
    all_ok = all_ok && ok;
    result.log.push_back(fmt::format(
        "R.1: p = {}: J = {} (spec {}), (J+1)^2 = {} >= p ln2/pi: {}; point bound {} (spec {}); max enumerated {} <= {}: {}",
        e.p, j, e.j, (j + 1) * (j + 1), remainder_ok ? "yes" : "NO", bound, e.points, enumerated, bound,
        enumerated <= bound ? "yes" : "NO"));
    summary += fmt::format("{}p={}: J={}, points {} <= {}", summary.empty() ? "" : "; ", e.p, j, enumerated, bound);
  }
  result.passed = all_ok;
  result.margin = summary + " (exact)";
  result.log.push_back(fmt::format("R.1: grid {} v/delta^2 values x {} mu steps x 2 phases, delta = {}; ln2/pi in [{}, {}]",
                                   scales.size(), mu_steps + 1, to_fraction(delta), to_decimal(ratio.lo, 20),
                                   to_decimal(ratio.hi, 20)));
  result.parameters = {{"p", {53, 128, 200}}, {"v_over_delta2_values", scales.size()}, {"mu_steps", mu_steps}};
  return result;
}

}  // namespace

void register_recipe_checks(audit::Registry& registry) {
  registry.add({"R.1:term-counts", spec::CheckKind::kExact, term_counts});
}

}  // namespace dpsi::checks
