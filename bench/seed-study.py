"""Summary of bench/fashion-mnist-seeds.sh's runs.csv (impl,seed,epoch,val_accuracy): for each
implementation and epoch, the mean test accuracy over seeds, its standard deviation, the lowest and highest,
and how many seeds reach 90%; then the last epoch's per-seed figures side by side, and the difference of the
means with its standard error (Welch). Usage: seed-study.py runs.csv"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    accuracy = defaultdict(dict)  # (impl, epoch) -> {seed: %}
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            accuracy[row["impl"], int(row["epoch"])][int(row["seed"])] = 100 * float(row["val_accuracy"])
    impls = sorted({impl for impl, _ in accuracy})
    last = max(epoch for _, epoch in accuracy)
    print("| impl | epoch | seeds | mean % | sd | min | max | seeds ≥ 90% |")
    print("|---|---|---|---|---|---|---|---|")
    for impl in impls:
        for epoch in range(1, last + 1):
            values = list(accuracy[impl, epoch].values())
            if not values:
                continue
            sd = statistics.stdev(values) if len(values) > 1 else 0.0
            reached = sum(v >= 90 for v in values)
            print(f"| {impl} | {epoch} | {len(values)} | {statistics.mean(values):.2f} | {sd:.2f} | "
                  f"{min(values):.2f} | {max(values):.2f} | {reached}/{len(values)} |")
    seeds = sorted(set().union(*(accuracy[impl, last].keys() for impl in impls)))
    print(f"\nepoch {last}, per seed: " + ", ".join(impls))
    for seed in seeds:
        cells = [f"{accuracy[impl, last][seed]:.2f}" if seed in accuracy[impl, last] else "-"
                 for impl in impls]
        print(f"seed {seed}: " + "  ".join(cells))
    if len(impls) == 2:
        a, b = (list(accuracy[impl, last].values()) for impl in impls)
        if len(a) > 1 and len(b) > 1:
            se = (statistics.variance(a) / len(a) + statistics.variance(b) / len(b)) ** 0.5
            diff = statistics.mean(a) - statistics.mean(b)
            print(f"\nepoch {last}: {impls[0]} − {impls[1]} = {diff:+.2f} points, "
                  f"standard error {se:.2f} ({diff / se:+.1f} se)")


if __name__ == "__main__":
    main()
