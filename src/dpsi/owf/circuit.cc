#include "dpsi/owf/circuit.h"

#include <fmt/format.h>

#include <algorithm>
#include <istream>
#include <limits>
#include <ostream>
#include <sstream>
#include <string_view>

namespace dpsi::owf {

const char* gate_type_name(GateType type) {
  switch (type) {
    case GateType::kAnd:
      return "AND";
    case GateType::kXor:
      return "XOR";
    case GateType::kNot:
      return "NOT";
  }
  return "?";
}

Circuit::Circuit(std::size_t num_inputs, std::vector<Gate> gates, std::vector<WireId> outputs)
    : num_inputs_(num_inputs), gates_(std::move(gates)), outputs_(std::move(outputs)) {
  const std::size_t wires = num_inputs_ + gates_.size();
  if (wires > std::numeric_limits<WireId>::max()) {
    throw CircuitError(fmt::format("circuit has {} wires, more than wire ids can number", wires));
  }
  levels_.assign(wires, 0);
  and_levels_.assign(wires, 0);
  for (std::size_t g = 0; g < gates_.size(); ++g) {
    Gate& gate = gates_[g];
    const std::size_t wire = num_inputs_ + g;
    if (gate.type == GateType::kNot) gate.b = gate.a;
    if (gate.a >= wire || gate.b >= wire) {
      throw CircuitError(fmt::format("gate {} ({}) reads wire {}, not defined before its own wire {}", g,
                                     gate_type_name(gate.type), std::max(gate.a, gate.b), wire));
    }
    switch (gate.type) {
      case GateType::kAnd:
        ++and_count_;
        levels_[wire] = 1 + std::max(levels_[gate.a], levels_[gate.b]);
        and_levels_[wire] = 1 + std::max(and_levels_[gate.a], and_levels_[gate.b]);
        break;
      case GateType::kXor:
        ++xor_count_;
        levels_[wire] = 1 + std::max(levels_[gate.a], levels_[gate.b]);
        and_levels_[wire] = std::max(and_levels_[gate.a], and_levels_[gate.b]);
        break;
      case GateType::kNot:
        ++not_count_;
        levels_[wire] = levels_[gate.a];
        and_levels_[wire] = and_levels_[gate.a];
        break;
      default:
        throw CircuitError(fmt::format("gate {} has an unknown type", g));
    }
    depth_ = std::max(depth_, levels_[wire]);
    and_depth_ = std::max(and_depth_, and_levels_[wire]);
  }
  for (std::size_t k = 0; k < outputs_.size(); ++k) {
    if (outputs_[k] >= wires) {
      throw CircuitError(fmt::format("output {} is wire {}, but the circuit has {} wires", k, outputs_[k], wires));
    }
  }
}

namespace {

// Lane-wise Boolean operations for the bit-sliced evaluators.
inline std::uint64_t lane_and(std::uint64_t x, std::uint64_t y) { return x & y; }
inline std::uint64_t lane_xor(std::uint64_t x, std::uint64_t y) { return x ^ y; }
inline std::uint64_t lane_not(std::uint64_t x) { return ~x; }

inline Lanes256 lane_and(const Lanes256& x, const Lanes256& y) {
  return {x[0] & y[0], x[1] & y[1], x[2] & y[2], x[3] & y[3]};
}
inline Lanes256 lane_xor(const Lanes256& x, const Lanes256& y) {
  return {x[0] ^ y[0], x[1] ^ y[1], x[2] ^ y[2], x[3] ^ y[3]};
}
inline Lanes256 lane_not(const Lanes256& x) { return {~x[0], ~x[1], ~x[2], ~x[3]}; }

// (x AND y) where mask is all ones, (x XOR y) where it is zero.
inline std::uint64_t lane_select(std::uint64_t mask, std::uint64_t x, std::uint64_t y) {
  return ((x & y) & mask) | ((x ^ y) & ~mask);
}
inline Lanes256 lane_select(std::uint64_t mask, const Lanes256& x, const Lanes256& y) {
  Lanes256 r;
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = lane_select(mask, x[i], y[i]);
  return r;
}

template <typename Lane>
std::vector<Lane> evaluate_lanes(const Circuit& circuit, std::span<const Lane> inputs) {
  if (inputs.size() != circuit.num_inputs()) {
    throw CircuitError(
        fmt::format("circuit takes {} inputs, {} were given", circuit.num_inputs(), inputs.size()));
  }
  std::vector<Lane> wires(circuit.num_wires());
  std::copy(inputs.begin(), inputs.end(), wires.begin());
  Lane* out = wires.data() + circuit.num_inputs();
  for (const Gate& gate : circuit.gates()) {
    switch (gate.type) {
      case GateType::kAnd:
        *out = lane_and(wires[gate.a], wires[gate.b]);
        break;
      case GateType::kXor:
        *out = lane_xor(wires[gate.a], wires[gate.b]);
        break;
      case GateType::kNot:
        *out = lane_not(wires[gate.a]);
        break;
    }
    ++out;
  }
  std::vector<Lane> result;
  result.reserve(circuit.num_outputs());
  for (WireId w : circuit.outputs()) result.push_back(wires[w]);
  return result;
}

}  // namespace

Bits evaluate(const Circuit& circuit, std::span<const std::uint8_t> inputs) {
  if (inputs.size() != circuit.num_inputs()) {
    throw CircuitError(
        fmt::format("circuit takes {} inputs, {} were given", circuit.num_inputs(), inputs.size()));
  }
  std::vector<std::uint8_t> wires(circuit.num_wires());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] > 1) throw CircuitError(fmt::format("input {} is {}, not a bit", i, inputs[i]));
    wires[i] = inputs[i];
  }
  std::size_t w = circuit.num_inputs();
  for (const Gate& gate : circuit.gates()) {
    switch (gate.type) {
      case GateType::kAnd:
        wires[w] = static_cast<std::uint8_t>(wires[gate.a] & wires[gate.b]);
        break;
      case GateType::kXor:
        wires[w] = static_cast<std::uint8_t>(wires[gate.a] ^ wires[gate.b]);
        break;
      case GateType::kNot:
        wires[w] = static_cast<std::uint8_t>(wires[gate.a] ^ 1U);
        break;
    }
    ++w;
  }
  Bits result;
  result.reserve(circuit.num_outputs());
  for (WireId out : circuit.outputs()) result.push_back(wires[out]);
  return result;
}

std::vector<std::uint64_t> evaluate_bitsliced(const Circuit& circuit, std::span<const std::uint64_t> input_lanes) {
  return evaluate_lanes<std::uint64_t>(circuit, input_lanes);
}

std::vector<Lanes256> evaluate_bitsliced256(const Circuit& circuit, std::span<const Lanes256> input_lanes) {
  return evaluate_lanes<Lanes256>(circuit, input_lanes);
}

BitslicedEvaluator::BitslicedEvaluator(const Circuit& circuit)
    : num_inputs_(circuit.num_inputs()), num_slots_(1), output_slots_(circuit.num_outputs()) {
  const std::size_t wires = circuit.num_wires();
  const std::vector<Gate>& gates = circuit.gates();
  // last_use[w]: index of the last gate reading w; outputs live to the end (gates.size()).
  constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> last_use(wires, kNever);
  for (std::size_t g = 0; g < gates.size(); ++g) {
    last_use[gates[g].a] = g;
    last_use[gates[g].b] = g;
  }
  for (WireId w : circuit.outputs()) last_use[w] = gates.size();
  std::vector<std::uint32_t> slot(wires, 0);
  std::vector<std::uint32_t> free_slots;
  const auto allocate = [&] {
    if (!free_slots.empty()) {
      const std::uint32_t s = free_slots.back();
      free_slots.pop_back();
      return s;
    }
    return static_cast<std::uint32_t>(num_slots_++);
  };
  input_slots_.resize(num_inputs_);
  for (std::size_t i = 0; i < num_inputs_; ++i) {
    slot[i] = allocate();
    input_slots_[i] = slot[i];
  }
  // Inputs no gate reads and no output names are dead from the start.
  for (std::size_t i = 0; i < num_inputs_; ++i) {
    if (last_use[i] == kNever) free_slots.push_back(slot[i]);
  }
  steps_.reserve(gates.size());
  for (std::size_t g = 0; g < gates.size(); ++g) {
    const Gate& gate = gates[g];
    const std::uint32_t a = slot[gate.a];
    const std::uint32_t b = slot[gate.b];
    // Operands read for the last time free their slots first: the output may overwrite an operand
    // (each step reads both operands before writing).
    if (last_use[gate.a] == g) free_slots.push_back(a);
    if (gate.b != gate.a && last_use[gate.b] == g) free_slots.push_back(b);
    const std::size_t wire = num_inputs_ + g;
    if (last_use[wire] == kNever) {
      // A gate nobody reads: compute it into a scratch slot (kept for fidelity of the gate list).
      slot[wire] = allocate();
      free_slots.push_back(slot[wire]);
    } else {
      slot[wire] = allocate();
    }
    switch (gate.type) {
      case GateType::kAnd:
        steps_.push_back(Step{~std::uint64_t{0}, a, b, slot[wire]});
        break;
      case GateType::kXor:
        steps_.push_back(Step{0, a, b, slot[wire]});
        break;
      case GateType::kNot:
        steps_.push_back(Step{0, a, 0, slot[wire]});  // x XOR all-ones
        break;
    }
  }
  for (std::size_t k = 0; k < circuit.num_outputs(); ++k) output_slots_[k] = slot[circuit.outputs()[k]];
}

template <typename Lane>
std::vector<Lane> BitslicedEvaluator::run(std::span<const Lane> input_lanes) const {
  if (input_lanes.size() != num_inputs_) {
    throw CircuitError(fmt::format("circuit takes {} inputs, {} were given", num_inputs_, input_lanes.size()));
  }
  std::vector<Lane> slots(num_slots_);
  slots[0] = lane_not(Lane{});
  for (std::size_t i = 0; i < num_inputs_; ++i) slots[input_slots_[i]] = input_lanes[i];
  // Branch-free: the gate types interleave unpredictably, so a switch would mispredict often.
  for (const Step& step : steps_) slots[step.out] = lane_select(step.and_mask, slots[step.a], slots[step.b]);
  std::vector<Lane> result;
  result.reserve(output_slots_.size());
  for (std::uint32_t s : output_slots_) result.push_back(slots[s]);
  return result;
}

std::vector<std::uint64_t> BitslicedEvaluator::operator()(std::span<const std::uint64_t> input_lanes) const {
  return run<std::uint64_t>(input_lanes);
}

std::vector<Lanes256> BitslicedEvaluator::operator()(std::span<const Lanes256> input_lanes) const {
  return run<Lanes256>(input_lanes);
}

std::string circuit_report(const Circuit& circuit) {
  return fmt::format(
      "{} inputs, {} outputs, {} AND, {} XOR, {} NOT, depth {}, AND-depth {}, ReLU units #AND + 2 #XOR = {}",
      circuit.num_inputs(), circuit.num_outputs(), circuit.and_count(), circuit.xor_count(), circuit.not_count(),
      circuit.depth(), circuit.and_depth(), circuit.and_count() + 2 * circuit.xor_count());
}

// ---- CircuitBuilder ------------------------------------------------------------------------------

namespace {

constexpr std::uint32_t kMaxBuilderNodes = 1U << 30;  // node codes fit 31 bits (hash keys below)

inline std::uint32_t node_of(Signal s) { return s.code() >> 1; }
inline bool complemented(Signal s) { return (s.code() & 1U) != 0; }

}  // namespace

Signal CircuitBuilder::add_input() {
  if (nodes_.size() >= kMaxBuilderNodes) throw CircuitError("circuit builder is full");
  if (nodes_.size() - 1 != num_inputs_) throw CircuitError("add all inputs before the first gate");
  nodes_.push_back(Node{GateType::kNot, 0, 0});
  ++num_inputs_;
  return Signal::from_code(static_cast<std::uint32_t>((nodes_.size() - 1) << 1));
}

Signal CircuitBuilder::make_node(GateType type, Signal x, Signal y) {
  const std::uint64_t key = (static_cast<std::uint64_t>(type == GateType::kXor) << 62) |
                            (static_cast<std::uint64_t>(x.code()) << 31) | y.code();
  if (nodes_.size() >= kMaxBuilderNodes) throw CircuitError("circuit builder is full");
  if (node_of(x) >= nodes_.size() || node_of(y) >= nodes_.size()) {
    throw CircuitError("signal does not belong to this circuit builder");
  }
  const auto [it, inserted] = hash_.try_emplace(key, static_cast<std::uint32_t>(nodes_.size()));
  if (inserted) nodes_.push_back(Node{type, x.code(), y.code()});
  return Signal::from_code(it->second << 1);
}

Signal CircuitBuilder::make_and(Signal x, Signal y) {
  if (x.is_constant()) return x.constant_value() ? y : Signal::zero();
  if (y.is_constant()) return y.constant_value() ? x : Signal::zero();
  if (x == y) return x;
  if (x == !y) return Signal::zero();
  if (x.code() > y.code()) std::swap(x, y);
  return make_node(GateType::kAnd, x, y);
}

Signal CircuitBuilder::make_xor(Signal x, Signal y) {
  const std::uint32_t flip = (x.code() ^ y.code()) & 1U;
  std::uint32_t a = x.code() & ~1U;
  std::uint32_t b = y.code() & ~1U;
  if (a == 0) return Signal::from_code(b | flip);
  if (b == 0) return Signal::from_code(a | flip);
  if (a == b) return Signal::constant(flip != 0);
  if (a > b) std::swap(a, b);
  const Signal node = make_node(GateType::kXor, Signal::from_code(a), Signal::from_code(b));
  return Signal::from_code(node.code() | flip);
}

Circuit CircuitBuilder::build(std::span<const Signal> outputs) const {
  const std::size_t nodes = nodes_.size();
  for (Signal s : outputs) {
    if (node_of(s) >= nodes) throw CircuitError("output signal does not belong to this builder");
  }
  // Liveness (nodes are in topological order, so one backward sweep suffices) and which live nodes
  // are needed complemented.
  std::vector<std::uint8_t> live(nodes, 0);
  std::vector<std::uint8_t> need_not(nodes, 0);
  for (Signal s : outputs) {
    live[node_of(s)] = 1;
    if (complemented(s)) need_not[node_of(s)] = 1;
  }
  const std::size_t first_gate = 1 + num_inputs_;
  for (std::size_t v = nodes; v-- > first_gate;) {
    if (live[v] == 0) continue;
    const Node& node = nodes_[v];
    for (std::uint32_t operand : {node.a, node.b}) {
      live[operand >> 1] = 1;
      if ((operand & 1U) != 0) need_not[operand >> 1] = 1;
    }
  }

  constexpr WireId kNone = std::numeric_limits<WireId>::max();
  std::vector<WireId> wire(nodes, kNone);
  std::vector<WireId> not_wire(nodes, kNone);
  std::vector<Gate> gates;
  const auto next_wire = [&] { return static_cast<WireId>(num_inputs_ + gates.size()); };
  const auto add_not_if_needed = [&](std::size_t v) {
    if (need_not[v] != 0) {
      not_wire[v] = next_wire();
      gates.push_back(Gate{GateType::kNot, wire[v], wire[v]});
    }
  };
  for (std::size_t i = 0; i < num_inputs_; ++i) wire[1 + i] = static_cast<WireId>(i);
  for (std::size_t i = 0; i < num_inputs_; ++i) add_not_if_needed(1 + i);
  const auto operand_wire = [&](std::uint32_t code) {
    return (code & 1U) != 0 ? not_wire[code >> 1] : wire[code >> 1];
  };
  for (std::size_t v = first_gate; v < nodes; ++v) {
    if (live[v] == 0) continue;
    const Node& node = nodes_[v];
    const WireId a = operand_wire(node.a);
    const WireId b = operand_wire(node.b);
    wire[v] = next_wire();
    gates.push_back(Gate{node.type, a, b});
    add_not_if_needed(v);
  }

  std::vector<WireId> output_wires;
  output_wires.reserve(outputs.size());
  WireId zero = kNone;
  WireId one = kNone;
  for (Signal s : outputs) {
    if (!s.is_constant()) {
      output_wires.push_back(operand_wire(s.code()));
      continue;
    }
    if (num_inputs_ == 0) throw CircuitError("a constant output needs at least one input wire to be materialised");
    if (zero == kNone) {
      zero = next_wire();
      gates.push_back(Gate{GateType::kXor, 0, 0});
    }
    if (s.constant_value() && one == kNone) {
      one = next_wire();
      gates.push_back(Gate{GateType::kNot, zero, zero});
    }
    output_wires.push_back(s.constant_value() ? one : zero);
  }
  return Circuit(num_inputs_, std::move(gates), std::move(output_wires));
}

// ---- Bristol Fashion -----------------------------------------------------------------------------

namespace {

std::size_t sum_widths(std::span<const int> widths, std::size_t default_total, const char* what) {
  std::size_t total = 0;
  for (int width : widths) {
    if (width < 0) throw CircuitError(fmt::format("negative {} width {}", what, width));
    total += static_cast<std::size_t>(width);
  }
  if (total != default_total) {
    throw CircuitError(fmt::format("{} widths sum to {}, the circuit has {}", what, total, default_total));
  }
  return total;
}

void write_widths(std::ostream& out, std::span<const int> widths, std::size_t total) {
  if (widths.empty()) {
    out << "1 " << total << '\n';
    return;
  }
  out << widths.size();
  for (int width : widths) out << ' ' << width;
  out << '\n';
}

}  // namespace

void write_bristol(const Circuit& circuit, std::ostream& out, std::span<const int> input_widths,
                   std::span<const int> output_widths) {
  if (!input_widths.empty()) sum_widths(input_widths, circuit.num_inputs(), "input");
  if (!output_widths.empty()) sum_widths(output_widths, circuit.num_outputs(), "output");
  const std::size_t inputs = circuit.num_inputs();
  const std::size_t gate_count = circuit.num_gates();
  const std::vector<Gate>& gates = circuit.gates();
  const std::vector<WireId>& outputs = circuit.outputs();

  // Which gates can be moved into the output block: read by no gate, named by exactly one output.
  std::vector<std::uint32_t> readers(circuit.num_wires(), 0);
  for (const Gate& gate : gates) {
    ++readers[gate.a];
    if (gate.type != GateType::kNot) ++readers[gate.b];
  }
  std::vector<std::uint32_t> output_uses(circuit.num_wires(), 0);
  for (WireId w : outputs) ++output_uses[w];
  std::vector<std::uint8_t> moved(gate_count, 0);
  std::size_t copies = 0;
  for (WireId w : outputs) {
    if (w >= inputs && readers[w] == 0 && output_uses[w] == 1) {
      moved[w - inputs] = 1;
    } else {
      ++copies;
    }
  }
  // Each copied output costs a first INV in the body and a second one in the output block.
  const std::size_t total_gates = gate_count + 2 * copies;
  const std::size_t total_wires = inputs + total_gates;
  const std::size_t first_output_wire = total_wires - outputs.size();

  constexpr WireId kNone = std::numeric_limits<WireId>::max();
  std::vector<WireId> new_id(circuit.num_wires(), kNone);
  for (std::size_t i = 0; i < inputs; ++i) new_id[i] = static_cast<WireId>(i);
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    if (outputs[k] >= inputs && moved[outputs[k] - inputs] != 0) {
      new_id[outputs[k]] = static_cast<WireId>(first_output_wire + k);
    }
  }
  std::size_t next = inputs;
  for (std::size_t g = 0; g < gate_count; ++g) {
    if (moved[g] == 0) new_id[inputs + g] = static_cast<WireId>(next++);
  }

  out << total_gates << ' ' << total_wires << '\n';
  write_widths(out, input_widths, inputs);
  write_widths(out, output_widths, outputs.size());
  out << '\n';
  const auto write_gate = [&](const Gate& gate, WireId target) {
    if (gate.type == GateType::kNot) {
      out << "1 1 " << new_id[gate.a] << ' ' << target << " INV\n";
    } else {
      out << "2 1 " << new_id[gate.a] << ' ' << new_id[gate.b] << ' ' << target << ' '
          << (gate.type == GateType::kAnd ? "AND" : "XOR") << '\n';
    }
  };
  for (std::size_t g = 0; g < gate_count; ++g) {
    if (moved[g] == 0) write_gate(gates[g], new_id[inputs + g]);
  }
  // First halves of the copies, in the body; their ids follow the body gates.
  std::vector<WireId> copy_wire(outputs.size(), kNone);
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const WireId w = outputs[k];
    if (w >= inputs && moved[w - inputs] != 0) continue;
    copy_wire[k] = static_cast<WireId>(next++);
    out << "1 1 " << new_id[w] << ' ' << copy_wire[k] << " INV\n";
  }
  // The output block, in output order.
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const WireId target = static_cast<WireId>(first_output_wire + k);
    if (copy_wire[k] != kNone) {
      out << "1 1 " << copy_wire[k] << ' ' << target << " INV\n";
    } else {
      write_gate(gates[outputs[k] - inputs], target);
    }
  }
  if (!out) throw std::runtime_error("writing the Bristol Fashion circuit failed");
}

namespace {

// Reads the header and gate lines of a Bristol Fashion file, token by token with line numbers.
// The most wires a Bristol file may declare: 2^26 (a 256 MB wire table; the SHA-256 circuits have
// about 10^5). Without it a 49-byte header "1 1558974406" allocated 6 GB (found by fuzz/bristol_fuzz.cc).
constexpr std::size_t kMaxBristolWires = std::size_t{1} << 26;

class BristolReader {
 public:
  explicit BristolReader(std::istream& in) : in_(in) {}

  // The next line that is not blank, split into tokens; false at end of input.
  bool next_line(std::vector<std::string>& tokens) {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_number_;
      tokens.clear();
      std::istringstream fields(line);
      std::string token;
      while (fields >> token) tokens.push_back(token);
      if (!tokens.empty()) return true;
    }
    return false;
  }

  [[noreturn]] void fail(std::string_view message) const {
    throw BristolFormatError(fmt::format("Bristol Fashion, line {}: {}", line_number_, message));
  }

  std::size_t number(const std::string& token) const {
    std::size_t value = 0;
    if (token.empty() || token.size() > 18) fail(fmt::format("'{}' is not a wire count or id", token));
    for (char c : token) {
      if (c < '0' || c > '9') fail(fmt::format("'{}' is not a wire count or id", token));
      value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
  }

  // "<k> <w_1> ... <w_k>" -> total width.
  std::size_t widths(const std::vector<std::string>& tokens, const char* what) const {
    if (tokens.empty()) fail(fmt::format("missing {} line", what));
    const std::size_t count = number(tokens[0]);
    if (tokens.size() != count + 1) fail(fmt::format("{} line announces {} values but lists {}", what, count, tokens.size() - 1));
    std::size_t total = 0;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      total += number(tokens[i]);  // each number < 10^18: checking every step keeps the sum from wrapping
      if (total > kMaxBristolWires) fail(fmt::format("{} values wider than {} bits in all", what, kMaxBristolWires));
    }
    return total;
  }

 private:
  std::istream& in_;
  std::size_t line_number_ = 0;
};

}  // namespace

Circuit read_bristol(std::istream& in) {
  BristolReader reader(in);
  std::vector<std::string> tokens;
  if (!reader.next_line(tokens) || tokens.size() != 2) reader.fail("expected '<#gates> <#wires>'");
  const std::size_t gate_lines = reader.number(tokens[0]);
  const std::size_t file_wires = reader.number(tokens[1]);
  if (file_wires > kMaxBristolWires) reader.fail(fmt::format("#wires = {} is over the limit of {}", file_wires, kMaxBristolWires));
  if (!reader.next_line(tokens)) reader.fail("missing input line");
  const std::size_t inputs = reader.widths(tokens, "input");
  if (!reader.next_line(tokens)) reader.fail("missing output line");
  const std::size_t output_count = reader.widths(tokens, "output");
  if (inputs + output_count > file_wires) reader.fail("more inputs and outputs than wires");

  constexpr WireId kUndefined = std::numeric_limits<WireId>::max();
  std::vector<WireId> wire_of(file_wires, kUndefined);  // file wire -> our wire
  for (std::size_t i = 0; i < inputs; ++i) wire_of[i] = static_cast<WireId>(i);
  std::vector<Gate> gates;
  const auto read_wire = [&](const std::string& token) {
    const std::size_t id = reader.number(token);
    if (id >= file_wires) reader.fail(fmt::format("wire {} is not below #wires = {}", id, file_wires));
    if (wire_of[id] == kUndefined) reader.fail(fmt::format("wire {} is read before it is defined", id));
    return wire_of[id];
  };
  const auto define = [&](const std::string& token, WireId value) {
    const std::size_t id = reader.number(token);
    if (id >= file_wires) reader.fail(fmt::format("wire {} is not below #wires = {}", id, file_wires));
    if (wire_of[id] != kUndefined) reader.fail(fmt::format("wire {} is defined twice", id));
    wire_of[id] = value;
  };
  const auto push = [&](GateType type, WireId a, WireId b) {
    gates.push_back(Gate{type, a, b});
    return static_cast<WireId>(inputs + gates.size() - 1);
  };
  WireId zero = kUndefined;

  for (std::size_t line = 0; line < gate_lines; ++line) {
    if (!reader.next_line(tokens)) reader.fail(fmt::format("expected {} gates, found {}", gate_lines, line));
    if (tokens.size() < 4) reader.fail("a gate line needs at least 4 fields");
    const std::string& op = tokens.back();
    const std::size_t n_in = reader.number(tokens[0]);
    const std::size_t n_out = reader.number(tokens[1]);
    if (tokens.size() != n_in + n_out + 3) reader.fail("gate line: field count does not match its wire counts");
    if (op == "AND" || op == "XOR") {
      if (n_in != 2 || n_out != 1) reader.fail(fmt::format("{} takes 2 inputs and 1 output", op));
      const WireId a = read_wire(tokens[2]);
      const WireId b = read_wire(tokens[3]);
      define(tokens[4], push(op == "AND" ? GateType::kAnd : GateType::kXor, a, b));
    } else if (op == "INV" || op == "NOT") {
      if (n_in != 1 || n_out != 1) reader.fail("INV takes 1 input and 1 output");
      const WireId a = read_wire(tokens[2]);
      define(tokens[3], push(GateType::kNot, a, a));
    } else if (op == "EQW") {
      if (n_in != 1 || n_out != 1) reader.fail("EQW takes 1 input and 1 output");
      define(tokens[3], read_wire(tokens[2]));
    } else if (op == "EQ") {
      if (n_in != 1 || n_out != 1) reader.fail("EQ takes 1 constant and 1 output");
      if (tokens[2] != "0" && tokens[2] != "1") reader.fail("EQ constant must be 0 or 1");
      if (inputs == 0) reader.fail("EQ needs an input wire to materialise a constant");
      if (zero == kUndefined) zero = push(GateType::kXor, 0, 0);
      define(tokens[3], tokens[2] == "0" ? zero : push(GateType::kNot, zero, zero));
    } else if (op == "MAND") {
      if (n_in != 2 * n_out || n_out == 0) reader.fail("MAND takes 2k inputs and k outputs");
      std::vector<WireId> operands;
      for (std::size_t i = 0; i < n_in; ++i) operands.push_back(read_wire(tokens[2 + i]));
      for (std::size_t i = 0; i < n_out; ++i) {
        define(tokens[2 + n_in + i], push(GateType::kAnd, operands[i], operands[n_out + i]));
      }
    } else {
      reader.fail(fmt::format("unknown gate '{}'", op));
    }
  }
  if (reader.next_line(tokens)) reader.fail("unexpected text after the announced gates");

  std::vector<WireId> outputs;
  outputs.reserve(output_count);
  for (std::size_t k = 0; k < output_count; ++k) {
    const std::size_t id = file_wires - output_count + k;
    if (wire_of[id] == kUndefined) reader.fail(fmt::format("output wire {} is never defined", id));
    outputs.push_back(wire_of[id]);
  }
  try {
    return Circuit(inputs, std::move(gates), std::move(outputs));
  } catch (const CircuitError& e) {
    reader.fail(e.what());
  }
}

}  // namespace dpsi::owf
