"""Compares cnnc's --summary table with TF.js' view of the same model (summary.json from make_case.js):
each layer's class, output shape and parameter count, and the trainable / non-trainable totals.

Usage: cnnc model.json --summary | check_summary.py summary.json
"""
import json
import re
import sys


def main():
    expected = json.load(open(sys.argv[1]))
    text = sys.stdin.read()
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^(\S+) \((\w+)\)\s+\[?(\([^)]*\))\]?\s+(\d+)", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3), int(m.group(4)))
    problems = []
    for layer in expected["layers"]:
        shape = "(" + ", ".join("None" if d is None else str(d) for d in layer["outputShape"]) + ")"
        want = (layer["className"], shape, layer["params"])
        got = rows.get(layer["name"])
        if got != want:
            problems.append(f"layer {layer['name']}: cnnc {got}, TF.js {want}")
    totals = {k: int(v.replace(",", "")) for k, v in
              re.findall(r"^(Total|Trainable|Non-trainable) params: ([\d,]+)$", text, re.M)}
    want_totals = {"Total": expected["trainable"] + expected["nonTrainable"],
                   "Trainable": expected["trainable"], "Non-trainable": expected["nonTrainable"]}
    if totals != want_totals:
        problems.append(f"totals: cnnc {totals}, TF.js {want_totals}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(expected['layers'])} layers compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
