#!/usr/bin/env bash
# Builds Shoal and runs the whole test suite: the debug build (warnings are errors) under ctest,
# then the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer, then a short
# run of every fuzzer. Installs missing dependencies first. This is what CI runs.
#   scripts/test.sh            everything
#   SHOAL_QUICK=1 scripts/test.sh   the debug suite only (for a quick local check)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

jobs=$(nproc)
run_suite() {
    local preset=$1
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    ctest --preset "$preset" -j "$jobs" --output-on-failure --timeout 900
}

run_suite debug
if [[ "${SHOAL_QUICK:-0}" != 1 ]]; then
    run_suite asan
    if [[ -x scripts/fuzz.sh ]]; then
        scripts/fuzz.sh short
    fi
fi
