#!/usr/bin/env bash
# One entry point for a fresh machine: install what is missing, build, then run
# the flagship demo, the test suite, the sanitizer suite or the benchmarks.
#
#   tools/bootstrap.sh demo       set up, build (Release), run the flagship demo
#   tools/bootstrap.sh test       set up, build (Release), run the whole test suite
#   tools/bootstrap.sh sanitize   set up, build with ASan+UBSan, run the unit tests
#   tools/bootstrap.sh bench      set up (plus the benchmark peers), build, run bench/
#   tools/bootstrap.sh deps       only install what is missing
#
# The installer is idempotent and quiet when everything is present.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
jobs=${AEL_JOBS:-$(nproc)}

# Debian packages the build and the tests need.
core_packages=(
  g++ cmake make pkg-config default-jre-headless antlr4 libantlr4-runtime-dev
  libeigen3-dev libboost-dev libboost-filesystem-dev liblua5.4-dev
  libgtest-dev libgmock-dev libcli11-dev nlohmann-json3-dev libfmt-dev libedit-dev
  zlib1g-dev gnuplot-nox dataset-fashion-mnist clang-format-14 git
  python3-dev pybind11-dev python3-numpy lua5.4
)
# The sanitizer and fuzz builds use clang's runtimes.
sanitize_packages=(clang libclang-rt-14-dev)
# Benchmark peers: PyTorch (on OpenBLAS), DEAP, pagmo2; jemalloc for a PyTorch run that
# keeps freed pages (bench/mmd/run.sh).
bench_packages=(python3-torch libopenblas0-openmp python3-deap python3-numpy libpagmo-dev
  libtbb-dev hyperfine libjemalloc2)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
      || printf '%s\n' "$p"
  done
}

ensure_packages() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "bootstrap: installing missing packages:" $missing
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

configure_and_build() { # build-dir, extra cmake args...
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    # AEL_UNITY: a clean build in batches of files (cmake/AelOptions.cmake; see its measurement).
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DAEL_UNITY=ON "$@" >/dev/null
  fi
  # Show warnings and errors, not the progress chatter; fail when the build fails.
  set +e
  cmake --build "$dir" -j "$jobs" 2>&1 \
    | grep --line-buffered -vE '^\[ *[0-9]+%\]|^-- |Consolidate compiler generated|Built target|Scanning dependencies'
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

cmd=${1:-}
case "$cmd" in
  deps)
    ensure_packages "${core_packages[@]}" "${sanitize_packages[@]}"
    ;;
  demo)
    ensure_packages "${core_packages[@]}"
    configure_and_build build
    ./build/bin/ael run scripts/demo.ael
    ;;
  test)
    ensure_packages "${core_packages[@]}"
    configure_and_build build
    (cd build && ctest --output-on-failure -j "$jobs" --timeout 900)
    ;;
  sanitize)
    ensure_packages "${core_packages[@]}" "${sanitize_packages[@]}"
    # -O1: what ASan recommends. -g0: debug info costs more than half the sanitizer build
    # (one batch of Eigen-heavy files: 102 s of CPU at -g1, 45 s at -g0); reports still
    # name the functions. For file:line in a report: AEL_SANITIZE_DEBUG=-g1.
    # clang, not g++: with ASan+UBSan it compiles AEL's Eigen-heavy files in 75% of g++'s
    # time (unary.cpp: 18.7 s against 24.8 s of CPU), the largest single saving of CI time.
    # The core's unit tests (not the CLI/pty, expression and GP-engine suites, which the
    # Release run covers) keep the CI run under 20 minutes on 2 cores.
    CC=clang CXX=clang++ \
      configure_and_build build-asan -DAEL_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 ${AEL_SANITIZE_DEBUG:--g0}" -DAEL_NATIVE=OFF \
      -DAEL_TEST_AREAS="syntax;eval;graph;io;data;model;population;plugins;optimizers;loss_plugins;host"
    (cd build-asan && ctest --output-on-failure -j "$jobs" --timeout 900 -L unit)
    ;;
  bench)
    ensure_packages "${core_packages[@]}" "${bench_packages[@]}"
    configure_and_build build -DAEL_BUILD_BENCH=ON
    bash bench/run_all.sh build
    ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test|sanitize|bench|deps" >&2
    exit 2
    ;;
esac
