// File: dpsi/owf/circuit.h
// Boolean circuits over {AND, XOR, NOT}: the object that spec/C-score-networks.md C.4 compiles into
// a ReLU network (AND -> G4, XOR -> G5, NOT folded into the consumer's affine map).
//
// Wire numbering. A circuit with I inputs and G gates has W = I + G wires: wires 0 .. I-1 are the
// inputs, and gate g (0-based, in the stored topological order) drives wire I + g. A gate reads
// only wires with smaller ids, so evaluating the gates in order is always valid. Outputs are a list
// of wire ids (any wire, repetitions allowed).
//
// Constants. A Circuit has no constant wires. CircuitBuilder folds constants away; should an output
// of a built circuit be constant, the builder materialises 0 as XOR(w0, w0) and 1 as
// NOT(XOR(w0, w0)) on input wire 0 (a builder with no inputs cannot produce a constant output and
// throws). The SHA-256 circuits of sha256_circuit.h never need this.
//
// Depth. NOT is free (C.4 folds it into an affine map), so the level of a wire is
//   level(input) = 0,  level(NOT a) = level(a),  level(AND/XOR a b) = 1 + max(level(a), level(b)),
// and depth() is the largest level of any wire. The AND level counts only AND gates likewise.
//
// Evaluation. evaluate() runs one input vector; evaluate_bitsliced() runs 64 input vectors at once
// (lane j of every word is evaluation j) and evaluate_bitsliced256() runs 256. All cost O(W) time
// and O(W) words of memory. BitslicedEvaluator precomputes a compact, branch-free program for
// repeated bit-sliced calls (about 1.5x faster, a few thousand words of memory for SHA-256).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "dpsi/owf/one_way_function.h"

namespace dpsi::owf {

// Thrown for malformed circuits (a gate reading a wire that is not yet defined, an output id out of
// range) and for inputs of the wrong size or with entries other than 0/1; what() is one line.
class CircuitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

using WireId = std::uint32_t;

enum class GateType : std::uint8_t { kAnd, kXor, kNot };

// "AND", "XOR", "NOT".
const char* gate_type_name(GateType type);

// One gate. For kNot only `a` is read; `b` is stored equal to `a`.
struct Gate {
  GateType type;
  WireId a;
  WireId b;

  friend bool operator==(const Gate&, const Gate&) = default;
};

class Circuit {
 public:
  // An empty circuit (no inputs, gates or outputs).
  Circuit() = default;

  // Takes ownership of the gate list. Throws CircuitError unless every gate g reads only wires
  // < num_inputs + g and every output is < num_inputs + gates.size(); normalises b = a for NOT
  // gates. Computes the statistics below once: O(num_inputs + gates.size()).
  Circuit(std::size_t num_inputs, std::vector<Gate> gates, std::vector<WireId> outputs);

  std::size_t num_inputs() const { return num_inputs_; }
  std::size_t num_gates() const { return gates_.size(); }
  std::size_t num_wires() const { return num_inputs_ + gates_.size(); }
  std::size_t num_outputs() const { return outputs_.size(); }

  // The gates in topological order; gate g drives wire num_inputs() + g.
  const std::vector<Gate>& gates() const { return gates_; }
  // The output wire ids, in output order.
  const std::vector<WireId>& outputs() const { return outputs_; }
  // The wire driven by gate g (no range check).
  WireId gate_wire(std::size_t g) const { return static_cast<WireId>(num_inputs_ + g); }

  // Gate counts by type (O(1)). and_count() + xor_count() + not_count() == num_gates().
  std::size_t and_count() const { return and_count_; }
  std::size_t xor_count() const { return xor_count_; }
  std::size_t not_count() const { return not_count_; }

  // Longest input-to-wire path counting AND and XOR gates (NOT is free); 0 without gates. O(1).
  int depth() const { return depth_; }
  // Longest input-to-wire path counting AND gates only (the multiplicative depth). O(1).
  int and_depth() const { return and_depth_; }
  // Per-wire AND/XOR level as defined in the file comment (size num_wires(); inputs at 0). For
  // gate g, level(gate_wire(g)) is the ReLU layer the C.4 compiler places it in (NOT: same layer as
  // its operand). O(1).
  const std::vector<int>& levels() const { return levels_; }
  int level(WireId wire) const { return levels_.at(wire); }
  // Per-wire AND-only level (size num_wires()).
  const std::vector<int>& and_levels() const { return and_levels_; }

  friend bool operator==(const Circuit& x, const Circuit& y) {
    return x.num_inputs_ == y.num_inputs_ && x.gates_ == y.gates_ && x.outputs_ == y.outputs_;
  }

 private:
  std::size_t num_inputs_ = 0;
  std::vector<Gate> gates_;
  std::vector<WireId> outputs_;
  std::size_t and_count_ = 0;
  std::size_t xor_count_ = 0;
  std::size_t not_count_ = 0;
  int depth_ = 0;
  int and_depth_ = 0;
  std::vector<int> levels_;
  std::vector<int> and_levels_;
};

// One evaluation: inputs[i] is the value (0 or 1) of input wire i; returns the output values in
// output order. Throws CircuitError if inputs.size() != num_inputs() or an entry is not 0/1.
// O(num_wires()) time and bytes.
Bits evaluate(const Circuit& circuit, std::span<const std::uint8_t> inputs);

// 64 independent evaluations: bit j of input_lanes[i] is input i of evaluation j; bit j of result[k]
// is output k of evaluation j. Throws CircuitError if input_lanes.size() != num_inputs().
// O(num_wires()) word operations and 8 * num_wires() bytes.
std::vector<std::uint64_t> evaluate_bitsliced(const Circuit& circuit,
                                              std::span<const std::uint64_t> input_lanes);

// 256 independent evaluations: evaluation 64 * k + j reads and writes bit j of word k.
using Lanes256 = std::array<std::uint64_t, 4>;
std::vector<Lanes256> evaluate_bitsliced256(const Circuit& circuit, std::span<const Lanes256> input_lanes);

// A reusable bit-sliced evaluator: the same results as evaluate_bitsliced / evaluate_bitsliced256,
// faster for repeated calls. The constructor (O(num_wires())) assigns every wire a storage slot
// that is reused once the wire's last reader has run, so a call touches num_slots() words (a few
// thousand for the SHA-256 circuits, instead of num_wires() ~ 10^5) and stays in cache. The
// evaluator copies what it needs and does not refer to the circuit afterwards; calls are const and
// thread-safe.
class BitslicedEvaluator {
 public:
  explicit BitslicedEvaluator(const Circuit& circuit);

  std::size_t num_inputs() const { return num_inputs_; }
  std::size_t num_outputs() const { return output_slots_.size(); }
  // Words of scratch storage a call uses (slot 0 holds the constant all-ones word).
  std::size_t num_slots() const { return num_slots_; }

  // As evaluate_bitsliced / evaluate_bitsliced256 (same exceptions).
  std::vector<std::uint64_t> operator()(std::span<const std::uint64_t> input_lanes) const;
  std::vector<Lanes256> operator()(std::span<const Lanes256> input_lanes) const;

 private:
  // out = a AND b if and_mask is all ones, else a XOR b; NOT x is x XOR (the all-ones slot 0).
  struct Step {
    std::uint64_t and_mask;
    std::uint32_t a;
    std::uint32_t b;
    std::uint32_t out;
  };
  template <typename Lane>
  std::vector<Lane> run(std::span<const Lane> input_lanes) const;

  std::size_t num_inputs_ = 0;
  std::size_t num_slots_ = 0;
  std::vector<std::uint32_t> input_slots_;
  std::vector<Step> steps_;
  std::vector<std::uint32_t> output_slots_;
};

// One line: "<inputs> inputs, <outputs> outputs, <AND> AND, <XOR> XOR, <NOT> NOT, depth <d>,
// AND-depth <d'>, ReLU units #AND + 2 #XOR = <u>" (the C.4 unit count U_f).
std::string circuit_report(const Circuit& circuit);

// ---- Building circuits ---------------------------------------------------------------------------

// A signal of a CircuitBuilder: a node (constant 0, an input or a gate) possibly complemented.
// Signals are plain values; they are valid only for the builder that made them.
class Signal {
 public:
  constexpr Signal() = default;
  constexpr bool is_constant() const { return (code_ >> 1) == 0; }
  // For constant signals: their value.
  constexpr bool constant_value() const { return (code_ & 1U) != 0; }
  constexpr std::uint32_t code() const { return code_; }
  constexpr Signal operator!() const { return Signal(code_ ^ 1U); }
  friend constexpr bool operator==(Signal, Signal) = default;

  static constexpr Signal zero() { return Signal(0); }
  static constexpr Signal one() { return Signal(1); }
  static constexpr Signal constant(bool value) { return Signal(value ? 1U : 0U); }
  static constexpr Signal from_code(std::uint32_t code) { return Signal(code); }

 private:
  constexpr explicit Signal(std::uint32_t code) : code_(code) {}
  std::uint32_t code_ = 0;
};

// Builds a circuit gate by gate, simplifying on the fly:
//  * constant propagation: x & 0 = 0, x & 1 = x, x ^ 0 = x, x ^ 1 = !x, NOT of a constant;
//  * x & x = x, x & !x = 0, x ^ x = 0, x ^ !x = 1, !!x = x (NOT is a flag on the signal, free);
//  * XOR with complemented operands is normalised, !x ^ y = !(x ^ y), so XOR nodes have plain
//    operands and complements move to the consumers;
//  * structural hashing: a gate with the same type and operands (ordered, so commutative variants
//    coincide) as an existing one returns that one.
// build() keeps only the gates reaching an output (dead-gate elimination), and emits one NOT gate
// per node that is used complemented (by an AND operand or an output). Every operation is O(1)
// expected; build() is O(nodes).
class CircuitBuilder {
 public:
  CircuitBuilder() = default;

  // A new input; inputs are numbered in the order of these calls. All inputs must be added before
  // the first gate (else CircuitError).
  Signal add_input();
  std::size_t num_inputs() const { return num_inputs_; }

  Signal make_and(Signal x, Signal y);
  Signal make_xor(Signal x, Signal y);
  static Signal make_not(Signal x) { return !x; }
  Signal make_or(Signal x, Signal y) { return !make_and(!x, !y); }

  // Number of AND/XOR nodes created so far (before dead-gate elimination).
  std::size_t num_nodes() const { return nodes_.size() - 1 - num_inputs_; }

  // The circuit computing `outputs` (in this order) from the inputs; see the class comment.
  // Throws CircuitError if an output is constant and there are no inputs.
  Circuit build(std::span<const Signal> outputs) const;

 private:
  struct Node {
    GateType type;  // kNot marks the constant node 0 and inputs
    std::uint32_t a;
    std::uint32_t b;
  };
  Signal make_node(GateType type, Signal x, Signal y);

  std::vector<Node> nodes_{Node{GateType::kNot, 0, 0}};  // node 0: constant 0
  std::size_t num_inputs_ = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> hash_;
};

// ---- Bristol Fashion -----------------------------------------------------------------------------

// Thrown by read_bristol for malformed text; what() names the line.
class BristolFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `circuit` in Bristol Fashion (https://homes.esat.kuleuven.be/~nsmart/MPC/):
//   <#gates> <#wires>
//   <#input values> <width_1> ... (input_widths, or one value of num_inputs() bits if empty)
//   <#output values> <width_1> ... (output_widths, or one value of num_outputs() bits if empty)
//   (blank line)
//   2 1 <a> <b> <out> AND|XOR      1 1 <a> <out> INV
// Only AND, XOR and INV are written (no EQ/EQW/MAND), so any Bristol Fashion reader accepts it.
// Input wire i keeps id i. Bristol Fashion requires output k to be wire #wires - #outputs + k: an
// output driven by a gate that no gate reads and that appears once among the outputs is moved there
// (gates are reordered but stay topological); any other output (an input wire, a repeated output,
// or a wire that gates also read) is copied with two INV gates, the second placed in the output
// block. Hence read_bristol(write_bristol(c)) computes the same function as c, with the same gates
// in the usual case (exactly so for the SHA-256 circuits) and two extra INV per copied output.
// Throws CircuitError if the widths do not sum to num_inputs() / num_outputs().
void write_bristol(const Circuit& circuit, std::ostream& out, std::span<const int> input_widths = {},
                   std::span<const int> output_widths = {});

// Reads Bristol Fashion: the header as above (the input values are concatenated, in order, into
// the circuit's inputs; the output values likewise), then #gates gate lines in topological order.
// Accepted gates: AND, XOR, INV (also spelled NOT), EQW (a copy: no gate, the wire is an alias),
// EQ with constant 0/1 (materialised on input wire 0 as in the file comment) and MAND
// ("2k k a_1..a_k b_1..b_k c_1..c_k MAND", k AND gates). Wire ids must be < #wires, each wire is
// defined once, gates read only defined wires, and the inputs are wires 0 .. #inputs-1 and the
// outputs the last #outputs wires; #wires <= 2^26. Throws BristolFormatError otherwise.
Circuit read_bristol(std::istream& in);

}  // namespace dpsi::owf
