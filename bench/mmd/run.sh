#!/usr/bin/env bash
# MMD forward+backward with the median heuristic, AEL against PyTorch, side by side:
#
#   bash bench/mmd/run.sh [build-dir]
#
# Batch 256, 1024 and 4096 of dimension 6 against as many standard-normal samples, float32,
# unbiased estimator, Gaussian kernel. AEL runs on one thread; PyTorch runs with
# torch.set_num_threads(THREADS) for each entry of THREADS (default "1 2"); the ratio is
# PyTorch time / AEL time (above 1: AEL is faster). First checks that both compute the
# same value and gradient (double, fixed data).
# PyTorch's CPU tensors come from malloc, so every step maps its large temporaries afresh
# and pays the page faults (AEL plans its buffers once); where first-touch page faults are
# slow this dominates PyTorch's time. When Debian's libjemalloc2 is installed, PyTorch
# also runs with jemalloc keeping freed pages ("torch+jemalloc"), the fairer comparison.
# Environment: BATCHES=256,1024,4096 THREADS="1 2" MIN_TIME=1.0 (seconds per measurement).
# Needs Debian's python3-torch (tools/bootstrap.sh bench).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$root/build}" 2>/dev/null && pwd || echo "${1:-$root/build}")
batches=${BATCHES:-256,1024,4096}
threads=${THREADS:-1 2}
min_time=${MIN_TIME:-1.0}
python=/usr/bin/python3

if ! "$python" -c "import torch" 2>/dev/null; then
  echo "bench/mmd: PyTorch is missing: apt-get install -y python3-torch" >&2
  exit 1
fi
if ! grep -q 'AEL_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAEL_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$build" -j "${AEL_JOBS:-2}" --target bench_mmd >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/bin/bench_mmd" --check "$out/check.txt"
"$python" "$root/bench/mmd/torch_mmd.py" --check "$out/check.txt"

"$build/bin/bench_mmd" --batches "$batches" --min-time "$min_time" | tee "$out/results.jsonl"
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
for t in $threads; do
  "$python" "$root/bench/mmd/torch_mmd.py" --threads "$t" --batches "$batches" \
    --min-time "$min_time" | tee -a "$out/results.jsonl"
  if [ -f "$jemalloc" ]; then
    LD_PRELOAD="$jemalloc" MALLOC_CONF="dirty_decay_ms:-1,muzzy_decay_ms:-1" \
      "$python" "$root/bench/mmd/torch_mmd.py" --threads "$t" --batches "$batches" \
      --min-time "$min_time" --label torch+jemalloc | tee -a "$out/results.jsonl"
  fi
done

"$python" - "$out/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ael = {r["batch"]: r["ms"] for r in rows if r["impl"] == "ael"}
peers = sorted({(r["impl"], r["threads"]) for r in rows if r["impl"] != "ael"})
print("\nMMD^2 forward+backward, median heuristic, d = 6, float32; AEL on 1 thread;")
print("ratio = peer time / AEL time")
print(f"{'batch':>6} {'AEL (ms)':>10}" + "".join(f" {f'{i} {t}thr (ms)':>24} {'ratio':>6}" for i, t in peers))
for batch in sorted(ael):
    line = f"{batch:>6} {ael[batch]:>10.3f}"
    for impl, t in peers:
        ms = next(r["ms"] for r in rows
                  if r["impl"] == impl and r["threads"] == t and r["batch"] == batch)
        line += f" {ms:>24.3f} {ms / ael[batch]:>6.2f}"
    print(line)
PY
