#!/usr/bin/env bash
# Trains the 1600 line AEs of the meta-autoencoder paper in AEL and in PyTorch (a loop over
# models, and all models stacked with bmm) on the same cores; prints times and ratios.
#   bash bench/poal/run.sh [build-dir]      THREADS=n (default: all cores)
set -euo pipefail
# Debian's interpreter: python3-torch installs into its dist-packages.
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
threads=${THREADS:-$(nproc)}
models=${MODELS:-1600}
ael=$(MODELS=$models "$build/bin/ael" run --threads "$threads" "$here/poal_train.ael")
torch=$(/usr/bin/python3 "$here/torch_poal.py" "$threads" "$models")
echo "$ael"
echo "$torch"
/usr/bin/python3 - "$ael" "$torch" <<'PY'
import json, sys
rows = [json.loads(l) for l in (sys.argv[1] + "\n" + sys.argv[2]).splitlines() if l.strip()]
t = {r["form"]: r["seconds"] for r in rows}
a = t["ael_parallel"]
print(f"AEL {a:.2f}s | PyTorch stacked (bmm) {t['torch_stacked']:.2f}s -> {t['torch_stacked'] / a:.1f}x | "
      f"PyTorch loop {t['torch_loop']:.1f}s -> {t['torch_loop'] / a:.1f}x")
PY
