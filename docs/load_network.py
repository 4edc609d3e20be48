"""Load and evaluate a dpsi ReLU network saved as safetensors, with numpy + json + struct only.

Usage: python3 load_network.py NETWORK.safetensors X1 X2 ...   (prints the outputs, one per line,
as float.hex; inputs may be decimal or hex). evaluate() repeats dpsi's float64 order (bias first,
then += w * x term by term), so its outputs equal dpsi's FastEvaluator bit for bit.
"""
import json
import struct
import sys

import numpy as np


def load_network(path):
    """Returns (metadata dict of strings, dict of numpy tensors)."""
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    metadata = header.pop("__metadata__")
    buffer = data[8 + size:]
    dtypes = {"I64": "<i8", "F64": "<f8"}
    tensors = {name: np.frombuffer(buffer[e["data_offsets"][0]:e["data_offsets"][1]], dtype=dtypes[e["dtype"]])
               for name, e in header.items()}
    return metadata, tensors


def _forms(values, offsets, sources, weights, bias, first, end):
    """bias + sum w * values[source] for forms first..end-1 (values: nodes x batch)."""
    starts, counts = offsets[first:end], np.diff(offsets[first:end + 1])
    sums = np.repeat(bias[first:end, None], values.shape[1], axis=1)
    for k in range(int(counts.max(initial=0))):
        rows = np.nonzero(counts > k)[0]
        terms = starts[rows] + k
        sums[rows] += weights[terms, None] * values[sources[terms]]
    return sums


def evaluate(metadata, t, x):
    """Outputs at inputs x: shape (num_inputs,) or (batch, num_inputs); float64."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    n_in, n_units = int(metadata["num_inputs"]), int(metadata["num_units"])
    values = np.zeros((n_in + n_units, x.shape[0]))
    values[:n_in] = x.T
    layers = t["layer_offsets"]
    for first, end in zip(layers[:-1], layers[1:]):
        if end > first:
            sums = _forms(values, t["unit_offsets"], t["unit_sources"], t["unit_weights"], t["unit_bias"], first, end)
            values[n_in + first:n_in + end] = np.where(sums > 0, sums, 0.0)
    outputs = _forms(values, t["output_offsets"], t["output_sources"], t["output_weights"], t["output_bias"],
                     0, int(metadata["num_outputs"]))
    return outputs.T


if __name__ == "__main__":
    metadata, tensors = load_network(sys.argv[1])
    inputs = [float.fromhex(a) if "0x" in a else float(a) for a in sys.argv[2:]]
    print(json.loads(metadata["parameters"]), file=sys.stderr)
    for value in evaluate(metadata, tensors, inputs)[0]:
        print(float.hex(float(value)))
