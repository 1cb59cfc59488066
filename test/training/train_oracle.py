"""Independent numerical oracles for cnnc's compiled training: gradients, optimizer steps, weight files.

Usage: train_oracle.py GROUP --work DIR --cnnc CNNC --cnnrt-include DIR
Each case builds a Keras JSON model with fixed seeded weights (a TF.js model.json with a weight shard),
compiles it with cnnc, links test/training/harness.c, runs it, and compares with a float64 PyTorch
reference written from the documented semantics (README table, CNNOps.td, CNNTrainingOps.td, Keras 3's
optimizer rules), not from cnnc's code. Prints the max errors; exits 1 on any mismatch.
"""
import argparse
import concurrent.futures
import json
import math
import os
import subprocess
import sys

import numpy as np
import torch

from reference import (conv, dense, finite_difference, forward, graph_of, layer, loss_of, penalties,
                       pool, reference_grads, weight_shapes)

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = None
FAILURES = []

# ----------------------------------------------------------------------------------------------
# Building, compiling and running a case.


def init_weights(model, rng):
    weights = {}
    for name, shape, _ in model["shapes"]:
        fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
        if name in model.get("init", {}):
            weights[name] = np.asarray(model["init"][name](shape, rng), dtype=np.float32)
        elif name.endswith(("/gamma", "/moving_variance")):  # positive, near 1
            weights[name] = rng.uniform(0.5, 1.5, shape).astype(np.float32)
        elif len(shape) > 1:
            a = model.get("scale", 1.0) * math.sqrt(3.0 / fan_in)
            weights[name] = rng.uniform(-a, a, shape).astype(np.float32)
        else:
            weights[name] = rng.uniform(-0.3, 0.3, shape).astype(np.float32)
    return weights


def functional_config(model, input_layer):
    """A Functional model's config: its "graph" with Keras 2's inbound_nodes ([[[layer, 0, 0, {}], ...]])."""
    layers = [dict(input_layer, name="input", inbound_nodes=[])]
    for name, spec, inbound in graph_of(model):
        layers.append({"class_name": spec["class_name"], "name": name, "config": spec["config"],
                       "inbound_nodes": [[[n, 0, 0, {}] for n in inbound]]})
    return {"name": model["name"], "layers": layers, "input_layers": [["input", 0, 0]],
            "output_layers": [[layers[-1]["name"], 0, 0]]}


def keras_json(model, weight_file="w.bin"):
    input_layer = {"class_name": "InputLayer",
                   "config": {"batch_input_shape": [None] + model["input_shape"], "name": "input"}}
    if "graph" in model:
        topology = {"class_name": "Functional", "config": functional_config(model, input_layer)}
    else:
        topology = {"class_name": "Sequential",
                    "config": {"name": model["name"], "layers": [input_layer] + model["layers"]}}
    topology.update({"keras_version": "3.3.3" if model.get("keras3") else "2.15.0", "backend": "tensorflow"})
    doc = {"modelTopology": topology, "format": "layers-model",
           "weightsManifest": [{"paths": [weight_file], "weights": [
               {"name": n, "shape": s, "dtype": "float32"} for n, s, _ in model["shapes"]]}]}
    if "training_config" in model:
        doc["modelTopology"]["training_config"] = model["training_config"]
    return doc


def run(cmd, check=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stdout}{r.stderr}")
    return r


def labels_kind(model):
    if "loss" not in model or model.get("no_training"):
        return 0
    return 1 if model["loss"] == "sparse_categorical_crossentropy" else 2


def build(model, rng):
    """Writes the model, compiles and links it. Returns the case directory."""
    d = os.path.join(ARGS.work, model["name"])
    os.makedirs(d, exist_ok=True)
    model["shapes"] = weight_shapes(model)
    if "weights" not in model:
        model["weights"] = init_weights(model, rng)
    with open(os.path.join(d, "model.json"), "w") as f:
        json.dump(keras_json(model), f)
    with open(os.path.join(d, "w.bin"), "wb") as f:
        for n, _, _ in model["shapes"]:
            f.write(model["weights"][n].astype("<f4").tobytes())
    return d


def compile_case(model):
    d = os.path.join(ARGS.work, model["name"])
    name = "t_" + model["name"]
    cmd = [ARGS.cnnc, os.path.join(d, "model.json"), "-o", os.path.join(d, name + ".o"), "--name", name]
    if not model.get("no_training") and "training_config" not in model:
        cmd += ["--loss", model["loss"], "--optimizer", model.get("optimizer", "sgd")]
        if model.get("from_logits"):
            cmd.append("--from-logits")
        cmd += model.get("flags", [])
    run(cmd)
    link = run([ARGS.cnnc, "--print-link-flags"]).stdout.split()
    run(["cc", "-O1", "-I" + d, "-I" + ARGS.cnnrt_include, "-include", name + ".h",
         f"-DMODEL={name}", f"-DLABELS={labels_kind(model)}", os.path.join(HERE, "harness.c"),
         os.path.join(d, name + ".o")] + link + ["-o", os.path.join(d, "harness")])
    return d


def compile_all(models):
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(compile_case, m) for m in models]:
            f.result()


def harness(model, *ops, check=True):
    d = os.path.join(ARGS.work, model["name"])
    return run([os.path.join(d, "harness")] + [str(o) for o in ops], check=check, cwd=d)


def make_data(model, rng, batch=3):
    """Seeded input and labels, written to the case directory."""
    d = os.path.join(ARGS.work, model["name"])
    x = model.get("input_fn", lambda s, r: r.uniform(-1, 1, s))([batch] + model["input_shape"], rng)
    x = np.asarray(x, dtype=np.float32)
    with torch.no_grad():
        y = forward(model, {n: torch.tensor(v, dtype=torch.float64) for n, v in model["weights"].items()},
                    torch.tensor(x, dtype=torch.float64))[0]
    out_shape = list(y.shape)
    kind = model.get("loss")
    if kind == "sparse_categorical_crossentropy":
        labels = rng.integers(0, out_shape[-1], out_shape[:-1]).astype(np.int32)
    elif kind == "categorical_crossentropy":
        labels = rng.dirichlet(np.ones(out_shape[-1]), out_shape[:-1]).astype(np.float32)
        labels[0] = np.eye(out_shape[-1])[rng.integers(0, out_shape[-1], out_shape[1:-1] or None)]
    elif kind == "binary_crossentropy":
        labels = rng.uniform(0, 1, out_shape).astype(np.float32)
        labels[0] = np.round(labels[0])
    else:
        labels = rng.normal(0, 1, out_shape).astype(np.float32)
    x.astype("<f4").tofile(os.path.join(d, "x.bin"))
    labels.tofile(os.path.join(d, "y.bin"))
    return x, labels


def read_f32(model, fname):
    return np.fromfile(os.path.join(ARGS.work, model["name"], fname), dtype="<f4")


def split(model, flat, trainable_only):
    out, off = {}, 0
    for n, s, t in model["shapes"]:
        if trainable_only and not t:
            continue
        k = int(np.prod(s))
        out[n] = flat[off:off + k].reshape(s)
        off += k
    assert off == flat.size, f"{flat.size} floats, expected {off}"
    return out


def rel_err(actual, expected):
    expected = np.asarray(expected, dtype=np.float64)
    scale = max(np.abs(expected).max(), 1e-30)
    return np.abs(np.asarray(actual, dtype=np.float64) - expected).max() / scale


def report(group, what, err, tol, note=""):
    ok = err <= tol and np.isfinite(err)
    print(f"{'ok  ' if ok else 'FAIL'} {group}: {what}: rel err {err:.2e} (tol {tol:g}{note})")
    if not ok:
        FAILURES.append(f"{group}: {what}: {err:.3g}")
    return ok


def check_grads(models, tol=1e-4, fd=()):
    """compute_gradients against torch autograd (float64), per weight tensor and for the loss."""
    rng = np.random.default_rng(7)
    for m in models:
        build(m, rng)
    compile_all(models)
    for m in models:
        x, labels = make_data(m, rng)
        harness(m, "input", "x.bin", "labels", "y.bin", "grads", "g.bin")
        got = read_f32(m, "g.bin")
        loss, ref = reference_grads(m, m["weights"], x, labels)
        report(m["name"], "loss", abs(got[0] - loss) / abs(loss), tol)
        cnnc_grads = split(m, got[1:], True)
        # The same computation by torch in float32: how well float32 can do on this case.
        _, ref32 = reference_grads(m, m["weights"], x, labels, torch.float32)
        for n, g in ref.items():
            report(m["name"], f"d/d {n} {list(g.shape)}", rel_err(cnnc_grads[n], g), tol,
                   f"; torch float32: {rel_err(ref32[n], g):.1e}")
        if m["name"] in fd:
            for n in ref:
                picks, num = finite_difference(m, m["weights"], x, labels, n, 12, rng)
                report(m["name"], f"{n} finite differences vs torch autograd",
                       rel_err(ref[n].reshape(-1)[picks], num), 1e-6)
                report(m["name"], f"{n} finite differences vs cnnc",
                       rel_err(cnnc_grads[n].reshape(-1)[picks], num), tol)


# ----------------------------------------------------------------------------------------------
# Group 1: gradients.

SCE = "sparse_categorical_crossentropy"


def group_grad_conv():
    models = [
        {"name": "conv_chain", "input_shape": [7, 9, 2], "loss": SCE, "from_logits": True, "layers": [
            conv("c1", 3, (3, 2), act="tanh"),                                   # valid, 5x8
            conv("c2", 4, (2, 3), strides=(2, 2), padding="same", bias=False),   # same stride 2, 3x4
            conv("c3", 3, (3, 3), padding="same", dilation=(2, 2)),              # same dilation 2, 3x4
            layer("Flatten", "f"), dense("d", 5)]},
        {"name": "conv_odd", "input_shape": [7, 9, 2], "loss": SCE, "layers": [
            conv("c1", 3, (2, 3), dilation=(2, 2), act="relu"),                 # valid dilation 2, 5x5
            conv("c2", 2, (4, 3), strides=(2, 2), padding="same"),              # pads 1/2, 3x3
            conv("c3", 4, (1, 3), strides=(2, 1), bias=False),                  # valid, strides (2, 1): 2x1
            layer("Flatten", "f"), dense("d", 3, act="softmax")]},
    ]
    check_grads(models, fd=("conv_chain",))


def group_grad_pool():
    def pos_conv(name):  # positive outputs for the l2 and lp windows
        return conv(name, 3, (3, 3), padding="same", act="sigmoid")

    def model(name, pools, shape=(11, 13, 2)):
        layers = []
        for i, p in enumerate(pools):
            layers += [pos_conv(f"c{i}"), p]
        return {"name": name, "input_shape": list(shape), "loss": "categorical_crossentropy",
                "from_logits": True, "layers": layers + [layer("Flatten", "f"), dense("d", 4)]}

    def int_weights(shape, rng):  # exact integer sums: ties between different input pixels
        return np.ones(shape)

    ties = {"name": "pool_ties", "input_shape": [6, 7, 2], "loss": SCE, "from_logits": True,
            "input_fn": lambda s, r: r.integers(0, 3, s),
            "init": {"c0/kernel": int_weights, "c1/kernel": int_weights},
            "layers": [conv("c0", 1, (1, 1), bias=False),
                       pool("MaxPooling2D", "max", (3, 3), (2, 2)),
                       layer("Flatten", "f0"), dense("d", 3)]}
    ties_min = dict(ties, name="pool_ties_min", layers=[
        conv("c0", 1, (1, 1), bias=False), pool("MinPooling2D", "min", (2, 3), (1, 2), "same"),
        layer("Flatten", "f0"), dense("d", 3)])
    models = [
        model("pool_max", [pool("MaxPooling2D", "p0", (3, 3), (2, 2)),
                           pool("MaxPooling2D", "p1", (2, 3), (1, 2), "same")]),
        model("pool_avg", [pool("AveragePooling2D", "p0", (3, 2), (2, 1), "same"),
                           pool("AveragePooling2D", "p1", (3, 3), (2, 2))]),
        model("pool_min", [pool("MinPooling2D", "p0", (3, 3), (2, 2), "same"),
                           pool("MinPooling2D", "p1", (2, 2), (1, 1))]),
        model("pool_l2", [pool("L2Pooling2D", "p0", (3, 3), (2, 2)),
                          pool("L2Pooling2D", "p1", (2, 3), (1, 2), "same")]),
        model("pool_lp", [pool("LPPooling2D", "p0", (3, 3), (2, 2), "same", p=3.0),
                          pool("LPPooling2D", "p1", (2, 2), (1, 1), p=2.5)]),
        ties, ties_min,
    ]
    check_grads(models, fd=("pool_lp",))


def group_grad_dense():
    models = [
        {"name": "dense_shapes", "input_shape": [7, 9, 2], "loss": "mean_squared_error", "layers": [
            dense("d4", 3, act="tanh"),                       # Dense on a 4-D input
            layer("Reshape", "r", target_shape=[7, 27]),
            dense("d3", 4, bias=False),                       # Dense on a 3-D input
            layer("Flatten", "f"), dense("d2", 5)]},
        {"name": "dense_conv", "input_shape": [5, 6, 3], "loss": SCE, "from_logits": True, "layers": [
            conv("c", 4, (2, 2), act="elu"), layer("Reshape", "r", target_shape=[5, -1]),
            layer("Flatten", "f"), dense("d1", 6, act="relu"), dense("d2", 4)]},
    ]
    check_grads(models, fd=("dense_shapes",))


ACTIVATION_GROUPS = [
    ["relu", "relu6", "elu", "selu", "sigmoid"],
    ["hard_sigmoid", "tanh", "softplus", "softsign", "swish"],
    ["gelu", "gelu_new", "exponential", "mish", "linear"],
    ["silu", "leaky_relu", "log_softmax", "softmax"],
]


def group_grad_activation():
    models = []
    for i, acts in enumerate(ACTIVATION_GROUPS):
        layers = [dense(f"d_{a}", 6, act=a) for a in acts]
        # softmax after log_softmax saturates with larger weights, and float32 gradients through a
        # saturated softmax lose their relative precision (torch in float32 does no better).
        models.append({"name": f"act{i}", "input_shape": [5], "loss": "mean_squared_error",
                       "scale": 1.0 if "softmax" in acts else 2.5, "layers": layers + [dense("out", 3)]})
    check_grads(models, fd=("act2",))


def group_grad_activation_layers():
    """Keras 3's hard_sigmoid, relu6 beyond 6, and the parameterised activation layers."""
    models = []
    models.append({"name": "act_keras3", "input_shape": [5], "loss": "mean_squared_error",
                   "keras3": True, "scale": 4.0,
                   "layers": [dense("d_hard_sigmoid", 6, act="hard_sigmoid"), dense("out", 3)]})
    models.append({"name": "act_layers", "input_shape": [5], "loss": "mean_squared_error", "scale": 2.5,
                   "layers": [dense("a", 6), layer("ReLU", "relu_p", max_value=1.2, negative_slope=0.1,
                                                   threshold=0.3),
                              dense("b", 6), layer("ReLU", "relu_max", max_value=0.8),
                              dense("c", 6), layer("LeakyReLU", "leaky", alpha=0.25),
                              dense("e", 6), layer("ELU", "elu", alpha=0.7),
                              dense("g", 6), layer("Activation", "act_tanh", activation="tanh"),
                              dense("h", 4), layer("Softmax", "sm"), dense("out", 3)]})
    # relu6 needs inputs beyond 6.
    models.append({"name": "act_relu6", "input_shape": [5], "loss": "mean_squared_error", "scale": 12.0,
                   "layers": [dense("d_relu6", 8, act="relu6"), dense("out", 3)]})
    check_grads(models, fd=("act_layers",))


def group_grad_loss():
    CCE, BCE, MSE = "categorical_crossentropy", "binary_crossentropy", "mean_squared_error"

    def m(name, loss, last, logits=False, layers=None, shape=(4, 5, 2)):
        body = layers or [conv("c", 3, (2, 2), act="tanh"), layer("Flatten", "f")]
        return {"name": name, "input_shape": list(shape), "loss": loss, "from_logits": logits,
                "scale": 2.0, "layers": body + [last]}
    models = [
        m("sce_softmax", SCE, dense("d", 5, act="softmax")),
        m("sce_logits", SCE, dense("d", 5), logits=True),
        m("sce_sigmoid", SCE, dense("d", 5, act="sigmoid")),
        m("sce_softmax_layer", SCE, layer("Activation", "sm", activation="softmax"),
          layers=[conv("c", 3, (2, 2), act="tanh"), layer("Flatten", "f"), dense("d", 5)]),
        m("sce_spatial", SCE, conv("c2", 4, (1, 1), act="softmax"),
          layers=[conv("c", 3, (2, 2), act="tanh")]),
        m("cce_softmax", CCE, dense("d", 5, act="softmax")),
        m("cce_logits", CCE, dense("d", 5), logits=True),
        m("cce_sigmoid", CCE, dense("d", 5, act="sigmoid")),
        m("bce_sigmoid", BCE, dense("d", 4, act="sigmoid")),
        m("bce_logits", BCE, dense("d", 4), logits=True),
        m("bce_softmax", BCE, dense("d", 4, act="softmax")),
        m("mse_linear", MSE, dense("d", 4)),
        m("mse_spatial", MSE, conv("c2", 2, (2, 2), padding="same", act="tanh"),
          layers=[conv("c", 3, (2, 2), act="relu")]),
    ]
    check_grads(models, fd=("cce_sigmoid", "bce_logits"))



def group_batchnorm():
    """BatchNormalization in training mode (batch statistics, Keras 3's biased variance) and frozen
    (trainable=false: the moving statistics, no update): gradients; then one compute_gradients on a
    new batch moves the moving statistics by `momentum` and nothing else, and predict and evaluate
    use the moved statistics. A bias right before a batch norm has a zero gradient (the batch mean
    takes it away), so those layers have none, as is usual."""
    bn = lambda name, **cfg: layer("BatchNormalization", name, **cfg)
    models = [
        {"name": "bn_train", "input_shape": [6, 7, 3], "loss": SCE, "from_logits": True, "layers": [
            conv("c1", 4, (3, 3), padding="same", bias=False), bn("bn1", momentum=0.9),
            layer("Activation", "a1", activation="relu"), pool("MaxPooling2D", "p", (2, 2)),
            conv("c2", 3, (2, 2), bias=False), bn("bn2", center=False, epsilon=0.01),
            layer("Flatten", "f"), dense("d1", 5, bias=False), bn("bn3", scale=False, momentum=0.5),
            dense("d2", 4)]},
        {"name": "bn_frozen", "input_shape": [5, 6, 2], "loss": "mean_squared_error", "layers": [
            conv("c1", 3, (2, 2)), bn("bn1", trainable=False), layer("Activation", "a1", activation="tanh"),
            layer("Flatten", "f"), dense("d", 3, bias=False), bn("bn2", momentum=0.8)]},
    ]
    check_grads(models, fd=("bn_train",))
    rng = np.random.default_rng(11)
    for m in models:
        x, labels = make_data(m, rng, batch=4)
        harness(m, "input", "x.bin", "labels", "y.bin", "grads", "g.bin", "save", "after.bin",
                "predict", "p.bin", "eval", "e.bin")
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in m["weights"].items()}
        updates = {}
        with torch.no_grad():
            forward(m, w, torch.tensor(x, dtype=torch.float64), training=True, updates=updates)
        after = split(m, read_f32(m, "after.bin"), False)
        for n, _, _ in m["shapes"]:
            if n in updates:
                report(m["name"], f"{n} moved", rel_err(after[n], updates[n]), 1e-5)
            else:
                report(m["name"], f"{n} bit-identical", 0.0 if np.array_equal(after[n], m["weights"][n])
                       else 1.0, 0)
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in after.items()}
        with torch.no_grad():
            y = forward(m, w, torch.tensor(x, dtype=torch.float64))[0]
            loss = loss_of(m, w, torch.tensor(x, dtype=torch.float64), torch.tensor(labels), training=False)
        report(m["name"], "predict with the moved statistics", rel_err(read_f32(m, "p.bin"), y.numpy().ravel()), 1e-5)
        report(m["name"], "evaluate's loss with the moved statistics",
               abs(read_f32(m, "e.bin")[0] - loss.item()) / abs(loss.item()), 1e-5)


def group_regularizers():
    """kernel_regularizer / bias_regularizer (L1, L2, L1L2, the l1/l2/l1_l2 shortcuts, Keras 3's class
    names and TF.js'): their penalties in the loss of compute_gradients and evaluate, and in the
    gradients; a frozen layer's regularizer adds nothing (Keras 3 counts trainable weights only).
    Weights set to exactly 0 check |w|'s gradient there (0, as TensorFlow's)."""
    reg = lambda cls, **cfg: {"class_name": cls, "config": cfg}
    zeros_at = lambda shape, rng: np.where(rng.uniform(0, 1, shape) < 0.3, 0.0,
                                           rng.uniform(-0.6, 0.6, shape))
    models = [
        {"name": "reg_conv", "input_shape": [6, 7, 2], "loss": SCE, "from_logits": True,
         "init": {"c1/kernel": zeros_at},
         "layers": [
             dict(conv("c1", 3, (3, 3), act="relu"), config=dict(
                 conv("c1", 3, (3, 3), act="relu")["config"], kernel_regularizer=reg("L1", l1=0.05),
                 bias_regularizer="l2")),
             layer("Flatten", "f"),
             dict(dense("d1", 5, act="tanh"), config=dict(
                 dense("d1", 5, act="tanh")["config"], kernel_regularizer=reg("L1L2", l1=0.01, l2=0.03))),
             dict(dense("d2", 4), config=dict(dense("d2", 4)["config"], kernel_regularizer="l1_l2",
                                             bias_regularizer=reg("L2")))]},
        {"name": "reg_frozen", "input_shape": [5], "loss": "mean_squared_error",
         "layers": [
             dict(dense("a", 4, trainable=False), config=dict(
                 dense("a", 4, trainable=False)["config"], kernel_regularizer=reg("L2", l2=0.5))),
             dict(dense("b", 3), config=dict(dense("b", 3)["config"], kernel_regularizer=reg("L2", l2=0.1),
                                            bias_regularizer=reg("L1", l1=0.2)))]},
    ]
    check_grads(models, fd=("reg_conv",))
    rng = np.random.default_rng(12)
    for m in models:
        x, labels = make_data(m, rng, batch=4)
        harness(m, "input", "x.bin", "labels", "y.bin", "eval", "e.bin")
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in m["weights"].items()}
        with torch.no_grad():
            loss = loss_of(m, w, torch.tensor(x, dtype=torch.float64), torch.tensor(labels), training=False)
            penalty = penalties(m, w)
        report(m["name"], f"evaluate's loss (penalties {float(penalty):.4f} included)",
               abs(read_f32(m, "e.bin")[0] - loss.item()) / abs(loss.item()), 1e-5)


def group_grad_structural():
    """Padding and cropping, global and channel pooling, merges and Concatenate (Functional models)."""
    def node(spec, *inbound):  # a Functional model's layer and the layers it reads
        return dict(spec, inbound=list(inbound))

    def ones(shape, rng):  # integer sums of integer inputs: exact ties
        return np.ones(shape)

    def ints(shape, rng):
        return rng.integers(0, 3, shape)

    def tied_sums(shape, rng):  # x0 + x1 = 2 + bump: many cells share the extreme sum, from different x
        x0 = rng.integers(0, 3, shape[:-1])
        bump = rng.choice([-1, 0, 1], size=shape[:-1], p=[0.2, 0.6, 0.2])
        return np.stack([x0, 2 - x0 + bump], -1)

    def sequential(name, body, shape=(6, 7, 2), **extra):
        m = {"name": name, "input_shape": list(shape), "loss": SCE, "from_logits": True,
             "layers": body + [dense("d", 3)]}
        m.update(extra)
        return m

    def tanh_conv(name, filters=4, kernel=(3, 3)):
        return conv(name, filters, kernel, act="tanh")

    def positive_conv(name, filters=4):  # positive outputs for the l2 and lp windows
        return conv(name, filters, (3, 3), padding="same", act="sigmoid")

    def global_pool(cls, name, keepdims=False, **cfg):
        return layer(cls, name, keepdims=keepdims, data_format="channels_last", **cfg)

    def channel_pool(name, kind, size, strides, **cfg):
        return layer("ChannelPooling2D", name, kind=kind, pool_size=size, strides=strides, **cfg)

    flat = layer("Flatten", "f")
    ties = {"input_fn": ints, "init": {"c0/kernel": ones}}
    global_ties = dict(ties, input_fn=tied_sums)
    padding = [
        sequential("pad_crop", [tanh_conv("c0", 3), layer("ZeroPadding2D", "pad", padding=[[1, 2], [0, 3]]),
                                tanh_conv("c1", 4, (2, 2)), layer("Cropping2D", "crop", cropping=[[0, 1], [2, 1]]),
                                conv("c2", 2, (2, 2)), flat]),
    ]
    globals_ = [
        sequential("global_max", [tanh_conv("c0"), global_pool("GlobalMaxPooling2D", "g")]),
        sequential("global_max_keepdims", [tanh_conv("c0"), global_pool("GlobalMaxPooling2D", "g", True),
                                           tanh_conv("c1", 3, (1, 1)), flat]),
        sequential("global_avg", [tanh_conv("c0"), global_pool("GlobalAveragePooling2D", "g")]),
        sequential("global_avg_keepdims", [tanh_conv("c0"), global_pool("GlobalAveragePooling2D", "g", True),
                                           flat]),
        sequential("global_min_keepdims", [positive_conv("c0"), global_pool("GlobalMinPooling2D", "g", True),
                                           flat]),
        sequential("global_l2", [positive_conv("c0"), global_pool("GlobalL2Pooling2D", "g")]),
        sequential("global_lp_keepdims", [positive_conv("c0"),
                                          global_pool("GlobalLPPooling2D", "g", True, p=3.0), flat]),
        # Integer data through a ones kernel: many cells of a map hold its maximum (minimum), from
        # different inputs, and the gradient splits evenly among them (the first alone would differ).
        sequential("global_max_ties", [conv("c0", 2, (1, 1), bias=False),
                                       global_pool("GlobalMaxPooling2D", "g")], **global_ties),
        sequential("global_min_ties", [conv("c0", 2, (1, 1), bias=False),
                                       global_pool("GlobalMinPooling2D", "g", True), flat], **global_ties),
    ]
    channels = [
        sequential("channel_max", [tanh_conv("c0", 7), channel_pool("cp", "max", 3, 2), flat]),
        sequential("channel_min", [tanh_conv("c0", 6), channel_pool("cp", "min", 2, 2), flat]),
        sequential("channel_avg", [tanh_conv("c0", 8), channel_pool("cp", "avg", 2, 3), flat]),
        sequential("channel_l2", [positive_conv("c0", 6), channel_pool("cp", "l2", 3, 1), flat]),
        sequential("channel_lp", [positive_conv("c0", 6), channel_pool("cp", "lp", 2, 2, p=2.5), flat]),
        # Four equal channels: every overlapping window's gradient goes to its first channel.
        sequential("channel_max_ties", [conv("c0", 4, (1, 1), bias=False),
                                        channel_pool("cp", "max", 2, 1), flat], **ties),
    ]

    def functional(name, graph, shape=(5, 6, 2), **extra):
        m = {"name": name, "input_shape": list(shape), "loss": SCE, "from_logits": True,
             "graph": graph + [node(layer("Flatten", "f"), graph[-1]["config"]["name"]),
                               node(dense("d", 3), "f")]}
        m.update(extra)
        return m

    merges = [
        functional("merge_arith", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 3), "input"),
            node(layer("Subtract", "s"), "a", "b"),
            node(layer("Multiply", "m"), "a", "b", "s"),
            node(layer("Average", "v"), "m", "a", "b"),
            node(layer("Add", "t"), "v", "a")]),
        functional("merge_extremes", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 3), "input"),
            node(tanh_conv("c", 3), "input"),
            node(layer("Maximum", "max"), "a", "b", "c"), node(layer("Minimum", "min"), "b", "a"),
            node(layer("Concatenate", "cat", axis=-1), "max", "min")]),
        # Two equal branches: maximum's gradient goes all to its first input (a), minimum's to its first (b).
        functional("merge_ties", [
            node(conv("a", 2, (1, 1), bias=False), "input"), node(conv("b", 2, (1, 1), bias=False), "input"),
            node(layer("Maximum", "max"), "a", "b"), node(layer("Minimum", "min"), "b", "a"),
            node(layer("Concatenate", "cat", axis=-1), "max", "min")],
            input_fn=ints, init={"a/kernel": ones, "b/kernel": ones}),
        functional("concat", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 2), "input"),
            node(layer("Concatenate", "cat_c", axis=-1), "a", "b", "a"),          # [3, 4, 8]
            node(tanh_conv("c", 8, (4, 3)), "input"),                             # [2, 4, 8]
            node(layer("Concatenate", "cat_h", axis=1), "cat_c", "c"),            # [5, 4, 8]
            node(layer("Concatenate", "cat_w", axis=2), "cat_h", "cat_h")]),       # [5, 8, 8]
    ]
    check_grads(padding + globals_ + channels + merges, fd=("pad_crop", "merge_arith", "global_max"))


# ----------------------------------------------------------------------------------------------
# Group 2: optimizer steps against Keras 3's update rules in float64.


def keras_update(opt, c, w, g, s, t):
    """One step of Keras 3's optimizer `opt` (config c) on float64 arrays; s holds the slots."""
    lr = c["learning_rate"]
    if opt == "sgd":
        mom = c.get("momentum", 0.0)
        if mom == 0:
            return w - lr * g
        s["m"] = mom * s.get("m", 0.0) - lr * g
        return w + (mom * s["m"] - lr * g if c.get("nesterov") else s["m"])
    if opt == "adam":
        b1, b2, eps = c.get("beta_1", 0.9), c.get("beta_2", 0.999), c.get("epsilon", 1e-7)
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        s["m"] = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - b1)
        s["v"] = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * (1 - b2)
        v = s["v"]
        if c.get("amsgrad"):
            s["vhat"] = np.maximum(s.get("vhat", 0.0), s["v"])
            v = s["vhat"]
        return w - s["m"] * alpha / (np.sqrt(v) + eps)
    if opt == "rmsprop":
        rho, eps, mom = c.get("rho", 0.9), c.get("epsilon", 1e-7), c.get("momentum", 0.0)
        s["v"] = rho * s.get("v", 0.0) + (1 - rho) * g * g
        denominator = s["v"] + eps
        if c.get("centered"):
            s["a"] = rho * s.get("a", 0.0) + (1 - rho) * g
            denominator = s["v"] - s["a"] ** 2 + eps
        increment = lr * g / np.sqrt(denominator)
        if mom > 0:
            s["m"] = mom * s.get("m", 0.0) + increment
            increment = s["m"]
        return w - increment
    if opt == "adagrad":
        eps = c.get("epsilon", 1e-7)
        s["acc"] = s.get("acc", c.get("initial_accumulator_value", 0.1)) + g * g
        return w - lr * g / np.sqrt(s["acc"] + eps)
    raise ValueError(opt)


def reference_training(model, x, labels, opt, c, schedule):
    """Weights (float64) after the steps; schedule: a list of learning rates, one per step."""
    w = {n: v.astype(np.float64) for n, v in model["weights"].items()}
    slots = {n: {} for n in w}
    losses = []
    for t, lr in enumerate(schedule, start=1):
        loss, grads = reference_grads(model, w, x, labels)
        losses.append(loss)
        for n, g in grads.items():
            w[n] = keras_update(opt, dict(c, learning_rate=lr), w[n], g, slots[n], t)
    return w, losses


def opt_model(name, **extra):
    m = {"name": name, "input_shape": [5, 6, 2], "loss": SCE, "from_logits": True,
         "layers": [conv("c", 3, (2, 2), act="tanh"), layer("Flatten", "f"), dense("d", 4)]}
    m.update(extra)
    return m


def group_optimizers():
    # (name, optimizer, config for the reference, cnnc flags or None for the file's training config, steps)
    cases = [
        ("sgd", "sgd", {"learning_rate": 0.1}, ["--learning-rate", "0.1"], 1),
        ("sgd_default", "sgd", {"learning_rate": 0.01}, [], 1),
        ("sgd_momentum", "sgd", {"learning_rate": 0.1, "momentum": 0.9},
         ["--learning-rate", "0.1", "--momentum", "0.9"], 3),
        ("sgd_nesterov", "sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
         ["--learning-rate", "0.1", "--momentum", "0.9", "--nesterov"], 3),
        ("adam", "adam", {"learning_rate": 0.01}, ["--learning-rate", "0.01"], 3),
        ("adam_default", "adam", {"learning_rate": 0.001}, [], 3),
        ("adam_amsgrad", "adam", {"learning_rate": 0.01, "amsgrad": True, "beta_1": 0.8, "beta_2": 0.5,
                                  "epsilon": 1e-4}, None, 3),
        ("rmsprop", "rmsprop", {"learning_rate": 0.01}, ["--learning-rate", "0.01"], 3),
        ("rmsprop_momentum", "rmsprop", {"learning_rate": 0.01, "momentum": 0.5},
         ["--learning-rate", "0.01", "--momentum", "0.5"], 3),
        ("rmsprop_centered", "rmsprop", {"learning_rate": 0.01, "centered": True, "rho": 0.8}, None, 3),
        ("rmsprop_centered_momentum", "rmsprop", {"learning_rate": 0.01, "centered": True,
                                                  "momentum": 0.3, "epsilon": 1e-5}, None, 3),
        ("adagrad", "adagrad", {"learning_rate": 0.1}, ["--learning-rate", "0.1"], 3),
        ("adagrad_config", "adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.2,
                                       "epsilon": 1e-3}, None, 3),
        # The same hyperparameters as flags.
        ("adam_amsgrad_flags", "adam", {"learning_rate": 0.01, "amsgrad": True, "beta_1": 0.8,
                                        "beta_2": 0.5, "epsilon": 1e-4},
         ["--learning-rate", "0.01", "--amsgrad", "--beta-1", "0.8", "--beta-2", "0.5",
          "--epsilon", "1e-4"], 3),
        ("rmsprop_centered_flags", "rmsprop", {"learning_rate": 0.01, "centered": True, "rho": 0.8,
                                               "momentum": 0.3},
         ["--learning-rate", "0.01", "--centered", "--rho", "0.8", "--momentum", "0.3"], 3),
        ("adagrad_flags", "adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.2,
                                      "epsilon": 1e-3},
         ["--learning-rate", "0.1", "--initial-accumulator-value", "0.2", "--epsilon", "1e-3"], 3),
    ]
    rng = np.random.default_rng(11)
    base = opt_model("opt_base")
    build(base, rng)
    models = []
    for name, opt, c, flags, steps in cases:
        m = opt_model(name, weights=base["weights"], optimizer=opt, flags=flags or [], steps=steps,
                      opt=(opt, c), schedule=[c["learning_rate"]] * steps)
        if flags is None:
            m["training_config"] = {"loss": {"class_name": "SparseCategoricalCrossentropy",
                                             "config": {"from_logits": True}},
                                    "optimizer_config": {"class_name": opt.capitalize()
                                                         if opt != "rmsprop" else "RMSprop", "config": c}}
        build(m, rng)
        models.append(m)
    # set_learning_rate between steps.
    lr_case = opt_model("sgd_set_lr", weights=base["weights"], optimizer="sgd", flags=[],
                        opt=("sgd", {"learning_rate": 0.01}), schedule=[0.01, 0.2, 0.2])
    build(lr_case, rng)
    models.append(lr_case)
    compile_all(models)
    x, labels = make_data(base, rng)
    for m in models:
        d = os.path.join(ARGS.work, m["name"])
        x.tofile(os.path.join(d, "x.bin"))
        labels.tofile(os.path.join(d, "y.bin"))
        if m["name"] == "sgd_set_lr":
            harness(m, "input", "x.bin", "labels", "y.bin", "train", 1, "l0.bin", "lr", 0.2,
                    "train", 2, "l1.bin", "save", "after.bin")
            got_losses = np.concatenate([read_f32(m, "l0.bin"), read_f32(m, "l1.bin")])
        else:
            harness(m, "input", "x.bin", "labels", "y.bin", "train", len(m["schedule"]), "l.bin",
                    "save", "after.bin")
            got_losses = read_f32(m, "l.bin")
        opt, c = m["opt"]
        ref, ref_losses = reference_training(m, x, labels, opt, c, m["schedule"])
        got = split(m, read_f32(m, "after.bin"), False)
        tol = 1e-5 if opt == "sgd" else 1e-4
        steps = len(m["schedule"])
        report(m["name"], f"losses before each of {steps} steps", rel_err(got_losses, ref_losses), tol)
        for n in ref:
            report(m["name"], f"{n} after {steps} steps", rel_err(got[n], ref[n]), tol)
            # The update itself, more strictly than the weights it is added to.
            report(m["name"], f"{n} update (w_after - w_before)",
                   rel_err(got[n] - m["weights"][n], ref[n] - m["weights"][n]), 1e-3)


# ----------------------------------------------------------------------------------------------
# Groups 3 and 4: weight files, TF.js, frozen layers.


def io_model(name, **extra):
    m = {"name": name, "input_shape": [7, 9, 2], "loss": SCE, "optimizer": "sgd",
         "flags": ["--learning-rate", "0.1"],
         "layers": [conv("c1", 3, (3, 2), act="relu"), conv("c2", 4, (2, 2), trainable=False),
                    pool("MaxPooling2D", "p", (2, 2)), layer("Flatten", "f"),
                    dense("d1", 5, trainable=False, act="tanh"), dense("d2", 3, act="softmax")]}
    m.update(extra)
    return m


def check_same(group, what, a, b):
    ok = a.shape == b.shape and a.tobytes() == b.tobytes()
    print(f"{'ok  ' if ok else 'FAIL'} {group}: {what}: bit-exact" +
          ("" if ok else f" (max diff {np.abs(a - b).max() if a.shape == b.shape else 'shape'})"))
    if not ok:
        FAILURES.append(f"{group}: {what}")


def tfjs_predict(model, d, shard, x):
    """TF.js (test/oracle) loads the model.json with cnnc's saved shard and predicts x."""
    doc = keras_json(model, shard)
    doc["modelTopology"].pop("training_config", None)
    with open(os.path.join(d, "tfjs_model.json"), "w") as f:
        json.dump(doc, f)
    script = f"""
const fs = require('fs');
const tf = require({json.dumps(os.path.join(HERE, '..', 'oracle', 'tf.js'))});
(async () => {{
  await tf.setBackend('cpu');
  const doc = JSON.parse(fs.readFileSync('tfjs_model.json'));
  const data = fs.readFileSync({json.dumps(shard)});
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
  const model = await tf.models.loadLayersModel(tf.io.fromMemory(
      {{modelTopology: doc.modelTopology, weightSpecs: doc.weightsManifest[0].weights, weightData}}));
  const x = fs.readFileSync('x.bin');
  const input = new Float32Array(x.buffer, x.byteOffset, x.length / 4);
  const shape = [input.length / {int(np.prod(model["input_shape"]))}].concat({json.dumps(model["input_shape"])});
  const y = model.predict(tf.tensor(input, shape)).dataSync();
  fs.writeFileSync('tfjs_out.bin', Buffer.from(y.buffer));
}})().catch((e) => {{ console.error(e); process.exit(1); }});
"""
    with open(os.path.join(d, "tfjs_predict.js"), "w") as f:
        f.write(script)
    run(["node", "tfjs_predict.js"], cwd=d)
    return np.fromfile(os.path.join(d, "tfjs_out.bin"), dtype="<f4")


def group_save_load():
    rng = np.random.default_rng(5)
    m = io_model("save_load")
    d = build(m, rng)
    compile_all([m])
    x, labels = make_data(m, rng)
    harness(m, "input", "x.bin", "labels", "y.bin", "save", "s0.bin", "train", 2, "l.bin",
            "predict", "p1.bin", "save", "s.bin", "train", 1, "l2.bin", "predict", "p_moved.bin",
            "load", "s.bin", "predict", "p_reloaded.bin")
    p1 = read_f32(m, "p1.bin")
    check_same("save_load", "predict after save, train, load == predict before", read_f32(m, "p_reloaded.bin"), p1)
    moved = np.abs(read_f32(m, "p_moved.bin") - p1).max()
    print(f"{'ok  ' if moved > 0 else 'FAIL'} save_load: the extra train step changed the prediction by {moved:.2e}")
    if moved == 0:
        FAILURES.append("save_load: the train step after save did not move the weights")
    # The saved file is the concatenation of all weights in the model file's order.
    s0 = np.fromfile(os.path.join(d, "s0.bin"), dtype="<f4")
    initial = np.concatenate([m["weights"][n].reshape(-1) for n, _, _ in m["shapes"]])
    check_same("save_load", "file saved before training == the model file's weights in file order", s0, initial)
    ref, _ = reference_training(m, x, labels, "sgd", {}, [0.1, 0.1])
    saved = split(m, np.fromfile(os.path.join(d, "s.bin"), dtype="<f4"), False)
    for n in ref:
        report("save_load", f"saved {n} after 2 SGD steps vs reference", rel_err(saved[n], ref[n]), 1e-5)
    # A fresh instance: load, predict; refused files leave the weights alone.
    raw = open(os.path.join(d, "s.bin"), "rb").read()
    open(os.path.join(d, "trunc.bin"), "wb").write(raw[:-4])
    open(os.path.join(d, "long.bin"), "wb").write(raw + raw[:4])
    open(os.path.join(d, "empty.bin"), "wb").write(b"")
    out = harness(m, "input", "x.bin", "load", "s.bin", "predict", "p2.bin", "!load", "trunc.bin",
                  "predict", "p3.bin", "!load", "long.bin", "predict", "p4.bin", "!load", "empty.bin",
                  "!load", "missing.bin", "predict", "p5.bin").stdout
    check_same("save_load", "fresh instance: load then predict", read_f32(m, "p2.bin"), p1)
    lines = [l for l in out.splitlines() if l.startswith("!load:")]
    for f, line in zip(("trunc.bin", "long.bin", "empty.bin", "missing.bin"), lines):
        ok = "rc=0" not in line and len(line.split(" ", 2)[-1]) > 5
        print(f"{'ok  ' if ok else 'FAIL'} save_load: load {f} refused: {line!r}")
        if not ok:
            FAILURES.append(f"save_load: load {f}: {line!r}")
    if len(lines) != 4:
        FAILURES.append(f"save_load: expected 4 refused loads, got {lines}")
    for p in ("p3.bin", "p4.bin", "p5.bin"):
        check_same("save_load", f"predict after refused loads ({p})", read_f32(m, p), p1)
    # TF.js loads the model file with cnnc's saved shard and predicts the same.
    y = tfjs_predict(m, d, "s.bin", x)
    report("save_load", "TF.js prediction from the saved shard vs cnnc", rel_err(p1, y), 1e-5)


def group_frozen():
    rng = np.random.default_rng(6)
    m = io_model("frozen")
    d = build(m, rng)
    compile_all([m])
    x, labels = make_data(m, rng)
    trainable = sum(int(np.prod(s)) for _, s, t in m["shapes"] if t)
    frozen = sum(int(np.prod(s)) for _, s, t in m["shapes"] if not t)
    header = open(os.path.join(d, "t_frozen.h")).read()
    for macro, want in (("T_FROZEN_TRAINABLE_COUNT", trainable), ("T_FROZEN_PARAM_COUNT", trainable + frozen)):
        ok = f"#define {macro} {want}\n" in header
        print(f"{'ok  ' if ok else 'FAIL'} frozen: header defines {macro} {want}")
        if not ok:
            FAILURES.append(f"frozen: {macro} != {want}")
    summary = run([ARGS.cnnc, os.path.join(d, "model.json"), "--summary"]).stdout
    for line in (f"Trainable params: {trainable:,}", f"Non-trainable params: {frozen:,}"):
        ok = line in summary or line.replace(",", "") in summary
        print(f"{'ok  ' if ok else 'FAIL'} frozen: summary says '{line}'")
        if not ok:
            FAILURES.append(f"frozen: summary lacks '{line}':\n{summary}")
    harness(m, "input", "x.bin", "labels", "y.bin", "grads", "g.bin", "train", 1, "l.bin", "save", "after.bin")
    loss, ref = reference_grads(m, m["weights"], x, labels)
    got = split(m, read_f32(m, "g.bin")[1:], True)
    for n in ref:
        report("frozen", f"gradient layout: d/d {n}", rel_err(got[n], ref[n]), 1e-4)
    after = split(m, read_f32(m, "after.bin"), False)
    for n, _, t in m["shapes"]:
        if t:
            report("frozen", f"trainable {n} after a step", rel_err(after[n], m["weights"][n] - 0.1 * ref[n]), 1e-5)
        else:
            check_same("frozen", f"non-trainable {n} unchanged after a step", after[n], m["weights"][n])


# ----------------------------------------------------------------------------------------------
# Group 5: the C API's error paths.


def group_c_api_errors():
    rng = np.random.default_rng(9)
    sparse = {"name": "err_sparse", "input_shape": [4], "loss": SCE, "layers": [dense("d", 3, act="softmax")]}
    floats = {"name": "err_float", "input_shape": [4], "loss": "mean_squared_error", "layers": [dense("d", 3)]}
    none = {"name": "err_none", "input_shape": [4], "no_training": True, "layers": [dense("d", 3)]}
    for m in (sparse, floats, none):
        build(m, rng)
    compile_all([sparse, floats, none])
    d = os.path.join(ARGS.work, "err_sparse")
    x = rng.uniform(-1, 1, (4, 4)).astype(np.float32)
    for m in (sparse, floats, none):
        x.tofile(os.path.join(ARGS.work, m["name"], "x.bin"))
    np.array([0, 2, -1, 1], np.int32).tofile(os.path.join(d, "neg.bin"))
    np.array([0, 3, 1, 1], np.int32).tofile(os.path.join(d, "big.bin"))
    np.array([0, 2, 1, 1], np.int32).tofile(os.path.join(d, "good.bin"))
    rng.uniform(0, 1, (4, 3)).astype(np.float32).tofile(os.path.join(d, "float.bin"))
    out = harness(sparse, "input", "x.bin", "predict", "p0.bin",
                  "labels", "neg.bin", "!grads", "g.bin", "!eval", "e.bin",
                  "labels", "big.bin", "!train", 1, "l.bin",
                  "nolabels", "!grads", "g.bin",
                  "labels", "float.bin", "!xtrain", "l.bin",
                  "predict", "p1.bin", "labels", "good.bin", "grads", "g.bin").stdout
    print(out, end="")
    lines = out.splitlines()

    def expect(index, *needles):
        line = lines[index]
        ok = "rc=0" not in line and all(n in line for n in needles)
        print(f"{'ok  ' if ok else 'FAIL'} errors: {line!r} names {needles}")
        if not ok:
            FAILURES.append(f"errors: {line!r} lacks {needles}")
    expect(1, "label", "-1")
    expect(2, "label", "-1")
    expect(3, "label", "3")
    expect(4, "NULL")
    expect(5, "int32")
    check_same("errors", "predict after the refused calls", read_f32(sparse, "p1.bin"), read_f32(sparse, "p0.bin"))
    d = os.path.join(ARGS.work, "err_float")
    np.array([0, 2, 1, 1], np.int32).tofile(os.path.join(d, "int.bin"))
    lines = harness(floats, "input", "x.bin", "labels", "int.bin", "!xgrads", "g.bin").stdout.splitlines()
    print("\n".join(lines))
    expect(0, "float labels")
    d = os.path.join(ARGS.work, "err_none")
    np.array([0, 2, 1, 1], np.int32).tofile(os.path.join(d, "y.bin"))
    np.zeros(15, np.float32).tofile(os.path.join(d, "zeros.bin"))
    lines = harness(none, "input", "x.bin", "labels", "y.bin", "!train", 1, "l.bin", "!grads", "g.bin",
                    "!apply", "zeros.bin").stdout.splitlines()
    print("\n".join(lines))
    expect(0, "without a loss")
    expect(1, "without a loss")
    expect(2, "without")


# ----------------------------------------------------------------------------------------------

GROUPS = {name[len("group_"):].replace("_", "-"): fn for name, fn in globals().items()
          if name.startswith("group_")}


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("group", choices=sorted(GROUPS))
    parser.add_argument("--work", required=True)
    parser.add_argument("--cnnc", required=True)
    parser.add_argument("--cnnrt-include", required=True)
    ARGS = parser.parse_args()
    os.makedirs(ARGS.work, exist_ok=True)
    torch.set_num_threads(1)
    GROUPS[ARGS.group]()
    if FAILURES:
        print(f"{len(FAILURES)} FAILURES:\n  " + "\n  ".join(FAILURES))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
