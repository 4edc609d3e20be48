// File: dpsi/relu/network.h
// ReLU networks with exact rational weights: the one representation the circuit of f_{n,m} (C.4)
// and the score networks (C.1-C.8) share.
//
// Shape. A network has `num_inputs()` inputs and a sequence of hidden layers; each hidden unit is
//   unit = ReLU(bias + sum_k weight_k * value(source_k)),
// where a source is an input or a unit of an *earlier* layer (skip connections allowed: a DAG
// layered by depth). The outputs are affine (no ReLU) in inputs and units. Node ids: inputs are
// 0 .. num_inputs()-1, then hidden units in layer order. A network whose units read only the
// previous layer (and whose outputs read only the last) is *strictly layered*;
// strictly_layered_units() counts the units a strictly layered equivalent needs (one identity
// unit per wire per layer it skips, spec C.4), without building it.
//
// Size statistics (units, depth = number of hidden layers, max |weight| over all weights and
// biases) are what the spec's size claims count. Evaluation is exact in Rational (any input),
// exact in int64 when every weight and bias is an integer and the inputs are integers (throws
// otherwise; intermediate values are checked against overflow), and approximate in double.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dpsi/numeric/rational.h"

namespace dpsi::relu {

using NodeId = std::uint32_t;

// bias + sum weight * node.
struct AffineForm {
  Rational bias{0};
  std::vector<std::pair<NodeId, Rational>> terms;

  // this += scale * other (terms with the same node are merged; zero weights dropped).
  void add(const AffineForm& other, const Rational& scale = Rational(1));
  static AffineForm constant(const Rational& value);
  static AffineForm node(NodeId id, const Rational& weight = Rational(1));
};

class NetworkError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Network {
 public:
  explicit Network(std::size_t num_inputs);

  // Starts a new hidden layer; units added afterwards go into it.
  void begin_layer();
  // Adds ReLU(form) to the current layer and returns its node id. Throws NetworkError if the form
  // reads a node of the current or a later layer, or if no layer was begun.
  NodeId add_unit(const AffineForm& form);
  // Appends an affine output.
  void add_output(const AffineForm& form);

  std::size_t num_inputs() const { return num_inputs_; }
  std::size_t num_outputs() const { return outputs_.size(); }
  std::size_t num_units() const { return units_.size(); }
  std::size_t depth() const { return layer_start_.size(); }  // hidden layers
  std::size_t num_weights() const;                            // nonzero weights (terms), all forms
  Rational max_abs_weight() const;                            // over weights and biases
  std::size_t strictly_layered_units() const;
  // Node's layer: 0 for inputs, 1..depth() for units.
  std::size_t layer_of(NodeId node) const;
  const std::vector<AffineForm>& units() const { return units_; }
  const std::vector<AffineForm>& outputs() const { return outputs_; }

  std::vector<Rational> evaluate(std::span<const Rational> inputs) const;
  std::vector<std::int64_t> evaluate_integer(std::span<const std::int64_t> inputs) const;
  std::vector<double> evaluate_double(std::span<const double> inputs) const;

  // "units U, depth D, weights W (max |w| = ...), strictly layered units L".
  std::string stats() const;

 private:
  std::size_t num_inputs_;
  std::vector<AffineForm> units_;
  std::vector<std::size_t> layer_start_;  // index into units_ of each layer's first unit
  std::vector<AffineForm> outputs_;
};

}  // namespace dpsi::relu

namespace dpsi::relu {

// A flattened copy of a network for repeated fast evaluation (contiguous arrays, weights converted
// once). Double evaluation rounds each operation to nearest (use evaluate() when exactness
// matters); integer evaluation is exact and requires integer weights and biases (checked once, at
// construction: integer_capable()).
class FastEvaluator {
 public:
  explicit FastEvaluator(const Network& network);

  bool integer_capable() const { return integer_capable_; }
  std::vector<double> evaluate(std::span<const double> inputs) const;
  // Throws NetworkError unless integer_capable(); values are assumed to stay far from overflow
  // (true for the circuit networks, whose unit values are bits).
  std::vector<std::int64_t> evaluate_integer(std::span<const std::int64_t> inputs) const;
  // Exact evaluation on rational inputs with 64-bit numerators and denominators (each operation
  // reduced by gcd, overflow detected through 128-bit intermediates): the same values as
  // Network::evaluate, typically 50x faster. Throws NetworkError if a weight, an input or an
  // intermediate value does not fit; callers may then fall back to Network::evaluate.
  std::vector<Rational> evaluate_exact(std::span<const Rational> inputs) const;
  // Many integer evaluations at once (inputs[k] is evaluation k), processed in lanes of 16 so the
  // inner loops vectorise; same results as evaluate_integer on each.
  std::vector<std::vector<std::int64_t>> evaluate_integer_batch(
      std::span<const std::vector<std::int64_t>> inputs) const;

 private:
  struct Form {
    std::uint32_t first_term;
    std::uint32_t term_count;
    double bias;
    std::int64_t bias_integer;
  };
  std::size_t num_inputs_;
  std::size_t num_units_;
  std::vector<Form> forms_;  // units, then outputs
  std::vector<NodeId> term_nodes_;
  std::vector<double> term_weights_;
  std::vector<std::int64_t> term_weights_integer_;
  std::vector<std::pair<std::int64_t, std::int64_t>> term_weights_fraction_;  // (num, den); den 0 = too large
  std::vector<std::pair<std::int64_t, std::int64_t>> bias_fraction_;
  bool integer_capable_ = true;
};

}  // namespace dpsi::relu
