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

  // Double evaluation with a certified bound on the distance to the exact value: on return,
  // |outputs[k] - exact_k| <= output_error_bounds[k], where exact_k is the network with its exact
  // rational weights evaluated exactly at `inputs` (doubles are exact dyadic rationals). The values
  // are those of evaluate() (bitwise), so the bound also certifies evaluate() and evaluate_batch().
  //
  // Derivation (running error analysis, Higham, "Accuracy and Stability of Numerical Algorithms",
  // 2nd ed., ch. 3). Take one form y = b + sum_k w_k x_k with x_k the exact node values. The
  // evaluator holds w~_k = fl(w_k), b~ = fl(b) and, computed exactly from the rationals at
  // construction and rounded up, dw_k >= |w_k - w~_k| and db >= |b - b~| (0 when the weight is a
  // double). It computes y~ from node values x~_k with |x~_k - x_k| <= e_k, by
  //   s_0 = b~;  p_k = fl(w~_k x~_k);  s_k = fl(s_{k-1} + p_k);  y~ = s_T,
  // and obtains the exact rounding error of each operation by error-free transformations:
  // TwoProduct pe_k = fma(w~_k, x~_k, -p_k) = w~_k x~_k - p_k and Knuth's TwoSum
  // se_k = s_{k-1} + p_k - s_k (both exact for finite values; when |p_k| < 2^-969 the fma residual
  // may itself underflow, and 2^-1074 is added to |pe_k|). Hence y~ = b~ + sum w~_k x~_k - sum
  // (pe_k + se_k) exactly, and since w x - w~ x~ = w~ (x - x~) + (w - w~) x with |x| <= |x~| + e,
  //   |y~ - y| <= db + sum_k [ |w~_k| e_k + dw_k (|x~_k| + e_k) + |pe_k| + |se_k| ]   (*)
  // with T = term count. Every operation of the bound itself (sums and products of nonnegative
  // doubles) is rounded upward: an operation with a zero operand is exact, any other result is
  // moved from round-to-nearest to the next double above it (>= the exact value, subnormals
  // included), so the computed bound is >= the value of (*) - no (1 + c T u) factor is needed -
  // and it is 0 exactly when every residual is 0 and every weight a double (a circuit of integer
  // weights on bit inputs keeps bound 0 through any depth). Products by a weight 0 or +-2^k skip
  // the fma (they are exact unless |p_k| < 2^-969, which takes the guarded path). A hidden unit is
  // ReLU(y), 1-Lipschitz: its error is the form's bound, and 0 when y~ <= -bound (then y <= 0 and
  // both values are 0). Outputs are forms without ReLU. Overflow or NaN anywhere makes the affected
  // bound +infinity (never a false finite bound).
  // Throws NetworkError on a wrong number of inputs.
  std::vector<double> evaluate_with_error_bound(std::span<const double> inputs,
                                                std::vector<double>& output_error_bounds) const;
  // Batched double evaluation: inputs row-major (count x num_inputs), outputs row-major
  // (count x num_outputs); the same values as evaluate() on each row, bitwise (same operations in
  // the same order, rows processed in blocks so the inner loops run over contiguous lanes).
  // Throws NetworkError unless inputs.size() == count * num_inputs and outputs.size() == count *
  // num_outputs.
  void evaluate_batch(std::span<const double> inputs, std::size_t count, std::span<double> outputs) const;

 private:
  struct Form {
    std::uint32_t first_term;
    std::uint32_t term_count;
    double bias;
    std::int64_t bias_integer;
    double bias_error = 0;  // >= |bias - fl(bias)|, rounded up (evaluate_with_error_bound)
  };
  std::size_t num_inputs_;
  std::size_t num_units_;
  std::vector<Form> forms_;  // units, then outputs
  std::vector<NodeId> term_nodes_;
  std::vector<double> term_weights_;
  std::vector<double> term_weight_errors_;  // >= |weight - fl(weight)|, rounded up; 0 for doubles
  std::vector<std::uint8_t> term_weight_exact_scale_;  // 1 iff fl(weight) is 0 or +-2^k (exact products)
  std::vector<std::int64_t> term_weights_integer_;
  std::vector<std::pair<std::int64_t, std::int64_t>> term_weights_fraction_;  // (num, den); den 0 = too large
  std::vector<std::pair<std::int64_t, std::int64_t>> bias_fraction_;
  bool integer_capable_ = true;
};

}  // namespace dpsi::relu
