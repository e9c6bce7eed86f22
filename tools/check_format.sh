#!/usr/bin/env bash
# Fails when a tracked C/C++ file differs from .clang-format, using the pinned
# clang-format (14, Debian bookworm's): other versions format some constructs differently.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$tool" >/dev/null; then
  echo "check_format: $tool not found (tools/bootstrap.sh installs clang-format-14)" >&2
  exit 1
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "check_format: not a git checkout; nothing to check" >&2
  exit 0
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')
# One pass over all files (fast); only when it fails, find the files that differ.
if printf '%s\0' "${files[@]}" | xargs -0 -n 64 -P "$(nproc)" "$tool" --dry-run -Werror \
  >/dev/null 2>&1; then
  echo "check_format: ${#files[@]} files formatted"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! "$tool" --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check_format: ${#bad[@]} file(s) differ from .clang-format (fix: $tool -i FILE):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
