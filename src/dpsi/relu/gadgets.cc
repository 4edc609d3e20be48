#include "dpsi/relu/gadgets.h"

#include "dpsi/fault/fault_point.h"

namespace dpsi::relu::gadgets {
namespace {

AffineForm combine(const AffineForm& a, const Rational& scale_a, const AffineForm& b, const Rational& scale_b,
                   const Rational& constant) {
  AffineForm result = AffineForm::constant(constant);
  result.add(a, scale_a);
  result.add(b, scale_b);
  return result;
}

}  // namespace

AffineForm clamp01(Network& network, const AffineForm& z) {
  const NodeId low = network.add_unit(z);
  AffineForm shifted = z;
  shifted.bias -= 1;
  const NodeId high = network.add_unit(shifted);
  AffineForm value = AffineForm::node(low);
  value.add(AffineForm::node(high, Rational(-1)));
  return value;
}

AffineForm soft_bit(Network& network, const AffineForm& t, const Rational& gamma) {
  AffineForm scaled = AffineForm::constant(Rational(1, 2));  // (t + g)/(2g) = t/(2g) + 1/2
  scaled.add(t, Rational(1 / (2 * gamma)));
  return clamp01(network, scaled);
}

AffineForm logical_not(const AffineForm& p) {
  AffineForm result = AffineForm::constant(Rational(1));
  result.add(p, Rational(-1));
  return result;
}

AffineForm logical_and(Network& network, const AffineForm& p, const AffineForm& q) {
  const Rational bias = DPSI_FAULT("relu.gadget-and-bias-off-by-one") ? Rational(0) : Rational(-1);
  return AffineForm::node(network.add_unit(combine(p, Rational(1), q, Rational(1), bias)));
}

AffineForm logical_xor(Network& network, const AffineForm& p, const AffineForm& q) {
  const NodeId forward = network.add_unit(combine(p, Rational(1), q, Rational(-1), Rational(0)));
  const NodeId backward = network.add_unit(combine(p, Rational(-1), q, Rational(1), Rational(0)));
  AffineForm value = AffineForm::node(forward);
  value.add(AffineForm::node(backward));
  return value;
}

AffineForm gate(Network& network, const AffineForm& c, const AffineForm& t, const Rational& bound) {
  // t - M(1 - c) = t + M c - M ;  -t - M(1 - c) = -t + M c - M
  const NodeId positive = network.add_unit(combine(t, Rational(1), c, bound, Rational(-bound)));
  const NodeId negative = network.add_unit(combine(t, Rational(-1), c, bound, Rational(-bound)));
  AffineForm value = AffineForm::node(positive);
  value.add(AffineForm::node(negative, Rational(-1)));
  return value;
}

AffineForm identity(Network& network, const AffineForm& t, const Rational& bound) {
  AffineForm shifted = t;
  shifted.bias += bound;
  AffineForm value = AffineForm::node(network.add_unit(shifted));
  value.bias -= bound;
  return value;
}

Rational evaluate_gadget(std::size_t arity, const Builder& build, const std::vector<Rational>& x) {
  Network network(arity);
  network.begin_layer();
  std::vector<AffineForm> inputs;
  for (std::size_t i = 0; i < arity; ++i) inputs.push_back(AffineForm::node(static_cast<NodeId>(i)));
  network.add_output(build(network, inputs));
  return network.evaluate(x)[0];
}

}  // namespace dpsi::relu::gadgets
