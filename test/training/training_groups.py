"""The training groups of train_oracle.py: optimizer steps against Keras 3's rules, weight files
(save, load, TF.js), frozen layers, the C API's errors, and cnnrt_fit's whole run."""
import json
import math
import os

import numpy as np
import torch

from oracle_cases import (ARGS, FAILURES, HERE, build, compile_all, harness, keras_json, make_data,
                          read_f32, rel_err, report, run, split)
from reference import conv, dense, forward, layer, loss_of, pool, reference_grads

SCE = "sparse_categorical_crossentropy"


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
# Group 6: cnnrt_fit's whole run against Keras' fit written out in float64: the shuffle as fit.h
# documents it, batches with a last partial one, the optimizer's step count running on across epochs,
# the epoch's loss (the batches' means weighted by their sizes), and the metrics after each epoch.

MASK64 = (1 << 64) - 1


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def fit_order(count, seed, epoch):
    """fit.h: Fisher-Yates from the identity, j = r mod (i + 1) for i = count-1 .. 1, r from Vigna's
    xorshift64* seeded with splitmix64(seed + epoch)."""
    order = list(range(count))
    state = splitmix64((seed + epoch) & MASK64) or 0x9E3779B97F4A7C15
    for i in range(count - 1, 0, -1):
        state ^= state >> 12
        state ^= (state << 25) & MASK64
        state ^= state >> 27
        j = ((state * 0x2545F4914F6CDD1D) & MASK64) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def reference_fit(model, x, labels, opt, c, epochs, batch, seed):
    """Weights and per-epoch (loss, accuracy, val_loss, val_accuracy) of Keras' fit with shuffle,
    the validation set being the training set."""
    w = {n: v.astype(np.float64) for n, v in model["weights"].items()}
    slots = {n: {} for n in w}
    t, history = 0, []
    for epoch in range(1, epochs + 1):
        order = fit_order(len(x), seed, epoch)
        loss_sum = 0.0
        for start in range(0, len(x), batch):
            picked = order[start:start + batch]
            loss, grads = reference_grads(model, w, x[picked], labels[picked])
            t += 1
            loss_sum += loss * len(picked)
            for n, g in grads.items():
                w[n] = keras_update(opt, c, w[n], g, slots[n], t)
        with torch.no_grad():
            wt = {n: torch.tensor(v) for n, v in w.items()}
            val_loss = loss_of(model, wt, torch.tensor(x, dtype=torch.float64), torch.tensor(labels),
                               training=False).item()
            y = forward(model, wt, torch.tensor(x, dtype=torch.float64))[0].numpy()
        truth = labels if labels.ndim == 1 else labels.argmax(-1)
        accuracy = float((y.argmax(-1) == truth).mean())
        history.append((loss_sum / len(x), accuracy, val_loss, accuracy))
    return w, history


def group_fit():
    rng = np.random.default_rng(12)
    net = [conv("c", 4, (3, 3), act="relu"), pool("MaxPooling2D", "p", (2, 2)), layer("Flatten", "f"),
           dense("d", 10, act="softmax")]
    # (name, loss, optimizer, its config, cnnc flags, epochs, batch, seed); 100 samples: 3 full batches
    # of 32 and one of 4 per epoch.
    cases = [
        ("fit_adam", SCE, "adam", {"learning_rate": 0.01}, ["--learning-rate", "0.01"], 3, 32, 5),
        ("fit_nesterov_onehot", "categorical_crossentropy", "sgd",
         {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
         ["--learning-rate", "0.1", "--momentum", "0.9", "--nesterov"], 2, 32, 6),
    ]
    models = []
    for name, loss, opt, c, flags, epochs, batch, seed in cases:
        m = {"name": name, "input_shape": [8, 8, 1], "loss": loss, "optimizer": opt, "flags": flags,
             "layers": net, "fit": (c, epochs, batch, seed)}
        build(m, rng)
        models.append(m)
    compile_all(models)
    teacher = rng.normal(0, 1, (64, 10))
    for m in models:
        c, epochs, batch, seed = m["fit"]
        x, _ = make_data(m, rng, batch=100)
        # Labels the net can learn: the argmax of a fixed linear map of the pixels.
        classes = (x.reshape(len(x), -1) @ teacher).argmax(-1)
        labels = classes.astype(np.int32) if m["loss"] == SCE else np.eye(10, dtype=np.float32)[classes]
        labels.tofile(os.path.join(ARGS.work, m["name"], "y.bin"))
        harness(m, "input", "x.bin", "labels", "y.bin", "fit", epochs, batch, seed, "history.csv",
                "save", "after.bin")
        ref, ref_history = reference_fit(m, x, labels, m["optimizer"], c, epochs, batch, seed)
        got = split(m, read_f32(m, "after.bin"), False)
        steps = epochs * -(-len(x) // batch)
        for n in ref:
            report(m["name"], f"{n} after {epochs} epochs ({steps} steps)", rel_err(got[n], ref[n]), 1e-4)
        rows = np.loadtxt(os.path.join(ARGS.work, m["name"], "history.csv"), delimiter=",", skiprows=1,
                          ndmin=2)
        if rows.shape[0] != epochs:
            FAILURES.append(f"{m['name']}: {rows.shape[0]} history rows, expected {epochs}")
            continue
        for row, (loss, accuracy, val_loss, val_accuracy) in zip(rows, ref_history):
            epoch = int(row[0])
            report(m["name"], f"epoch {epoch} loss", rel_err(row[1], loss), 1e-4)
            report(m["name"], f"epoch {epoch} val_loss", rel_err(row[3], val_loss), 1e-4)
            # Accuracy: the same argmax decisions (a float32 near-tie could flip one of the 100 samples).
            for what, value, want in (("accuracy", row[2], accuracy), ("val_accuracy", row[4], val_accuracy)):
                report(m["name"], f"epoch {epoch} {what} {value:.2f} vs {want:.2f}", abs(value - want), 0.0101)
