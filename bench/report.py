"""The bench's table: reads OUT/results.csv (rows of every program of one run) and the parts' meta.json, prints
markdown with absolute figures and ratios cnnc / peer, writes OUT/results.json, and exits non-zero when a
peer's outputs disagree with cnnc's. Usage: report.py OUT"""
import csv
import json
import os
import subprocess
import sys

# Columns: (impl, threads, label). The whole net runs on 1 and 2 threads (cnnc's model instance splits each
# batch call over its threads; XNNPACK on a pthreadpool), each layer alone on 1 thread (torch on 1 and 2).
CNNC_1T, CNNC_2T = ("cnnc", 1, "cnnc 1t"), ("cnnc", 2, "cnnc 2t")
TORCH_1T, TORCH_2T = ("torch", 1, "torch 1t"), ("torch", 2, "torch 2t")
XNNPACK_1T, XNNPACK_2T = ("xnnpack", 1, "XNNPACK 1t"), ("xnnpack", 2, "XNNPACK 2t")
NET_COLS = [CNNC_1T, TORCH_1T, XNNPACK_1T, CNNC_2T, TORCH_2T, XNNPACK_2T]
NET_RATIOS = [(CNNC_1T, TORCH_1T), (CNNC_1T, XNNPACK_1T), (CNNC_2T, TORCH_2T), (CNNC_2T, XNNPACK_2T)]
LAYER_PEERS = [("onednn", 1, "oneDNN 1t"), XNNPACK_1T, TORCH_1T, TORCH_2T]

# Issue 8's targets on 2 threads: (figure, batch) -> (the ratio's columns, the least it should be).
TARGETS = {("throughput", 256): ((CNNC_2T, CNNC_1T), 1.8), ("training", 128): ((CNNC_2T, TORCH_2T), 5.0)}


def number(text):
    try:
        return float(text)
    except ValueError:
        return text


class Results:
    def __init__(self, out):
        self.out = out
        with open(os.path.join(out, "results.csv")) as f:
            self.rows = [dict(r, value=number(r["value"])) for r in csv.DictReader(f)]
        self.index = {(r["impl"], r["model"], r["part"], int(r["batch"]), int(r["threads"]), r["metric"]):
                      r["value"] for r in self.rows}

    def get(self, impl, model, part, batch, threads, metric):
        return self.index.get((impl, model, part, batch, threads, metric))

    def any_threads(self, impl, model, part, batch, metric):
        """A figure of a process that ran several thread counts (peak RSS)."""
        for (i, m, p, b, _, k), v in self.index.items():
            if (i, m, p, b, k) == (impl, model, part, batch, metric):
                return v
        return None

    def models(self):
        return list(dict.fromkeys(r["model"] for r in self.rows if r["impl"] == "cnnc"))

    def batches(self, model, part):
        return sorted({int(r["batch"]) for r in self.rows if (r["impl"], r["model"], r["part"], r["metric"])
                       == ("cnnc", model, part, "call_us_median")})

    def meta(self, model, part):
        with open(os.path.join(self.out, "work", model, part, "meta.json")) as f:
            return json.load(f)

    def parts(self, model):
        return [p for p in dict.fromkeys(r["part"] for r in self.rows
                                         if r["impl"] == "cnnc" and r["model"] == model) if p != "net"]

    def peak(self, threads):
        """The FMA peak of `threads` threads: the best of the measurements at the start and the end of the run
        (the clock varies with boost and load); more threads than measured get the all-core peak."""
        return max((r["value"] for r in self.rows if (r["impl"], r["metric"]) == ("fma_peak", "gflops") and
                    int(r["threads"]) == threads), default=None) or (self.fma_all_cores() if threads > 1 else None)

    def fma_all_cores(self):
        return max((r["value"] for r in self.rows if (r["impl"], r["metric"]) == ("fma_peak", "gflops")),
                   default=None)


def fmt(v):
    if v is None or isinstance(v, str):
        return "—" if v is None else v
    if abs(v) >= 1000 or float(v).is_integer():
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def ratio(a, b):
    if not isinstance(a, float) or not isinstance(b, float) or b == 0:
        return "—"
    return f"{a / b:.3g}×"


def gflops_cell(g, peak):
    if g is None:
        return "—"
    return f"{fmt(g)} ({100 * g / peak:.1f}%)" if peak else fmt(g)


def rate(r, impl, model, part, batch, threads, metric="call_us_median"):
    us = r.get(impl, model, part, batch, threads, metric)
    return batch * 1e6 / us if us else None


def peak_rss(r, impl, model, threads):
    """The peak RSS of the process that ran the net on `threads` threads, in MiB; torch runs 1 and 2 threads in
    one process: its figure is in the 1-thread column."""
    if impl == "torch":
        kb = r.any_threads(impl, model, "net", 0, "peak_rss_kb") if threads == 1 else None
    else:
        kb = r.get(impl, model, "net", 0, threads, "peak_rss_kb")
    return kb / 1024 if kb else None


def training_batches(r, model):
    return sorted({int(x["batch"]) for x in r.rows if x["metric"] == "train_step_us_median" and
                   x["model"] == model})


def net_figures(r, model):
    """(figure, unit, {column label: value}, show ratios) for the whole net; columns: NET_COLS."""
    flops = r.meta(model, "net")["flops_per_image"]
    batches = r.batches(model, "net")
    figs = []

    def add(label, unit, f, ratios=True):
        figs.append((label, unit, {c: f(i, t) for i, t, c in NET_COLS}, ratios))

    add("batch-1 latency, median", "µs", lambda i, t: r.get(i, model, "net", 1, t, "call_us_median"))
    add("batch-1 latency, p99", "µs", lambda i, t: r.get(i, model, "net", 1, t, "call_us_p99"))
    for b in batches[1:]:
        add(f"throughput, batch {b}", "images/s", lambda i, t, b=b: rate(r, i, model, "net", b, t))
    for b in batches:
        add(f"GFLOP/s (% of FMA peak), batch {b}", "GFLOP/s", lambda i, t, b=b: (
            rate(r, i, model, "net", b, t) or 0) * flops / 1e9 or None)
    for b in training_batches(r, model):
        add(f"training, batch {b}", "images/s",
            lambda i, t, b=b: rate(r, i, model, "net", b, t, "train_step_us_median"))
        add(f"training page faults per step, batch {b}", "",
            lambda i, t, b=b: r.get(i, model, "net", b, t, "train_faults_per_call"))
    for b in batches:
        add(f"page faults per call, batch {b}", "", lambda i, t, b=b: r.get(i, model, "net", b, t,
                                                                          "faults_per_call"))
    add("peak RSS of the inference process", "MiB", lambda i, t: peak_rss(r, i, model, t))
    for b in sorted({batches[0], batches[-1]}):
        add(f"workspace, batch {b}", "KiB", lambda i, t, b=b: None if (
            v := r.get(i, model, "net", b, t, "workspace_bytes")) is None else v / 1024)
        add(f"allocations per call, batch {b}", "", lambda i, t, b=b: r.get(
            i, model, "net", b, t, "allocs_per_call"), ratios=False)
    add("compile (cnnc) / prepare (peers) time", "s", lambda i, t: r.get(i, model, "net", 0, t, (
        "compile_s" if i == "cnnc" else "setup_s")))
    add("compile time with training", "s", lambda i, t: r.get(i, model, "net", 0, t, "train_compile_s"))
    add("max \\|output − cnnc's\\| (batch 2)", "", lambda i, t: None if i == "cnnc" else r.get(
        i, model, "net", 2, t, "check_max_abs_diff"), ratios=False)
    return figs


def print_net_table(r, model, out):
    meta = r.meta(model, "net")
    print(f"\n### {model}: whole net ({meta['flops_per_image'] / 1e6:.2f} MFLOP/image nominal, "
          f"{meta['params']:,} parameters, input {'×'.join(map(str, meta['input']))})\n")
    labels = [c for *_, c in NET_COLS]
    print("| figure | unit | " + " | ".join(labels) + " | " +
          " | ".join(f"{a[2]} / {b[2]}" for a, b in NET_RATIOS) + " |")
    print("|---|---|" + "---:|" * (len(labels) + len(NET_RATIOS)))
    for label, unit, vals, show in net_figures(r, model):
        if all(v is None for v in vals.values()):
            continue
        cells = [gflops_cell(vals[c], r.peak(t)) if unit == "GFLOP/s" else fmt(vals[c]) for _, t, c in NET_COLS]
        ratios = [ratio(vals[a[2]], vals[b[2]]) if show else "—" for a, b in NET_RATIOS]
        print(f"| {label} | {unit} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        out[label] = {"unit": unit, **vals}


def print_threads_table(r, out):
    """cnnc on 2 threads: its throughput and training images/s against its own on 1 thread and the peers' on 2,
    with issue 8's targets."""
    print("\n### 2 threads: cnnc's scaling and the peers on as many threads (issue 8's targets)\n")
    cols = [CNNC_1T, CNNC_2T, TORCH_2T, XNNPACK_2T]
    ratios = [(CNNC_2T, CNNC_1T), (CNNC_2T, TORCH_2T), (CNNC_2T, XNNPACK_2T)]
    print("| model | figure | " + " | ".join(c for *_, c in cols) + " | cnnc 2t GFLOP/s (% of all-core peak) | " +
          " | ".join(f"{a[2]} / {b[2]}" for a, b in ratios) + " | target |")
    print("|---|---|" + "---:|" * (len(cols) + 1 + len(ratios)) + "---|")
    for model in r.models():
        flops = r.meta(model, "net")["flops_per_image"]
        figures = [("throughput", batch, "call_us_median") for batch in r.batches(model, "net")
                   if r.get("cnnc", model, "net", batch, 2, "call_us_median")]
        figures += [("training", batch, "train_step_us_median") for batch in training_batches(r, model)]
        for kind, batch, metric in figures:
            vals = {c: rate(r, i, model, "net", batch, t, metric) for i, t, c in cols}
            cnnc_2t = vals[CNNC_2T[2]]
            gflops = cnnc_2t * flops / 1e9 if kind == "throughput" and cnnc_2t else None
            cells = [fmt(vals[c]) for *_, c in cols] + [gflops_cell(gflops, r.peak(2))]
            cells += [ratio(vals[a[2]], vals[b[2]]) for a, b in ratios]
            target, met = "—", None
            if (kind, batch) in TARGETS:
                (a, b), least = TARGETS[(kind, batch)]
                met = bool(vals[a[2]] and vals[b[2]] and vals[a[2]] / vals[b[2]] >= least)
                target = f"{a[2]} / {b[2]} ≥ {least:g}×: " + ("met" if met else "**not met**")
            label = f"{kind}, batch {batch} (images/s)"
            print(f"| {model} | {label} | " + " | ".join(cells) + f" | {target} |")
            out.setdefault(model, {})[label] = {**vals, "cnnc 2t GFLOP/s": gflops, "target": target,
                                                "target met": met}


def print_layer_table(r, model, out):
    print(f"\n### {model}: each Conv2D and Dense layer alone (with its activation), GFLOP/s (% of FMA peak)\n")
    cols = [CNNC_1T] + LAYER_PEERS
    print("| layer | shape | MFLOP/image | batch | cnnc compile s | " + " | ".join(c for *_, c in cols) +
          " | " + " | ".join(f"{CNNC_1T[2]} / {c}" for *_, c in LAYER_PEERS) + " |")
    print("|---|---|---:|---:|---:|" + "---:|" * (len(cols) + len(LAYER_PEERS)))
    for part in r.parts(model):
        meta = r.meta(model, part)
        for b in r.batches(model, part):
            g = {c: (lambda v: v * meta["flops_per_image"] / 1e9 if v else None)(rate(r, i, model, part, b, t))
                 for i, t, c in cols}
            cells = [gflops_cell(g[c], r.peak(t)) for _, t, c in cols]
            ratios = [ratio(g[CNNC_1T[2]], g[c]) for *_, c in LAYER_PEERS]
            compile_s = fmt(r.get("cnnc", model, part, 0, 1, "compile_s"))
            print(f"| {part} | {meta['label']} | {meta['flops_per_image'] / 1e6:.3g} | {b} | {compile_s} | " +
                  " | ".join(cells) + " | " + " | ".join(ratios) + " |")
            out[f"{part} batch {b}"] = {"gflops": g, "flops_per_image": meta["flops_per_image"]}


def checks(r):
    """Lines about the outputs' agreement; and whether all agree."""
    lines, ok = [], True
    for row in r.rows:
        if row["metric"] == "check_ok" and row["value"] != 1:
            ok = False
            diff = r.get(row["impl"], row["model"], row["part"], int(row["batch"]), int(row["threads"]),
                         "check_max_abs_diff")
            lines.append(f"- **FAIL** {row['impl']} {row['model']}/{row['part']} ({row['threads']} threads): "
                         f"outputs differ from cnnc's by up to {fmt(diff)}")
    for impl in ("xnnpack", "onednn", "torch"):
        diffs = [x["value"] for x in r.rows if x["impl"] == impl and x["metric"] == "check_max_abs_diff"]
        if diffs:
            lines.append(f"- {impl}: {len(diffs)} checks of nets and layers, largest |difference| {max(diffs):.2g}")
    for model in r.models():
        meta = r.meta(model, "net")
        path = os.path.join(r.out, "work", model, "net", "check_out.bin")
        if meta["softmax"] and os.path.exists(path):
            import array
            out = array.array("f")
            with open(path, "rb") as f:
                out.frombytes(f.read())
            n = meta["output"][-1]
            sums = [sum(out[i:i + n]) for i in range(0, len(out), n)]
            good = all(abs(s - 1) < 1e-5 for s in sums)
            ok &= good
            lines.append(f"- cnnc {model}: softmax rows sum to {', '.join(f'{s:.6f}' for s in sums)}" +
                         ("" if good else " **FAIL**"))
    return lines, ok


def machine(r):
    def sh(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               "?")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    load = {k: open(os.path.join(r.out, f"loadavg_{k}")).read().split()[:3]
            for k in ("start", "end") if os.path.exists(os.path.join(r.out, f"loadavg_{k}"))}
    return {
        "cpu": cpu, "cores": os.cpu_count(),
        "fma_isa": r.get("fma_peak", "machine", "-", 0, 0, "isa"),
        "fma_peak_gflops_1_core": r.peak(1), "fma_peak_gflops_all_cores": r.fma_all_cores(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "libblas.so.3": sh("dpkg", "-S", os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")),
        "CNNC_FLAGS": os.environ.get("CNNC_FLAGS", ""),
        "cnnc_commit": sh("git", "-C", root, "describe", "--always", "--dirty"),
        "python3-torch": sh("dpkg-query", "-W", "-f=${Version}", "python3-torch"),
        "libxnnpack-dev": sh("dpkg-query", "-W", "-f=${Version}", "libxnnpack-dev"),
        "libdnnl-dev": sh("dpkg-query", "-W", "-f=${Version}", "libdnnl-dev"),
        "loadavg": load,
        "budget": {k: os.environ.get(k) for k in ("BENCH_MIN_CALLS", "BENCH_MAX_CALLS", "BENCH_BUDGET_S")},
    }


def main():
    r = Results(sys.argv[1])
    m = machine(r)
    print("## cnnc against its peers (bench/run.sh)\n")
    print(f"- CPU: {m['cpu']}, {m['cores']} cores; FMA peak measured in this run "
          f"({m['fma_isa']}): {fmt(m['fma_peak_gflops_1_core'])} GFLOP/s on 1 core, "
          f"{fmt(m['fma_peak_gflops_all_cores'])} on all cores (the % of peak of 2-thread figures)")
    print(f"- cnnc {m['cnnc_commit']}, CNNC_FLAGS='{m['CNNC_FLAGS']}'; PyTorch {m['python3-torch']} "
          f"(TorchScript traced, frozen, optimize_for_inference, channels_last); XNNPACK "
          f"{m['libxnnpack-dev']} (operator API); oneDNN {m['libdnnl-dev']} (conv primitive, relu post-op)")
    print(f"- OPENBLAS_CORETYPE={m['OPENBLAS_CORETYPE']} (left as the environment sets it; PyTorch's Linear "
          f"calls the BLAS of libblas.so.3, here {m['libblas.so.3']}); load average "
          f"at start {' '.join(m['loadavg'].get('start', []))}, at end {' '.join(m['loadavg'].get('end', []))}: "
          "the machine is shared, figures are noisy")
    print(f"- each figure: a warm-up call, then timed calls (at least {m['budget']['BENCH_MIN_CALLS']}, up to "
          f"{m['budget']['BENCH_MAX_CALLS']}, for {m['budget']['BENCH_BUDGET_S']} s); times are medians; "
          "GFLOP/s from nominal FLOPs (2 per multiply-add of Conv2D and Dense)")
    print("- threads (1t, 2t): cnnc's model instance splits each batch call into one chunk of samples per thread "
          "(NAME_set_num_threads; a batch-1 call runs on one); XNNPACK runs on a pthreadpool; torch "
          "torch.set_num_threads. The whole net and training run on 1 and 2 threads, each layer alone on 1 (torch "
          "on 1 and 2)")
    print("- ratio = cnnc ÷ peer of the row's figure, on as many threads: for times, faults and sizes > 1 means cnnc "
          "is worse; for images/s and GFLOP/s < 1 means cnnc is slower; cnnc 2t / 1t is cnnc's own scaling")
    print("- peak RSS: whole processes (torch's includes Python and libtorch, and its 1 and 2-thread runs); "
          "workspace: cnnc, the most bytes its generated code holds from the runtime at once during a call (on 2 "
          "threads, both threads' blocks together); XNNPACK, two ping-pong activation buffers; oneDNN, its "
          "scratchpad")
    tables = {"2 threads": {}}
    print_threads_table(r, tables["2 threads"])
    for model in r.models():
        tables[model] = {"net": {}, "layers": {}}
        print_net_table(r, model, tables[model]["net"])
        print_layer_table(r, model, tables[model]["layers"])
    lines, ok = checks(r)
    print("\n### Outputs against cnnc's on the same weights and input (tolerance 1e-4·(1 + |cnnc's|))\n")
    print("\n".join(lines))
    with open(os.path.join(r.out, "results.json"), "w") as f:
        json.dump({"machine": m, "tables": tables, "checks_ok": ok, "rows": r.rows}, f, indent=1,
                  ensure_ascii=False)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
