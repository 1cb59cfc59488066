#!/usr/bin/env bash
# The benchmark of issue 8, in one run: builds the bench programs, measures the FMA peak, compiles the notes'
# MNIST net and the larger net (and each of their Conv2D/Dense layers alone) with cnnc, runs cnnc's code and
# the peers (PyTorch, XNNPACK, oneDNN) on the same shapes and weights, and prints the table of ratios.
# Usage: bench/run.sh [--tiny] [--out DIR]   (see bench/README.md; CNNC_FLAGS are passed to every cnnc call)
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
py=/usr/bin/python3

# Runs a command whose stdout is CSV rows; its stderr goes to the log. A failure is counted and shown, and
# the run goes on, so that one broken peer still leaves the others' figures.
rows() {
  echo "+ $*" >> "$log"
  if ! "$@" >> "$results" 2>> "$log"; then
    echo "bench/run.sh: failed: $*" >&2
    tail -n 5 "$log" >&2
    failures=$((failures + 1))
  fi
}

# Compiles with cnnc, timed: row metric $1 of model $2, part $3; the rest are cnnc's arguments.
compile() {
  local metric=$1 model=$2 part=$3 t0=$EPOCHREALTIME
  shift 3
  echo "+ cnnc $* ${cnnc_flags[*]}" >> "$log"
  if ! "$cnnc" "$@" "${cnnc_flags[@]}" >> "$log" 2>&1; then
    tail -n 5 "$log" >&2
    echo "bench/run.sh: cnnc failed on $model/$part; see $log" >&2
    exit 1
  fi
  echo "cnnc,$model,$part,0,1,$metric,$(awk "BEGIN { print $EPOCHREALTIME - $t0 }")" \
    >> "$results"
}

check_requirements() {
  local missing=()
  [[ -x $cnnc ]] || missing+=("$cnnc (build cnnc first: bash scripts/build.sh)")
  [[ -f /usr/include/xnnpack.h && -f /usr/include/pthreadpool.h ]] ||
    missing+=("libxnnpack-dev, libpthreadpool-dev")
  [[ -f /usr/include/oneapi/dnnl/dnnl.hpp ]] || missing+=("libdnnl-dev")
  $py -c 'import torch' 2> /dev/null || missing+=("python3-torch")
  if ((${#missing[@]})); then
    printf 'bench/run.sh: missing: %s\n' "${missing[@]}" >&2
    echo "bench/run.sh: bash scripts/install-deps.sh --tests installs the peers" >&2
    exit 1
  fi
}

build_programs() {
  echo "building the bench programs (out: $out)" >&2
  cc -O2 -Wall -I"$bench" "$bench/fma_peak.c" -lpthread -o "$out/bin/fma_peak"
  cc -O2 -Wall -I"$bench" "$bench/xnnpack_net.c" -lXNNPACK -lpthreadpool -lm -o "$out/bin/xnnpack_net"
  c++ -O2 -Wall -fopenmp -I"$bench" "$bench/onednn_conv.cpp" -ldnnl -o "$out/bin/onednn_conv"
}

# cnnc, XNNPACK and (for a conv) oneDNN on one part (the net or a layer) of a model, on 1 thread at the
# batches $4; and cnnc and XNNPACK on 2 threads at the batches $5 (none: no 2-thread run).
bench_part() {
  local model=$1 part=$2 dir=$3 batches batches_2t
  IFS=, read -r -a batches <<< "$4"
  IFS=, read -r -a batches_2t <<< "${5:-}"
  echo "$model/$part: cnnc" >&2
  compile compile_s "$model" "$part" "$dir/model.json" -o "$dir/net.o" --name net
  # shellcheck disable=SC2086 # the link flags are words
  cc -O2 -I"$dir" -I"$bench" "$bench/cnnc_bench.c" "$dir/net.o" \
    -Wl,--wrap=cnnrt_compiled_alloc,--wrap=cnnrt_compiled_free $link_flags -o "$dir/cnnc_bench"
  rows env CNNC_THREADS=1 "$dir/cnnc_bench" "$model" "$part" "$dir" "${batches[@]}"
  if ((${#batches_2t[@]})); then # it saves the check files again, the same: predict is bit-identical
    echo "$model/$part: cnnc, 2 threads" >&2
    rows env CNNC_THREADS=2 "$dir/cnnc_bench" "$model" "$part" "$dir" "${batches_2t[@]}"
  fi
  echo "$model/$part: XNNPACK" >&2
  rows "$out/bin/xnnpack_net" "$model" "$part" "$dir" 1 "${batches[@]}"
  if ((${#batches_2t[@]})); then
    echo "$model/$part: XNNPACK, 2 threads" >&2
    rows "$out/bin/xnnpack_net" "$model" "$part" "$dir" 2 "${batches_2t[@]}"
  fi
  if grep -q '"kind": "conv"' "$dir/meta.json"; then
    echo "$model/$part: oneDNN" >&2
    rows "$out/bin/onednn_conv" "$model" "$part" "$dir" "${batches[@]}"
  fi
}

# cnnc's training step at batch $3, on 1 and on 2 threads.
bench_training() {
  local model=$1 json=$2 batch=$3 dir=$out/work/$1/train
  echo "$model: cnnc training step" >&2
  mkdir -p "$dir"
  compile train_compile_s "$model" net "$json" -o "$dir/net.o" --name net \
    --loss sparse_categorical_crossentropy --optimizer adam
  # shellcheck disable=SC2086
  cc -O2 -I"$dir" -I"$bench" "$bench/cnnc_train.c" "$dir/net.o" -L"$build/lib" -lcnnrt_train \
    $link_flags -o "$dir/cnnc_train"
  rows env CNNC_THREADS=1 "$dir/cnnc_train" "$model" "$batch"
  echo "$model: cnnc training step, 2 threads" >&2
  rows env CNNC_THREADS=2 "$dir/cnnc_train" "$model" "$batch"
}

main() {
  local tiny=0
  out=$root/build/bench
  while (($#)); do
    case $1 in
      --tiny) tiny=1 ;;
      --out) out=$2; shift ;;
      *) echo "usage: bench/run.sh [--tiny] [--out DIR]" >&2; exit 2 ;;
    esac
    shift
  done
  build=${CNNC_BUILD:-$root/build}
  cnnc=$build/bin/cnnc
  read -r -a cnnc_flags <<< "${CNNC_FLAGS:-}"
  # batches: the net's on 1 thread; batches_2t: the net's on 2 threads (a batch-1 call runs on one thread);
  # layer_batches: each layer's, on 1 thread; threads: torch's, for the net and each layer
  local models batches batches_2t layer_batches train_batch fma_seconds threads=1,2
  if ((tiny)); then # every program once, at batch 1 and 2; CI's time: one training build (the MNIST net's)
    models=("mnist=$root/examples/mnist/model.json" "larger_tiny=$bench/models/larger-tiny.json")
    batches=1,2 batches_2t=2 layer_batches=1,2 train_batch=2 fma_seconds=0.05
    export BENCH_MIN_CALLS=1 BENCH_MAX_CALLS=2 BENCH_BUDGET_S=0
  else
    models=("mnist=$root/examples/mnist/model.json" "larger=$bench/models/larger.json")
    batches=1,64,256 batches_2t=64,256 layer_batches=1,256 train_batch=128 fma_seconds=0.5
    export BENCH_MIN_CALLS=${BENCH_MIN_CALLS:-2} BENCH_MAX_CALLS=${BENCH_MAX_CALLS:-2000}
    export BENCH_BUDGET_S=${BENCH_BUDGET_S:-1}
  fi
  check_requirements

  rm -rf "$out"
  mkdir -p "$out/bin" "$out/work"
  results=$out/results.csv log=$out/log.txt failures=0
  echo "impl,model,part,batch,threads,metric,value" > "$results"
  : > "$log"
  cat /proc/loadavg > "$out/loadavg_start"
  build_programs
  echo "measuring the FMA peak" >&2
  rows "$out/bin/fma_peak" "$fma_seconds"

  link_flags=$("$cnnc" --print-link-flags)
  local entry model json part train
  for entry in "${models[@]}"; do
    model=${entry%%=*} json=${entry#*=}
    mapfile -t parts < <($py "$bench/keras_model.py" split "$json" "$out/work/$model")
    for part in "${parts[@]}"; do
      if [[ $part == net ]]; then
        bench_part "$model" "$part" "$out/work/$model/$part" "$batches" "$batches_2t"
      else
        bench_part "$model" "$part" "$out/work/$model/$part" "$layer_batches"
      fi
    done
    train=$train_batch
    ((tiny)) && [[ $model != mnist ]] && train=0
    ((train)) && bench_training "$model" "$json" "$train"
    echo "$model: PyTorch" >&2
    rows "$py" "$bench/torch_bench.py" "$model" "$out/work/$model" "$batches" "$layer_batches" "$threads" \
      "$train"
  done
  echo "measuring the FMA peak again" >&2 # the report takes the best of both: the clock varies with load
  rows "$out/bin/fma_peak" "$fma_seconds"
  cat /proc/loadavg > "$out/loadavg_end"

  local status=0
  $py "$bench/report.py" "$out" > "$out/report.md" || status=$?
  cat "$out/report.md"
  if ((failures)); then
    echo "bench/run.sh: $failures program(s) failed; see $log" >&2
    exit 1
  fi
  exit "$status"
}

main "$@"
