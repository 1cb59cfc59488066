#!/usr/bin/env bash
# Compiles the three nets with cnnc, links the example, and measures how their features change when
# Fashion-MNIST test images move by 0 to 4 pixels. Usage: run.sh [OUT_DIR] [IMAGE_COUNT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cnnc=${CNNC:-$here/../../build/bin/cnnc}
out=${1:-$here/../../build/examples/translation_invariance}
count=${2:-500}
mkdir -p "$out"
for net in no_pool max_pool global_pool; do
  "$cnnc" "$here/$net.json" -o "$out/$net.o"
done
cc -O2 -I"$out" -I"$here/../../runtime/include" "$here/main.c" \
   "$out"/no_pool.o "$out"/max_pool.o "$out"/global_pool.o $("$cnnc" --print-link-flags) \
   -o "$out/translation_invariance"
"$out/translation_invariance" /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \
   "$count" "$out/translation_invariance.tsv"
gnuplot -e "data='$out/translation_invariance.tsv'; out='$out/translation_invariance.png'" "$here/plot.gp"
echo "chart: $out/translation_invariance.png"
