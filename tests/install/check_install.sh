#!/usr/bin/env bash
# The installable package, end to end: install the build tree under a temporary prefix,
# move it (nothing may point back at the build or the prefix it was installed to), then
#   - the installed `ael` runs a script that imports the stdlib and trains with a plugin;
#   - examples/ builds out of tree with find_package(ael) and both hosts run;
#   - the C host builds with nothing but `pkg-config --cflags --libs ael`;
#   - the Python and Lua modules (when built) import and finds the stdlib;
#   - a C++ file that includes the SDK without the ABI define fails with the clear error.
#
#   check_install.sh <build-dir> <source-dir>
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/ael-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() { echo "check_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/staged" >/dev/null
mv "$work/staged" "$work/prefix"
prefix=$work/prefix

# 1. The installed interpreter, from a folder with no stdlib of its own.
mkdir "$work/run"
cat >"$work/run/train.ael" <<'AEL'
from std.stats import mean
model Tiny(x: 2) {
  out = x |> dense(1) |> dense(2)
}
let arc = points_on_circle(radius: 1, n: 64, from: 0, to: 3, seed: 1)
let m = train Tiny on arc {
  loss      = mse(out, x)
  optimizer = adam(lr: 0.01)
  epochs    = 3
  seed      = 1
}
print("installed-ok", mean([1, 3]), len(m.history))
AEL
out=$(cd "$work/run" && "$prefix/bin/ael" run train.ael 2>&1) || fail "installed ael failed: $out"
grep -q "installed-ok 2.0 3" <<<"$out" || fail "unexpected output from the installed ael: $out"

# 2. examples/ as a consumer project of the CMake package.
cmake -S "$src/examples" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer" -j 2 >/dev/null
(cd "$src" && "$work/consumer/ael_c_host" examples/c_host/script.ael >/dev/null) \
  || fail "the C host built with find_package(ael) failed"
(cd "$src" && "$work/consumer/ael_embed_example" examples/embed/script.ael) \
  | diff -q - "$src/examples/embed/expected_output.txt" >/dev/null \
  || fail "the C++ host built with find_package(ael) printed something else"

# 3. pkg-config alone.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pkg-config --exists ael || fail "pkg-config does not find ael"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -o "$work/c_host_pc" "$src/examples/c_host/main.c" \
   $(pkg-config --cflags --libs ael) -lm || fail "the C host does not build with pkg-config"
(cd "$src" && "$work/c_host_pc" examples/c_host/script.ael >/dev/null) \
  || fail "the C host built with pkg-config failed"

# 4. The Python module, when it was built, imports from the moved tree.
py=$(find "$prefix" -name 'ael.cpython-*.so' -print -quit)
if [ -n "$py" ]; then
  out=$(PYTHONPATH=$(dirname "$py") /usr/bin/python3 -c \
        'import ael; a = ael.Interpreter(); a.run_string("from std.stats import mean\nlet m = mean([2, 4])"); print(a["m"])' 2>&1) \
    || fail "the installed Python module failed: $out"
  [ "$out" = "3.0" ] || fail "the installed Python module printed: $out"
fi

# 5. The Lua module, the same way.
lua_mod=$(find "$prefix" -path '*/lua/5.4/ael.so' -print -quit)
if [ -n "$lua_mod" ] && command -v lua5.4 >/dev/null; then
  out=$(LUA_CPATH="$(dirname "$lua_mod")/?.so" lua5.4 -e \
        'local a = require("ael").open{}; a:run_string("from std.stats import mean\nlet m = mean([2, 4])"); print(a:get("m"))' 2>&1) \
    || fail "the installed Lua module failed: $out"
  [ "$out" = "3.0" ] || fail "the installed Lua module printed: $out"
fi

# 6. The ABI guard: Eigen's alignment must be the library's.
printf '#include <ael/tensor.hpp>\nint main() { return 0; }\n' >"$work/noabi.cpp"
if err=$(c++ -std=c++17 -I"$prefix/include" -I/usr/include/eigen3 -c "$work/noabi.cpp" \
         -o "$work/noabi.o" 2>&1); then
  fail "a C++ file without EIGEN_MAX_ALIGN_BYTES=64 compiled"
fi
grep -q "EIGEN_MAX_ALIGN_BYTES=64" <<<"$err" || fail "the ABI guard's message is missing: $err"
echo "check_install: installed, moved, and used from the CLI, CMake and pkg-config"
