// File: dpsi/owf/sha256_circuit.h
// SHA-256 (FIPS 180-4) and the candidate one-way function f_{n,m} (spec G.1) as Boolean circuits
// over {AND, XOR, NOT}, generated with CircuitBuilder (constant folding, structural hashing,
// dead-gate elimination) from the FIPS 180-4 definition, as spec/C-score-networks.md C.4 describes:
//  * message schedule W_t = sigma1(W_{t-2}) + W_{t-7} + sigma0(W_{t-15}) + W_{t-16}, added left to
//    right; 64 rounds T1 = h + Sigma1(e) + Ch(e,f,g) + K_t + W_t (left to right),
//    T2 = Sigma0(a) + Maj(a,b,c); final addition H_i + (a..h)_i;
//  * Ch(e,f,g) = (e AND f) XOR (NOT e AND g), Maj(a,b,c) = (a AND b) XOR (a AND c) XOR (b AND c),
//    as printed in FIPS 180-4 §4.1.2 (no 1-AND rewrites);
//  * every 32-bit addition mod 2^32 is a ripple-carry adder: sum_i = p_i XOR q_i XOR c_i,
//    c_{i+1} = (p_i AND q_i) XOR (c_i AND (p_i XOR q_i)), c_0 = 0, no carry out of bit 31;
//  * rotations and shifts are wiring.
// Bit order everywhere: a 32-bit word is written most significant bit first, a block of 16 words
// word 0 first, so circuit bit j of a block is bit 31 - j % 32 (0 = least significant) of word
// j / 32, i.e. bit 7 - j % 8 of byte j / 8 of the big-endian byte string.
#pragma once

#include <array>
#include <string>

#include "dpsi/owf/circuit.h"

namespace dpsi::owf {

// A 32-bit word of builder signals; index i is the bit of weight 2^i.
using Word32 = std::array<Signal, 32>;

// The word with constant value `value`.
Word32 constant_word(std::uint32_t value);

// x + y mod 2^32 as the ripple-carry adder above (constants fold: an adder with a constant operand
// costs at most one AND per carry).
Word32 add_words(CircuitBuilder& builder, const Word32& x, const Word32& y);

// The SHA-256 compression function of FIPS 180-4 §6.2.2 on builder signals: returns
// H^(i) = H^(i-1) + (a..h after 64 rounds) for chaining state `state` (H_0..H_7) and message block
// `block` (M_0..M_15). Adds about 115,000 AND/XOR nodes for symbolic inputs; O(nodes) time.
std::array<Word32, 8> sha256_compress(CircuitBuilder& builder, const std::array<Word32, 8>& state,
                                      const std::array<Word32, 16>& block);

// The compression function as a circuit: 768 inputs (wires 0..511 the message block, bit j as in
// the file comment; wires 512..767 the chaining state H_0..H_7, each most significant bit first),
// 256 outputs (the new chaining state, same order). Nothing is folded but the round constants.
// This is the object the public circuit counts refer to (see kSha256References). ~0.03 s.
Circuit sha256_compression_circuit();

// f_{n,m} of spec G.1 as a circuit: n inputs (input i-1 is s_i), m outputs (output i-1 is
// f_{n,m}(s)_i, the i-th digest bit, most significant bit of byte 0 first). The unused trailing
// seed bits, the padding byte 0x80, the zero fill, the 64-bit length field 8 * ceil(n/8), the IV and
// the round constants are constants and folded; only gates reaching the m outputs are kept.
// Throws DomainError unless 1 <= n <= 440 and 1 <= m <= 256. ~0.03 s.
Circuit owf_circuit(int n, int m);

// Published gate counts of comparable circuits, for reports (not normative: C.4 accepts any
// circuit for f; only evaluation is checked).
struct CircuitReference {
  const char* name;
  const char* source;
  long and_gates;   // -1 when not published
  long xor_gates;   // XOR + XNOR when the source separates them (noted in `source`)
  long not_gates;
  long depth;       // AND/XOR depth; -1 when not published
  long and_depth;   // -1 when not published
};

// Bristol Fashion sha256.txt and the NIST circuit-complexity-project SLP for the compression
// function; the builds of the C.4 recipe for f_{8,8}, f_{16,16}, f_{440,256} reported in the project's
// unpublished design note (the first draft of spec/, see spec/README.md, Errata), kept for comparison.
inline constexpr std::array<CircuitReference, 5> kSha256References{{
    {"SHA-256 compression", "Bristol Fashion sha256.txt (N. Smart et al.)", 22573, 110644, 1856, -1, -1},
    {"SHA-256 compression", "NIST circuit complexity SLP (XOR count = 89,248 XOR + 3,894 XNOR)", 22385,
     89248 + 3894, 355, -1, 1604},
    {"f_{8,8}", "design-note build of the C.4 recipe (unpublished)", 36953, 61702, -1, 3743, -1},
    {"f_{16,16}", "design-note build of the C.4 recipe (unpublished)", 37325, 62527, -1, 3753, -1},
    {"f_{440,256}", "design-note build of the C.4 recipe (unpublished)", 41117, 69900, -1, 3823, -1},
}};

// A multi-line table: this generator's counts (AND, XOR, NOT, depth, AND-depth, generation time)
// for the compression circuit, f_{8,8}, f_{16,16} and f_{440,256}, each next to the references
// above, followed by the reasons the counts differ. Builds the four circuits (~0.1 s).
std::string sha256_circuit_report();

}  // namespace dpsi::owf
