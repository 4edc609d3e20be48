// File: dpsi/relu/network_export.h
// A Network as a safetensors file that numerical Python (numpy + json + struct, no dpsi, no
// safetensors package) loads; docs/load_network.py evaluates it.
//
// File layout (https://huggingface.co/docs/safetensors): an 8-byte little-endian unsigned header
// length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the tensor bytes,
// little-endian, contiguous, in the order below. Every tensor is one-dimensional. Node ids: inputs
// 0 .. num_inputs-1, then the units in order (Network's numbering).
//   unit_offsets   I64 [units + 1]   terms of unit u are unit_offsets[u] .. unit_offsets[u+1]-1
//   unit_sources   I64 [unit terms]  node read by each term
//   unit_weights   F64 [unit terms]
//   unit_bias      F64 [units]
//   layer_offsets  I64 [depth + 1]   first unit of each hidden layer, then units
//   output_offsets I64 [outputs + 1], output_sources I64, output_weights F64, output_bias F64 [outputs]
// "__metadata__" (string -> string): format "dpsi-relu-network", format_version "1", num_inputs,
// num_outputs, num_units, depth, and parameters (a JSON document the caller supplies: instance
// parameters, sigma, kappa^2, ...).
// Semantics: unit u = max(0, bias_u + sum_t w_t value(source_t)) with the sum taken bias first, then
// the terms in stored order; an output is the same affine form without the max.
//
// Precision. Our weights are exact rationals; each F64 is Rational::convert_to<double>() of the
// exact weight (round to nearest), the double FastEvaluator uses. So a network read back has as
// exact weights those doubles, and FastEvaluator's double outputs are bit-identical to the
// original's; the exact rational weights themselves are not in the file (they are in the optional
// sidecar of write_exact_weights_json).
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "dpsi/relu/network.h"

namespace dpsi::relu {

inline constexpr const char* kNetworkFormatName = "dpsi-relu-network";
inline constexpr const char* kNetworkFormatVersion = "1";

// The safetensors bytes of `network` with `parameters` (any JSON) stored as metadata.
std::string safetensors_bytes(const Network& network, const nlohmann::json& parameters);
// Writes safetensors_bytes atomically to `path` (std::system_error on I/O failure).
void write_safetensors(const std::filesystem::path& path, const Network& network, const nlohmann::json& parameters);

struct LoadedNetwork {
  Network network;
  nlohmann::json parameters;
};
// Parses safetensors bytes written by safetensors_bytes. Throws std::invalid_argument with a
// one-line message on a malformed file: truncated, bad header JSON, a missing tensor or one of the
// wrong dtype or shape, data offsets outside the buffer or overlapping, inconsistent metadata,
// offsets decreasing or out of range, a source out of range, a unit reading a node that is not of an earlier
// layer, or a non-finite weight.
LoadedNetwork parse_safetensors(std::string_view bytes);
// Reads `path` and parses it (std::invalid_argument also if the file cannot be read).
LoadedNetwork read_safetensors(const std::filesystem::path& path);

// The exact rational weights as a JSON sidecar: {"format", "format_version", "units": [{"bias":
// "p/q", "terms": [[node, "p/q"], ...]}, ...], "outputs": [...]}, written atomically.
void write_exact_weights_json(const std::filesystem::path& path, const Network& network);

}  // namespace dpsi::relu
