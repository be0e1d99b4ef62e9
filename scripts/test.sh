#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole suite through ctest,
# twice: a gcc Release build, then a clang one with AddressSanitizer +
# UndefinedBehaviorSanitizer, whose directory the fuzzers then reuse.
# Exits non-zero on any failure. GATEWAY_TEST_SANITIZE=0 skips the second pass.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc)

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

echo "== format check (clang-format, .clang-format)"
bash scripts/check-format.sh

echo "== module structure (no cycles; Asio, Xerces, SQLite in their modules)"
bash scripts/check-includes.sh

# Release: the same flags as the README run command, so its build is what CI checks.
echo "== build and test (Release)"
run_suite build/test -DCMAKE_BUILD_TYPE=Release

# The soak's short version: mixed and hostile load with a kill -9 in the
# middle, on the Release build (bench/soak.sh; 30 minutes when run by hand).
echo "== soak, ${SOAK_SECONDS:-150} s (bench/soak.sh)"
DURATION=${SOAK_SECONDS:-150} bash bench/soak.sh build/test

# One clang build serves the sanitizer pass and the fuzzers (scripts/fuzz.sh
# builds its targets in the same directory, scripts/sanitizer-build.sh
# configures it for both): everything compiled once more, not twice more.
# gcc's warnings were checked by the Release build above.
if [ "${GATEWAY_TEST_SANITIZE:-1}" != 0 ]; then
  echo "== build (clang) and test with AddressSanitizer + UBSan"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  dir=$(bash scripts/sanitizer-build.sh)
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
fi

echo "== fuzz the message readers and the HTTP layer (libFuzzer, clang, ${FUZZ_SECONDS:-30} s each)"
bash scripts/fuzz.sh
