// B.1 (decoder identity, decoding error series and its constants) and A.3 (tails and exponential
// moment of D_b, tail of the blurred law): spec/B-inversion.md, spec/A-instance.md.
#include "proofs-checks/decoding_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dpsi/instance/decoder.h"
#include "dpsi/instance/decoding_error.h"
#include "dpsi/instance/lattice_tails.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {

// ---------------------------------------------------------------------------------------------
// Claim evaluators shared with the tests (decoding_checks.h).

std::string certified_margin_str(const Ball& smaller, const Ball& larger, int digits) {
  if (!smaller.is_finite() || !larger.is_finite()) return "n/a";
  const Ball margin(Rational(larger.lower_rational() - smaller.upper_rational()));
  return margin.mid_str(digits);
}

Comparison compare_adaptively(const std::function<std::pair<Ball, Ball>()>& evaluate, bool strict,
                              long start_bits, long max_bits) {
  Comparison result;
  for (long bits = start_bits; bits <= max_bits; bits *= 2) {
    const PrecisionScope scope(bits);
    auto [lhs, rhs] = evaluate();
    result.lhs = std::move(lhs);
    result.rhs = std::move(rhs);
    result.bits = bits;
    result.holds = strict ? lt(result.lhs, result.rhs) : le(result.lhs, result.rhs);
    if (result.holds != Certainty::kUndecided) break;
  }
  return result;
}

namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kBasePrecision = 256;
constexpr long kMaxPrecision = 16384;

// Half a unit in the last printed digit of a decimal such as "3.4441291567e-6".
Rational half_unit_of(const std::string& text) {
  const auto e_pos = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e_pos);
  long exponent = e_pos == std::string::npos ? 0 : std::stol(text.substr(e_pos + 1));
  const auto dot = mantissa.find('.');
  if (dot != std::string::npos) exponent -= static_cast<long>(mantissa.size() - dot - 1);
  Rational unit(1);
  for (long i = 0; i < (exponent < 0 ? -exponent : exponent); ++i) unit = exponent < 0 ? unit / 10 : unit * 10;
  return unit / 2;
}

// The enclosure certainly rounds to `quoted` (lies within half a unit of its last digit).
Certainty matches_digits(const Ball& value, const std::string& quoted) {
  return within(value, Ball(parse_rational(quoted)), Ball(half_unit_of(quoted)));
}

// ------------------------------------------------------------------ B.1:decoder-identity (exact)

CheckResult decoder_identity(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const long total = context.quick ? 100'000 : 1'000'000;
  std::mt19937_64 engine(context.seed);
  auto uniform = [&engine](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(engine);
  };
  const Rational two_pow_minus_60(Rational(1) / Rational(Integer(1) << 60));
  enum Kind { kGeneric, kTie, kNearTie, kTiePlusMinus2e60, kFarTie, kHugeDenominator, kKinds };
  const char* kind_names[kKinds] = {"generic |e| <= 8 delta", "exact ties +-delta/4, +-3delta/4",
                                    "within 2^-60 of +-delta/4, +-3delta/4", "ties +- 2^-60 exactly",
                                    "far ties (2t+1)delta/4 (+ offset <= 2^-60)", "denominators up to 2^62"};
  long counts[kKinds] = {};
  long mismatches = 0;
  long definition_mismatches = 0;
  long exact_ties = 0;
  long near_ties = 0;
  long error_bit_one = 0;
  std::vector<std::string> examples;
  for (long i = 0; i < total; ++i) {
    const auto kind = static_cast<Kind>(i % kKinds);
    const int b = static_cast<int>(uniform(0, 1));
    // w = (2k + b) delta / 2 in Lambda_b; mostly moderate k, sometimes huge.
    const Integer k = (i % 7 == 0) ? Integer(uniform(-(std::int64_t{1} << 50), std::int64_t{1} << 50))
                                   : Integer(uniform(-1'000'000, 1'000'000));
    const Rational w((2 * k + b) * delta / 2);
    const std::int64_t near_tie = std::array<std::int64_t, 4>{-2, -1, 0, 1}[static_cast<std::size_t>(uniform(0, 3))];
    const Rational tie((2 * near_tie + 1) * delta / 4);  // -3delta/4, -delta/4, delta/4, 3delta/4
    const Rational tiny_offset(Rational(uniform(-(std::int64_t{1} << 20), std::int64_t{1} << 20), std::int64_t{1} << 20) *
                               two_pow_minus_60);  // |offset| <= 2^-60 (0 included)
    Rational e;
    switch (kind) {
      case kGeneric: {
        const std::int64_t q = uniform(1, std::int64_t{1} << 40);
        e = delta * Rational(Integer(uniform(-8 * q, 8 * q)), Integer(q));
        break;
      }
      case kTie:
        e = tie;
        break;
      case kNearTie:
        e = tie + tiny_offset;
        break;
      case kTiePlusMinus2e60:
        e = uniform(0, 1) ? Rational(tie + two_pow_minus_60) : Rational(tie - two_pow_minus_60);
        break;
      case kFarTie: {
        const Integer t(uniform(-1'000'000'000, 1'000'000'000));
        e = Rational((2 * t + 1) * delta / 4) + (uniform(0, 1) ? tiny_offset : Rational(0));
        break;
      }
      case kHugeDenominator:
      case kKinds: {
        const Integer q = Integer(uniform(1, std::int64_t{1} << 62));
        e = Rational(Integer(uniform(-(std::int64_t{1} << 62), std::int64_t{1} << 62)), q) * delta;
        break;
      }
    }
    ++counts[kind];
    // Classify e by its distance to the nearest tie (2t+1) delta/4, i.e. of 2e/delta + 1/2 to an integer.
    const Rational shifted(2 * e / delta + Rational(1, 2));
    const Rational distance(abs(Rational(shifted - Rational(instance::round_half_up(shifted)))) * delta / 2);
    if (distance == 0) {
      ++exact_ties;
    } else if (distance <= two_pow_minus_60) {
      ++near_ties;
    }
    const int lhs = instance::decode_bit(Rational(w + e), delta);
    const int error_bit = instance::decode_bit(e, delta);  // round(2e/delta) mod 2
    const int rhs = b ^ error_bit;
    error_bit_one += error_bit;
    if (lhs != rhs) {
      ++mismatches;
      if (examples.size() < 5) {
        examples.push_back(fmt::format("B.1(i): MISMATCH w = {}, e = {}: dec(w+e) = {}, b xor ... = {}", to_fraction(w),
                                       to_fraction(e), lhs, rhs));
      }
    }
    // Both sides against the definition itself (the identity alone holds for any shift-commuting
    // rounding, e.g. floor or ties-down): k = round(t) is the integer with k - 1/2 <= t < k + 1/2, and
    // dec is its non-negative residue mod 2, here computed as k - 2 floor(k/2).
    for (const Rational& y : {Rational(w + e), e}) {
      const Rational t(2 * y / delta);
      const Integer rounded = instance::round_half_up(t);
      const Rational kr(rounded);
      const Integer parity = rounded - 2 * floor_of(Rational(kr / 2));
      const bool bracket = kr - Rational(1, 2) <= t && t < kr + Rational(1, 2);
      const bool residue = instance::decode_bit(y, delta) == parity.convert_to<int>();
      if (!bracket || !residue) {
        ++definition_mismatches;
        if (examples.size() < 5) {
          examples.push_back(fmt::format("B.1(i): DEFINITION MISMATCH y = {}: round(2y/delta) = {} ({}), dec(y) = {} vs "
                                         "k - 2 floor(k/2) = {}",
                                         to_fraction(y), rounded.str(), bracket ? "in [t - 1/2, t + 1/2)" : "NOT floor(t + 1/2)",
                                         instance::decode_bit(y, delta), parity.str()));
        }
      }
    }
    if (context.progress && i % 10'000 == 0) context.progress(static_cast<double>(i) / static_cast<double>(total));
  }
  CheckResult result;
  result.passed = mismatches == 0 && definition_mismatches == 0;
  result.margin = fmt::format("B.1(i): {}{} mismatches of the identity and {} of dec with its definition "
                              "(floor(t + 1/2) mod 2) in {} pairs (w, e), w in delta Z + b delta/2, delta = {}, "
                              "incl. {} exact ties and {} within 2^-60 of a tie; exact rational arithmetic",
                              result.passed ? "" : "FAIL: ", mismatches, definition_mismatches, total, to_fraction(delta),
                              exact_ties, near_ties);
  for (int kind = 0; kind < kKinds; ++kind) {
    result.log.push_back(fmt::format("B.1(i): {} pairs: {}", counts[kind], kind_names[kind]));
  }
  result.log.push_back(fmt::format("B.1(i): error bit round(2e/delta) mod 2 = 1 in {} of {} pairs", error_bit_one, total));
  for (const std::string& line : examples) result.log.push_back(line);
  result.parameters = {{"pairs", total}, {"delta", to_fraction(delta)}, {"seed", context.seed}, {"arithmetic", "GMP rationals"}};
  return result;
}

// --------------------------------------------------------------- B.1:perr-series-bounds (certified)

// The series and the Fourier form of p_err (decoding_error_fourier) agree to relative 2^-kSeriesAgreementBits
// (the spec's identity claim with a relative tolerance: both are enclosures of the same number).
constexpr long kSeriesAgreementBits = 128;

Ball relative_tolerance(const Ball& reference, long bits) {
  return Ball(Rational(abs(reference).lower_rational() / Rational(Integer(1) << bits)));
}

CheckResult perr_series_bounds(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const Rational tau = context.instance.tau();
  std::vector<std::pair<std::string, Rational>> settings = {{"instance", context.instance.sigma_y()}};
  for (int k = 1; k <= 20; ++k) settings.emplace_back("grid", Rational(k, 1000));
  CheckResult result;
  bool passed = true;
  std::string default_line;
  std::string failures;
  long max_bits = kBasePrecision;
  int index = 0;
  for (const auto& setting : settings) {
    const std::string& label = setting.first;
    const Rational& sigma_y = setting.second;
    const Comparison lower = compare_adaptively(
        [&] {
          const Ball z = instance::decoding_margin(delta, tau, sigma_y);
          return std::pair{instance::decoding_error_lower_bound(z), instance::decoding_error(z)};
        },
        true, kBasePrecision, kMaxPrecision);
    const Comparison upper = compare_adaptively(
        [&] {
          const Ball z = instance::decoding_margin(delta, tau, sigma_y);
          return std::pair{instance::decoding_error(z), instance::decoding_error_upper_bound(z)};
        },
        true, kBasePrecision, kMaxPrecision);
    // The identity series = Fourier form, decided by precision doubling like the inequalities.
    Certainty agree = Certainty::kUndecided;
    Ball series_value;
    Ball fourier_value;
    long agree_bits = kBasePrecision;
    for (long bits = kBasePrecision; bits <= kMaxPrecision; bits *= 2) {
      const PrecisionScope scope(bits);
      const Ball z = instance::decoding_margin(delta, tau, sigma_y);
      series_value = instance::decoding_error(z);
      fourier_value = instance::decoding_error_fourier(z);
      agree = within(series_value, fourier_value, relative_tolerance(fourier_value, kSeriesAgreementBits));
      agree_bits = bits;
      if (agree != Certainty::kUndecided) break;
    }
    const PrecisionScope scope(kBasePrecision);
    const Ball z = instance::decoding_margin(delta, tau, sigma_y);
    const instance::DecodingErrorSeries series = instance::decoding_error_series(z);
    const Ball lower_gap = instance::decoding_error_lower_gap(z);
    const Ball upper_gap = instance::decoding_error_upper_gap(z);
    const bool ok = lower.holds == Certainty::kTrue && upper.holds == Certainty::kTrue && agree == Certainty::kTrue;
    passed = passed && ok;
    max_bits = std::max({max_bits, lower.bits, upper.bits, agree_bits});
    const Ball discrepancy = abs(series_value - fourier_value) / abs(fourier_value);
    const std::string line = fmt::format(
        "B.1(ii): sigma_y = {} (z = {}): p_err = {} in [2(Phibar(z)-Phibar(3z)), 2Phibar(z)] = [{}, {}]: "
        "lower < p_err {} at {} bits (certified margin {}; p_err - lower = {}), p_err < upper {} at {} bits "
        "(certified margin {}; upper - p_err = {}); J = {} terms, remainder <= {}; Fourier form {}: series = Fourier "
        "within relative 2^-{}: {} at {} bits (|series - Fourier|/Fourier <= {}){}",
        to_decimal(sigma_y, 6), z.mid_str(9), series.value.mid_str(10), lower.lhs.mid_str(10), upper.rhs.mid_str(10),
        to_string(lower.holds), lower.bits, certified_margin_str(lower.lhs, lower.rhs), lower_gap.mid_str(4),
        to_string(upper.holds), upper.bits, certified_margin_str(upper.lhs, upper.rhs), upper_gap.mid_str(4),
        series.terms, series.remainder.mid_str(3), fourier_value.mid_str(10), kSeriesAgreementBits, to_string(agree),
        agree_bits, discrepancy.is_finite() ? Ball(discrepancy.upper_rational()).mid_str(3) : std::string("n/a"), ok ? "" : "  FAIL");
    result.log.push_back(line);
    if (!ok) {
      failures += fmt::format("{}sigma_y = {}: {}{}{}", failures.empty() ? "" : "; ", to_decimal(sigma_y, 6),
                              lower.holds == Certainty::kTrue ? "" : fmt::format("lower < p_err {} ", to_string(lower.holds)),
                              upper.holds == Certainty::kTrue ? "" : fmt::format("p_err < upper {} ", to_string(upper.holds)),
                              agree == Certainty::kTrue
                                  ? ""
                                  : fmt::format("series {} vs Fourier {}: agreement within relative 2^-{} {}", series_value.mid_str(12),
                                                fourier_value.mid_str(12), kSeriesAgreementBits, to_string(agree)));
    }
    if (label == "instance") {
      default_line = fmt::format("B.1(ii): p_err = {} in [lower + {}, upper - {}] and = Fourier form (sigma_y = {}; certified)",
                                 series.value.mid_str(10), certified_margin_str(lower.lhs, lower.rhs),
                                 certified_margin_str(upper.lhs, upper.rhs), to_decimal(sigma_y, 6));
    }
    ++index;
    if (context.progress) context.progress(static_cast<double>(index) / static_cast<double>(settings.size()));
  }
  result.passed = passed;
  if (passed) {
    result.margin = fmt::format("{}; strict bounds and series = Fourier form at all {} sigma_y (grid 0.001..0.02 step 0.001 + "
                                "instance), up to {} bits",
                                default_line, settings.size(), max_bits);
  } else {
    result.margin = fmt::format("FAIL: {}", failures);
  }
  result.parameters = {{"sigma_y_grid", "0.001..0.020 step 0.001, plus the instance's"},
                       {"delta", to_fraction(delta)},
                       {"tau", to_decimal(tau, 6)},
                       {"series_vs_fourier_relative_tolerance", fmt::format("2^-{}", kSeriesAgreementBits)},
                       {"precision_bits", fmt::format("{}..{} (doubled until decided)", kBasePrecision, kMaxPrecision)}};
  return result;
}

// --------------------------------------------------------------- B.1:perr-defaults (certified)

CheckResult perr_defaults(const CheckContext&) {
  const PrecisionScope scope(kBasePrecision);
  const Instance defaults = Instance::defaults();
  const Ball z = instance::decoding_margin(defaults);
  const Ball p_err = instance::decoding_error(z);
  const Ball p_dec = instance::decoding_failure_probability(p_err, defaults.m());
  const Ball union_bound = Ball(static_cast<long>(defaults.m())) * p_err;
  const Ball gap = instance::decoding_error_upper_gap(z);
  const Ball gap_by_difference = instance::decoding_error_upper_bound(z) - p_err;
  struct Quoted {
    std::string what;
    Ball value;
    std::string digits;
  };
  std::vector<Quoted> quoted = {{"z", z, "4.64238345"},
                                {"z", z, "4.642383"},
                                {"p_err", p_err, "3.4441291567e-6"},
                                {"p_err (Fourier form)", instance::decoding_error_fourier(z), "3.4441291567e-6"},
                                {"P_dec", p_dec, "5.5104643e-5"},
                                {"P_dec", p_dec, "5.510464e-5"},
                                {"P_dec (1 - (1 - p_err)^m from the Fourier form)",
                                 instance::decoding_failure_probability(instance::decoding_error_fourier(z), defaults.m()), "5.5104643e-5"},
                                {"m p_err", union_bound, "5.5106067e-5"},
                                {"2Phibar(z) - p_err", gap, "4.333e-44"},
                                {"2Phibar(z) - p_err (by difference)", gap_by_difference, "4.333e-44"}};
  // The other values B.1's Constants quote, each p_err by the series and by the Fourier form.
  const Rational delta = defaults.delta();
  const Rational tau = defaults.tau();
  for (const auto& [sigma_y, nu_digits, z_digits, perr_digits] :
       std::vector<std::tuple<Rational, std::string, std::string, std::string>>{
           {Rational(6, 1000), "0.00608276", "2.0549873", "0.03988023"}, {Rational(1, 100), "", "1.2437965", "0.2133840"}}) {
    const std::string at = fmt::format(" at sigma_y = {}", to_decimal(sigma_y, 4));
    const Ball z_at = instance::decoding_margin(delta, tau, sigma_y);
    if (!nu_digits.empty()) quoted.push_back({"nu" + at, instance::noise_scale(tau, sigma_y), nu_digits});
    quoted.push_back({"z" + at, z_at, z_digits});
    quoted.push_back({"p_err" + at, instance::decoding_error(z_at), perr_digits});
    quoted.push_back({"p_err (Fourier form)" + at, instance::decoding_error_fourier(z_at), perr_digits});
    if (sigma_y == Rational(1, 100)) quoted.push_back({"2Phibar(z)" + at, instance::decoding_error_upper_bound(z_at), "0.2135745"});
  }
  // Decoding x_F itself: nu -> tau, z = delta / (4 tau) = 12.5 exactly.
  const Ball z_tau = Ball(delta) / (Ball(4) * Ball(tau));
  quoted.push_back({"z (nu = tau)", z_tau, "12.5"});
  quoted.push_back({"p_err (nu = tau)", instance::decoding_error(z_tau), "7.4651e-36"});
  quoted.push_back({"p_err (nu = tau, Fourier form)", instance::decoding_error_fourier(z_tau), "7.4651e-36"});
  CheckResult result;
  bool passed = true;
  std::string failures;
  for (const Quoted& q : quoted) {
    const Certainty ok = matches_digits(q.value, q.digits);
    passed = passed && ok == Certainty::kTrue;
    if (ok != Certainty::kTrue) {
      failures += fmt::format("{}{} = {} does not round to {} ({})", failures.empty() ? "" : "; ", q.what, q.value.str(14), q.digits,
                              to_string(ok));
    }
    result.log.push_back(fmt::format("B.1: {} = {} rounds to {}: {}{}", q.what, q.value.str(20), q.digits, to_string(ok),
                                     ok == Certainty::kTrue ? "" : "  FAIL"));
  }
  const Certainty positive = gt(gap, Ball(0)) && gt(gap_by_difference, Ball(0));
  passed = passed && positive == Certainty::kTrue;
  if (positive != Certainty::kTrue) {
    failures += fmt::format("{}2Phibar(z) - p_err > 0 is {} (series enclosure {}, difference {})", failures.empty() ? "" : "; ",
                            to_string(positive), gap.str(8), gap_by_difference.str(8));
  }
  result.log.push_back(fmt::format("B.1: 2Phibar(z) - p_err > 0: {} (series enclosure {}, difference {})",
                                   to_string(positive), gap.str(8), gap_by_difference.str(8)));
  result.passed = passed;
  if (passed) {
    result.margin = fmt::format(
        "B.1(ii): z = {}, p_err = {}, P_dec = {}, m p_err = {} and the values at sigma_y = 0.006, 0.01 and nu = tau (each "
        "within half a unit of the quoted digits, {} values); 2Phibar(z) - p_err = {} > 0",
        z.mid_str(9), p_err.mid_str(11), p_dec.mid_str(8), union_bound.mid_str(8), quoted.size(), gap.mid_str(4));
  } else {
    result.margin = fmt::format("FAIL: {}", failures);
  }
  result.parameters = {{"precision_bits", kBasePrecision}, {"m", defaults.m()}};
  return result;
}

// --------------------------------------------------------------- A.3:lattice-tail-bound (certified)

CheckResult lattice_tail_bound_check(const CheckContext& context) {
  const Rational deltas[] = {Rational(1, 2), Rational(1, 20)};
  std::vector<Rational> ks;
  for (int i = 1; i <= 24; ++i) ks.emplace_back(i, 2);  // 0.5, 1, ..., 12 (lattice points)
  if (!context.quick) {
    for (int i = 0; i <= 45; ++i) ks.emplace_back(Rational(1, 2) + Rational(23, 2) * Rational(i, 45) + Rational(1, 97));
  }
  std::sort(ks.begin(), ks.end());
  CheckResult result;
  bool passed = true;
  Ball worst_ratio(0);
  std::string worst_at;
  int violations = 0;
  std::string first_violation;
  std::string default_line;
  int evaluated = 0;
  const int total = static_cast<int>(ks.size()) * 4;
  for (const Rational& delta : deltas) {
    for (int b = 0; b < 2; ++b) {
      for (const Rational& K : ks) {
        const Comparison c = compare_adaptively(
            [&] { return std::pair{instance::lattice_tail(delta, b, K), instance::lattice_tail_bound(delta, K)}; }, false,
            kBasePrecision, kMaxPrecision);
        if (c.holds != Certainty::kTrue) {
          passed = false;
          if (violations++ == 0) {
            first_violation = fmt::format("delta = {}, b = {}, K = {}: tail {} vs bound {}", to_fraction(delta), b, to_decimal(K, 6),
                                          c.lhs.mid_str(6), c.rhs.mid_str(6));
          }
          result.log.push_back(fmt::format("A.3(i): delta = {}, b = {}, K = {}: exact tail {} vs bound {}: {}",
                                           to_fraction(delta), b, to_decimal(K, 8), c.lhs.str(10), c.rhs.str(10),
                                           to_string(c.holds)));
        }
        const Ball ratio = c.lhs / c.rhs;
        if (ratio.is_finite() && is_certainly_true(gt(Ball(ratio.upper_rational()), worst_ratio))) {
          worst_ratio = Ball(ratio.upper_rational());
          worst_at = fmt::format("delta = {}, b = {}, K = {} (tail {} {} bound {}, margin {})", to_fraction(delta), b,
                                 to_decimal(K, 6), c.lhs.mid_str(6), c.holds == Certainty::kTrue ? "<=" : "vs", c.rhs.mid_str(6),
                                 certified_margin_str(c.lhs, c.rhs));
        }
        if (delta == Rational(1, 20) && K == 10) {
          default_line += fmt::format(" P_D{}(|w| >= 10) = {}", b, c.lhs.mid_str(6));
          if (b == 1) {
            result.log.push_back(fmt::format("A.3(i): defaults, K = 10: bound {};{}", c.rhs.mid_str(6), default_line));
          }
        }
        ++evaluated;
      }
      if (context.progress) context.progress(static_cast<double>(evaluated) / total);
    }
  }
  result.log.push_back(fmt::format("A.3(i): {} K in [0.5, 12] x delta in {{1/2, 1/20}} x b in {{0,1}}; tails summed to "
                                   "|w| <= K + {} plus the geometric remainder; largest tail/bound at {}",
                                   ks.size(), instance::kTailCutoff, worst_at));
  result.passed = passed;
  result.margin = passed ? fmt::format("A.3(i): P_Db(|w| >= K) <= bound (i) at all {} points; max tail/bound = {} at {}", evaluated,
                                       worst_ratio.mid_str(6), worst_at)
                         : fmt::format("FAILED: A.3(i): P_Db(|w| >= K) <= bound (i) NOT certain at {} of {} points (first: {}); max "
                                       "tail/bound = {} at {}",
                                       violations, evaluated, first_violation, worst_ratio.mid_str(6), worst_at);
  result.parameters = {{"K_points", ks.size()}, {"deltas", "1/2, 1/20"}, {"cutoff", instance::kTailCutoff},
                       {"precision_bits", kBasePrecision}};
  return result;
}

// --------------------------------------------------------------- A.3:exponential-moment (certified)

CheckResult exponential_moment_check(const CheckContext& context) {
  std::vector<Rational> deltas = {Rational(1, 2)};
  if (context.instance.delta() != Rational(1, 2)) deltas.push_back(context.instance.delta());
  const int points = context.quick ? 10 : 20;
  CheckResult result;
  bool passed = true;
  Ball smallest_margin = Ball::whole_line();
  std::string smallest_at;
  Ball worst_identity(0);
  int evaluated = 0;
  int claim_failures = 0;
  int identity_failures = 0;
  std::string first_claim_failure;
  std::string first_identity_failure;
  const int total = static_cast<int>(deltas.size()) * 2 * points;
  for (const Rational& delta : deltas) {
    for (int b = 0; b < 2; ++b) {
      for (int k = 0; k < points; ++k) {
        const Rational lambda = Rational(49, 100) * Rational(k, points - 1);
        // The claim, in log form: L_b(lambda) <= log c_Theta.
        const Comparison c = compare_adaptively(
            [&] {
              return std::pair{instance::exponential_moment_log_excess(delta, b, lambda), instance::log_c_theta(delta)};
            },
            false, kBasePrecision, kMaxPrecision);
        const PrecisionScope scope(kBasePrecision);
        // Cross-check: the theta-form moment against the ratio of direct lattice sums (A.2 identity).
        const Ball theta_form = instance::exponential_moment(delta, b, lambda);
        const Ball direct = instance::exponential_moment_direct(delta, b, lambda);
        const Ball tolerance = identity_tolerance(theta_form);
        const Certainty identity = within(direct, theta_form, tolerance);
        const Ball identity_ratio = abs(direct - theta_form) / tolerance;
        if (identity_ratio.is_finite() && is_certainly_true(gt(Ball(identity_ratio.upper_rational()), worst_identity))) {
          worst_identity = Ball(identity_ratio.upper_rational());
        }
        if (c.holds != Certainty::kTrue || identity != Certainty::kTrue) {
          passed = false;
          const std::string at = fmt::format("delta = {}, b = {}, lambda = {}", to_fraction(delta), b, to_decimal(lambda, 6));
          if (c.holds != Certainty::kTrue && claim_failures++ == 0) {
            first_claim_failure = fmt::format("{}: log excess {} vs log c_Theta {}", at, c.lhs.mid_str(6), c.rhs.mid_str(6));
          }
          if (identity != Certainty::kTrue && identity_failures++ == 0) {
            first_identity_failure = fmt::format("{}: direct sums {} vs theta form {}", at, direct.mid_str(12), theta_form.mid_str(12));
          }
          result.log.push_back(fmt::format("A.3(ii): delta = {}, b = {}, lambda = {}: log excess {} vs log c_Theta {}: {}; "
                                           "direct sums {} vs theta form {}: {}",
                                           to_fraction(delta), b, to_decimal(lambda, 6), c.lhs.str(8), c.rhs.str(8),
                                           to_string(c.holds), direct.str(20), theta_form.str(20), to_string(identity)));
        }
        if (c.lhs.is_finite() && c.rhs.is_finite()) {
          const Ball margin(Rational(c.rhs.lower_rational() - c.lhs.upper_rational()));
          if (!smallest_margin.is_finite() || is_certainly_true(lt(margin, smallest_margin))) {
            smallest_margin = margin;
            smallest_at = fmt::format("delta = {}, b = {}, lambda = {}", to_fraction(delta), b, to_decimal(lambda, 6));
          }
        }
        ++evaluated;
      }
      if (context.progress) context.progress(static_cast<double>(evaluated) / total);
    }
    const PrecisionScope scope(kBasePrecision);
    result.log.push_back(fmt::format("A.3(ii): delta = {}: Theta(1) = {}, log c_Theta = {}", to_fraction(delta),
                                     instance::big_theta_one(delta).mid_str(6), instance::log_c_theta(delta).mid_str(6)));
  }
  result.passed = passed;
  if (passed) {
    result.margin = fmt::format(
        "A.3(ii): E exp(lambda w^2) <= (1-2 lambda)^-1/2 c_Theta at {} points (lambda grid [0, 0.49]); smallest "
        "log c_Theta - log(E exp(lambda w^2) sqrt(1-2 lambda)) = {} at {}; direct sums = theta form within {} x tolerance",
        evaluated, smallest_margin.mid_str(4), smallest_at, worst_identity.mid_str(3));
  } else {
    std::vector<std::string> failed;
    if (claim_failures > 0) {
      failed.push_back(fmt::format("E exp(lambda w^2) <= (1-2 lambda)^-1/2 c_Theta NOT certified at {} of {} points (first: {}; "
                                   "smallest log c_Theta - log excess = {} at {})",
                                   claim_failures, evaluated, first_claim_failure, smallest_margin.mid_str(4), smallest_at));
    }
    if (identity_failures > 0) {
      failed.push_back(fmt::format("theta-form moment NOT within 2^-100 max(1,|R|) of the direct lattice sums at {} of {} points "
                                   "(first: {})",
                                   identity_failures, evaluated, first_identity_failure));
    }
    result.margin = fmt::format("FAILED: A.3(ii): {}", fmt::join(failed, "; "));
  }
  result.log.push_back(fmt::format("A.3(ii): claim decided in log form log1p(E_b(omega)) - log1p(E_b(1)) <= "
                                   "log1p(Theta(1)) - log1p(-Theta(1)), omega = 1/(1-2 lambda)"));
  result.parameters = {{"lambda_points", points}, {"lambda_range", "[0, 0.49]"}, {"precision_bits", kBasePrecision},
                       {"identity_tolerance", "2^-100 max(1,|R|)"}};
  return result;
}

// --------------------------------------------------------------- A.3:blurred-tail-bound (certified)

CheckResult blurred_tail_bound_check(const CheckContext& context) {
  const Rational delta = context.instance.delta();
  const Rational kappas[] = {Rational(1, 1000), Rational(1, 20), Rational(1, 10)};
  const Rational Bs[] = {Rational(6), Rational(10)};
  const Rational r(1);
  CheckResult result;
  bool passed = true;
  Ball worst_ratio(0);
  std::string worst_at;
  int evaluated = 0;
  int bound_failures = 0;
  std::string first_bound_failure;
  for (const Rational& kappa : kappas) {
    for (const Rational& B : Bs) {
      for (int b = 0; b < 2; ++b) {
        const Comparison c = compare_adaptively(
            [&] {
              return std::pair{instance::blurred_tail(delta, b, kappa, B), instance::blurred_tail_bound(delta, b, kappa, B, r)};
            },
            false, kBasePrecision, kMaxPrecision);
        passed = passed && c.holds == Certainty::kTrue;
        if (c.holds != Certainty::kTrue && bound_failures++ == 0) {
          first_bound_failure = fmt::format("kappa = {}, B = {}, b = {}: P_h(|t| > B) = {} vs bound {}", to_decimal(kappa, 4),
                                            to_decimal(B, 4), b, c.lhs.mid_str(6), c.rhs.mid_str(6));
        }
        result.log.push_back(fmt::format("A.3(iii): delta = {}, kappa = {}, B = {}, r = 1, b = {}: P_h(|t| > B) = {} <= "
                                         "P_D(|w| >= B-r) + 2Phibar(r/kappa) = {}: {} (margin {})",
                                         to_fraction(delta), to_decimal(kappa, 4), to_decimal(B, 4), b, c.lhs.mid_str(6),
                                         c.rhs.mid_str(6), to_string(c.holds), certified_margin_str(c.lhs, c.rhs)));
        const Ball ratio = c.lhs / c.rhs;
        if (ratio.is_finite() && is_certainly_true(gt(Ball(ratio.upper_rational()), worst_ratio))) {
          worst_ratio = Ball(ratio.upper_rational());
          worst_at = fmt::format("kappa = {}, B = {}, b = {}", to_decimal(kappa, 4), to_decimal(B, 4), b);
        }
        ++evaluated;
        if (context.progress) context.progress(static_cast<double>(evaluated) / 13.0);
      }
    }
  }
  // The default value P_B: bound (iii) with (i) for the lattice tail at delta = 1/20, kappa* = 0.1, B = 10, r = 1.
  const PrecisionScope scope(kBasePrecision);
  const Instance defaults = Instance::defaults();
  const Rational B(10);
  const Ball p_b = instance::blurred_tail_bound_via_i(defaults.delta(), defaults.kappa_star(), B, r);
  const Ball quoted(parse_rational("2.8370e-19"));
  const Certainty default_ok = le(p_b, quoted);
  Certainty exact_below = Certainty::kTrue;
  std::string exact_values;
  for (int b = 0; b < 2; ++b) {
    const Ball exact = instance::blurred_tail(defaults.delta(), b, defaults.kappa_star(), B);
    exact_below = exact_below && le(exact, p_b);
    exact_values += fmt::format("{}P_h{}(|t| > 10) = {}", b == 0 ? "" : ", ", b, exact.mid_str(6));
  }
  passed = passed && default_ok == Certainty::kTrue && exact_below == Certainty::kTrue;
  const Ball bound_i = instance::lattice_tail_bound(defaults.delta(), Rational(9));
  const Ball blur = Ball(2) * normal_tail(Ball(Rational(r / defaults.kappa_star())));
  result.log.push_back(fmt::format("A.3(iii): defaults: P_B = bound (i) at 9 + 2Phibar(10) = {} + {} = {} <= 2.8370e-19: {} "
                                   "(margin {}); {} <= P_B: {}",
                                   bound_i.mid_str(6), blur.mid_str(6), p_b.mid_str(6), to_string(default_ok),
                                   certified_margin_str(p_b, quoted), exact_values, to_string(exact_below)));
  if (context.progress) context.progress(1.0);
  result.passed = passed;
  const std::string settings = bound_failures == 0
                                   ? fmt::format("P_h(|t|>B) <= P_D(|w|>=B-r) + 2Phibar(r/kappa) at {} settings, max ratio {} ({})",
                                                 evaluated, worst_ratio.mid_str(4), worst_at)
                                   : fmt::format("P_h(|t|>B) <= P_D(|w|>=B-r) + 2Phibar(r/kappa) NOT certain at {} of {} settings "
                                                 "(first: {}), max ratio {} ({})",
                                                 bound_failures, evaluated, first_bound_failure, worst_ratio.mid_str(4), worst_at);
  result.margin = fmt::format("{}A.3(iii): {}; defaults P_B = {} {} 2.8370e-19 (margin {}){}", passed ? "" : "FAILED: ", settings,
                              p_b.mid_str(6), default_ok == Certainty::kTrue ? "<=" : "NOT <=", certified_margin_str(p_b, quoted, 3),
                              exact_below == Certainty::kTrue ? "" : "; the exact P_h at the defaults is NOT certainly <= P_B");
  result.parameters = {{"kappas", "0.001, 0.05, 0.1"}, {"B", "6, 10"}, {"r", 1}, {"delta", to_fraction(delta)},
                       {"cutoff", instance::kTailCutoff}, {"precision_bits", kBasePrecision}};
  return result;
}

}  // namespace

void register_decoding_checks(audit::Registry& registry) {
  registry.add({"B.1:decoder-identity", spec::CheckKind::kExact, decoder_identity});
  registry.add({"B.1:perr-series-bounds", spec::CheckKind::kCertified, perr_series_bounds});
  registry.add({"B.1:perr-defaults", spec::CheckKind::kCertified, perr_defaults});
  registry.add({"A.3:lattice-tail-bound", spec::CheckKind::kCertified, lattice_tail_bound_check});
  registry.add({"A.3:exponential-moment", spec::CheckKind::kCertified, exponential_moment_check});
  registry.add({"A.3:blurred-tail-bound", spec::CheckKind::kCertified, blurred_tail_bound_check});
}

}  // namespace dpsi::checks
