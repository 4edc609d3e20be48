// File: dpsi/relu/parallel.h
// Block-diagonal ("parallel") composition of networks (spec C.3): the one-dimensional score
// networks psi_hat_k of a product law, placed side by side, form the score network of the product.
//
// DAG form, parallel(). Inputs are concatenated (part 0's first), outputs are concatenated, and
// each unit of part k keeps its depth: hidden layer L of the composite holds layer L of every part
// that has one, in part order. Our networks let a unit read any earlier layer and an output read
// any node, so a shallower part needs no padding: the composite has exactly sum_k units_k units,
// depth max_k depth_k, and output block k equals part k on input block k.
//
// Strictly layered form (the spec's statement). Where every unit may read only the previous layer
// and the outputs only the last one, a part of depth D_k < D = max_k D_k must carry its outputs
// through D - D_k more layers. Bound-free, an output t is carried as the pair ReLU(t), ReLU(-t)
// (their difference is t) and then copied by ReLU(u) = u (u >= 0): 2 units per output per padded
// layer, so
//   parallel_padding_units(parts) = sum_k 2 (D - D_k) num_outputs_k.
// (G7 would need 1 unit per output per layer but also a bound |t| <= M, which a generic part does
// not supply.) parallel_strictly_layered() builds that network; it requires strictly layered parts.
#pragma once

#include <cstddef>
#include <span>

#include "dpsi/relu/network.h"

namespace dpsi::relu {

// The DAG composite described above. Throws std::invalid_argument if `parts` is empty.
Network parallel(std::span<const Network> parts);

// sum_k 2 (D - D_k) num_outputs_k with D = max_k D_k. Throws std::invalid_argument if empty.
std::size_t parallel_padding_units(std::span<const Network> parts);

// True iff every unit reads only the previous layer (layer 1: the inputs) and, when depth >= 1,
// every output reads only units of the last layer.
bool is_strictly_layered(const Network& network);

// The strictly layered composite: the parts' layers side by side, then for each part of depth
// D_k < D the ReLU(t), ReLU(-t) pair of each output at layer D_k + 1 (reading the part's last
// layer, or its inputs if D_k = 0) and identity copies of the pair at layers D_k + 2 .. D; output
// = pair difference. It has sum_k units_k + parallel_padding_units(parts) units and depth D, and
// computes the same function as parallel(parts). Throws std::invalid_argument if `parts` is empty
// or a part is not strictly layered.
Network parallel_strictly_layered(std::span<const Network> parts);

}  // namespace dpsi::relu
