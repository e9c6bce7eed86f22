#!/usr/bin/env bash
# DEAP vs AEL on the paper's GP problem, with one command:
#
#   bash bench/gp/run.sh [build-dir]
#
# Environment (defaults = the paper's settings):
#   POPULATION=300 GENERATIONS=200 SEEDS="1 2 3" TARGETS=0,1 THREADS=<nproc>
#   QUICK=1  -> POPULATION=100 GENERATIONS=20 SEEDS=1 (a smoke run of a minute)
# Needs Debian's python3-deap and python3-numpy (tools/bootstrap.sh bench installs them).
# Results: <build-dir>/bench-gp/results.jsonl and a summary on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$root/build}" 2>/dev/null && pwd || echo "${1:-$root/build}")
out="$build/bench-gp"
if [ "${QUICK:-0}" = 1 ]; then
  : "${POPULATION:=100}" "${GENERATIONS:=20}" "${SEEDS:=1}"
fi
population=${POPULATION:-300}
generations=${GENERATIONS:-200}
seeds=${SEEDS:-1 2 3}
targets=${TARGETS:-0,1}
threads=${THREADS:-$(nproc)}
# Debian's interpreter: python3-deap installs into its dist-packages.
python=/usr/bin/python3

if ! "$python" -c "import deap, numpy" 2>/dev/null; then
  echo "bench/gp: DEAP is missing: apt-get install -y python3-deap python3-numpy" >&2
  exit 1
fi

mkdir -p "$out"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j "${AEL_JOBS:-2}" --target ael ael_gp_engine >/dev/null
# The driver is built directly against libael and the engine library, so this script
# works whether or not bench/CMakeLists.txt includes bench/gp.
c++ -O3 -DNDEBUG -std=c++17 -march=native -Wall -Wextra \
  -I"$root/interpreter/include" -I"$root/plugins/gp" -isystem /usr/include/eigen3 \
  "$root/bench/gp/ael_gp_bench.cpp" "$build/lib/libael_gp_engine.a" \
  -L"$build/lib" -lael -Wl,-rpath,"$build/lib" -o "$out/ael_gp_bench"

"$python" "$root/bench/gp/prepare_data.py" --out "$out/data.csv"
results="$out/results.jsonl"
: >"$results"
common=(--data "$out/data.csv" --population "$population" --generations "$generations"
        --targets "$targets")
for seed in $seeds; do
  echo "bench/gp: seed $seed: DEAP..." >&2
  "$python" "$root/bench/gp/deap_bench.py" "${common[@]}" --seed "$seed" | tee -a "$results" >/dev/null
  echo "bench/gp: seed $seed: AEL (deap mode, 1 thread, $threads threads; ael mode)..." >&2
  "$out/ael_gp_bench" "${common[@]}" --seed "$seed" --mode deap --threads 1 >>"$results"
  if [ "$threads" != 1 ]; then
    "$out/ael_gp_bench" "${common[@]}" --seed "$seed" --mode deap --threads "$threads" >>"$results"
  fi
  "$out/ael_gp_bench" "${common[@]}" --seed "$seed" --mode deap --threads 1 \
    --precision float32 >>"$results"
  "$out/ael_gp_bench" "${common[@]}" --seed "$seed" --mode ael --threads 1 >>"$results"
done
"$out/ael_gp_bench" --data "$out/data.csv" --micro --precision float64 >>"$results"
"$out/ael_gp_bench" --data "$out/data.csv" --micro --precision float32 >>"$results"
"$python" "$root/bench/gp/compare.py" "$results"
