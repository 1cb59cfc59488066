#!/usr/bin/env bash
# Installs what cnnc needs on Debian 12 and is missing: LLVM/MLIR 19, the build tools, zlib, libzip (.keras
# archives, .npz data), libhdf5 (Keras' .h5 files), GoogleTest, Open MPI (data-parallel training:
# cnnrt_mpi), Fashion-MNIST, gnuplot (charts) and python3-numpy. With --tests, also the tests' oracles:
# TF.js (pure JS, from npm) and PyTorch (Debian's python3-torch), h5py (writes Keras' files for the tests),
# clang 19 with its sanitizer and libFuzzer runtimes for the sanitized build and the fuzzers, and the
# benchmark's other peers (bench/run.sh, which test/bench/bench-tiny.test runs): XNNPACK (with pthreadpool's
# header) and oneDNN; and Debian's cross gcc for 64-bit Arm with qemu-user (test/integration/aarch64-qemu.test).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
          cmake ninja-build g++ ccache nlohmann-json3-dev zlib1g-dev libzip-dev libhdf5-dev libgtest-dev
          libopenmpi-dev openmpi-bin pkg-config dataset-fashion-mnist gnuplot-nox python3 python3-numpy)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(python3-torch python3-h5py clang-19 libclang-rt-19-dev libxnnpack-dev libpthreadpool-dev libdnnl-dev
             gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
fi
# Node may come from elsewhere than Debian's package; any node >= 18 with npm will do.
if [[ "${1:-}" == "--tests" ]] && ! { command -v node && command -v npm; } > /dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "Installing: ${missing[*]}"
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

if [[ "${1:-}" == "--tests" ]]; then
  # The test oracle: @tensorflow/tfjs-core, -layers and -backend-cpu, versions pinned by the lock file.
  (cd test/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi
