#!/usr/bin/env bash
# Data-parallel training throughput (issue 10): the notes' MNIST net with Adam, one epoch of cnnrt_fit on
# SAMPLES Fashion-MNIST images (default 19200) with global batches of BATCH (default 128), on one process
# with 1 and 2 threads and on 2 MPI ranks of 1 thread (this machine's 2 cores either way), each REPEAT
# times (default 3; the best is kept). Prints the CSV rows of bench/dp_train.c and the ratios.
# Usage: bench/data-parallel.sh [--out DIR]
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
out=$root/build/bench/data-parallel
[[ "${1:-}" == "--out" ]] && out=$2
mkdir -p "$out"
cnnc=$root/build/bin/cnnc
data=/usr/share/datasets/fashion-mnist
samples=${SAMPLES:-19200} batch=${BATCH:-128} repeat=${REPEAT:-3}
"$cnnc" "$root/examples/mnist/model.json" -o "$out/net.o" --name net \
  --loss sparse_categorical_crossentropy --optimizer adam 2> /dev/null
cc -O2 -I"$out" -I"$root/runtime/include" "$bench/dp_train.c" "$out/net.o" -L"$root/build/lib" \
  -lcnnrt_mpi -lcnnrt_train $("$cnnc" --print-link-flags) $(pkg-config --cflags --libs ompi-c) \
  -o "$out/dp_train"
as_root=(); [[ $(id -u) -eq 0 ]] && as_root=(--allow-run-as-root)
images=("$data/train-images-idx3-ubyte.gz" "$data/train-labels-idx1-ubyte.gz")
results=$out/results.csv
echo "ranks,threads_per_rank,batch,steps,seconds,images_per_second,wait_seconds,allreduce_seconds,allreduce_share,gradient_bytes_per_step,loss" > "$results"
for ((r = 0; r < repeat; ++r)); do
  "$out/dp_train" single 1 "$samples" "$batch" "${images[@]}" >> "$results"
  "$out/dp_train" single 2 "$samples" "$batch" "${images[@]}" >> "$results"
  mpirun "${as_root[@]}" --oversubscribe --bind-to none -np 2 "$out/dp_train" mpi 1 "$samples" "$batch" \
    "${images[@]}" >> "$results"
done
cat "$results"
/usr/bin/python3 - "$results" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
best = {}
for r in rows:
    key = (int(r["ranks"]), int(r["threads_per_rank"]))
    if key not in best or float(r["images_per_second"]) > float(best[key]["images_per_second"]):
        best[key] = r
one = float(best[(1, 1)]["images_per_second"])
for key in sorted(best):
    r = best[key]
    print(f"{key[0]} rank(s) x {key[1]} thread(s): {float(r['images_per_second']):8.0f} img/s "
          f"({float(r['images_per_second']) / one:.2f}x 1x1), allreduce {100 * float(r['allreduce_share']):.1f}% "
          f"of the epoch ({float(r['allreduce_seconds']) * 1000 / int(r['steps']):.3f} ms/step, "
          f"{int(r['gradient_bytes_per_step'])} gradient bytes/step), waiting for the other ranks "
          f"{100 * float(r['wait_seconds']) / float(r['seconds']):.1f}%")
PY
