// C.4 (exact parts): the ReLU gadgets G1-G7, and the compiled network C_f of f_{n,m} equal to
// f_{n,m} (spec/C-score-networks.md).
#include "proofs-checks/circuit_checks.h"

#include <algorithm>
#include <functional>
#include <random>

#include <fmt/format.h>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/gadgets.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;
using relu::AffineForm;
using relu::Network;

using Builder = relu::gadgets::Builder;
using relu::gadgets::evaluate_gadget;

Rational random_in(std::mt19937_64& rng, const Rational& lo, const Rational& hi) {
  const std::int64_t steps = std::int64_t{1} << 40;
  return lo + (hi - lo) * Rational(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(steps + 1)), steps);
}

CheckResult gadget_identities(const CheckContext& context) {
  std::mt19937_64 rng(context.seed);
  const int samples = context.quick ? 1000 : 10000;
  const Rational gamma(1, 10);
  const Rational bound(1, 40);  // M = delta/2 at the defaults
  std::size_t evaluated = 0;
  std::vector<std::string> failures;
  std::size_t failed = 0;
  auto expect = [&](bool ok, const std::string& what) {
    ++evaluated;
    failed += ok ? 0 : 1;
    if (!ok && failures.size() < 5) failures.push_back(what);
  };
  const Builder g1 = [](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::clamp01(n, in[0]); };
  const Builder g2 = [&](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::soft_bit(n, in[0], gamma); };
  const Builder g3 = [](Network&, const std::vector<AffineForm>& in) { return relu::gadgets::logical_not(in[0]); };
  const Builder g4 = [](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::logical_and(n, in[0], in[1]); };
  const Builder g5 = [](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::logical_xor(n, in[0], in[1]); };
  const Builder g6 = [&](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::gate(n, in[0], in[1], bound); };
  const Builder g7 = [&](Network& n, const std::vector<AffineForm>& in) { return relu::gadgets::identity(n, in[0], bound); };
  // All bit inputs.
  for (int p = 0; p < 2; ++p) {
    expect(evaluate_gadget(1, g3, {Rational(p)}) == 1 - p, fmt::format("G3 NOT({})", p));
    for (int q = 0; q < 2; ++q) {
      expect(evaluate_gadget(2, g4, {Rational(p), Rational(q)}) == (p & q), fmt::format("G4 AND({},{})", p, q));
      expect(evaluate_gadget(2, g5, {Rational(p), Rational(q)}) == (p ^ q), fmt::format("G5 XOR({},{})", p, q));
    }
  }
  // Random rationals: closure in [0,1], the between-property, the exact regimes.
  for (int k = 0; k < samples; ++k) {
    const Rational p = random_in(rng, Rational(0), Rational(1));
    const Rational q = random_in(rng, Rational(0), Rational(1));
    const Rational z = random_in(rng, Rational(-3), Rational(3));
    const Rational t = random_in(rng, -bound, bound);
    const Rational c = random_in(rng, Rational(0), Rational(1));
    const Rational clamped = std::min(std::max(z, Rational(0)), Rational(1));
    expect(evaluate_gadget(1, g1, {z}) == clamped, "G1 clamp01(" + to_decimal(z) + ")");
    const Rational bit = evaluate_gadget(1, g2, {z});
    expect(bit >= 0 && bit <= 1 && (abs(z) < gamma || bit == (z > 0 ? 1 : 0)), "G2 bit(" + to_decimal(z) + ")");
    const Rational conj = evaluate_gadget(2, g4, {p, q});
    expect(conj >= 0 && conj <= 1, "G4 closure");
    expect(evaluate_gadget(2, g5, {p, q}) == abs(Rational(p - q)), "G5 = |p - q|");
    expect(evaluate_gadget(2, g6, {Rational(1), t}) == t && evaluate_gadget(2, g6, {Rational(0), t}) == 0, "G6 select");
    const Rational between = evaluate_gadget(2, g6, {c, t});
    expect(std::min(Rational(0), t) <= between && between <= std::max(Rational(0), t), "G6 between");
    expect(evaluate_gadget(1, g7, {Rational(t + bound)}) == t + bound, "G7 identity");
  }
  CheckResult result;
  result.passed = failures.empty();
  if (failures.empty()) {
    result.margin = fmt::format("{}/{} gadget identities hold exactly", evaluated, evaluated);
  } else {
    result.margin = fmt::format("FAILED: {} of {} gadget identities do NOT hold, first: {}", failed, evaluated, failures.front());
  }
  for (const std::string& failure : failures) result.log.push_back("C.4: FAILED " + failure);
  result.log.push_back(fmt::format("C.4: G1-G7 on all bits and {} random rational points (gamma = 1/10, M = 1/40)", samples));
  result.parameters = {{"samples", samples}, {"gamma", "1/10"}, {"M", "1/40"}};
  return result;
}


CheckResult compiled_circuit(const CheckContext& context) {
  CheckResult result;
  bool all_equal = true;
  std::mt19937_64 rng(context.seed);
  struct Case {
    int n;
    int m;
    std::size_t fixed_seeds;  // 0 = all seeds
  };
  // Full: every n <= 12 with m = n and m = 256 on all 2^n seeds, and 4096 fixed seeds of f_{16,16}
  // (spec C.4 check details). Quick: f_{8,8} on all seeds and 256 seeds of f_{16,16}.
  std::vector<Case> cases;
  if (context.quick) {
    cases = {{8, 8, 0}, {16, 16, 256}};
  } else {
    for (int n = 1; n <= 12; ++n) {
      cases.push_back({n, n, 0});
      cases.push_back({n, 256, 0});
    }
    cases.push_back({16, 16, 4096});
  }
  std::size_t evaluations = 0;
  std::size_t failed_cases = 0;
  std::string first_failure;
  for (const Case& c : cases) {
    const owf::Circuit circuit = owf::owf_circuit(c.n, c.m);
    const Network network = relu::compile_circuit(circuit);
    const relu::FastEvaluator fast(network);
    const owf::OneWayFunction f(c.n, c.m);
    std::vector<std::uint64_t> indices;
    if (c.fixed_seeds == 0) {
      for (std::uint64_t s = 0; s < (std::uint64_t{1} << c.n); ++s) indices.push_back(s);
    } else {
      for (std::size_t k = 0; k < c.fixed_seeds; ++k) indices.push_back(rng() & ((std::uint64_t{1} << c.n) - 1));
    }
    std::vector<std::vector<std::int64_t>> inputs;
    for (const std::uint64_t s : indices) inputs.push_back(relu::network_bits(f.seed_of_index(s)));
    const auto outputs = fast.evaluate_integer_batch(inputs);
    // The circuit itself, bit-sliced 64 seeds at a time, on the same seeds.
    const owf::BitslicedEvaluator sliced(circuit);
    std::size_t mismatches = 0;
    std::size_t circuit_mismatches = 0;
    for (std::size_t start = 0; start < indices.size(); start += 64) {
      std::vector<std::uint64_t> lanes(static_cast<std::size_t>(c.n), 0);
      const std::size_t count = std::min<std::size_t>(64, indices.size() - start);
      for (std::size_t k = 0; k < count; ++k) {
        for (std::size_t i = 0; i < lanes.size(); ++i) lanes[i] |= static_cast<std::uint64_t>(inputs[start + k][i]) << k;
      }
      const auto circuit_out = sliced(std::span<const std::uint64_t>(lanes));
      for (std::size_t k = 0; k < count; ++k) {
        const auto expected = relu::network_bits(f(f.seed_of_index(indices[start + k])));
        mismatches += outputs[start + k] == expected ? 0 : 1;
        bool same = true;
        for (std::size_t i = 0; i < expected.size(); ++i) same = same && static_cast<std::int64_t>((circuit_out[i] >> k) & 1U) == expected[i];
        circuit_mismatches += same ? 0 : 1;
      }
    }
    mismatches += circuit_mismatches;
    const bool size_ok = network.num_units() == circuit.and_count() + 2 * circuit.xor_count() &&
                         network.depth() == static_cast<std::size_t>(circuit.depth());
    all_equal = all_equal && mismatches == 0 && size_ok;
    if ((mismatches != 0 || !size_ok) && first_failure.empty()) {
      first_failure = fmt::format("f_{{{},{}}}: {} of {} seeds mismatch (network vs OpenSSL {}, circuit vs OpenSSL {}); units {} {} #AND + 2 #XOR = {}, "
                                  "depth {} {} {}",
                                  c.n, c.m, mismatches, indices.size(), mismatches - circuit_mismatches, circuit_mismatches,
                                  network.num_units(), network.num_units() == circuit.and_count() + 2 * circuit.xor_count() ? "=" : "!=",
                                  circuit.and_count() + 2 * circuit.xor_count(), network.depth(),
                                  network.depth() == static_cast<std::size_t>(circuit.depth()) ? "=" : "!=", circuit.depth());
    }
    failed_cases += (mismatches != 0 || !size_ok) ? 1 : 0;
    evaluations += indices.size();
    result.log.push_back(fmt::format("C.4: f_{{{},{}}}: {} {} seeds, {} mismatches (OpenSSL vs circuit vs ReLU network); circuit {} AND, {} XOR, {} NOT; "
                                     "network {}; units = #AND + 2 #XOR: {}",
                                     c.n, c.m, c.fixed_seeds == 0 ? "all" : "fixed random", indices.size(), mismatches,
                                     circuit.and_count(), circuit.xor_count(), circuit.not_count(), network.stats(),
                                     size_ok ? "yes" : "NO"));
    result.parameters[fmt::format("units_{}_{}", c.n, c.m)] = network.num_units();
    result.parameters[fmt::format("depth_{}_{}", c.n, c.m)] = network.depth();
    result.parameters[fmt::format("strictly_layered_units_{}_{}", c.n, c.m)] = network.strictly_layered_units();
    if (context.progress) context.progress(static_cast<double>(&c - cases.data() + 1) / cases.size());
  }
  result.passed = all_equal;
  if (all_equal) {
    result.margin = fmt::format("{} seeds: OpenSSL f = bit-sliced circuit = compiled ReLU network (int64, exact); "
                                "units = #AND + 2 #XOR",
                                evaluations);
  } else {
    result.margin = fmt::format("FAILED in {} of {} circuits ({} seeds): first {}", failed_cases, cases.size(), evaluations, first_failure);
  }
  return result;
}

}  // namespace

void register_circuit_checks(audit::Registry& registry) {
  registry.add({"C.4:gadgets", spec::CheckKind::kExact, gadget_identities});
  registry.add({"C.4:compiled-circuit", spec::CheckKind::kExact, compiled_circuit});
}

}  // namespace dpsi::checks
