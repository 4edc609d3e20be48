// K.1-K.3: the verification kernel checks itself (spec/K-kernel.md).
#include "proofs-checks/kernel_checks.h"

#include <boost/multiprecision/mpfr.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/reference_ball.h"
#include "proofs-checks/budget_json.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr long kKernelPrecision = 128;        // the spec's minimum for certified claims
constexpr long kRequiredAccuracyBits = 100;   // K.1 tightness requirement
constexpr long kReferenceToleranceBits = 280; // reference error allowance (reference is 333 bits)

// A uniformly random integer of up to `bits` bits (sign random).
Integer random_integer(std::mt19937_64& rng, unsigned bits) {
  Integer value = 0;
  for (unsigned filled = 0; filled < bits; filled += 64) value = (value << 64) | Integer(rng());
  value >>= (bits + 63) / 64 * 64 - bits;
  return (rng() & 1) != 0 ? Integer(-value) : value;
}

// p/q with |p| < 2^bits and 1 <= q < 2^bits.
Rational random_rational(std::mt19937_64& rng, unsigned bits) {
  Integer q = random_integer(rng, bits);
  if (q < 0) q = -q;
  if (q == 0) q = 1;
  return Rational(random_integer(rng, bits), q);
}


struct ElementaryFunction {
  const char* name;
  std::function<Ball(const Ball&)> enclosure;
  std::function<ReferenceReal(const ReferenceReal&)> reference;
  std::function<Rational(const Rational&)> to_domain;  // maps a random rational into the domain
};

std::vector<ElementaryFunction> elementary_functions() {
  auto identity = [](const Rational& x) { return x; };
  auto positive = [](const Rational& x) { return Rational(abs(x) + Rational(1, 1000)); };
  using R = ReferenceReal;
  return {
      {"exp", [](const Ball& x) { return exp(x); }, [](const R& x) { return R(exp(x)); }, identity},
      {"log", [](const Ball& x) { return log(x); }, [](const R& x) { return R(log(x)); }, positive},
      {"sqrt", [](const Ball& x) { return sqrt(x); }, [](const R& x) { return R(sqrt(x)); }, positive},
      {"sin", [](const Ball& x) { return sin(x); }, [](const R& x) { return R(sin(x)); }, identity},
      {"cos", [](const Ball& x) { return cos(x); }, [](const R& x) { return R(cos(x)); }, identity},
      {"erf", [](const Ball& x) { return erf(x); }, [](const R& x) { return R(boost::multiprecision::erf(x)); },
       identity},
      {"erfc", [](const Ball& x) { return erfc(x); }, [](const R& x) { return R(boost::multiprecision::erfc(x)); },
       identity},
      {"normal_tail", [](const Ball& x) { return normal_tail(x); },
       [](const R& x) { return R(boost::multiprecision::erfc(R(x / sqrt(R(2)))) / 2); }, identity},
  };
}

// Arguments for K.1, from a fixed-seed generator, cycling through the families spec/K-kernel.md
// names: moderate (|x| <= 20), tiny (|x| ~ 1e-12..1e-6), large (|x| <= 1e4), and within 2^-50 of a
// multiple of pi/2 (where sin or cos nearly vanishes).
Rational k1_argument(std::mt19937_64& rng, int family) {
  std::uniform_int_distribution<long> denominator(1, 1'000'000);
  switch (family % 4) {
    case 0: {
      const long q = denominator(rng);
      return Rational(std::uniform_int_distribution<long>(-20 * q, 20 * q)(rng), q);
    }
    case 1:
      return Rational(std::uniform_int_distribution<long>(-1'000'000, 1'000'000)(rng), 1'000'000'000'000L);
    case 2: {
      const long q = denominator(rng) % 1000 + 1;
      return Rational(std::uniform_int_distribution<long>(-10'000 * q, 10'000 * q)(rng), q);
    }
    default: {
      const long k = std::uniform_int_distribution<long>(-8, 8)(rng);
      const PrecisionScope scope(200);
      const Ball near = Ball(k) * Ball::pi() / Ball(2);
      // The midpoint of a 200-bit ball of k pi/2 is a dyadic rational within 2^-190 of it; shift
      // it by a random multiple of 2^-60, at most 1000 of them (so within 2^-50 of k pi/2).
      const Rational shift(std::uniform_int_distribution<long>(-1000, 1000)(rng), Integer(1) << 60);
      Ball mid;
      arb_set_arf(mid.raw(), arb_midref(near.raw()));
      return Rational(mid.lower_rational() + shift);
    }
  }
}

// The normal tail is also checked where the construction evaluates it (spec/K-kernel.md).
const char* const kNormalTailPoints[] = {"0", "1", "4.642383", "10", "12.5", "38.6", "1000"};

struct K1Tally {
  int evaluated = 0;
  int misses = 0;
  int loose = 0;
  long worst_accuracy = std::numeric_limits<long>::max();
  std::string worst_accuracy_at;
};

void k1_evaluate(const ElementaryFunction& f, const Rational& x, K1Tally& tally, CheckResult& result) {
  Ball enclosure;
  {
    const PrecisionScope scope(kKernelPrecision);
    enclosure = f.enclosure(Ball(x));
  }
  const ReferenceReal reference = f.reference(ReferenceReal(x));
  ++tally.evaluated;
  // The reference lies within 2^-280 |value| of the exact value whenever the condition number
  // |x f'(x)/f(x)| is below 2^50 (true for every argument family used here; reference_ball.h).
  if (!encloses_reference(enclosure, reference, kReferenceToleranceBits)) {
    ++tally.misses;
    if (tally.misses <= 5) {
      result.log.push_back(fmt::format("K.1: {}({}) enclosure {} misses reference {}", f.name, to_decimal(x, 20),
                                       enclosure.str(30), reference.str(30)));
    }
  }
  // Tightness is required away from zeros of the function (|f| >= 2^-20 or f has no zero nearby).
  if (reference != 0 && abs(reference) >= ReferenceReal(Rational(1, 1 << 20))) {
    const long bits = enclosure.rel_accuracy_bits();
    if (bits < kRequiredAccuracyBits) ++tally.loose;
    if (bits < tally.worst_accuracy) {
      tally.worst_accuracy = bits;
      tally.worst_accuracy_at = fmt::format("{}({})", f.name, to_decimal(x, 12));
    }
  }
}

CheckResult elementary_enclosures(const CheckContext& context) {
  std::mt19937_64 rng(context.seed);
  const int points = context.quick ? 100 : 1000;
  const auto functions = elementary_functions();
  K1Tally tally;
  CheckResult result;
  for (int i = 0; i < points; ++i) {
    const Rational raw = k1_argument(rng, i);
    for (const ElementaryFunction& f : functions) {
      k1_evaluate(f, f.to_domain(raw), tally, result);
    }
    if (context.progress && i % 50 == 0) context.progress(static_cast<double>(i) / points);
  }
  const ElementaryFunction& normal_tail_function = functions.back();
  for (const char* z : kNormalTailPoints) k1_evaluate(normal_tail_function, parse_rational(z), tally, result);

  result.passed = tally.misses == 0 && tally.loose == 0;
  result.margin = result.passed
                      ? fmt::format("{}/{} enclosures miss the reference; min accuracy {} bits >= {}", tally.misses,
                                    tally.evaluated, tally.worst_accuracy, kRequiredAccuracyBits)
                      : fmt::format("FAILED: {}/{} enclosures miss the reference (must be 0); {} enclosures looser "
                                    "than {} bits (must be 0; least accurate {} bits, at {})",
                                    tally.misses, tally.evaluated, tally.loose, kRequiredAccuracyBits,
                                    tally.worst_accuracy, tally.worst_accuracy_at);
  result.log.push_back(fmt::format("K.1: {} points x {} functions + {} normal-tail points at {} bits vs MPFR at {} bits",
                                   points, functions.size(), std::size(kNormalTailPoints), kKernelPrecision,
                                   reference_precision_bits()));
  result.log.push_back(fmt::format("K.1: least accurate enclosure {} ({} bits)", tally.worst_accuracy_at,
                                   tally.worst_accuracy));
  result.parameters = {{"points", points},
                       {"functions", functions.size()},
                       {"precision_bits", kKernelPrecision},
                       {"reference_bits", reference_precision_bits()},
                       {"reference_tolerance", "2^-280 relative"},
                       {"required_accuracy_bits", kRequiredAccuracyBits}};
  return result;
}

// One K.2 operand pair, by family: 30-bit, 200-bit, nearly cancelling (b = -a (1 + 2^-k)), and
// opposite-sign 64-bit.
std::pair<Rational, Rational> k2_pair(std::mt19937_64& rng, int family) {
  switch (family % 4) {
    case 0:
      return {random_rational(rng, 30), random_rational(rng, 30)};
    case 1:
      return {random_rational(rng, 200), random_rational(rng, 200)};
    case 2: {
      const Rational a = random_rational(rng, 100);
      const unsigned k = std::uniform_int_distribution<unsigned>(1, 150)(rng);
      return {a, Rational(-a * (1 + Rational(1, Integer(1) << k)))};
    }
    default: {
      const Rational a = abs(random_rational(rng, 64));
      return {a, Rational(-abs(random_rational(rng, 64)))};
    }
  }
}

CheckResult exact_arithmetic(const CheckContext& context) {
  std::mt19937_64 rng(context.seed);
  const int pairs = context.quick ? 2000 : 20000;
  int misses = 0;
  int inexact_dyadic = 0;
  CheckResult result;
  std::uniform_int_distribution<long> dyadic_numerator(-(1L << 40), 1L << 40);
  std::uniform_int_distribution<unsigned> dyadic_exponent(0, 40);
  for (const long precision : {128L, 256L}) {
    const PrecisionScope scope(precision);
    for (int i = 0; i < pairs; ++i) {
      auto [a, b] = k2_pair(rng, i);
      if (b == 0) b = 1;
      const Ball ba(a);
      const Ball bb(b);
      const std::pair<const char*, std::pair<Ball, Rational>> cases[] = {
          {"+", {ba + bb, a + b}}, {"-", {ba - bb, a - b}}, {"*", {ba * bb, a * b}}, {"/", {ba / bb, a / b}}};
      for (const auto& [op, values] : cases) {
        if (!values.first.contains(values.second)) {
          ++misses;
          if (misses <= 5) {
            result.log.push_back(fmt::format("K.2: {} {} {} not enclosed at {} bits", to_fraction(a), op,
                                             to_fraction(b), precision));
          }
        }
      }
      // Short dyadic rationals are representable: +, -, * must then be exact (radius zero).
      const Rational da(Integer(dyadic_numerator(rng)), Integer(1) << dyadic_exponent(rng));
      const Rational db(Integer(dyadic_numerator(rng)), Integer(1) << dyadic_exponent(rng));
      const Ball bda(da);
      const Ball bdb(db);
      const std::pair<Ball, Rational> exact_cases[] = {
          {bda + bdb, da + db}, {bda - bdb, da - db}, {bda * bdb, da * db}};
      for (const auto& [ball, exact] : exact_cases) {
        if (!ball.is_exact() || !ball.contains(exact)) ++inexact_dyadic;
      }
    }
  }
  result.passed = misses == 0 && inexact_dyadic == 0;
  result.margin = fmt::format("{}{}/{} rational results not enclosed{}; {}/{} dyadic results not exact{}",
                              result.passed ? "" : "FAILED: ", misses, 2 * 4 * pairs, result.passed ? "" : " (must be 0)",
                              inexact_dyadic, 2 * 3 * pairs, result.passed ? "" : " (must be 0)");
  result.log.push_back(fmt::format(
      "K.2: {} operand pairs per precision (30-bit, 200-bit, nearly cancelling, opposite signs) and {} dyadic "
      "pairs, at 128 and 256 bits; containment decided exactly (arb_contains_fmpq)",
      pairs, pairs));
  result.parameters = {{"pairs", pairs}, {"precision_bits", {128, 256}}, {"max_operand_bits", 200}};
  return result;
}

// |exp(x) - (1 + x + x^2/2)| <= bound on [0, 1/8].
certify::Inequality taylor_remainder_claim(const Rational& bound) {
  return {[](std::span<const Ball> x) {
            const Ball taylor = Ball(1) + x[0] + sqr(x[0]) / Ball(2);
            return abs(exp(x[0]) - taylor);
          },
          [bound](std::span<const Ball>) { return Ball(bound); }};
}

certify::Box taylor_domain() { return {{Rational(0), Rational(1, 8)}}; }

CheckResult certifier_proves(const CheckContext&) {
  const certify::Budget budget;
  const Rational bound(5, 10000);
  const certify::Result outcome = certify::certify_le(taylor_remainder_claim(bound), taylor_domain(), budget);
  CheckResult result;
  result.passed = outcome.proven();
  result.margin = outcome.proven()
                      ? fmt::format("proven: max <= 5e-4 - {} ({} boxes)", outcome.margin_lower_bound->mid_str(4),
                                    outcome.boxes_evaluated)
                      : "FAILED: not proven: " + outcome.summary();
  result.log.push_back("K.3 (proves): |exp(x) - (1 + x + x^2/2)| <= 5e-4 on [0, 1/8]: " + outcome.summary());
  result.parameters = budget_json(budget);
  return result;
}

CheckResult certifier_refutes(const CheckContext&) {
  const certify::Budget budget;
  const Rational bound(3, 10000);
  const certify::Result outcome = certify::certify_le(taylor_remainder_claim(bound), taylor_domain(), budget);
  CheckResult result;
  result.log.push_back("K.3 (refutes): |exp(x) - (1 + x + x^2/2)| <= 3e-4 on [0, 1/8]: " + outcome.summary());
  bool witness_confirmed = false;
  std::string recheck = "?";
  if (outcome.outcome == certify::Outcome::kRefuted && outcome.witness.size() == 1) {
    // Independent re-check of the witness with MPFR at 333 bits: |e^x - (1 + x + x^2/2)| > 3e-4.
    const ReferenceReal x(outcome.witness[0]);
    const ReferenceReal remainder = abs(ReferenceReal(exp(x) - (1 + x + x * x / 2)));
    recheck = remainder.str(6);
    witness_confirmed = remainder > ReferenceReal(Rational(3, 10000)) && outcome.witness[0] >= 0 &&
                        outcome.witness[0] <= Rational(1, 8);
    result.log.push_back(fmt::format("K.3 (refutes): MPFR re-evaluation at the witness: {} (> 3e-4: {})",
                                     remainder.str(12), witness_confirmed ? "yes" : "no"));
  }
  result.passed = outcome.outcome == certify::Outcome::kRefuted && witness_confirmed;
  result.margin = result.passed
                      ? fmt::format("refuted at x = {}: excess {} > 0 ({} boxes)", to_decimal(outcome.witness[0], 8),
                                    outcome.witness_excess->mid_str(4), outcome.boxes_evaluated)
                  : outcome.outcome == certify::Outcome::kRefuted
                      ? fmt::format("FAILED: witness not confirmed: refuted at x = {} ({} boxes), but MPFR there gives "
                                    "|e^x - (1 + x + x^2/2)| = {} (must exceed 3e-4, at an x in [0, 1/8])",
                                    outcome.witness.empty() ? std::string("?") : to_decimal(outcome.witness[0], 8),
                                    outcome.boxes_evaluated, recheck)
                      : "FAILED: not refuted: " + outcome.summary();
  result.parameters = budget_json(budget);
  return result;
}

CheckResult certifier_exhausts(const CheckContext&) {
  const certify::Budget budget;
  const certify::Inequality pythagoras{[](std::span<const Ball> x) { return sqr(sin(x[0])) + sqr(cos(x[0])); },
                                       [](std::span<const Ball>) { return Ball(1); }};
  const certify::Result outcome = certify::certify_le(pythagoras, {{Rational(0), Rational(1)}}, budget);
  CheckResult result;
  result.passed = outcome.outcome == certify::Outcome::kBudgetExhausted;
  result.margin = result.passed ? fmt::format("budget exhausted at depth {} after {} boxes: reported as failure",
                                              outcome.deepest_level, outcome.boxes_evaluated)
                                : "FAILED: not exhausted: expected budget exhaustion, got " + outcome.summary();
  result.log.push_back("K.3 (exhausts): sin^2 x + cos^2 x <= 1 on [0, 1]: " + outcome.summary());
  result.parameters = budget_json(budget);
  return result;
}

}  // namespace

void register_kernel_checks(audit::Registry& registry) {
  registry.add({"K.1:elementary-enclosures", spec::CheckKind::kCertified, elementary_enclosures});
  registry.add({"K.2:exact-arithmetic", spec::CheckKind::kExact, exact_arithmetic});
  registry.add({"K.3:certifier-proves", spec::CheckKind::kCertified, certifier_proves});
  registry.add({"K.3:certifier-refutes", spec::CheckKind::kCertified, certifier_refutes});
  registry.add({"K.3:certifier-exhausts", spec::CheckKind::kCertified, certifier_exhausts});
}

}  // namespace dpsi::checks
