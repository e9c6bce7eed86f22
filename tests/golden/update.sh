#!/bin/sh
# Regenerates errors/*.expected from the current binary. Read every diff before
# committing: a changed message must be a better message.
#   tests/golden/update.sh build/bin/ael
set -eu
ael=$(realpath "${1:-build/bin/ael}")
cd "$(dirname "$0")"
for f in errors/*.ael; do
  name=${f%.ael}
  env -u AEL_PATH -u AEL_QUICK NO_COLOR=1 "$ael" run "$f" >/dev/null 2>"$name.expected" || true
done
