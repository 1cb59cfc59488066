#!/usr/bin/env bash
# How the main job's test accuracy spreads over seeds, for cnnc and for PyTorch under the same settings
# (the notes' net, Keras' defaults: batch 32, Adam lr 1e-3, Glorot init, 5 epochs on all 60,000 images).
# For each seed s in SEEDS, cnnc compiles the net with --seed s (the initial weights) and trains with shuffle
# seed s; bench/fashion_mnist_torch.py trains with torch.manual_seed(s). Both on every CPU (cnnc: the
# runtime's default; torch: torch.set_num_threads(nproc)).
# Usage: bench/fashion-mnist-seeds.sh [--out DIR]   env: SEEDS="1 2 3" (default 1..10), EPOCHS (5),
#        PEERS=cnnc|torch|"cnnc torch" (both). It appends to DIR/runs.csv
#        (impl,seed,epoch,val_accuracy) and prints the summary of that file (seed-study.py).
# One seed takes about 25 s for cnnc and 2–3 minutes for PyTorch on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/bench/seeds
[[ "${1:-}" == "--out" ]] && out=$2
mkdir -p "$out"
seeds=${SEEDS:-$(seq 1 10)}
epochs=${EPOCHS:-5}
threads=$(nproc)
peers=${PEERS:-cnnc torch}
data=/usr/share/datasets/fashion-mnist
build=${CNNC_BUILD:-build}
cnnc=$build/bin/cnnc
runs=$out/runs.csv
[[ -f "$runs" ]] || echo "impl,seed,epoch,val_accuracy" >"$runs"

for seed in $seeds; do
  if [[ " $peers " == *" cnnc "* ]]; then
    dir=$out/cnnc-$seed
    mkdir -p "$dir"
    "$cnnc" examples/mnist/model.json -o "$dir/fashion.o" --seed "$seed" \
      --loss sparse_categorical_crossentropy --optimizer adam
    cc -O2 -I"$dir" -Iruntime/include examples/fashion_mnist/train.c "$dir/fashion.o" \
      -L"$build/lib" -lcnnrt_train $("$cnnc" --print-link-flags) -o "$dir/train"
    PROGRESS=lines "$dir/train" \
      "$data/train-images-idx3-ubyte.gz" "$data/train-labels-idx1-ubyte.gz" \
      "$data/t10k-images-idx3-ubyte.gz" "$data/t10k-labels-idx1-ubyte.gz" "$dir" \
      "$epochs" 32 0 "$seed" >"$dir/log.txt"
    # history.csv: epoch,loss,accuracy,val_loss,val_accuracy,...
    tail -n +2 "$dir/history.csv" | awk -F, -v s="$seed" '{print "cnnc," s "," $1 "," $5}' >>"$runs"
    echo "cnnc seed $seed: $(tail -1 "$dir/log.txt")"
  fi
  if [[ " $peers " == *" torch "* ]]; then
    log=$out/torch-$seed.txt
    /usr/bin/python3 bench/fashion_mnist_torch.py "$epochs" "$threads" "$seed" >"$log"
    # Rows: epoch loss accuracy val_loss val_acc seconds images/s
    awk -v s="$seed" 'NR > 1 {print "torch," s "," $1 "," $5}' "$log" >>"$runs"
    echo "torch seed $seed: epoch $epochs val_acc $(tail -1 "$log" | awk '{print $5}')"
  fi
done
/usr/bin/python3 bench/seed-study.py "$runs"
