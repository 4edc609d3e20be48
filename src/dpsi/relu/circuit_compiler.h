// File: dpsi/relu/circuit_compiler.h
// Compiling a Boolean circuit into a ReLU network (spec C.4): AND -> G4 (1 unit), XOR -> G5
// (2 units), NOT -> G3 folded into the consumer's affine map. A gate at AND/XOR level L becomes
// units of hidden layer L (the DAG form: units read any earlier layer), so the network has
// #AND + 2 #XOR units and depth D_f = circuit.depth(). On inputs in {0,1} every unit value is a bit
// and the outputs equal the circuit's; on inputs in [0,1] every wire stays in [0,1].
//
// The soft variant puts the ramp-sign front end G2 (2 units per input, first hidden layer) before
// the circuit, so x -> C(bit_gamma(x)) is one network on real inputs, equal to C([x > 0]) exactly
// whenever every |x_i| >= gamma.
#pragma once

#include <cstdint>
#include <vector>

#include "dpsi/owf/circuit.h"
#include "dpsi/relu/network.h"

namespace dpsi::relu {

Network compile_circuit(const owf::Circuit& circuit);
// The circuit's gates added to `network` as new hidden layers (one per AND/XOR level), input wire i
// carrying input_forms[i] (values in [0,1]); returns the affine forms of the circuit's outputs.
std::vector<AffineForm> append_circuit(Network& network, const owf::Circuit& circuit, std::vector<AffineForm> input_forms);
Network compile_soft_circuit(const owf::Circuit& circuit, const Rational& gamma);

// A bit string as the integer input (or expected output) vector of a compiled network.
std::vector<std::int64_t> network_bits(const std::vector<std::uint8_t>& bits);

}  // namespace dpsi::relu
