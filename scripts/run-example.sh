#!/usr/bin/env bash
# The main job: compiles the course notes' MNIST net with a loss and an optimizer, trains it on Fashion-MNIST
# (60,000 images, 5 epochs, Keras' defaults: batch 32, Adam lr 1e-3, Glorot init) from a C program,
# evaluates it on the 10,000 test images, draws the curves with gnuplot, then runs the predict-only app
# with the trained weights; then trains again on 2 MPI ranks (RANKS). EPOCHS and LIMIT (training images)
# may be set for a quick run; SEED (default 1) seeds the initial weights and the shuffle.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/examples/fashion_mnist}
data=/usr/share/datasets/fashion-mnist
mkdir -p "$out"
cnnc=build/bin/cnnc
"$cnnc" examples/mnist/model.json -o "$out/fashion.o" --summary --seed "${SEED:-1}" \
  --loss sparse_categorical_crossentropy --optimizer adam
cc -O2 -I"$out" -Iruntime/include examples/fashion_mnist/train.c "$out/fashion.o" \
   -Lbuild/lib -lcnnrt_train $("$cnnc" --print-link-flags) -o "$out/train"
"$out/train" "$data/train-images-idx3-ubyte.gz" "$data/train-labels-idx1-ubyte.gz" \
  "$data/t10k-images-idx3-ubyte.gz" "$data/t10k-labels-idx1-ubyte.gz" "$out" \
  "${EPOCHS:-5}" 32 "${LIMIT:-0}" "${SEED:-1}"
gnuplot -e "data='$out/history.csv'; out='$out/curves.png'" examples/fashion_mnist/plot.gp
echo "curves: $out/curves.png"

# The trained weights in an app that only predicts (compiled without training).
"$cnnc" examples/mnist/model.json -o "$out/mnist.o" --name mnist
cc -O2 -I"$out" -Iruntime/include examples/mnist/app.c "$out/mnist.o" \
   $("$cnnc" --print-link-flags) -o "$out/mnist_app"
"$out/mnist_app" "$data/t10k-images-idx3-ubyte.gz" "$data/t10k-labels-idx1-ubyte.gz" 100 "$out/weights.bin"

# The same training, data-parallel on RANKS processes (default 2; 1 skips it) with Open MPI: each rank
# computes the gradients of its share of every batch of 32, the ranks average them, and all apply the
# same step. On several hosts: mpirun --hostfile hosts -np N, with the program at the same path on each.
ranks=${RANKS:-2}
if (( ranks > 1 )); then
  cc -O2 -DTRAIN_WITH_MPI -I"$out" -Iruntime/include examples/fashion_mnist/train.c "$out/fashion.o" \
     -Lbuild/lib -lcnnrt_mpi -lcnnrt_train $("$cnnc" --print-link-flags) \
     $(pkg-config --cflags --libs ompi-c) -o "$out/train_mpi"
  mkdir -p "$out/ranks"
  as_root=(); [[ $(id -u) -eq 0 ]] && as_root=(--allow-run-as-root)
  # Under mpirun a rank's stdout is a pseudo-terminal even when ours is a file: say which output we want.
  progress=lines; [[ -t 1 ]] && progress=bar
  echo "Training again on $ranks ranks: mpirun -np $ranks $out/train_mpi ..."
  mpirun "${as_root[@]}" --oversubscribe -x PROGRESS=$progress -np "$ranks" "$out/train_mpi" \
    "$data/train-images-idx3-ubyte.gz" "$data/train-labels-idx1-ubyte.gz" \
    "$data/t10k-images-idx3-ubyte.gz" "$data/t10k-labels-idx1-ubyte.gz" "$out/ranks" \
    "${EPOCHS:-5}" 32 "${LIMIT:-0}" "${SEED:-1}"
fi
