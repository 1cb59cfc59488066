"""Building, compiling and running one case of train_oracle.py, and comparing its results."""
import argparse
import concurrent.futures
import json
import math
import os
import subprocess

import numpy as np
import torch

from reference import finite_difference, forward, graph_of, reference_grads, weight_shapes

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = argparse.Namespace()  # filled by train_oracle.main
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
    link.insert(link.index("-lcnnrt"), "-lcnnrt_train")  # cnnrt_fit, for the harness' fit
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
