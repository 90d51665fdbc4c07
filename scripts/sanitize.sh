#!/usr/bin/env bash
# Builds everything with clang, AddressSanitizer (with LeakSanitizer) and UBSan, plus libFuzzer
# instrumentation, in build-fuzz/, and runs the test suite there (the browser test aside).
# scripts/fuzz.sh then runs the fuzz targets from the same build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-fuzz

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && SUDO="" || SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev
fi
# -O1 keeps the instrumented build quick to compile and run; line tables are enough for reports.
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" -DSASAE_FUZZ=ON -DBUILD_TESTING=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$BUILD"
ctest --output-on-failure -j 2 -E "e2e_browser"
