#!/usr/bin/env bash
# AEL's de plugin vs pagmo2's DE, with one command:
#
#   bash bench/de_vs_pagmo/run.sh [build-dir] [driver options...]
#
# Configures <build-dir> (default: build) with -DAEL_BUILD_BENCH=ON, builds only libael,
# the de plugin and bench_de_vs_pagmo, then prints the table (see de_vs_pagmo.cpp).
# Environment (defaults in brackets):
#   SEEDS [5] REPEATS [3] THREADS [1,<nproc>] POPULATION [20] AE_GENERATIONS [5000]
#   RASTRIGIN_GENERATIONS [3000] PRECISION [float64,float32] AEL_JOBS [2]
#   QUICK=1 -> SEEDS=1 REPEATS=1 AE_GENERATIONS=500 RASTRIGIN_GENERATIONS=300
# Needs Debian's libpagmo-dev and libtbb-dev (tools/bootstrap.sh bench installs them).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
[ $# -gt 0 ] && shift
if [ "${QUICK:-0}" = 1 ]; then
  : "${SEEDS:=1}" "${REPEATS:=1}" "${AE_GENERATIONS:=500}" "${RASTRIGIN_GENERATIONS:=300}"
fi

if ! dpkg -s libpagmo-dev >/dev/null 2>&1; then
  echo "bench/de_vs_pagmo: pagmo2 is missing: apt-get install -y libpagmo-dev libtbb-dev" >&2
  exit 1
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAEL_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j "${AEL_JOBS:-2}" --target ael ael_plugin_de bench_de_vs_pagmo >/dev/null

"$build/bin/bench_de_vs_pagmo" \
  --plugin-dir "$build/plugins" \
  --seeds "${SEEDS:-5}" --repeats "${REPEATS:-3}" \
  --threads "${THREADS:-1,$(nproc)}" \
  --population "${POPULATION:-20}" \
  --ae-generations "${AE_GENERATIONS:-5000}" \
  --rastrigin-generations "${RASTRIGIN_GENERATIONS:-3000}" \
  --precision "${PRECISION:-float64,float32}" \
  --micro 200000 \
  "$@"
