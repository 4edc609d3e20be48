// A.2: the theta form of a lattice Gaussian sum (Poisson summation), checked against the direct
// lattice sum, both enclosed with certified remainders; the bounds |theta - 1| <= Theta <= 2q/(1-q);
// and Var(D_b) = 1 + theta''/theta against direct second-moment sums (spec/A-instance.md).
#include "proofs-checks/theta_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::checks {
namespace theta_check {

Ball theta_form(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta) {
  return sqrt(Ball(2) * Ball::pi() * omega) / Ball(delta) * theta::theta(mu - c, omega, delta);
}

LatticeComparison compare_with_lattice(const Ball& c, const Ball& mu, const Ball& omega, const Rational& delta,
                                       const Ball& theta_side) {
  LatticeComparison comparison;
  comparison.lattice = theta::lattice_gaussian_sum(c, mu, omega, delta);
  comparison.tolerance = identity_tolerance(theta_side);
  comparison.agree = within(comparison.lattice, theta_side, comparison.tolerance);
  // Both are enclosures of one number, so they must intersect: disjoint enclosures prove one of
  // them invalid (e.g. a series term dropped below the tolerance but above the radii).
  if (comparison.agree == Certainty::kTrue && !comparison.lattice.overlaps(theta_side)) comparison.agree = Certainty::kFalse;
  return comparison;
}

namespace {

// Exact rational bounds [lower, upper] of a sum of products, accumulated term by term.
struct RationalRange {
  Rational lower;
  Rational upper;
};

// Bounds of 2 sum_j q^{j^2} (scale - sign cos(2 pi j u/delta)) over u in `u_box` (see the header).
RationalRange termwise_range(const Ball& q, const Ball& u_box, const Rational& delta, const Rational& scale,
                             int sign) {
  const Ball angle_step = Ball(2) * Ball::pi() * u_box / Ball(delta);
  RationalRange range{Rational(0), Rational(0)};
  for (long j = 1; j <= theta::kMaxTerms; ++j) {
    const Ball power = pow(q, static_cast<unsigned long>(j) * static_cast<unsigned long>(j));
    const Ball cosine = cos(angle_step * Ball(j));
    // |cos| <= 1: the one fact the termwise proof uses.
    const Rational cos_lo = cosine.is_finite() ? std::max(Rational(-1), cosine.lower_rational()) : Rational(-1);
    const Rational cos_hi = cosine.is_finite() ? std::min(Rational(1), cosine.upper_rational()) : Rational(1);
    const Rational factor_lo = sign > 0 ? Rational(scale - cos_hi) : Rational(scale + cos_lo);
    const Rational factor_hi = sign > 0 ? Rational(scale - cos_lo) : Rational(scale + cos_hi);
    const Rational power_lo = power.lower_rational();
    const Rational power_hi = power.upper_rational();
    range.lower += factor_lo >= 0 ? Rational(power_lo * factor_lo) : Rational(power_hi * factor_lo);
    range.upper += factor_hi >= 0 ? Rational(power_hi * factor_hi) : Rational(power_lo * factor_hi);
    // R_j >= sum_{j' > j} q^{j'^2} = q^{(j+1)^2} / (1 - q^{2j+3}) (R.1); stop once it is negligible
    // against the first term.
    const Ball ratio = pow(q, static_cast<unsigned long>(2 * j + 3));
    if (!is_certainly_true(lt(ratio, Ball(1)))) continue;
    const Ball remainder = pow(q, static_cast<unsigned long>((j + 1) * (j + 1))) / (Ball(1) - ratio);
    if (is_certainly_true(le(remainder, working_precision_threshold(q))) || j == theta::kMaxTerms) {
      const Rational remainder_hi = remainder.upper_rational();
      range.lower += std::min(Rational(0), Rational(scale - 1)) * remainder_hi;
      range.upper += Rational(scale + 1) * remainder_hi;
      range.lower *= 2;
      range.upper *= 2;
      return range;
    }
  }
  throw std::invalid_argument("certify_deviation_termwise: q is not certainly below 1");
}

}  // namespace

TermwiseCertificate certify_deviation_termwise(const Ball& omega, const Rational& delta, const Rational& lo,
                                               const Rational& hi, const Rational& scale, int sign) {
  if (lo > hi || (sign != 1 && sign != -1)) throw std::invalid_argument("certify_deviation_termwise: bad box or sign");
  const Ball q = theta::nome(omega, delta);
  if (!is_certainly_true(lt(q, Ball(1)))) throw std::invalid_argument("certify_deviation_termwise: q must be < 1");
  TermwiseCertificate certificate;
  certificate.lower_bound = termwise_range(q, Ball::interval(lo, hi), delta, scale, sign).lower;
  if (certificate.lower_bound >= 0) {
    certificate.holds = Certainty::kTrue;
  } else if (termwise_range(q, Ball(lo), delta, scale, sign).upper < 0) {
    certificate.holds = Certainty::kFalse;
  }
  return certificate;
}

Ball geometric_bound(const Ball& q) { return Ball(2) * q / (Ball(1) - q); }

TailSumComparison tail_sum_le(const Ball& omega, const Rational& delta, NomeBound bound) {
  // log2(1/q) = 2 pi^2 omega / (delta^2 ln 2), in double only to choose the precision.
  const double delta_double = Ball(delta).mid_double();
  const double log2_inverse_q = 2 * M_PI * M_PI * omega.upper_double() / (delta_double * delta_double * M_LN2);
  if (!std::isfinite(log2_inverse_q) || log2_inverse_q > 100000) return {Certainty::kUndecided, Ball::whole_line()};
  const PrecisionScope scope(std::max(kDefaultWorkingPrecision, 3 * static_cast<long>(std::ceil(log2_inverse_q)) + 128));
  const Ball big_theta = theta::tail_sum(omega, delta);
  const Ball claimed = bound(theta::nome(omega, delta));
  return {le(big_theta, claimed), (claimed - big_theta) / big_theta};
}

}  // namespace theta_check

namespace {

using audit::CheckContext;
using audit::CheckResult;
using theta_check::theta_form;

constexpr long kIdentityPrecision = 256;

CheckResult theta_vs_lattice(const CheckContext& context) {
  const PrecisionScope scope(kIdentityPrecision);
  const Rational delta = context.instance.delta();
  // omega = 1 (the normaliser) and omega = v(kappa) = kappa^2/(1 + kappa^2) for kappa/delta on a grid
  // through both regimes of R.1 (lattice form natural below kappa ~ delta/sqrt(2 pi), theta above).
  const Rational kappa_over_delta[] = {Rational(1, 4), Rational(1, 2), Rational(3, 4), Rational(1),
                                       Rational(3, 2), Rational(2),    Rational(3)};
  std::vector<std::pair<std::string, Ball>> omegas = {{"1", Ball(1)}};
  for (const Rational& ratio : kappa_over_delta) {
    const Rational kappa = ratio * delta;
    const Rational v = kappa * kappa / (1 + kappa * kappa);
    omegas.emplace_back(fmt::format("v({}*delta)", to_decimal(ratio, 4)), Ball(v));
  }
  const int mu_points = context.quick ? 9 : 41;
  const Rational phases[] = {Rational(0), delta / 2};  // theta_0, theta_1
  CheckResult result;
  bool all_within = true;
  Ball worst_ratio(0);  // max |lattice - theta| / tolerance (upper bounds)
  std::string worst_at;
  int evaluated = 0;
  int failed_points = 0;
  const int total = static_cast<int>(omegas.size()) * mu_points * 2;
  for (const auto& [omega_name, omega] : omegas) {
    for (int k = 0; k < mu_points; ++k) {
      const Rational mu = -delta + 2 * delta * k / (mu_points - 1);
      for (const Rational& c : phases) {
        const Ball theta_side = theta_form(Ball(c), Ball(mu), omega, delta);
        const auto [agree, lattice, tolerance] = theta_check::compare_with_lattice(Ball(c), Ball(mu), omega, delta, theta_side);
        if (agree != Certainty::kTrue) {
          all_within = false;
          ++failed_points;
          result.log.push_back(fmt::format("A.2: omega = {}, mu = {}, c = {}: lattice {} vs theta {} NOT within {}",
                                           omega_name, to_decimal(mu, 8), to_decimal(c, 8), lattice.str(25),
                                           theta_side.str(25), tolerance.mid_str(3)));
        }
        Ball ratio = abs(lattice - theta_side) / tolerance;
        Ball ratio_upper(ratio.is_finite() ? ratio.upper_rational() : Rational(1000000));
        if (is_certainly_true(gt(ratio_upper, worst_ratio))) {
          worst_ratio = ratio_upper;
          worst_at = fmt::format("omega = {}, mu = {}, c = {}", omega_name, to_decimal(mu, 6), to_decimal(c, 6));
        }
        ++evaluated;
      }
      if (context.progress) context.progress(static_cast<double>(evaluated) / total);
    }
  }
  result.passed = all_within;
  result.margin = all_within
                      ? fmt::format("max |lattice - theta| <= {} x tolerance (2^-100 max(1,|R|)), enclosures intersecting, "
                                    "over {} points",
                                    worst_ratio.mid_str(3), evaluated)
                      : fmt::format("FAILED: lattice sum and theta form disagree (|difference| > tolerance, or disjoint "
                                    "enclosures) at {}/{} points; largest |lattice - theta| = {} x tolerance at {}",
                                    failed_points, evaluated, worst_ratio.mid_str(3), worst_at);
  result.log.push_back(fmt::format("A.2: {} omegas x {} mu in [-delta, delta] x 2 phases at {} bits, delta = {}",
                                   omegas.size(), mu_points, kIdentityPrecision, to_fraction(delta)));
  result.log.push_back(fmt::format("A.2: worst agreement at {}: |difference| <= {} x tolerance", worst_at,
                                   worst_ratio.mid_str(3)));
  result.parameters = {{"omegas", omegas.size()},
                       {"mu_points", mu_points},
                       {"precision_bits", kIdentityPrecision},
                       {"tolerance", "2^-100 max(1,|R|)"},
                       {"delta", to_fraction(delta)}};
  return result;
}

CheckResult normaliser_defaults(const CheckContext&) {
  const PrecisionScope scope(kIdentityPrecision);
  const Instance defaults = Instance::defaults();
  const Rational delta = defaults.delta();
  const Ball quoted(parse_rational("50.1325654926200100483"));
  const Ball quoted_tolerance(parse_rational("0.00000000000000000005"));  // half a unit in the 21st digit
  CheckResult result;
  bool passed = true;
  Ball normaliser[2];
  std::vector<std::string> failures;
  // Agreement within the identity tolerance, and (both being enclosures of Z_b) intersecting.
  auto identical = [](const Ball& x, const Ball& y) {
    const Certainty close = within(x, y, identity_tolerance(y));
    return close == Certainty::kTrue && !x.overlaps(y) ? Certainty::kFalse : close;
  };
  for (int b = 0; b < 2; ++b) {
    const Ball phase(Rational(b * delta / 2));
    const Ball direct = theta::lattice_gaussian_sum(phase, Ball(0), Ball(1), delta);
    const Ball theta_side = theta_form(phase, Ball(0), Ball(1), delta);
    // The library's Z_b (density::normaliser, used by the lattice forms of h_b) is the same number.
    const Ball library = density::normaliser(b, delta);
    const Certainty identity = identical(direct, theta_side);
    const Certainty library_identity = identical(library, direct);
    const Certainty digits = within(direct, quoted, quoted_tolerance);
    passed = passed && identity == Certainty::kTrue && library_identity == Certainty::kTrue && digits == Certainty::kTrue;
    if (identity != Certainty::kTrue) failures.push_back(fmt::format("Z_{} direct vs theta form {}", b, to_string(identity)));
    if (library_identity != Certainty::kTrue) {
      failures.push_back(fmt::format("density::normaliser({}) = {} vs direct {}: {}", b, library.mid_str(22), direct.mid_str(22),
                                     to_string(library_identity)));
    }
    if (digits != Certainty::kTrue) failures.push_back(fmt::format("Z_{} = {} vs quoted digits {}", b, direct.mid_str(22), to_string(digits)));
    result.log.push_back(fmt::format("A.2: Z_{} = {} (direct lattice sum); theta form {}: identity {}; density::normaliser {}: "
                                     "identity {}; quoted digits {}",
                                     b, direct.str(30), theta_side.str(30), to_string(identity), library.str(30),
                                     to_string(library_identity), to_string(digits)));
    normaliser[b] = direct;
  }
  const Certainty equal = within(normaliser[0], normaliser[1], identity_tolerance(normaliser[0]));
  passed = passed && equal == Certainty::kTrue;
  if (equal != Certainty::kTrue) failures.push_back(fmt::format("Z_0 vs Z_1 {}", to_string(equal)));
  const Ball big_theta = theta::tail_sum(Ball(1), delta);
  result.log.push_back(fmt::format("A.2: Theta(1) = {} bounds |Z_b delta/sqrt(2 pi) - 1|", big_theta.str(6)));
  result.passed = passed;
  result.margin = passed ? fmt::format("Z_0, Z_1 = {} agree with theta form, density::normaliser, each other and "
                                       "50.1325654926200100483 +/- 5e-20",
                                       normaliser[0].mid_str(22))
                         : fmt::format("FAILED: {}", fmt::join(failures, "; "));
  result.parameters = {{"precision_bits", kIdentityPrecision}, {"delta", to_fraction(delta)}};
  return result;
}

// 2 sum_{j>=1} q^{j^2} (1 - sign cos(2 pi j u / delta)) at one point, q <= 1/2: the terms j > J add
// at most 2 * 2 q^{(J+1)^2} / (1 - q^{2J+3}) <= 8 q^{(J+1)^2} (|1 -+ cos| <= 2, q^5 <= 1/2).
Ball termwise_series_at(const Ball& q, const Rational& u, const Rational& delta, int sign) {
  Ball sum;
  const Ball angle_step = Ball(2) * Ball::pi() * Ball(u) / Ball(delta);
  for (long j = 1; j <= theta::kMaxTerms; ++j) {
    sum += pow(q, static_cast<unsigned long>(j) * static_cast<unsigned long>(j)) *
           (Ball(1) - Ball(sign) * cos(angle_step * Ball(j)));
    const Ball next = pow(q, static_cast<unsigned long>((j + 1) * (j + 1)));
    if (is_certainly_true(le(next, working_precision_threshold(q)))) {
      add_error(sum, Ball(4) * next);
      return Ball(2) * sum;
    }
  }
  return Ball::whole_line();
}

// A.2:theta-deviation-bound. omega = s delta^2 with s from ln 2/(2 pi^2) = 0.0351 (q = 0.4992 <= 1/2)
// to s = 5 (q = e^-98.7), and omega = 1 (q = e^-7895.7 at delta = 1/20).
CheckResult theta_deviation_bound(const CheckContext& context) {
  const PrecisionScope scope(kIdentityPrecision);
  const Rational delta = context.instance.delta();
  std::vector<std::pair<std::string, Rational>> omegas;
  for (const char* s : {"0.0352", "0.05", "0.1", "0.2", "0.5", "1", "2", "5"}) {
    omegas.emplace_back(fmt::format("{} delta^2", s), parse_rational(s) * delta * delta);
  }
  omegas.emplace_back("1", Rational(1));
  const int boxes = context.quick ? 32 : 512;
  CheckResult result;
  bool passed = true;
  Rational min_lower_bound(1);
  Ball min_gap(1);  // min over omegas of (2q/(1-q) - Theta)/Theta
  Ball worst_identity(0);  // max |(Theta -+ (theta - 1)) - termwise series| / (2^-100 Theta)
  int certified_boxes = 0;
  int evaluated = 0;
  int identity_failures = 0;
  int geometric_failures = 0;
  std::string first_identity_failure;
  for (const auto& [omega_name, omega_value] : omegas) {
    const Ball omega(omega_value);
    const Ball q = theta::nome(omega, delta);
    if (!is_certainly_true(le(q, Ball(Rational(1, 2))))) {
      passed = false;
      result.log.push_back(fmt::format("A.2: omega = {}: q = {} not certainly <= 1/2", omega_name, q.str(6)));
      continue;
    }
    const Ball big_theta = theta::tail_sum(omega, delta);
    for (int k = 0; k < boxes; ++k) {
      const Rational lo = delta * k / (2 * boxes);
      const Rational hi = delta * (k + 1) / (2 * boxes);
      for (int sign : {1, -1}) {
        const theta_check::TermwiseCertificate certificate =
            theta_check::certify_deviation_termwise(omega, delta, lo, hi, Rational(1), sign);
        if (certificate.holds != Certainty::kTrue) {
          passed = false;
          result.log.push_back(fmt::format("A.2: omega = {}, u in [{}, {}]: {}(theta - 1) <= Theta {}", omega_name,
                                           to_decimal(lo, 8), to_decimal(hi, 8), sign > 0 ? "" : "-",
                                           certificate.holds == Certainty::kFalse ? "REFUTED" : "undecided"));
        } else {
          ++certified_boxes;
        }
        if (certificate.lower_bound < min_lower_bound) min_lower_bound = certificate.lower_bound;
        // The termwise form is the series Theta -+ (theta - 1) rearranged: at u = lo it must agree with
        // the independent enclosures tail_sum and theta_minus_one (relative to Theta, 2^-100).
        const Ball at_lo = big_theta - Ball(sign) * theta::theta_minus_one(Ball(lo), omega, delta);
        const Ball series = termwise_series_at(q, lo, delta, sign);
        const Ball tolerance = mul_2exp(big_theta, -kIdentityToleranceBits);
        if (within(at_lo, series, tolerance) != Certainty::kTrue) {
          passed = false;
          if (identity_failures++ == 0) {
            first_identity_failure = fmt::format("omega = {}, u = {}, sign {}: {} vs termwise {}", omega_name, to_decimal(lo, 8),
                                                 sign > 0 ? "+" : "-", at_lo.str(8), series.str(8));
          }
          result.log.push_back(fmt::format("A.2: omega = {}, u = {}: Theta -+ (theta - 1) = {} vs termwise {}",
                                           omega_name, to_decimal(lo, 8), at_lo.str(10), series.str(10)));
        } else {
          const Ball ratio(Rational((abs(at_lo - series) / tolerance).upper_rational()));
          if (is_certainly_true(gt(ratio, worst_identity))) worst_identity = ratio;
        }
      }
    }
    // The second inequality, Theta <= 2q/(1-q), from the independent enclosures.
    const auto [geometric, gap] = theta_check::tail_sum_le(omega, delta, theta_check::geometric_bound);
    result.log.push_back(fmt::format("A.2: omega = {}: q = {}, Theta = {}, Theta <= 2q/(1-q) {} (relative gap {})",
                                     omega_name, q.mid_str(6), big_theta.mid_str(6), to_string(geometric),
                                     gap.mid_str(3)));
    if (is_certainly_true(lt(gap, min_gap))) min_gap = gap;
    passed = passed && geometric == Certainty::kTrue;
    if (geometric != Certainty::kTrue) ++geometric_failures;
    ++evaluated;
    if (context.progress) context.progress(static_cast<double>(evaluated) / omegas.size());
  }
  result.passed = passed;
  const int pairs = 2 * boxes * static_cast<int>(omegas.size());
  if (passed) {
    result.margin = fmt::format(
        "|theta - 1| <= Theta certified termwise on {}/{} (u-box, sign) pairs (min lower bound of Theta -+ (theta-1): "
        "{}, equality at u = 0); termwise form = Theta -+ (theta-1) within {} x 2^-100 Theta; Theta <= 2q/(1-q) at {} "
        "omegas with q <= 1/2 (min relative gap {})",
        certified_boxes, pairs, to_decimal(min_lower_bound, 3), worst_identity.mid_str(3), omegas.size(),
        min_gap.mid_str(3));
  } else {
    std::vector<std::string> failed;
    if (certified_boxes < pairs) {
      failed.push_back(fmt::format("|theta - 1| <= Theta NOT certified on {}/{} (u-box, sign) pairs (min lower bound of "
                                   "Theta -+ (theta-1): {})",
                                   pairs - certified_boxes, pairs, to_decimal(min_lower_bound, 3)));
    }
    if (identity_failures > 0) {
      failed.push_back(fmt::format("termwise form vs Theta -+ (theta-1) from tail_sum/theta_minus_one NOT within 2^-100 Theta "
                                   "at {} box ends (first: {})",
                                   identity_failures, first_identity_failure));
    }
    if (geometric_failures > 0) {
      failed.push_back(fmt::format("Theta <= 2q/(1-q) NOT certified at {} omegas (min relative gap {})", geometric_failures,
                                   min_gap.mid_str(3)));
    }
    if (failed.empty()) failed.push_back("an omega with q not certainly <= 1/2 (see log)");
    result.margin = "FAILED: " + fmt::format("{}", fmt::join(failed, "; "));
  }
  result.log.push_back(fmt::format("A.2: {} u-boxes covering [0, delta/2] x {} omegas, delta = {}", boxes,
                                   omegas.size(), to_fraction(delta)));
  result.parameters = {{"u_boxes", boxes},
                       {"omegas", omegas.size()},
                       {"precision_bits", kIdentityPrecision},
                       {"delta", to_fraction(delta)}};
  return result;
}

// A.2:variance-formula. Quoted Var(D_0) - 1 (spec A.2; b = 1 flips the sign), to 6 digits.
struct QuotedVariance {
  Rational delta;
  const char* excess_b0;
};

CheckResult variance_formula(const CheckContext&) {
  const PrecisionScope scope(kIdentityPrecision);
  const QuotedVariance quoted[] = {{Rational(1), "-2.11232e-7"},
                                   {Rational(1, 2), "-1.61783e-32"},
                                   {Rational(1, 20), "-2.80328e-3425"}};
  CheckResult result;
  bool passed = true;
  Ball worst_ratio(0);
  std::string reported;
  std::vector<std::string> failures;
  for (const auto& [delta, excess_text] : quoted) {
    for (int b = 0; b < 2; ++b) {
      const Ball excess = instance::variance_excess(delta, b);
      const Ball theta_variance = Ball(1) + excess;
      const Ball direct = instance::variance_direct(delta, b);
      const Ball tolerance = identity_tolerance(theta_variance);
      const Certainty identity = within(direct, theta_variance, tolerance);
      const Ball quoted_excess(Rational(parse_rational(excess_text) * (b == 0 ? 1 : -1)));
      // Half a unit in the 6th significant digit.
      const Certainty digits = within(excess, quoted_excess, abs(quoted_excess) * Ball(Rational(5, 1000000)));
      passed = passed && identity == Certainty::kTrue && digits == Certainty::kTrue;
      if (identity != Certainty::kTrue) {
        failures.push_back(fmt::format("delta = {}, b = {}: 1 + theta''/theta = {} vs direct sum {} NOT within 2^-100 ({})",
                                       to_fraction(delta), b, theta_variance.str(10), direct.str(10), to_string(identity)));
      }
      if (digits != Certainty::kTrue) {
        // The quoted digits are Var(D_0) - 1; for b = 1 the quoted value is their negative.
        const std::string quoted_text =
            b == 0 ? std::string(excess_text) : (excess_text[0] == '-' ? std::string(excess_text + 1) : "-" + std::string(excess_text));
        failures.push_back(fmt::format("delta = {}, b = {}: Var - 1 = {} does not reproduce quoted {} ({})", to_fraction(delta), b,
                                       excess.str(8), quoted_text, to_string(digits)));
      }
      const Ball ratio = abs(direct - theta_variance) / tolerance;
      if (ratio.is_finite() && is_certainly_true(gt(Ball(ratio.upper_rational()), worst_ratio))) {
        worst_ratio = Ball(ratio.upper_rational());
      }
      result.log.push_back(fmt::format(
          "A.2: delta = {}, b = {}: Var - 1 = {} (theta form; quoted {}: {}); direct sum Var - 1 = {}; identity {}",
          to_fraction(delta), b, excess.str(8), excess_text, to_string(digits), (direct - Ball(1)).str(8),
          to_string(identity)));
      if (b == 0) reported += fmt::format("{}delta={}: {}", reported.empty() ? "" : ", ", to_fraction(delta), excess.mid_str(6));
    }
  }
  result.passed = passed;
  result.margin = passed ? fmt::format("Var(D_b) = 1 + theta''/theta within {} x tolerance (2^-100 max(1,|Var|)) of the direct "
                                       "sums; Var(D_0) - 1 = {} (b = 1: sign flipped), all quoted digits reproduced",
                                       worst_ratio.mid_str(3), reported)
                         : fmt::format("FAILED: {}", fmt::join(failures, "; "));
  result.parameters = {{"deltas", {"1", "1/2", "1/20"}},
                       {"precision_bits", kIdentityPrecision},
                       {"tolerance", "2^-100 max(1,|Var|)"},
                       {"cutoff", instance::kTailCutoff}};
  return result;
}

}  // namespace

void register_theta_checks(audit::Registry& registry) {
  registry.add({"A.2:theta-vs-lattice", spec::CheckKind::kCertified, theta_vs_lattice});
  registry.add({"A.2:normaliser-defaults", spec::CheckKind::kCertified, normaliser_defaults});
  registry.add({"A.2:theta-deviation-bound", spec::CheckKind::kCertified, theta_deviation_bound});
  registry.add({"A.2:variance-formula", spec::CheckKind::kCertified, variance_formula});
}

}  // namespace dpsi::checks
