#include "proofs-checks/product_network_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dpsi/density/lattice_convolution.h"
#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/relu/interpolant.h"
#include "dpsi/relu/parallel.h"
#include "proofs-checks/identity_comparison.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

// Fixed-seed rationals and small integers.
class RationalStream {
 public:
  explicit RationalStream(std::uint64_t seed) : engine_(seed) {}
  // lo + (hi - lo) k / 2^20, k uniform in [0, 2^20).
  Rational uniform(const Rational& lo, const Rational& hi) {
    const auto k = static_cast<long>(engine_() >> 44);
    return lo + (hi - lo) * Rational(k, 1L << 20);
  }
  long integer(long lo, long hi) { return lo + static_cast<long>(engine_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  // p/q with |p| <= 6, 1 <= q <= 6: weights of the random networks.
  Rational small() { return Rational(integer(-6, 6), integer(1, 6)); }

 private:
  std::mt19937_64 engine_;
};

// A random strictly layered network on one input: depth 0..4, 1..3 units per layer, each unit
// reading every node of the previous layer, one output reading the last layer.
relu::Network random_layered_network(RationalStream& stream, long depth) {
  relu::Network network(1);
  std::vector<relu::NodeId> previous = {0};
  for (long layer = 0; layer < depth; ++layer) {
    network.begin_layer();
    std::vector<relu::NodeId> current;
    const long width = stream.integer(1, 3);
    for (long u = 0; u < width; ++u) {
      relu::AffineForm form = relu::AffineForm::constant(stream.small());
      for (relu::NodeId node : previous) form.terms.emplace_back(node, stream.small());
      current.push_back(network.add_unit(form));
    }
    previous = current;
  }
  relu::AffineForm output = relu::AffineForm::constant(stream.small());
  for (relu::NodeId node : previous) output.terms.emplace_back(node, stream.small());
  network.add_output(output);
  return network;
}

// A C.1 score network psi_hat on 2..6 random knots (the parts C.3 composes in the reduction).
relu::Network random_score_network(RationalStream& stream) {
  std::vector<relu::Knot> knots;
  Rational t = stream.uniform(Rational(-3), Rational(-1));
  for (long k = stream.integer(2, 6); k > 0; --k) {
    knots.push_back({t, stream.uniform(Rational(-2), Rational(2))});
    t += stream.uniform(Rational(1, 8), Rational(1));
  }
  return relu::score_interpolant_network(knots, stream.uniform(Rational(1, 100), Rational(2)));
}

// C.3:parallel-composition.
CheckResult parallel_composition(const CheckContext& context) {
  RationalStream stream(context.seed);
  const int lists = context.quick ? 5 : 20;
  const int points_per_list = context.quick ? 4 : 10;
  std::size_t points = 0;
  std::size_t agree = 0;
  std::size_t dag_units = 0;
  std::size_t expected_dag_units = 0;
  std::size_t layered_units = 0;
  std::size_t shape_failures = 0;
  std::size_t padding = 0;
  CheckResult result;
  for (int list = 0; list < lists; ++list) {
    std::vector<relu::Network> parts;
    for (long k = stream.integer(2, 5); k > 0; --k) {
      const long kind = stream.integer(0, 5);  // depth 0..4, or a C.1 score network (depth 1)
      parts.push_back(kind == 5 ? random_score_network(stream) : random_layered_network(stream, kind));
    }
    const relu::Network dag = relu::parallel(parts);
    const relu::Network layered = relu::parallel_strictly_layered(parts);
    std::vector<std::vector<Rational>> xs;
    for (int p = 0; p < points_per_list; ++p) {
      std::vector<Rational> x;
      for (std::size_t i = 0; i < dag.num_inputs(); ++i) x.push_back(stream.uniform(Rational(-3), Rational(3)));
      xs.push_back(std::move(x));
    }
    const detail::ParallelComparison comparison = detail::compare_parallel(parts, dag, layered, xs);
    points += comparison.points;
    agree += comparison.points_agree;
    dag_units += dag.num_units();
    layered_units += layered.num_units();
    expected_dag_units += comparison.expected_dag_units;
    padding += relu::parallel_padding_units(parts);
    if (!comparison.shapes_agree) {
      ++shape_failures;
      result.log.push_back(fmt::format("C.3: part list {}: composite shapes wrong (DAG {} units, layered {} units; expected {} and {})",
                                       list, dag.num_units(), layered.num_units(), comparison.expected_dag_units,
                                       comparison.expected_layered_units));
    }
    if (context.progress) context.progress(static_cast<double>(list + 1) / lists);
  }
  result.passed = points > 0 && agree == points && shape_failures == 0;
  result.margin = fmt::format(
      "{}/{} points agree exactly (DAG and strictly layered composites of {} part lists); units {} = {} (DAG = sum of parts), "
      "strictly layered {} = {} + {} padding",
      agree, points, lists, dag_units, expected_dag_units, layered_units, expected_dag_units, padding);
  result.log.push_back("C.3: " + result.margin);
  result.parameters = {{"part_lists", lists}, {"points_per_list", points_per_list}};
  return result;
}

// An instance with the audited a, delta, tau, ... and n = m = 3.
Instance with_n_m_3(const Instance& audited) {
  ParameterValues values = audited.values();
  values.n = 3;
  values.m = 3;
  return Instance::from(values);
}

// C.3:product-score.
CheckResult product_score(const CheckContext& context) {
  const PrecisionScope scope(256);
  const Instance instance = with_n_m_3(context.instance);
  const density::VertexMixture mixture(instance);
  RationalStream stream(context.seed);
  const int draws = context.quick ? 8 : 64;
  IdentityComparison comparison("C.3");
  for (int draw = 0; draw < draws; ++draw) {
    const auto seed = static_cast<std::uint64_t>(stream.integer(0, 7));
    const Rational kappa = stream.uniform(Rational(1, 50), Rational(1));
    std::vector<Ball> x;
    for (int j = 0; j < 3; ++j) x.emplace_back(stream.uniform(-instance.a() * 3 / 2, instance.a() * 3 / 2));
    for (int i = 0; i < 3; ++i) x.emplace_back(stream.uniform(Rational(-3), Rational(3)));
    const std::vector<Ball> formula = mixture.component_score(x, Ball(kappa), seed);
    const Ball log_formula = mixture.log_component(x, Ball(kappa), seed);
    const detail::Dual derivative = detail::log_component_forward_mode(mixture, x, Ball(kappa), seed);
    const std::string where = fmt::format("seed {}, kappa = {}", seed, to_decimal(kappa, 6));
    comparison.compare(log_formula, derivative.value, where + ", log c_s");
    for (std::size_t k = 0; k < x.size(); ++k) {
      comparison.compare(formula[k], derivative.gradient[k], fmt::format("{}, coordinate {}", where, k + 1));
    }
    if (context.progress) context.progress(static_cast<double>(draw + 1) / draws);
  }
  CheckResult result = comparison.to_result(fmt::format(
      "n = m = 3, {} random (s, x, kappa in [0.02, 1]): per-coordinate score (-x_S + a u(s))/kappa^2, psi_{{f(s)_i}}(x_F,i) "
      "and log c_s vs forward-mode gradient of the product density", draws));
  result.parameters = {{"draws", draws}, {"precision_bits", 256}};
  return result;
}

}  // namespace

namespace detail {

ParallelComparison compare_parallel(std::span<const relu::Network> parts, const relu::Network& dag,
                                    const relu::Network& layered, std::span<const std::vector<Rational>> points) {
  ParallelComparison result;
  std::size_t inputs = 0;
  std::size_t outputs = 0;
  std::size_t depth = 0;
  for (const relu::Network& part : parts) {
    result.expected_dag_units += part.num_units();
    inputs += part.num_inputs();
    outputs += part.num_outputs();
    depth = std::max(depth, part.depth());
  }
  result.expected_layered_units = result.expected_dag_units + relu::parallel_padding_units(parts);
  result.shapes_agree = dag.num_units() == result.expected_dag_units && layered.num_units() == result.expected_layered_units &&
                        dag.depth() == depth && layered.depth() == depth && dag.num_inputs() == inputs &&
                        layered.num_inputs() == inputs && dag.num_outputs() == outputs && layered.num_outputs() == outputs &&
                        relu::is_strictly_layered(layered) && layered.strictly_layered_units() == layered.num_units();
  if (dag.num_inputs() != inputs || layered.num_inputs() != inputs) return result;  // cannot evaluate
  for (const std::vector<Rational>& x : points) {
    ++result.points;
    std::vector<Rational> expected;
    std::size_t offset = 0;
    for (const relu::Network& part : parts) {
      const std::vector<Rational> block(x.begin() + static_cast<std::ptrdiff_t>(offset),
                                        x.begin() + static_cast<std::ptrdiff_t>(offset + part.num_inputs()));
      for (const Rational& value : part.evaluate(block)) expected.push_back(value);
      offset += part.num_inputs();
    }
    if (dag.evaluate(x) == expected && layered.evaluate(x) == expected) ++result.points_agree;
  }
  return result;
}

Dual log_component_forward_mode(const density::VertexMixture& mixture, std::span<const Ball> x, const Ball& kappa,
                                std::uint64_t seed_index) {
  const int n = mixture.n();
  const int m = mixture.m();
  const Instance& instance = mixture.instance();
  const Ball a(instance.a());
  const Ball kappa2 = sqr(kappa);
  const Ball gaussian_norm = kappa * sqrt(Ball(2) * Ball::pi());
  // c = prod_k f_k(x_k): value and gradient by the product rule, one factor at a time.
  Dual product{Ball(1), std::vector<Ball>(x.size())};
  auto multiply = [&](const Ball& factor, const Ball& factor_derivative, std::size_t k) {
    for (Ball& partial : product.gradient) partial *= factor;
    product.gradient[k] += product.value * factor_derivative;
    product.value *= factor;
  };
  for (int j = 0; j < n; ++j) {
    const int bit = static_cast<int>((seed_index >> (n - 1 - j)) & 1U);
    const Ball z = x[j] - (bit == 1 ? a : -a);
    const Ball density = exp(-sqr(z) / (Ball(2) * kappa2)) / gaussian_norm;
    multiply(density, density * (-z / kappa2), static_cast<std::size_t>(j));
  }
  const Ball normalisers[2] = {density::normaliser(0, instance.delta()), density::normaliser(1, instance.delta())};
  for (int i = 0; i < m; ++i) {
    const int b = mixture.image_bit(seed_index, i);
    const density::ValueAndDerivative h =
        density::lattice_convolution(b, kappa, x[n + i], instance.delta(), normalisers[b]);
    multiply(h.value, h.derivative, static_cast<std::size_t>(n + i));
  }
  Dual result{log(product.value), {}};  // d log c = dc / c
  for (const Ball& partial : product.gradient) result.gradient.push_back(partial / product.value);
  return result;
}

}  // namespace detail

void register_product_network_checks(audit::Registry& registry) {
  registry.add({"C.3:parallel-composition", spec::CheckKind::kExact, parallel_composition});
  registry.add({"C.3:product-score", spec::CheckKind::kCertified, product_score});
}

}  // namespace dpsi::checks
