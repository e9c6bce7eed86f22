#!/usr/bin/env bash
# AEL's de plugin vs pagmo2's DE, with one command:
#
#   bash bench/de_vs_pagmo/run.sh [build-dir] [driver options...]
#
# Configures <build-dir> (default: build) with -DAEL_BUILD_BENCH=ON, builds only libael,
# the de plugin and ael_de_vs_pagmo, then prints the table (see de_vs_pagmo.cpp).
# Environment (defaults in brackets):
#   SEEDS [10] REPEATS [2] THREADS [1,<nproc>] POPULATION [20] AE_GENERATIONS [2000]
#   RASTRIGIN_GENERATIONS [2000] PRECISION [float64,float32] OBJECTIVES [ae,rastrigin,null]
#   MICRO [200000] (bare evaluations timed first; 0 skips) AEL_JOBS [2]
#   QUICK=1 -> SEEDS=1 REPEATS=1 AE_GENERATIONS=500 RASTRIGIN_GENERATIONS=300
# Needs Debian's libpagmo-dev and libtbb-dev (tools/bootstrap.sh bench installs them).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$root/build
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  build=$1
  shift
fi
if [ "${QUICK:-0}" = 1 ]; then
  : "${SEEDS:=1}" "${REPEATS:=1}" "${AE_GENERATIONS:=500}" "${RASTRIGIN_GENERATIONS:=300}"
fi

if ! dpkg -s libpagmo-dev >/dev/null 2>&1; then
  echo "bench/de_vs_pagmo: pagmo2 is missing: apt-get install -y libpagmo-dev libtbb-dev" >&2
  exit 1
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAEL_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j "${AEL_JOBS:-2}" --target ael ael_plugin_de ael_de_vs_pagmo >/dev/null

"$build/bin/ael_de_vs_pagmo" \
  --plugin-dir "$build/plugins" \
  --seeds "${SEEDS:-10}" --repeats "${REPEATS:-2}" \
  --threads "${THREADS:-1,$(nproc)}" \
  --population "${POPULATION:-20}" \
  --ae-generations "${AE_GENERATIONS:-2000}" \
  --rastrigin-generations "${RASTRIGIN_GENERATIONS:-2000}" \
  --precision "${PRECISION:-float64,float32}" \
  --objectives "${OBJECTIVES:-ae,rastrigin,null}" \
  --micro "${MICRO:-200000}" \
  "$@"
