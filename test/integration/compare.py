"""Compares raw float32 outputs with an oracle's: |actual - expected| <= atol + rtol * |expected|.

Usage: compare.py EXPECTED.bin ACTUAL.bin [--atol A] [--rtol R]. Prints the largest error; exits 1 on a mismatch.
"""
import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("--rtol", type=float, default=1e-5)
    args = parser.parse_args()
    expected = np.fromfile(args.expected, dtype="<f4")
    actual = np.fromfile(args.actual, dtype="<f4")
    if expected.shape != actual.shape:
        print(f"FAIL: {actual.size} values, expected {expected.size}")
        return 1
    if expected.size == 0:
        print("FAIL: no values")
        return 1
    # A NaN or infinite oracle value would pass any comparison (NaN > bound is false): an oracle
    # that broke must not let whatever cnnc computed through.
    for name, values in (("expected (the oracle's)", expected), ("actual", actual)):
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            print(f"FAIL: {bad.size} non-finite {name} values, the first at {bad[0]}: "
                  f"{float(values[bad[0]])}")
            return 1
    error = np.abs(actual.astype(np.float64) - expected)
    bound = args.atol + args.rtol * np.abs(expected)
    worst = int(np.argmax(error))
    print(f"{expected.size} values, max abs error {error.max():.3g} "
          f"at {worst}: {actual[worst]!r} vs {expected[worst]!r}")
    if np.any(error > bound):
        print(f"FAIL: {int(np.sum(error > bound))} values off by more than "
              f"{args.atol} + {args.rtol}*|expected|")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
