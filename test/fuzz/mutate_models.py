"""Robustness check: cnnc on mutated model files must exit 0 or 1 with an 'error:' message, never crash.

Each run copies a seed model (with its weight shards) into a scratch folder, replaces one to three values
anywhere in its JSON with awkward ones (0, -1, 2^40, null, strings, lists, ...) or deletes keys, and
compiles it. Seeded, so a failure reproduces.

Usage: mutate_models.py CNNC SCRATCH_DIR RUNS SEED_MODEL.json...
"""
import copy
import json
import os
import random
import shutil
import subprocess
import sys

AWKWARD = [0, -1, 1, 2**40, -2**40, 1.5, -0.5, None, "", "same", "x", [], [0], [1, 2, 3], {}, True,
           [None], [[1, 2]], 1e308, {"class_name": "__tuple__", "items": [0]}]


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key in value:
            yield from paths(value[key], path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, path + (i,))


def mutate(doc, rng):
    doc = copy.deepcopy(doc)
    candidates = [p for p in paths(doc) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(candidates)
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict) and rng.random() < 0.2:
                del parent[path[-1]]
            else:
                parent[path[-1]] = rng.choice(AWKWARD)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed the way there
    return doc


def main():
    cnnc, scratch, runs, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    rng = random.Random(2026)
    models = [(s, json.load(open(s))) for s in seeds]
    failures = 0
    for run in range(runs):
        seed_path, doc = rng.choice(models)
        folder = os.path.join(scratch, str(run))
        shutil.copytree(os.path.dirname(seed_path), folder)
        model = os.path.join(folder, "mutated.json")
        json.dump(mutate(doc, rng), open(model, "w"))
        result = subprocess.run([cnnc, model, "-o", os.path.join(folder, "m.o")],
                                capture_output=True, text=True, timeout=120)
        ok = result.returncode == 0 or (result.returncode == 1 and "error:" in result.stderr)
        if not ok or "Assertion" in result.stderr or "Stack dump" in result.stderr:
            failures += 1
            print(f"CRASH (exit {result.returncode}) on {model}:\n{result.stderr[-1000:]}")
        else:
            shutil.rmtree(folder)
    print(f"{runs} mutated models, {failures} crashes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
