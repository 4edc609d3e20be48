// C.5(a): the two exact forms of the smoothed discretized Gaussian agree (spec C.5).
#include "proofs-checks/density_checks.h"

#include <fmt/format.h>

#include <vector>

#include "dpsi/density/lattice_convolution.h"
#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::checks {
namespace density_check {

// Densities and means compared relatively (|R| scale, stricter than the spec's max(1, |R|) for tiny
// densities); the score with the spec's max(1, |R|).
std::array<FormComparison, 3> compare_forms(const density::SmoothedLattice& lattice,
                                            const density::SmoothedLattice& theta, const Rational& delta) {
  return {{
      {"h", abs(lattice.density - theta.density), mul_2exp(abs(theta.density), -kIdentityToleranceBits),
       lattice.density.overlaps(theta.density)},
      {"psi", abs(lattice.score - theta.score), identity_tolerance(theta.score), lattice.score.overlaps(theta.score)},
      {"m", abs(lattice.posterior_mean - theta.posterior_mean),
       mul_2exp(max(Ball(Rational(delta)), abs(theta.posterior_mean)), -kIdentityToleranceBits),
       lattice.posterior_mean.overlaps(theta.posterior_mean)},
  }};
}

std::array<FormComparison, 2> compare_with_definition(const density::SmoothedLattice& form,
                                                      const density::ValueAndDerivative& definition) {
  const Ball score = definition.derivative / definition.value;
  return {{
      {"h vs definition", abs(form.density - definition.value), mul_2exp(abs(definition.value), -kIdentityToleranceBits),
       form.density.overlaps(definition.value)},
      {"psi vs definition", abs(form.score - score), identity_tolerance(score), form.score.overlaps(score)},
  }};
}

}  // namespace density_check

namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kPrecision = 256;

CheckResult lattice_vs_theta(const CheckContext& context) {
  const PrecisionScope scope(kPrecision);
  const Rational delta = context.instance.delta();
  // kappa/delta from deep in the lattice regime to deep in the theta regime (spec: kappa in
  // [0.008, 1.25] at delta = 0.05), t on a grid through several cells plus lattice points.
  const std::vector<Rational> kappa_over_delta = {Rational(4, 25), Rational(1, 4), Rational(1, 2), Rational(1),
                                                  Rational(2),     Rational(5),    Rational(25)};
  const int t_points = context.quick ? 13 : 61;
  CheckResult result;
  std::size_t compared = 0;
  std::size_t failures = 0;
  Ball worst(0);  // max over points of |difference| / tolerance (upper bounds)
  std::string worst_at;
  std::string first_failure;
  // Z_b by its direct lattice sum, for the term-by-term definition (independent of the theta series).
  const Ball normaliser[2] = {theta::lattice_gaussian_sum(Ball(0), Ball(0), Ball(1), delta),
                              theta::lattice_gaussian_sum(Ball(Rational(delta / 2)), Ball(0), Ball(1), delta)};
  for (const Rational& ratio : kappa_over_delta) {
    const Ball kappa(Rational(ratio * delta));
    for (int k = 0; k < t_points; ++k) {
      const Rational t = Rational(-3) + Rational(6 * k, t_points - 1);
      for (int b = 0; b < 2; ++b) {
        const density::SmoothedLattice lattice = density::lattice_form(b, kappa, Ball(t), delta);
        const density::SmoothedLattice theta = density::theta_form(b, kappa, Ball(t), delta);
        const density::ValueAndDerivative definition = density::lattice_convolution(b, kappa, Ball(t), delta, normaliser[b]);
        std::vector<density_check::FormComparison> comparisons;
        for (const auto& comparison : density_check::compare_forms(lattice, theta, delta)) comparisons.push_back(comparison);
        for (const auto& comparison : density_check::compare_with_definition(theta, definition)) comparisons.push_back(comparison);
        for (const density_check::FormComparison& comparison : comparisons) {
          ++compared;
          if (!comparison.passed()) {
            ++failures;
            const std::string line = fmt::format(
                "{} at b = {}, kappa = {}, t = {}: |difference| = {} {} tolerance {}{}", comparison.name, b, kappa.mid_str(4),
                to_decimal(t, 6), comparison.difference.str(6),
                le(comparison.difference, comparison.tolerance) == Certainty::kTrue ? "<=" : "NOT <=",
                comparison.tolerance.mid_str(3), comparison.overlapping ? "" : ", enclosures DISJOINT");
            if (first_failure.empty()) first_failure = line;
            if (failures <= 5) result.log.push_back("C.5(a): " + line);
            continue;
          }
          const Ball ratio_bound(Rational((comparison.difference / comparison.tolerance).upper_rational()));
          if (is_certainly_true(gt(ratio_bound, worst))) {
            worst = ratio_bound;
            worst_at = fmt::format("{} at b = {}, kappa/delta = {}, t = {}", comparison.name, b, to_decimal(ratio, 4),
                                   to_decimal(t, 6));
          }
        }
      }
    }
    if (context.progress) context.progress(static_cast<double>(&ratio - kappa_over_delta.data() + 1) / kappa_over_delta.size());
  }
  result.passed = failures == 0;
  result.margin = failures == 0
                      ? fmt::format("{}/{} comparisons (lattice vs theta form: h, psi, m; theta form vs the term-by-term "
                                    "definition: h, psi) within 2^-100 (h, m relative; psi max(1,|psi|)), enclosures "
                                    "intersecting; worst {} x tolerance",
                                    compared, compared, worst.mid_str(3))
                      : fmt::format("FAILED: {}/{} comparisons NOT within 2^-100 or with disjoint enclosures; first: {}",
                                    failures, compared, first_failure);
  result.log.push_back(fmt::format("C.5(a): {} kappa values x {} t in [-3, 3] x 2 phases at {} bits, delta = {}",
                                   kappa_over_delta.size(), t_points, kPrecision, to_fraction(delta)));
  result.log.push_back("C.5(a): worst agreement: " + worst_at);
  result.parameters = {{"kappa_over_delta", {"4/25", "1/4", "1/2", "1", "2", "5", "25"}},
                       {"t_points", t_points},
                       {"precision_bits", kPrecision},
                       {"tolerance", "2^-100 (relative for h, m; max(1,|psi|) for psi)"}};
  return result;
}

}  // namespace

void register_density_checks(audit::Registry& registry) {
  registry.add({"C.5:lattice-vs-theta", spec::CheckKind::kCertified, lattice_vs_theta});
}

}  // namespace dpsi::checks
