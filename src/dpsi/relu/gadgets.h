// File: dpsi/relu/gadgets.h
// The ReLU gadgets G1-G7 of spec C.4, as builders: each adds its units to the network's current
// layer (the caller calls Network::begin_layer()) and returns the affine form of its value. Every
// identity below is exact (rational weights):
//   G1 clamp01(z)   = ReLU(z) - ReLU(z - 1)                       2 units   = min(max(z, 0), 1)
//   G2 bit_g(t)     = clamp01((t + g)/(2g))                       2 units   = [t > 0] if |t| >= g; in [0,1]
//   G3 NOT(p)       = 1 - p                                       0 units   (affine, folded)
//   G4 AND(p, q)    = ReLU(p + q - 1)                             1 unit
//   G5 XOR(p, q)    = ReLU(p - q) + ReLU(q - p)                   2 units   = |p - q|
//   G6 gate_M(c, t) = ReLU(t - M(1-c)) - ReLU(-t - M(1-c))        2 units   = c t for c in {0,1}, |t| <= M
//   G7 id_M(t)      = ReLU(t + M) - M                             1 unit    = t for t >= -M
// G3-G5 are exact on {0,1} and map [0,1]^2 into [0,1]; G6 lies between 0 and t for c in [0,1].
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "dpsi/relu/network.h"

namespace dpsi::relu::gadgets {

AffineForm clamp01(Network& network, const AffineForm& z);
AffineForm soft_bit(Network& network, const AffineForm& t, const Rational& gamma);
AffineForm logical_not(const AffineForm& p);
AffineForm logical_and(Network& network, const AffineForm& p, const AffineForm& q);
AffineForm logical_xor(Network& network, const AffineForm& p, const AffineForm& q);
AffineForm gate(Network& network, const AffineForm& c, const AffineForm& t, const Rational& bound);
AffineForm identity(Network& network, const AffineForm& t, const Rational& bound);

// A gadget applied to the inputs' affine forms, e.g. [](Network& n, const auto& in) { return logical_and(n, in[0], in[1]); }.
using Builder = std::function<AffineForm(Network&, const std::vector<AffineForm>&)>;
// Builds the one-layer network applying `build` to `arity` inputs and returns its exact value at x
// (x.size() == arity): how the checks and tests exercise a gadget as a network.
Rational evaluate_gadget(std::size_t arity, const Builder& build, const std::vector<Rational>& x);

}  // namespace dpsi::relu::gadgets
