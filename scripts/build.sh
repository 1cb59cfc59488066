#!/usr/bin/env bash
# Configures (once) and builds cnnc, cnn-opt, the cnnrt runtime and the unit tests into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/build.ninja ]] || cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release
ninja -C build
