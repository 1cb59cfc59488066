"""PyTorch's best CPU inference on the same net and layers as cnnc: channels_last, TorchScript traced, frozen
and torch.jit.optimize_for_inference, with cnnc's weights (checked against cnnc's outputs); at each batch size
and thread count. Then a training step (eager, channels_last, Adam, cross-entropy on the logits) per thread
count. Prints CSV rows like the C programs (timing.h).
Usage: torch_bench.py MODEL WORKDIR BATCHES LAYER_BATCHES THREADS TRAIN_BATCH
  (WORKDIR/<part>/ as keras_model.py split and cnnc_bench wrote them; lists comma-separated;
   TRAIN_BATCH 0 skips training)"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_model  # noqa: E402

CHECK_BATCH = 2  # timing.h's BENCH_CHECK_BATCH


def row(model, part, batch, threads, metric, value):
    print(f"torch,{model},{part},{batch},{threads},{metric},{value}", flush=True)


class KerasFlatten(nn.Module):
    """Keras flattens NHWC as (h, w, c): PyTorch's logical NCHW must be permuted first."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1)


def build(entries, weights, softmax=True):
    """The layers as a torch Sequential with cnnc's weights (Keras order: kernel, bias per layer)."""
    mods, at = [], 0

    def take(n):
        nonlocal at
        at += n
        return torch.from_numpy(weights[at - n:at].copy())

    for e in entries:
        act = e["config"].get("activation", "linear")
        if e["class"] == "Conv2D":
            (kh, kw), (pt, pl, pb, pr) = e["kernel"], e["pads"]
            cin, cout = e["in"][2], e["config"]["filters"]
            if (pt, pl) != (pb, pr):
                mods.append(nn.ZeroPad2d((pl, pr, pt, pb)))
                pt = pl = 0
            conv = nn.Conv2d(cin, cout, (kh, kw), tuple(e["strides"]), (pt, pl))
            conv.weight.data = take(kh * kw * cin * cout).reshape(kh, kw, cin, cout).permute(3, 2, 0, 1)
            conv.bias.data = take(cout)
            mods.append(conv)
        elif e["class"] == "MaxPooling2D":
            mods.append(nn.MaxPool2d(tuple(e["pool"]), tuple(e["strides"])))
        elif e["class"] == "Flatten":
            mods.append(KerasFlatten())
        else:
            n_in, n_out = e["in"][0], e["config"]["units"]
            dense = nn.Linear(n_in, n_out)
            dense.weight.data = take(n_in * n_out).reshape(n_in, n_out).t()
            dense.bias.data = take(n_out)
            mods.append(dense)
        if act == "relu":
            mods.append(nn.ReLU())
        elif act == "softmax" and softmax:
            mods.append(nn.Softmax(dim=1))
    if at != len(weights):
        raise SystemExit(f"torch_bench: the weights hold {len(weights)} floats, the layers {at}")
    net = nn.Sequential(*mods)
    for p in net.parameters():
        p.data = p.data.contiguous()
    return net.to(memory_format=torch.channels_last)


def to_torch(x_nhwc):
    """NHWC data as PyTorch's logical NCHW in channels_last memory (a flat input stays as it is)."""
    t = torch.from_numpy(x_nhwc)
    return t.permute(0, 3, 1, 2).contiguous(memory_format=torch.channels_last) if t.dim() == 4 else t


def from_torch(y):
    return (y.permute(0, 2, 3, 1) if y.dim() == 4 else y).contiguous().numpy()


def budget():
    env = os.environ
    lo = max(1, int(env.get("BENCH_MIN_CALLS", 2)))
    return lo, max(lo, int(env.get("BENCH_MAX_CALLS", 2000))), float(env.get("BENCH_BUDGET_S", 1.0))


def measure(fn):
    """timing.h's bench_run: a warm-up call, then calls until the budget; median, p99, faults per call."""
    fn()
    lo, hi, seconds = budget()
    times, faults, start = [], resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.perf_counter()
    while len(times) < hi and (len(times) < lo or time.perf_counter() - start < seconds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e6)
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / len(times)
    times.sort()
    p99 = times[min(len(times), max(1, -(-99 * len(times) // 100))) - 1]
    return float(np.median(times)), p99, len(times), faults


def load_part(workdir, part):
    d = os.path.join(workdir, part)
    with open(os.path.join(d, "model.json")) as f:
        entries = keras_model.layers(json.load(f))
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    read = lambda name: np.fromfile(os.path.join(d, name), dtype="<f4")  # noqa: E731
    shape_in, shape_out = [CHECK_BATCH] + meta["input"], [CHECK_BATCH] + meta["output"]
    return entries, read("weights.bin"), read("check_in.bin").reshape(shape_in), \
        read("check_out.bin").reshape(shape_out), meta


def frozen(net, example):
    """TorchScript: traced, frozen, optimize_for_inference; with the seconds it took."""
    t0 = time.perf_counter()
    with torch.no_grad():
        script = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(net.eval(), example)))
    return script, time.perf_counter() - t0


def check(model, part, threads, got, want):
    diff = np.abs(got - want)
    ok = bool(np.all(diff <= 1e-4 * (1 + np.abs(want))))
    row(model, part, CHECK_BATCH, threads, "check_max_abs_diff", float(np.max(diff)))
    row(model, part, CHECK_BATCH, threads, "check_ok", int(ok))
    if not ok:
        print(f"torch {model}/{part}: outputs differ from cnnc's by up to {np.max(diff)}", file=sys.stderr)
    return ok


def bench_inference(model, workdir, part, batches, threads):
    entries, weights, x_check, y_check, meta = load_part(workdir, part)
    net = build(entries, weights)
    ok = True
    for t in threads:
        torch.set_num_threads(t)
        script, seconds = frozen(net, to_torch(x_check))
        row(model, part, 0, t, "setup_s", seconds)
        with torch.inference_mode():
            ok &= check(model, part, t, from_torch(script(to_torch(x_check))), y_check)
            for b in batches:
                x = to_torch(np.random.default_rng(b).random([b] + meta["input"], dtype=np.float32))
                median, p99, calls, faults = measure(lambda: script(x))
                for metric, v in (("call_us_median", median), ("call_us_p99", p99), ("calls", calls),
                                  ("faults_per_call", faults)):
                    row(model, part, b, t, metric, v)
    return ok


def bench_training(model, workdir, batch, threads):
    entries, weights, _, _, meta = load_part(workdir, "net")
    rng = np.random.default_rng(7)
    x = to_torch(rng.random([batch] + meta["input"], dtype=np.float32))
    y = torch.arange(batch) % meta["output"][-1]
    for t in threads:
        torch.set_num_threads(t)
        net = build(entries, weights, softmax=False).train()
        optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)

        def step():
            loss = nn.functional.cross_entropy(net(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if not torch.isfinite(loss):
                raise SystemExit("torch_bench: the training loss is not finite")

        median, _, calls, faults = measure(step)
        row(model, "net", batch, t, "train_step_us_median", median)
        row(model, "net", batch, t, "train_calls", calls)
        row(model, "net", batch, t, "train_faults_per_call", faults)


def main():
    if len(sys.argv) != 7:
        raise SystemExit(__doc__)
    model, workdir = sys.argv[1], sys.argv[2]
    ints = lambda s: [int(v) for v in s.split(",") if v]  # noqa: E731
    batches, layer_batches, threads, train_batch = ints(sys.argv[3]), ints(sys.argv[4]), \
        ints(sys.argv[5]), int(sys.argv[6])
    row(model, "-", 0, 0, "version", torch.__version__)
    ok = bench_inference(model, workdir, "net", batches, threads)
    row(model, "net", 0, max(threads), "peak_rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    if train_batch:
        bench_training(model, workdir, train_batch, threads)
    parts = sorted(p for p in os.listdir(workdir) if p != "net" and
                   os.path.exists(os.path.join(workdir, p, "weights.bin")))
    for part in parts:
        ok &= bench_inference(model, workdir, part, layer_batches, threads)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
