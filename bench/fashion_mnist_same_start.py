"""The main job's training, by cnnc and by an independent PyTorch run of Keras' fit (float32, and float64 as
the control), from the same initial weights and in the same batch order: how far apart faithful
implementations drift over whole epochs of Fashion-MNIST, where rounding is the only difference left.
Adam amplifies rounding (a weight whose gradient is noise still moves by about lr per step), so the
float32-vs-float64 drift of PyTorch itself is the yardstick for cnnc's drift from PyTorch.

The initial weights are Glorot-uniform from torch.manual_seed(SEED), written as a TF.js model.json with a
weight shard that cnnc compiles; the batches follow cnnrt_fit's documented shuffle (fit.h) from SEED; the
PyTorch side applies Keras 3's Adam (lr 1e-3, epsilon 1e-7 outside the square root) by hand.
Usage: fashion_mnist_same_start.py OUT_DIR [EPOCHS=2] [SEED=1] [LIMIT=60000 training images]
(from the source tree, after a build). With LIMIT=3200 and EPOCHS=1 (100 steps) the drift is still small.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
import torch
from torch import nn

from fashion_mnist_torch import DATA, idx  # the IDX reader of the PyTorch main job beside this file

MASK64 = (1 << 64) - 1
# The notes' net in Keras' order of weights: (name, Keras shape).
WEIGHTS = [("conv2d/kernel", [3, 3, 1, 32]), ("conv2d/bias", [32]),
           ("conv2d_1/kernel", [3, 3, 32, 32]), ("conv2d_1/bias", [32]),
           ("dense/kernel", [800, 128]), ("dense/bias", [128]),
           ("dense_1/kernel", [128, 10]), ("dense_1/bias", [10])]


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def fit_order(count, seed, epoch):
    """cnnrt_fit's shuffle as fit.h documents it."""
    order = list(range(count))
    state = splitmix64((seed + epoch) & MASK64) or 0x9E3779B97F4A7C15
    for i in range(count - 1, 0, -1):
        state ^= state >> 12
        state ^= (state << 25) & MASK64
        state ^= state >> 27
        j = ((state * 0x2545F4914F6CDD1D) & MASK64) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def glorot(shape):
    fan_in = math.prod(shape[:-1]) if len(shape) > 1 else 1
    fan_out = math.prod(shape[:-2]) * shape[-1] if len(shape) > 2 else shape[-1]
    if len(shape) == 1:
        return torch.zeros(shape)
    limit = math.sqrt(6 / (fan_in + fan_out))
    return torch.empty(shape).uniform_(-limit, limit)


def forward(w, x):
    """The net on NHWC input with Keras' weight layouts."""
    x = x.permute(0, 3, 1, 2)
    for layer in ("conv2d", "conv2d_1"):
        x = torch.relu(nn.functional.conv2d(x, w[layer + "/kernel"].permute(3, 2, 0, 1), w[layer + "/bias"]))
        x = nn.functional.max_pool2d(x, 2)
    x = x.permute(0, 2, 3, 1).reshape(len(x), -1)  # Keras flattens NHWC
    x = torch.relu(x @ w["dense/kernel"] + w["dense/bias"])
    return x @ w["dense_1/kernel"] + w["dense_1/bias"]  # logits; the softmax is in the loss


def evaluate(w, x, y):
    with torch.no_grad():
        logits = torch.cat([forward(w, x[i:i + 1000]) for i in range(0, len(x), 1000)])
        return nn.functional.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


def train_torch(w, x, y, xt, yt, epochs, seed, dtype):
    w = {n: v.to(dtype, copy=True).requires_grad_() for n, v in w.items()}
    x, xt = x.to(dtype), xt.to(dtype)
    m = {n: torch.zeros_like(v) for n, v in w.items()}
    v2 = {n: torch.zeros_like(v) for n, v in w.items()}
    t, rows = 0, []
    for epoch in range(1, epochs + 1):
        order = torch.tensor(fit_order(len(x), seed, epoch))
        loss_sum = 0.0
        for start in range(0, len(x), 32):
            batch = order[start:start + 32]
            loss = nn.functional.cross_entropy(forward(w, x[batch]), y[batch])
            grads = torch.autograd.grad(loss, list(w.values()))
            t += 1
            alpha = 1e-3 * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            with torch.no_grad():
                for (n, p), g in zip(w.items(), grads):
                    m[n] += (g - m[n]) * (1 - 0.9)
                    v2[n] += (g * g - v2[n]) * (1 - 0.999)
                    p -= alpha * m[n] / (v2[n].sqrt() + 1e-7)
            loss_sum += loss.item() * len(batch)
        val_loss, val_accuracy = evaluate(w, xt, yt)
        rows.append((epoch, loss_sum / len(x), val_loss, val_accuracy))
        print(f"torch {dtype} epoch {epoch}: loss {rows[-1][1]:.4f} val_loss {val_loss:.4f} "
              f"val_accuracy {100 * val_accuracy:.2f}%", flush=True)
    return {n: p.detach().double() for n, p in w.items()}, rows


def train_cnnc(out, w, epochs, seed, limit):
    doc = {"format": "layers-model", "modelTopology": json.load(open("examples/mnist/model.json")),
           "weightsManifest": [{"paths": ["start.bin"], "weights": [
               {"name": n, "shape": s, "dtype": "float32"} for n, s in WEIGHTS]}]}
    with open(os.path.join(out, "start.json"), "w") as f:
        json.dump(doc, f)
    with open(os.path.join(out, "start.bin"), "wb") as f:
        for n, _ in WEIGHTS:
            f.write(w[n].numpy().astype("<f4").tobytes())
    cnnc = os.path.join(os.environ.get("CNNC_BUILD", "build"), "bin", "cnnc")
    subprocess.run([cnnc, os.path.join(out, "start.json"), "-o", os.path.join(out, "fashion.o"),
                    "--loss", "sparse_categorical_crossentropy", "--optimizer", "adam"], check=True)
    link = subprocess.run([cnnc, "--print-link-flags"], check=True, capture_output=True,
                          text=True).stdout.split()
    link.insert(link.index("-lcnnrt"), "-lcnnrt_train")
    subprocess.run(["cc", "-O2", "-I" + out, "-Iruntime/include", "examples/fashion_mnist/train.c",
                    os.path.join(out, "fashion.o")] + link + ["-o", os.path.join(out, "train")], check=True)
    files = [f"{DATA}/{n}" for n in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    subprocess.run([os.path.join(out, "train")] + files + [out, str(epochs), "32", str(limit), str(seed)],
                   check=True, env=dict(os.environ, PROGRESS="lines"))
    rows = np.loadtxt(os.path.join(out, "history.csv"), delimiter=",", skiprows=1, ndmin=2)
    trained = np.fromfile(os.path.join(out, "weights.bin"), dtype="<f4")
    got, offset = {}, 0
    for n, s in WEIGHTS:
        got[n] = torch.tensor(trained[offset:offset + math.prod(s)].reshape(s)).double()
        offset += math.prod(s)
    return got, [(int(r[0]), r[1], r[3], r[4]) for r in rows]


def main():
    out = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 60000
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(seed)
    torch.set_num_threads(os.cpu_count())
    start = {n: glorot(s) for n, s in WEIGHTS}
    x = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(-1) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    x, y = x[:limit], y[:limit]
    xt = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(-1) / 255
    yt = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    runs = {"cnnc": train_cnnc(out, start, epochs, seed, limit),
            "torch32": train_torch(start, x, y, xt, yt, epochs, seed, torch.float32),
            "torch64": train_torch(start, x, y, xt, yt, epochs, seed, torch.float64)}
    print("\n| epoch | " + " | ".join(f"{r} loss | {r} val_accuracy" for r in runs) + " |")
    print("|---|" + "---|---|" * len(runs))
    for e in range(epochs):
        cells = [f"{rows[e][1]:.4f} | {100 * rows[e][3]:.2f}%" for _, rows in runs.values()]
        print(f"| {e + 1} | " + " | ".join(cells) + " |")
    xt64 = xt.double()
    predicted = {r: torch.cat([forward(w, xt64[i:i + 1000]) for i in range(0, 10000, 1000)]).argmax(1)
                 for r, (w, _) in runs.items()}
    print("\n| pair | test images classified alike | weights: ||a - b|| / ||b||, per tensor (min–max) |")
    print("|---|---|---|")
    for a, b in (("cnnc", "torch32"), ("cnnc", "torch64"), ("torch32", "torch64")):
        alike = 100 * (predicted[a] == predicted[b]).double().mean().item()
        rel = [((runs[a][0][n] - runs[b][0][n]).norm() / runs[b][0][n].norm()).item() for n, _ in WEIGHTS]
        print(f"| {a} vs {b} | {alike:.2f}% | {min(rel):.2e}–{max(rel):.2e} |")


if __name__ == "__main__":
    main()
