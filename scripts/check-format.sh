#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format (Debian's clang-format 14).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
