"""Independent numerical oracles for cnnc's compiled training: gradients, optimizer steps, weight files.

Usage: train_oracle.py GROUP --work DIR --cnnc CNNC --cnnrt-include DIR
Each case builds a Keras JSON model with fixed seeded weights (a TF.js model.json with a weight shard),
compiles it with cnnc, links test/training/harness.c, runs it, and compares with a float64 PyTorch
reference written from the documented semantics (README table, CNNOps.td, CNNTrainingOps.td, Keras 3's
optimizer rules), not from cnnc's code. Prints the max errors; exits 1 on any mismatch.
The groups are in grad_groups.py and training_groups.py; the case machinery in oracle_cases.py.
"""
import argparse
import os
import sys

import torch

import grad_groups
import training_groups
from oracle_cases import ARGS, FAILURES

GROUPS = {name[len("group_"):].replace("_", "-"): fn
          for module in (grad_groups, training_groups)
          for name, fn in vars(module).items() if name.startswith("group_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("group", choices=sorted(GROUPS))
    parser.add_argument("--work", required=True)
    parser.add_argument("--cnnc", required=True)
    parser.add_argument("--cnnrt-include", required=True)
    parser.parse_args(namespace=ARGS)
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
