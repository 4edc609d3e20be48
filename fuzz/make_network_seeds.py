#!/usr/bin/env python3
"""Writes the seed corpus of network_export_fuzz: small networks in dpsi's safetensors layout
(src/dpsi/relu/network_export.h), built with struct + json only. Run from fuzz/: python3 make_network_seeds.py"""
import json
import struct

NAMES = ["unit_offsets", "unit_sources", "unit_weights", "unit_bias", "layer_offsets",
         "output_offsets", "output_sources", "output_weights", "output_bias"]
FLOAT = {"unit_weights", "unit_bias", "output_weights", "output_bias"}


def safetensors(num_inputs, layers, outputs, parameters):
    """layers: list of lists of units (bias, [(node, weight), ...]); outputs: list of (bias, terms)."""
    units = [u for layer in layers for u in layer]
    t = {name: [] for name in NAMES}

    def flatten(forms, offsets, sources, weights, bias):
        t[offsets].append(0)
        for b, terms in forms:
            for node, w in terms:
                t[sources].append(node)
                t[weights].append(w)
            t[bias].append(b)
            t[offsets].append(len(t[sources]))

    flatten(units, "unit_offsets", "unit_sources", "unit_weights", "unit_bias")
    first = 0
    for layer in layers:
        t["layer_offsets"].append(first)
        first += len(layer)
    t["layer_offsets"].append(len(units))
    flatten(outputs, "output_offsets", "output_sources", "output_weights", "output_bias")
    header, data, offset = {}, b"", 0
    for name in NAMES:
        blob = b"".join(struct.pack("<d" if name in FLOAT else "<q", v) for v in t[name])
        header[name] = {"dtype": "F64" if name in FLOAT else "I64", "shape": [len(t[name])],
                        "data_offsets": [offset, offset + len(blob)]}
        data += blob
        offset += len(blob)
    header["__metadata__"] = {"format": "dpsi-relu-network", "format_version": "1",
                              "num_inputs": str(num_inputs), "num_outputs": str(len(outputs)),
                              "num_units": str(len(units)), "depth": str(len(layers)),
                              "parameters": json.dumps(parameters)}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


seeds = {
    # relu(x0 - 0.5), output 2 * unit + 0.25
    "one-unit": safetensors(1, [[(-0.5, [(0, 1.0)])]], [(0.25, [(1, 2.0)])], {"sigma": "0.01"}),
    # two layers with a skip connection, two outputs
    "two-layers": safetensors(2, [[(0.2, [(0, 0.75), (1, -0.125)]), (0.0, [(1, 1.0)])],
                                  [(-1.0, [(2, 1.5), (0, 0.0625)])]],
                              [(0.0, [(4, 1.0), (1, -1.0)]), (1.0, [])], {"n": 4, "m": 4}),
    # no hidden layer: an affine map
    "affine": safetensors(3, [], [(0.5, [(0, 1.0), (2, -2.0)])], {}),
}
for name, data in seeds.items():
    with open(f"corpus/network_export_fuzz/{name}", "wb") as out:
        out.write(data)
