#!/usr/bin/env bash
# Builds Shoal's libFuzzer targets (preset `fuzz`: clang, ASan, UBSan, LeakSanitizer) and runs
# each on a fresh copy of its seed corpus (fuzz/corpus/TARGET) in fuzz/corpus-work/TARGET,
# several targets at once (one a CPU). Prints executions, exec/s, coverage (libFuzzer's cov: and
# ft:) and corpus size per target; exits non-zero if any target found a crash, a sanitizer
# report, a leak or a timeout, naming the reproducer. See docs/fuzzing.md.
#   scripts/fuzz.sh short [TARGET...]          45 s a target, about 3 minutes of fuzzing in all
#   scripts/fuzz.sh long [SECONDS] [TARGET...] SECONDS a target (default 1800)
#   SHOAL_FUZZ_SECONDS=N    overrides the time per target of either mode
#   SHOAL_FUZZ_JOBS=N       targets run at the same time (default: the number of CPUs)
#   SHOAL_FUZZ_BUILD_DIR=D  build in D instead of the preset's build/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: $0 short [TARGET...] | long [SECONDS] [TARGET...]" >&2
    exit 2
}

mode=${1:-}
[[ $mode == short || $mode == long ]] || usage
shift
seconds=
if [[ $mode == long ]]; then
    seconds=1800
    if [[ ${1:-} =~ ^[0-9]+$ ]]; then
        seconds=$1
        shift
    fi
fi
wanted=("$@")

scripts/deps.sh test
build_dir=${SHOAL_FUZZ_BUILD_DIR:-build/fuzz}
cmake --preset fuzz -B "$build_dir" >/dev/null
cmake --build "$build_dir" --target shoal_fuzzers -j "$(nproc)"

build=$build_dir/fuzz
work=fuzz/corpus-work
declare -a targets=() dicts=()
while read -r name dict; do
    [[ -n $name ]] || continue
    if ((${#wanted[@]} > 0)) && [[ " ${wanted[*]} " != *" $name "* ]]; then
        continue
    fi
    targets+=("$name")
    dicts+=("${dict:-}")
done <"$build/targets.txt"
((${#targets[@]} > 0)) || { echo "no fuzz target matches: ${wanted[*]}" >&2; exit 2; }

jobs=${SHOAL_FUZZ_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "SHOAL_FUZZ_JOBS is not a positive number" >&2; exit 2; }
((jobs > ${#targets[@]})) && jobs=${#targets[@]}
if [[ -n ${SHOAL_FUZZ_SECONDS:-} ]]; then
    seconds=$SHOAL_FUZZ_SECONDS
elif [[ $mode == short ]]; then
    # CI's share: about 3 minutes of fuzzing wall time, 10 to 60 s a target.
    seconds=$((180 * jobs / ${#targets[@]}))
    ((seconds > 60)) && seconds=60
    ((seconds < 10)) && seconds=10
fi

# Leaks are bugs too; UBSan stops at the first report so libFuzzer keeps the input.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_LOGGING_RULES="shoal.*=false"

# A target's state folder is /tmp/shoal-fuzz-<name without fuzz_>. Targets that write files
# (CacheStore fsyncs several times per input) run ten times faster with it on tmpfs, so it
# becomes a link into /dev/shm where that is a tmpfs.
state_on_tmpfs() {
    local state=/tmp/shoal-fuzz-${1#fuzz_} memory=/dev/shm/shoal-fuzz-${1#fuzz_}
    [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]] || return 0
    [[ -L $state ]] && return 0
    rm -rf "$state"
    mkdir -p "$memory"
    ln -s "$memory" "$state"
}

# field NAME LINE: the value after "NAME:" in a libFuzzer status line.
field() {
    sed -n "s/.* $1: *\([0-9]*\).*/\1/p" <<<"$2"
}

# run_target INDEX: one libFuzzer run; writes the target's table row to $work/NAME.row and
# "ok" or "failed" to $work/NAME.status.
run_target() {
    local name=${targets[$1]} dict=${dicts[$1]}
    local corpus=$work/$name artifacts=$work/artifacts/$name log=$work/$name.log
    rm -rf "$corpus" "$artifacts"
    state_on_tmpfs "$name"
    mkdir -p "$corpus" "$artifacts"
    if [[ -d fuzz/corpus/$name ]]; then
        cp -r "fuzz/corpus/$name/." "$corpus/"
    fi
    local options=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560
        -print_final_stats=1 -artifact_prefix="$artifacts/")
    [[ -n $dict ]] && options+=(-dict="$dict")

    echo "== $name: $seconds s on $(ls "$corpus" | wc -l) seeds"
    local status=0
    "$build/$name" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?

    local last execs rate files bytes result=ok reproducer
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    if ((status != 0)); then
        reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        result="FAILED (exit $status) reproducer: ${reproducer:-none written}"
    fi
    printf '%-18s %10s %8s %6s %7s %8s %8s  %s\n' "$name" "${execs:-?}" "${rate:-?}" \
        "$(field cov "$last")" "$(field ft "$last")" "$files" "$bytes" "$result" >"$work/$name.row"
    if ((status != 0)); then echo failed; else echo ok; fi >"$work/$name.status"
}

mkdir -p "$work"
for name in "${targets[@]}"; do
    rm -f "$work/$name.row" "$work/$name.status"
done
started=$(date +%s)
running=0
for index in "${!targets[@]}"; do
    if ((running >= jobs)); then
        wait -n || true
        running=$((running - 1))
    fi
    run_target "$index" &
    running=$((running + 1))
done
wait || true
elapsed=$(($(date +%s) - started))

failed=()
summary=$work/last-run.txt
printf '%-18s %10s %8s %6s %7s %8s %8s  %s\n' target execs exec/s cov ft corpus bytes result \
    >"$summary"
for name in "${targets[@]}"; do
    if [[ $(cat "$work/$name.status" 2>/dev/null) != ok ]]; then
        failed+=("$name")
        echo "---- $name: last lines of $work/$name.log"
        tail -n 60 "$work/$name.log" 2>/dev/null || echo "(no log: the run did not start)"
        echo "----"
    fi
    cat "$work/$name.row" 2>/dev/null >>"$summary" ||
        printf '%-18s %s\n' "$name" "FAILED (no result)" >>"$summary"
done

echo
echo "scripts/fuzz.sh $mode: $seconds s per target, $jobs at a time, $elapsed s of fuzzing," \
    "$(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD)"
cat "$summary"
if ((${#failed[@]} > 0)); then
    echo "fuzzing found problems in: ${failed[*]} (logs and reproducers in $work/)" >&2
    exit 1
fi
