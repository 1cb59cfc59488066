"""Robustness check: cnnc on mutated model files must exit 0 or 1 with an 'error:' message, never crash.

Each run copies a seed model (with its weight shards) into a scratch folder, mutates it and compiles it.
Seeded, so a failure reproduces; the failing folder is kept. Two kinds of mutation:

  default    one to three values anywhere in the JSON replaced with awkward ones (0, -1, 2^40, null,
             strings, lists, the edges of int64, ...) or keys deleted;
  --hostile  what issue 7 lists as hostile input: a value buried under thousands of levels of lists or
             objects, numbers at the int64/uint64/double edges put where numbers are (shapes, units,
             rates), and weight-shard paths that leave the model's folder (../, absolute paths,
             symlinks to outside files and folders, /dev/zero, a FIFO). A shard path that leaves the
             folder must be refused even when the file it reaches holds the right bytes.

With --run, every mutant that compiles is also linked with the runtime and predict_zeros.c, and must
create an instance and predict one sample of zeros (exit 0): a model that compiles must work.

cnnc runs under a memory cap (RLIMIT_AS, or ASan's hard_rss_limit_mb in a sanitized build) and a time
limit, so that a mutant that makes it read without end fails instead of taking the machine down.

Usage: mutate_models.py [--hostile] [--run] [--max-failures N] CNNC SCRATCH_DIR RUNS SEED_MODEL.json...
"""
import argparse
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INT64_EDGES = [2**31, 2**32, 2**53 + 1, 2**62, 2**63 - 1, 2**63, 2**64, -2**63, -2**63 - 1, 4611686018427387904]
FLOAT_EDGES = [1e300, -1e300, 1e-320, -0.0, 0.99999999999, 1.0000000001, 3.4e38, 3.5e38, float("nan"),
               float("inf")]
AWKWARD = [0, -1, 1, 2**40, -2**40, 1.5, -0.5, None, "", "same", "x", [], [0], [1, 2, 3], {}, True,
           [None], [[1, 2]], 1e308, {"class_name": "__tuple__", "items": [0]}] + INT64_EDGES[4:8] + [1e300,
                                                                                             -0.0]
MEMORY_CAP = 4 << 30
TIMEOUT = 60
PATH_TIMEOUT = 20  # the shards are small: a path trick that takes longer has made cnnc read without end


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key in value:
            yield from paths(value[key], path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, path + (i,))


def get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def set_at(doc, path, value):
    get(doc, path[:-1])[path[-1]] = value


def mutate_values(doc, rng):
    candidates = [p for p in paths(doc) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(candidates)
        try:
            parent = get(doc, path[:-1])
            if isinstance(parent, dict) and rng.random() < 0.2:
                del parent[path[-1]]
            else:
                parent[path[-1]] = rng.choice(AWKWARD)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed the way there
    return "values", doc


def mutate_numbers(doc, rng):
    """Numbers at the edges where the file has numbers: shapes, units, kernel sizes, rates."""
    numeric = [p for p in paths(doc) if p and isinstance(get(doc, p), (int, float))
               and not isinstance(get(doc, p), bool) and "weightsManifest" not in p]
    for path in rng.sample(numeric, min(len(numeric), rng.randint(1, 2))):
        set_at(doc, path, rng.choice(INT64_EDGES if isinstance(get(doc, path), int) else FLOAT_EDGES))
    return "numbers", doc


NESTED = "__nested_here__"


def mutate_nesting(doc, rng):
    """Marks a value to be buried under thousands of levels (written by dump_model)."""
    path = rng.choice([p for p in paths(doc) if p])
    set_at(doc, path, NESTED)
    return "nesting", doc


def dump_model(doc, rng, file):
    text = json.dumps(doc)  # NaN and Infinity come out as such: not JSON, to be refused
    if NESTED in text:
        depth = rng.choice([1000, 10000, 40000])
        open_, close = ("[", "]") if rng.random() < 0.5 else ('{"a":', "}")
        text = text.replace(json.dumps(NESTED), open_ * depth + "1" + close * depth, 1)
    with open(file, "w") as f:
        f.write(text)


def shard_paths(doc):
    manifest = doc.get("weightsManifest") if isinstance(doc, dict) else None
    return [(g, i) for g, group in enumerate(manifest or []) for i in range(len(group.get("paths", [])))]


def mutate_shard_path(doc, rng, folder):
    """Points one shard path outside the model's folder. Returns whether cnnc must refuse the model."""
    g, i = rng.choice(shard_paths(doc))
    shards = doc["weightsManifest"][g]["paths"]
    shard = os.path.join(folder, shards[i])
    outside = os.path.join(os.path.dirname(folder), os.path.basename(folder) + "-outside")
    os.makedirs(outside, exist_ok=True)
    # The outside file holds exactly the shard's bytes, so only the path check can refuse it.
    copied = os.path.join(outside, "shard.bin")
    if os.path.isfile(shard):
        shutil.copyfile(shard, copied)
    trick = rng.choice(["dotdot", "absolute", "symlink", "symlink-dir", "dev-zero", "fifo",
                        "etc-passwd"])
    if trick == "dotdot":
        shards[i] = os.path.join("..", os.path.basename(outside), "shard.bin")
    elif trick == "absolute":
        shards[i] = copied
    elif trick == "symlink":
        os.symlink(copied, os.path.join(folder, "link.bin"))
        shards[i] = "link.bin"
    elif trick == "symlink-dir":
        os.symlink(outside, os.path.join(folder, "linked"))
        shards[i] = "linked/shard.bin"
    elif trick == "dev-zero":
        shards[i] = "../" * 12 + "dev/zero"
    elif trick == "fifo":
        os.mkfifo(os.path.join(folder, "fifo.bin"))
        shards[i] = "fifo.bin"
    else:
        shards[i] = "../" * 12 + "etc/passwd"
    return "path:" + trick


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(command, **kwargs):
    """Runs under the memory cap: RLIMIT_AS, which ASan cannot run under, or ASan's own RSS limit."""
    env = dict(os.environ)
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] += f":hard_rss_limit_mb={MEMORY_CAP >> 20}"
        return subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)
    return subprocess.run(command, preexec_fn=limit_memory, capture_output=True, text=True, **kwargs)


def crashed(result):
    ok = result.returncode == 0 or (result.returncode == 1 and "error:" in result.stderr)
    return not ok or any(s in result.stderr for s in ("Assertion", "Stack dump", "LLVM ERROR",
                                                      "Sanitizer", "runtime error"))


def link_and_predict(folder, link_flags):
    """Links the compiled mutant with predict_zeros.c and runs it. Returns "predicted", "too large" (one
    sample of zeros cannot be allocated: the app's limit, not the model's fault), or why it fails."""
    app = os.path.join(folder, "app")
    build = subprocess.run(["cc", "-I" + folder, "-I" + os.path.join(HERE, "..", "..", "runtime", "include"),
                            os.path.join(HERE, "predict_zeros.c"), os.path.join(folder, "m.o")]
                           + link_flags + ["-o", app], capture_output=True, text=True)
    if build.returncode:
        return "the object and its header do not link:\n" + build.stderr[-1000:]
    try:
        result = run_capped([app], timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"predict took over {TIMEOUT} s"
    if result.returncode in (0, 4):
        return "predicted" if result.returncode == 0 else "too large"
    return f"predict_zeros exited {result.returncode}:\n{result.stderr[-1000:]}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--max-failures", type=int, default=0, help="stop after this many (0: never)")
    parser.add_argument("cnnc")
    parser.add_argument("scratch")
    parser.add_argument("runs", type=int)
    parser.add_argument("seeds", nargs="+")
    args = parser.parse_args()
    rng = random.Random(2026)
    models = [(s, json.load(open(s))) for s in args.seeds]
    link_flags = subprocess.run([args.cnnc, "--print-link-flags"], capture_output=True,
                                text=True).stdout.split()
    failures = ran = too_large = tried = 0
    for run in range(args.runs):
        tried += 1
        seed_path, doc = rng.choice(models)
        doc = copy.deepcopy(doc)
        folder = os.path.abspath(os.path.join(args.scratch, str(run)))
        shutil.copytree(os.path.dirname(seed_path), folder)
        must_fail = False
        if not args.hostile:
            kind, doc = mutate_values(doc, rng)
        else:
            choices = [mutate_numbers, mutate_nesting] + ([None] if shard_paths(doc) else [])
            mutation = rng.choice(choices)
            if mutation is None:
                kind, must_fail = mutate_shard_path(doc, rng, folder), True
            else:
                kind, doc = mutation(doc, rng)
        model = os.path.join(folder, "mutated.json")
        dump_model(doc, rng, model)
        # A path trick needs only the shards read: --emit=mlir stops before the slow lowering.
        command = [args.cnnc, model, "-o", os.path.join(folder, "m.o")]
        if must_fail:
            command[-2:] = ["--emit=mlir", "-o", os.path.join(folder, "m.mlir")]
        timeout = PATH_TIMEOUT if must_fail else TIMEOUT
        try:
            result = run_capped(command, timeout=timeout)
        except subprocess.TimeoutExpired:
            failures += 1
            print(f"HANG ({kind}, over {timeout} s) on {model}")
            if failures == args.max_failures:
                print(f"stopped after {failures} failures")
                break
            continue
        problem = None
        if crashed(result):
            problem = f"CRASH ({kind}, exit {result.returncode})"
        elif must_fail and result.returncode == 0:
            problem = f"READ OUTSIDE THE MODEL'S FOLDER ({kind}) accepted"
        elif args.run and result.returncode == 0:
            outcome = link_and_predict(folder, link_flags)
            ran += outcome == "predicted"
            too_large += outcome == "too large"
            if outcome not in ("predicted", "too large"):
                problem = f"COMPILED BUT DOES NOT RUN ({kind}): {outcome}"
        if problem:
            failures += 1
            print(f"{problem} on {model}:\n{result.stderr[-1000:]}")
            if failures == args.max_failures:
                print(f"stopped after {failures} failures")
                break
        else:
            shutil.rmtree(folder)
            shutil.rmtree(folder + "-outside", ignore_errors=True)
    if args.run:
        print(f"{ran} compiled models linked and predicted, {too_large} with samples too large to try")
    print(f"{tried} mutated models, {failures} crashes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
