"""The cnnc-defined layers (no Keras class exists) and Keras configs TF.js cannot build, with numpy as
their oracle: writes OUTDIR/model.json (a Functional model in Keras 2 spelling, or Keras 3 for
`keras3_activations`) with a TF.js weightsManifest, OUTDIR/input.bin and OUTDIR/expected.bin.

Usage: numpy_cases.py CASE OUTDIR
"""
import json
import math
import os
import sys

import numpy as np

RNG = np.random.default_rng(7)
SQRT2 = math.sqrt(2.0)


# ---- reference semantics, written from the definitions in README.md ----

def same_pads(size, window, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + window - size, 0)
    return total // 2, total - total // 2


def pool2d(x, kind, window, strides, padding, p=None):
    n, h, w, c = x.shape
    (ph0, ph1), (pw0, pw1) = ((same_pads(h, window[0], strides[0]), same_pads(w, window[1], strides[1]))
                              if padding == "same" else ((0, 0), (0, 0)))
    oh = (h + ph0 + ph1 - window[0]) // strides[0] + 1
    ow = (w + pw0 + pw1 - window[1]) // strides[1] + 1
    out = np.zeros((n, oh, ow, c), np.float64)
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * strides[0] - ph0, j * strides[1] - pw0
            cells = x[:, max(r0, 0):min(r0 + window[0], h), max(c0, 0):min(c0 + window[1], w), :]
            out[:, i, j, :] = reduce(cells.reshape(n, -1, c), kind, p)
    return out


def reduce(cells, kind, p=None):
    """Reduces axis 1 of cells; padded cells are absent (max/min ignore them, sums add zero)."""
    if kind == "max":
        return cells.max(axis=1)
    if kind == "min":
        return cells.min(axis=1)
    if kind == "avg":
        return cells.mean(axis=1)
    if kind == "l2":
        return np.sqrt((cells ** 2).sum(axis=1))
    return (cells ** p).sum(axis=1) ** (1.0 / p)


def global_pool(x, kind, keepdims, p=None):
    n, h, w, c = x.shape
    out = reduce(x.reshape(n, h * w, c), kind, p)
    return out.reshape(n, 1, 1, c) if keepdims else out


def channel_pool(x, kind, window, stride, p=None):
    c = x.shape[3]
    outs = [reduce(np.moveaxis(x[..., k * stride:k * stride + window], 3, 1), kind, p)
            for k in range((c - window) // stride + 1)]
    return np.stack(outs, axis=-1)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    pos = np.maximum(x, 0.0) if max_value is None else np.clip(x, 0.0, max_value)
    return np.where(x > threshold, pos, alpha * (x - threshold))


def elu(x, alpha):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))


# ---- model files ----

class Model:
    """Builds a Keras 2 Functional model config with weights, beside its numpy evaluation."""

    def __init__(self, name, input_shape, batch):
        self.name, self.layers, self.weights, self.blobs = name, [], [], []
        self.x = RNG.uniform(0.0, 1.0, size=(batch,) + tuple(input_shape)).astype(np.float32).astype(np.float64)
        self.layers.append({"class_name": "InputLayer", "name": "input",
                            "config": {"name": "input", "batch_input_shape": [None] + list(input_shape),
                                       "dtype": "float32"}, "inbound_nodes": []})
        self.values = {"input": self.x}

    def add(self, cls, name, config, inputs, value, weights=()):
        config = dict(config, name=name)
        self.layers.append({"class_name": cls, "name": name, "config": config,
                            "inbound_nodes": [[[i, 0, 0, {}] for i in inputs]]})
        for kind, w in weights:
            self.weights.append({"name": f"{name}/{kind}", "shape": list(w.shape), "dtype": "float32"})
            self.blobs.append(w.astype("<f4").tobytes())
        self.values[name] = value
        return name

    def dense(self, name, inputs, units, scale=1.0):
        x = self.values[inputs]
        k = RNG.uniform(-scale, scale, size=(x.shape[-1], units))
        b = RNG.uniform(-0.5, 0.5, size=(units,))
        return self.add("Dense", name, {"units": units, "activation": "linear"}, [inputs],
                        x @ k.astype(np.float32) + b.astype(np.float32), [("kernel", k), ("bias", b)])

    def flatten(self, name, inputs):
        x = self.values[inputs]
        return self.add("Flatten", name, {}, [inputs], x.reshape(x.shape[0], -1))

    def write(self, out_dir, output, keras3=False):
        os.makedirs(out_dir, exist_ok=True)
        config = {"name": self.name, "layers": self.layers,
                  "input_layers": [["input", 0, 0]], "output_layers": [[output, 0, 0]]}
        model = {"class_name": "Functional", "config": config}
        if keras3:
            model.update(module="keras", registered_name=None)
        with open(os.path.join(out_dir, "weights.bin"), "wb") as f:
            f.write(b"".join(self.blobs))
        doc = {"modelTopology": {"model_config": model, "keras_version": "3.5.0" if keras3 else "2.13.1"},
               "weightsManifest": [{"paths": ["weights.bin"], "weights": self.weights}]}
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            json.dump(doc, f)
        self.x.astype("<f4").tofile(os.path.join(out_dir, "input.bin"))
        self.values[output].astype("<f4").tofile(os.path.join(out_dir, "expected.bin"))


def pooling_case():
    """Min, L2 and LP pooling (spatial, global with and without keepdims) and pooling across channels."""
    m = Model("pooling_extras", (9, 8, 4), batch=3)
    x = m.x
    outs = []

    def branch(cls, name, config, value):
        m.add(cls, name, config, ["input"], value)
        outs.append(m.flatten(name + "_flat", name) if value.ndim > 2 else name)

    branch("MinPooling2D", "min_same", {"pool_size": [3, 3], "strides": [2, 2], "padding": "same"},
           pool2d(x, "min", (3, 3), (2, 2), "same"))
    branch("L2Pooling2D", "l2_valid", {"pool_size": [2, 2], "strides": [1, 1], "padding": "valid"},
           pool2d(x, "l2", (2, 2), (1, 1), "valid"))
    branch("LPPooling2D", "lp_same", {"pool_size": [2, 3], "strides": [2, 1], "padding": "same", "p": 3},
           pool2d(x, "lp", (2, 3), (2, 1), "same", p=3))
    branch("L2Pooling2D", "l2_overlap_same", {"pool_size": 3, "strides": 2, "padding": "same"},
           pool2d(x, "l2", (3, 3), (2, 2), "same"))
    branch("GlobalMinPooling2D", "gmin", {}, global_pool(x, "min", False))
    branch("GlobalL2Pooling2D", "gl2_keep", {"keepdims": True}, global_pool(x, "l2", True))
    branch("GlobalLPPooling2D", "glp", {"p": 1.5}, global_pool(x, "lp", False, p=1.5))
    branch("GlobalAveragePooling2D", "gavg_keep", {"keepdims": True}, global_pool(x, "avg", True))
    branch("GlobalMaxPooling2D", "gmax_keep", {"keepdims": True}, global_pool(x, "max", True))
    branch("ChannelPooling2D", "ch_max", {"pool_size": 2, "kind": "max"}, channel_pool(x, "max", 2, 2))
    branch("ChannelPooling2D", "ch_avg_overlap", {"pool_size": 3, "strides": 1, "kind": "avg"},
           channel_pool(x, "avg", 3, 1))
    branch("ChannelPooling2D", "ch_min", {"pool_size": 4, "kind": "min"}, channel_pool(x, "min", 4, 4))
    branch("ChannelPooling2D", "ch_l2", {"pool_size": 2, "kind": "l2"}, channel_pool(x, "l2", 2, 2))
    branch("ChannelPooling2D", "ch_lp", {"pool_size": 2, "kind": "lp", "p": 4}, channel_pool(x, "lp", 2, 2, p=4))
    m.add("Concatenate", "all", {"axis": -1}, outs, np.concatenate([m.values[o] for o in outs], axis=-1))
    return m, "all"


def activation_case():
    """Activations with parameters TF.js cannot build, Keras' exponential and leaky_relu, Subtract."""
    m = Model("activation_extras", (5,), batch=4)
    pre = m.dense("pre", "input", 12, scale=2.0)
    y = m.values[pre]
    outs = [
        m.add("Activation", "exp", {"activation": "exponential"}, [pre], np.exp(y)),
        m.add("Activation", "leaky", {"activation": "leaky_relu"}, [pre], relu(y, alpha=0.2)),
        m.add("Activation", "hsig", {"activation": "hard_sigmoid"}, [pre], np.clip(0.2 * y + 0.5, 0, 1)),
        m.add("ELU", "elu", {"alpha": 0.7}, [pre], elu(y, 0.7)),
        m.add("ReLU", "relu_all", {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.5}, [pre],
              relu(y, 0.1, 2.0, 0.5)),
        m.add("ReLU", "relu_neg_threshold", {"threshold": -0.3}, [pre], relu(y, 0.0, None, -0.3)),
        m.add("LeakyReLU", "leaky3", {"negative_slope": 0.05}, [pre], relu(y, alpha=0.05)),
    ]
    other = m.dense("other", "input", 12)
    outs.append(m.add("Subtract", "diff", {}, [pre, other], y - m.values[other]))
    m.add("Concatenate", "all", {"axis": -1}, outs, np.concatenate([m.values[o] for o in outs], axis=-1))
    return m, "all"


def keras3_activation_case():
    """Keras 3 files: hard_sigmoid is relu6(x + 3) / 6 there."""
    m = Model("keras3_activations", (5,), batch=4)
    pre = m.dense("pre", "input", 12, scale=4.0)
    y = m.values[pre]
    m.add("Activation", "hsig", {"activation": "hard_sigmoid"}, [pre], np.clip(y + 3, 0, 6) / 6)
    return m, "hsig"


CASES = {"pooling_extras": pooling_case, "activation_extras": activation_case,
         "keras3_activations": keras3_activation_case}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.exit(f"usage: numpy_cases.py {{{'|'.join(CASES)}}} OUTDIR")
    model, output = CASES[sys.argv[1]]()
    model.write(sys.argv[2], output, keras3=sys.argv[1] == "keras3_activations")
    print(f"{sys.argv[1]}: {model.values[output].size} values")
