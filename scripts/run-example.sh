#!/usr/bin/env bash
# The main job: compiles the course notes' MNIST net with cnnc, links it into the example app with the
# README's link line, and runs it on the 10,000 Fashion-MNIST test images.
# (Until compiled training lands, the weights are Keras' default initialisation from --seed.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/examples/mnist
data=/usr/share/datasets/fashion-mnist
mkdir -p "$out"
build/bin/cnnc examples/mnist/model.json -o "$out/mnist.o" --summary
cc -O2 -I"$out" -Iruntime/include examples/mnist/app.c "$out/mnist.o" \
   $(build/bin/cnnc --print-link-flags) -o "$out/mnist_app"
"$out/mnist_app" "$data/t10k-images-idx3-ubyte.gz" "$data/t10k-labels-idx1-ubyte.gz" 100
