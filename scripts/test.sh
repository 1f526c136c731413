#!/usr/bin/env bash
# Builds Shoal and runs the whole test suite: the debug build (warnings are errors) under ctest,
# then the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer, then a short
# run of every fuzzer. Installs missing dependencies first. This is what CI runs.
#   scripts/test.sh                  everything
#   SHOAL_QUICK=1 scripts/test.sh    the debug suite only (for a quick local check)
#
# The suites spend most of their time waiting on sockets and timers, so the next build runs
# beside each suite (the sanitizer build beside the debug tests, the fuzzers' build beside the
# sanitizer tests). From a fresh clone on a new two-core machine, apt installs included, the
# whole run took 21 minutes (2026-12-04). The tests assert no timings, so the extra load
# changes only how long they take.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

jobs=$(nproc)
logs=build/test-logs
mkdir -p "$logs"
failed=()

build() {
    local preset=$1
    shift
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs" "$@"
}

# Starts the ctest suite of a preset in the background; its output goes to a log that
# finish_suite prints.
start_suite() {
    local preset=$1
    ctest --preset "$preset" -j "$jobs" --output-on-failure --timeout 900 \
        >"$logs/ctest-$preset.log" 2>&1 &
    suite_pid=$!
}

finish_suite() {
    local preset=$1 pid=$2
    local status=0
    wait "$pid" || status=$?
    echo "=== ctest --preset $preset"
    cat "$logs/ctest-$preset.log"
    ((status == 0)) || failed+=("ctest --preset $preset")
}

build debug
start_suite debug
debug_pid=$suite_pid

if [[ "${SHOAL_QUICK:-0}" == 1 ]]; then
    finish_suite debug "$debug_pid"
else
    build_status=0
    build asan >"$logs/build-asan.log" 2>&1 || build_status=$?
    finish_suite debug "$debug_pid"
    echo "=== build asan"
    tail -n 40 "$logs/build-asan.log"
    if ((build_status != 0)); then
        failed+=("cmake --build --preset asan")
    else
        start_suite asan
        asan_pid=$suite_pid
        fuzz_status=0
        build fuzz --target shoal_fuzzers >"$logs/build-fuzz.log" 2>&1 || fuzz_status=$?
        finish_suite asan "$asan_pid"
        echo "=== build fuzz"
        tail -n 20 "$logs/build-fuzz.log"
        if ((fuzz_status != 0)); then
            failed+=("cmake --build --preset fuzz")
        elif ! scripts/fuzz.sh short; then
            failed+=("scripts/fuzz.sh short")
        fi
    fi
fi

if ((${#failed[@]} > 0)); then
    printf 'FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "All suites passed."
