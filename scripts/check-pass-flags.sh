#!/usr/bin/env bash
# Runs the numeric tests (TF.js and numpy oracles, gradient checks, training against torch) with each
# combination of the flags that turn cnnc's optimisation passes off, so that every pass is shown not to
# change a result. Not part of .ci/run (it triples the numeric tests' time); run it after changing a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
lit=(/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -q build/test --filter "integration|training|Frontend/fuzz")
status=0
for flags in "--no-fuse" "--no-tile" "--no-vectorize" "--no-fuse --no-tile --no-vectorize"; do
  echo "== cnnc $flags"
  "${lit[@]}" --param cnnc_flags="$flags" || status=1
done
exit $status
