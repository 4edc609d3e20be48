#include "dpsi/relu/interpolant.h"

#include <stdexcept>

namespace dpsi::relu {
namespace {

void validate(std::span<const Knot> knots) {
  if (knots.empty()) throw std::invalid_argument("an interpolant needs at least one knot");
  for (std::size_t k = 1; k < knots.size(); ++k) {
    if (!(knots[k - 1].t < knots[k].t)) throw std::invalid_argument("interpolant knots must strictly increase");
  }
}

// Adds the hinge units ReLU(x - t_k) to the current layer and returns m_hat as an affine form of them.
AffineForm hinge_expansion(Network& network, std::span<const Knot> knots) {
  AffineForm result = AffineForm::constant(knots.front().value);
  Rational previous_slope = 0;  // lambda_{-1}
  for (std::size_t k = 0; k < knots.size(); ++k) {
    const Rational slope = k + 1 < knots.size() ? (knots[k + 1].value - knots[k].value) / (knots[k + 1].t - knots[k].t)
                                                : Rational(0);  // lambda_K = 0: constant beyond t_K
    AffineForm shifted = AffineForm::node(0);
    shifted.bias = -knots[k].t;
    const NodeId hinge = network.add_unit(shifted);
    result.add(AffineForm::node(hinge), slope - previous_slope);
    previous_slope = slope;
  }
  return result;
}

}  // namespace

Network interpolant_network(std::span<const Knot> knots) {
  validate(knots);
  Network network(1);
  network.begin_layer();
  network.add_output(hinge_expansion(network, knots));
  return network;
}

Network score_interpolant_network(std::span<const Knot> knots, const Rational& kappa2) {
  validate(knots);
  if (kappa2 <= 0) throw std::invalid_argument("kappa^2 must be positive");
  Network network(1);
  network.begin_layer();
  AffineForm output = hinge_expansion(network, knots);
  const NodeId positive = network.add_unit(AffineForm::node(0));         // ReLU(x)
  const NodeId negative = network.add_unit(AffineForm::node(0, Rational(-1)));  // ReLU(-x)
  output.add(AffineForm::node(positive), Rational(-1));
  output.add(AffineForm::node(negative));
  AffineForm scaled;
  scaled.add(output, 1 / kappa2);
  network.add_output(scaled);
  return network;
}

Rational interpolate(std::span<const Knot> knots, const Rational& x) {
  validate(knots);
  if (x <= knots.front().t) return knots.front().value;
  if (x >= knots.back().t) return knots.back().value;
  std::size_t k = 1;
  while (knots[k].t < x) ++k;  // knots[k-1].t < x <= knots[k].t
  const Knot& left = knots[k - 1];
  const Knot& right = knots[k];
  return left.value + (right.value - left.value) * (x - left.t) / (right.t - left.t);
}

}  // namespace dpsi::relu
