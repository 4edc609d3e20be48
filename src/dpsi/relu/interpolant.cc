#include "dpsi/relu/interpolant.h"

#include "dpsi/fault/fault_point.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

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
    Rational slope = k + 1 < knots.size() ? (knots[k + 1].value - knots[k].value) / (knots[k + 1].t - knots[k].t)
                                          : Rational(0);  // lambda_K = 0: constant beyond t_K
    if (DPSI_FAULT("relu.interpolant-slope-one-knot") && k > 0 && k == knots.size() / 2 && k + 1 < knots.size()) {
      slope = (knots[k].value - knots[k - 1].value) / (knots[k + 1].t - knots[k].t);  // the previous interval's increment
    }
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

CoordinateFunction coordinate_function(const Network& network, std::size_t output, NodeId input,
                                       std::span<const Rational> points) {
  CoordinateFunction result;
  if (output >= network.num_outputs()) throw std::invalid_argument("coordinate_function: no such output");
  if (input >= network.num_inputs()) throw std::invalid_argument("coordinate_function: no such input");
  const AffineForm& form = network.outputs()[output];
  Rational constant = form.bias;  // c0 plus the left-active units' contributions
  Rational left_slope = 0;
  std::map<Rational, Rational> changes;  // kink -> total slope change
  for (const auto& [node, weight] : form.terms) {
    if (weight == 0) continue;
    if (node < network.num_inputs()) {
      if (node != input) {
        result.defect = fmt::format("output {} reads input {} besides input {}", output, node, input);
        return result;
      }
      left_slope += weight;
      continue;
    }
    const AffineForm& unit = network.units()[node - network.num_inputs()];
    Rational a = 0;
    for (const auto& [source, unit_weight] : unit.terms) {
      if (unit_weight == 0) continue;
      if (source != input) {
        result.defect = fmt::format("output {} reads unit {}, which reads node {} besides input {}", output, node, source, input);
        return result;
      }
      a += unit_weight;
    }
    if (a == 0) {  // a constant unit ReLU(b)
      if (unit.bias > 0) constant += weight * unit.bias;
      continue;
    }
    if (a < 0) {  // active left of its kink: contributes w (a x + b) there
      constant += weight * unit.bias;
      left_slope += weight * a;
    }
    changes[-unit.bias / a] += weight * abs(a);
  }
  Rational slope = left_slope;
  for (const auto& [kink, change] : changes) {
    if (change == 0) continue;
    result.kinks.push_back(kink);
    slope += change;
  }
  result.left_slope = left_slope;
  result.right_slope = slope;
  // Values by one sweep over the kinks and the sorted points: g = constant + left_slope x left of all kinks.
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return points[i] < points[j]; });
  result.values.assign(points.size(), Rational(0));
  auto kink = changes.begin();
  bool started = false;
  Rational x(0);
  Rational value(0);
  slope = left_slope;
  const auto move_to = [&](const Rational& target) {
    if (!started) {
      x = target;
      value = constant + left_slope * target;
      started = true;
      return;
    }
    value += slope * (target - x);
    x = target;
  };
  for (const std::size_t k : order) {
    while (kink != changes.end() && kink->first < points[k]) {
      move_to(kink->first);
      slope += kink->second;
      ++kink;
    }
    move_to(points[k]);
    result.values[k] = value;
  }
  return result;
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
