#!/usr/bin/env bash
# Runs every built benchmark (build/bin/bench_*) and, when PyTorch is installed for the
# system Python, the PyTorch peers in bench/peers/. Usage: bench/run_all.sh [build-dir]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-build}
cd "$here"

shopt -s nullglob
for exe in "$build"/bin/bench_*; do
  echo "== $(basename "$exe")"
  "$exe" --benchmark_counters_tabular=true
done
# One large model on two threads (its GEMMs split over the pool), beside the run above.
if [[ -x "$build/bin/bench_graph_steps" ]]; then
  echo "== bench_graph_steps, AEL_BENCH_THREADS=2"
  AEL_BENCH_THREADS=2 "$build/bin/bench_graph_steps" --benchmark_counters_tabular=true \
    --benchmark_filter=sigmoid_784
fi

if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  for peer in bench/peers/torch_*.py; do
    echo "== $(basename "$peer")"
    OMP_NUM_THREADS=1 /usr/bin/python3 "$peer"
    echo "== $(basename "$peer"), 2 threads"
    AEL_BENCH_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 "$peer"
  done
else
  echo "(PyTorch peers skipped: python3-torch is not installed; tools/bootstrap.sh bench installs it)"
fi
