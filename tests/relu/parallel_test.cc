// Tests of dpsi/relu/parallel.h and the C.3 checks: the parallel composite of random networks
// equals the parts coordinatewise at random rational points, with sum-of-parts units (DAG form)
// and sum + padding units (strictly layered form); a composite of other parts, or a composite with
// the wrong size, is refused; the product score agrees with the forward-mode gradient of log c_s
// and a wrong coordinate (b or u_j flipped) is refused.
#include "dpsi/relu/parallel.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/relu/interpolant.h"
#include "proofs-checks/identity_comparison.h"
#include "proofs-checks/product_network_checks.h"
#include "support/check_runner.h"
#include "support/generators.h"

namespace dpsi::relu {
namespace {

// A strictly layered network with `inputs` inputs, the given layer widths (each unit reads every
// node of the previous layer) and `outputs` outputs reading the last layer; weights from `values`
// (cycled).
Network layered_network(std::size_t inputs, const std::vector<int>& widths, std::size_t outputs,
                        const std::vector<Rational>& values) {
  std::size_t next = 0;
  auto value = [&] { return values[next++ % values.size()]; };
  Network network(inputs);
  std::vector<NodeId> previous;
  for (std::size_t i = 0; i < inputs; ++i) previous.push_back(static_cast<NodeId>(i));
  for (int width : widths) {
    network.begin_layer();
    std::vector<NodeId> current;
    for (int u = 0; u < width; ++u) {
      AffineForm form = AffineForm::constant(value());
      for (NodeId node : previous) form.terms.emplace_back(node, value());
      current.push_back(network.add_unit(form));
    }
    previous = current;
  }
  for (std::size_t o = 0; o < outputs; ++o) {
    AffineForm form = AffineForm::constant(value());
    for (NodeId node : previous) form.terms.emplace_back(node, value());
    network.add_output(form);
  }
  return network;
}

rc::Gen<Network> networks() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::size_t>(1, 3),
                                     rc::gen::container<std::vector<int>>(rc::gen::inRange(1, 4)),
                                     rc::gen::inRange<std::size_t>(1, 3),
                                     rc::gen::nonEmpty(rc::gen::container<std::vector<Rational>>(testing::rational(9, 8)))),
                      [](const std::tuple<std::size_t, std::vector<int>, std::size_t, std::vector<Rational>>& drawn) {
                        std::vector<int> widths = std::get<1>(drawn);
                        if (widths.size() > 5) widths.resize(5);
                        return layered_network(std::get<0>(drawn), widths, std::get<2>(drawn), std::get<3>(drawn));
                      });
}

RC_GTEST_PROP(Parallel, CompositeEqualsThePartsAtRationalPoints, ()) {
  const auto parts = *rc::gen::resize(8, rc::gen::nonEmpty(rc::gen::container<std::vector<Network>>(networks())));
  RC_PRE(parts.size() <= 5);
  std::size_t inputs = 0;
  for (const Network& part : parts) inputs += part.num_inputs();
  std::vector<std::vector<Rational>> points;
  for (int p = 0; p < 3; ++p) {
    points.push_back(*rc::gen::container<std::vector<Rational>>(inputs, testing::rational_in(Rational(-4), Rational(4))));
  }
  const Network dag = parallel(parts);
  const Network layered = parallel_strictly_layered(parts);
  const checks::detail::ParallelComparison comparison = checks::detail::compare_parallel(parts, dag, layered, points);
  RC_ASSERT(comparison.shapes_agree);
  RC_ASSERT(comparison.points_agree == points.size());
  std::size_t units = 0;
  for (const Network& part : parts) units += part.num_units();
  RC_ASSERT(dag.num_units() == units);
  RC_ASSERT(layered.num_units() == units + parallel_padding_units(parts));
  // The double evaluation of the DAG composite is the parts' too (no mixing between blocks).
  RC_ASSERT(dag.evaluate(points[0]) == layered.evaluate(points[0]));
}

TEST(Parallel, PaddingCountsTwoUnitsPerOutputPerMissingLayer) {
  const std::vector<Rational> values = {Rational(1), Rational(-1, 2), Rational(3)};
  const std::vector<Network> parts = {layered_network(1, {2}, 1, values), layered_network(2, {1, 2, 1}, 2, values),
                                      layered_network(1, {}, 3, values)};
  // D = 3: part 0 carries 1 output over 2 layers, part 2 three outputs over 3 layers.
  EXPECT_EQ(parallel_padding_units(parts), 2u * 2 * 1 + 2u * 3 * 3);
  const Network layered = parallel_strictly_layered(parts);
  EXPECT_EQ(layered.num_units(), 2u + 4u + parallel_padding_units(parts));
  EXPECT_TRUE(is_strictly_layered(layered));
  EXPECT_EQ(layered.strictly_layered_units(), layered.num_units());
  const Network dag = parallel(parts);
  EXPECT_EQ(dag.num_units(), 6u);
  EXPECT_EQ(dag.depth(), 3u);
  EXPECT_FALSE(is_strictly_layered(dag));  // the shallow parts' outputs read early layers
}

TEST(Parallel, RejectsNoPartsAndNonLayeredParts) {
  EXPECT_THROW(parallel(std::vector<Network>{}), std::invalid_argument);
  EXPECT_THROW(parallel_padding_units(std::vector<Network>{}), std::invalid_argument);
  EXPECT_THROW(parallel_strictly_layered(std::vector<Network>{}), std::invalid_argument);
  Network skip(1);  // depth 2, the unit of layer 2 reads the input
  skip.begin_layer();
  const NodeId first = skip.add_unit(AffineForm::node(0));
  skip.begin_layer();
  skip.add_unit(AffineForm::node(0));
  skip.add_output(AffineForm::node(first));
  EXPECT_FALSE(is_strictly_layered(skip));
  EXPECT_THROW(parallel_strictly_layered(std::vector<Network>{skip}), std::invalid_argument);
  EXPECT_NO_THROW(parallel(std::vector<Network>{skip}));
}

TEST(Parallel, ChecksPassInQuickMode) {
  testing::expect_checks_pass_quick(checks::register_product_network_checks, spec::CheckKind::kExact,
                                    {"C.3:parallel-composition"});
  testing::expect_checks_pass_quick(checks::register_product_network_checks, spec::CheckKind::kCertified,
                                    {"C.3:product-score"});
}

// The twins of C.3:parallel-composition: a composite of parts with one bias changed, and a
// "strictly layered" composite without its padding, are refused.
TEST(Parallel, RefusesACompositeOfOtherPartsOrWithoutPadding) {
  const std::vector<Rational> values = {Rational(2), Rational(-1, 3), Rational(1, 2), Rational(-5, 4)};
  const std::vector<Network> parts = {layered_network(1, {2, 2}, 1, values), layered_network(1, {1}, 1, values)};
  std::vector<Network> changed = parts;
  changed[1] = layered_network(1, {1}, 1, {Rational(2), Rational(-1, 3), Rational(1, 2), Rational(-5, 4) + Rational(1, 1000)});
  const std::vector<std::vector<Rational>> points = {{Rational(1, 3), Rational(7, 5)}, {Rational(-2), Rational(1, 9)}};
  const auto truthful = checks::detail::compare_parallel(parts, parallel(parts), parallel_strictly_layered(parts), points);
  EXPECT_TRUE(truthful.shapes_agree);
  EXPECT_EQ(truthful.points_agree, points.size());
  const auto other_parts = checks::detail::compare_parallel(parts, parallel(changed), parallel_strictly_layered(parts), points);
  EXPECT_LT(other_parts.points_agree, points.size());
  const auto no_padding = checks::detail::compare_parallel(parts, parallel(parts), parallel(parts), points);
  EXPECT_FALSE(no_padding.shapes_agree);
}

// C.3:product-score at one point, then its twins: the f-coordinate with b = f(s)_i flipped, and a
// seed coordinate with u_j flipped, are refused. kappa = delta/2, where psi_0 and psi_1 differ.
TEST(ProductScore, AgreesWithForwardModeAndRefusesAFlippedCoordinate) {
  const PrecisionScope scope(256);
  ParameterValues values = Instance::defaults().values();
  values.n = 3;
  values.m = 3;
  const Instance instance = Instance::from(values);
  const density::VertexMixture mixture(instance);
  const Ball kappa(instance.delta() / 2);
  const std::vector<Ball> x = {Ball(Rational(9, 10)), Ball(Rational(-11, 10)), Ball(Rational(1, 3)),
                               Ball(Rational(3, 100)), Ball(Rational(-1, 7)), Ball(Rational(2, 5))};
  const std::uint64_t seed = 5;
  const checks::detail::Dual reference = checks::detail::log_component_forward_mode(mixture, x, kappa, seed);
  const std::vector<Ball> formula = mixture.component_score(x, kappa, seed);
  auto refusals = [&](const std::vector<Ball>& candidate) {
    checks::IdentityComparison comparison("C.3");
    for (std::size_t k = 0; k < candidate.size(); ++k) comparison.compare(candidate[k], reference.gradient[k], "coordinate");
    return comparison.failures();
  };
  EXPECT_EQ(refusals(formula), 0u);
  checks::IdentityComparison log_value("C.3");
  log_value.compare(mixture.log_component(x, kappa, seed), reference.value, "log c_s");
  EXPECT_TRUE(log_value.passed());
  for (int i = 0; i < 3; ++i) {
    std::vector<Ball> flipped_b = formula;
    const int wrong_b = 1 - mixture.image_bit(seed, i);
    flipped_b[3 + i] = density::lattice_form(wrong_b, kappa, x[3 + i], instance.delta()).score;
    EXPECT_EQ(refusals(flipped_b), 1u) << "f-coordinate " << i + 1;
  }
  std::vector<Ball> flipped_u = formula;
  flipped_u[0] = (-x[0] - Ball(instance.a())) / sqr(kappa);  // seed 5 = 101: s_1 = 1, so u_1 = +1
  EXPECT_EQ(refusals(flipped_u), 1u);
}

}  // namespace
}  // namespace dpsi::relu
