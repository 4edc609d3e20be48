#include "dpsi/relu/circuit_compiler.h"

#include <fmt/format.h>

#include "dpsi/fault/fault_point.h"
#include "dpsi/relu/gadgets.h"

namespace dpsi::relu {

std::vector<AffineForm> append_circuit(Network& network, const owf::Circuit& circuit, std::vector<AffineForm> input_forms) {
  if (input_forms.size() != circuit.num_inputs()) throw NetworkError("append_circuit: wrong number of input forms");
  std::vector<AffineForm> wire(circuit.num_wires());
  for (std::size_t i = 0; i < circuit.num_inputs(); ++i) wire[i] = std::move(input_forms[i]);
  std::vector<std::vector<std::size_t>> gates_at_level(static_cast<std::size_t>(circuit.depth()) + 1);
  for (std::size_t g = 0; g < circuit.num_gates(); ++g) {
    gates_at_level[static_cast<std::size_t>(circuit.level(circuit.gate_wire(g)))].push_back(g);
  }
  std::size_t last_xor = circuit.num_gates();  // the fault below compiles this one XOR gate as OR
  for (std::size_t g = 0; g < circuit.num_gates(); ++g) {
    if (circuit.gates()[g].type == owf::GateType::kXor) last_xor = g;
  }
  // NOT gates at level 0 (negated inputs) need no layer.
  for (std::size_t level = 0; level < gates_at_level.size(); ++level) {
    if (level > 0) network.begin_layer();
    for (const std::size_t g : gates_at_level[level]) {
      const owf::Gate& gate = circuit.gates()[g];
      AffineForm& out = wire[circuit.gate_wire(g)];
      switch (gate.type) {
        case owf::GateType::kNot:
          out = gadgets::logical_not(wire[gate.a]);
          break;
        case owf::GateType::kAnd:
          out = gadgets::logical_and(network, wire[gate.a], wire[gate.b]);
          break;
        case owf::GateType::kXor:
          if (DPSI_FAULT("relu.circuit-one-xor-as-or") && g == last_xor) {  // OR = p + q - AND(p, q)
            AffineForm both = gadgets::logical_and(network, wire[gate.a], wire[gate.b]);
            out = wire[gate.a];
            out.add(wire[gate.b]);
            out.add(both, Rational(-1));
            network.add_unit(AffineForm::constant(Rational(0)));  // keep #units = #AND + 2 #XOR
            break;
          }
          out = gadgets::logical_xor(network, wire[gate.a], wire[gate.b]);
          break;
      }
    }
  }
  std::vector<AffineForm> outputs;
  outputs.reserve(circuit.outputs().size());
  for (const owf::WireId output : circuit.outputs()) outputs.push_back(wire[output]);
  return outputs;
}

namespace {

void add_circuit(Network& network, const owf::Circuit& circuit, std::vector<AffineForm> input_forms) {
  for (AffineForm& output : append_circuit(network, circuit, std::move(input_forms))) network.add_output(output);
}

}  // namespace

Network compile_circuit(const owf::Circuit& circuit) {
  Network network(circuit.num_inputs());
  std::vector<AffineForm> inputs;
  inputs.reserve(circuit.num_inputs());
  for (std::size_t i = 0; i < circuit.num_inputs(); ++i) inputs.push_back(AffineForm::node(static_cast<NodeId>(i)));
  add_circuit(network, circuit, std::move(inputs));
  return network;
}

Network compile_soft_circuit(const owf::Circuit& circuit, const Rational& gamma) {
  if (gamma <= 0) throw NetworkError("soft front end needs gamma > 0");
  Network network(circuit.num_inputs());
  network.begin_layer();
  std::vector<AffineForm> inputs;
  inputs.reserve(circuit.num_inputs());
  for (std::size_t i = 0; i < circuit.num_inputs(); ++i) {
    inputs.push_back(gadgets::soft_bit(network, AffineForm::node(static_cast<NodeId>(i)), gamma));
  }
  add_circuit(network, circuit, std::move(inputs));
  return network;
}

std::vector<std::int64_t> network_bits(const std::vector<std::uint8_t>& bits) { return {bits.begin(), bits.end()}; }

}  // namespace dpsi::relu
