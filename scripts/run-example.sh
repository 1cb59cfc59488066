#!/usr/bin/env bash
# The main job: compiles the course notes' MNIST net with a loss and an optimizer, trains it on Fashion-MNIST
# (60,000 images, 5 epochs, Keras' defaults: batch 32, Adam lr 1e-3, Glorot init) from a C program,
# evaluates it on the 10,000 test images, draws the curves with gnuplot, then runs the predict-only app
# with the trained weights. EPOCHS and LIMIT (training images) may be set for a quick run; SEED (default 1)
# seeds the initial weights and the shuffle.
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
