# Shared plumbing for Shoal's script tests: a private temporary folder, processes started and
# stopped by PID only, one cleanup trap that undoes everything a test did (even when it fails),
# free ports, logging and the skip convention (exit 77, which CMake maps with SKIP_RETURN_CODE).
#
# A test sources this file first, then calls `shoal_test_begin NAME`. SHOAL_KEEP_TMP=1 keeps the
# temporary folder (logs, state, configurations) for a look after the run. Everything it starts goes
# through `shoal_spawn`, everything it creates outside its temporary folder is undone by a command
# it registers with `shoal_on_exit`.

set -uo pipefail

SHOAL_TEST_NAME=unnamed
SHOAL_TMP=
SHOAL_FAILURES=0
SHOAL_CHECKS=0
SHOAL_PIDS=()
SHOAL_EXIT_COMMANDS=()

shoal_log() {
    printf '[%s %s] %s\n' "$(date +%H:%M:%S.%3N)" "$SHOAL_TEST_NAME" "$*"
}

# shoal_test_begin NAME: temporary folder, cleanup trap, and a check that the binaries exist.
shoal_test_begin() {
    SHOAL_TEST_NAME=$1
    SHOAL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/shoal-$1.XXXXXX")
    trap shoal_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    shoal_log "temporary folder $SHOAL_TMP"
}

# shoal_skip REASON: the test cannot run here; CTest reports it as skipped, not passed.
shoal_skip() {
    shoal_log "SKIPPED: $*"
    exit 77
}

# shoal_abort REASON: a failure after which the rest of the test makes no sense.
shoal_abort() {
    shoal_log "ABORTED: $*"
    SHOAL_FAILURES=$((SHOAL_FAILURES + 1))
    exit 1
}

shoal_require_tool() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || shoal_skip "$tool is not installed (scripts/deps.sh test)"
    done
}

shoal_require_root() {
    [[ $(id -u) -eq 0 ]] || shoal_skip "needs root to create network namespaces"
}

# shoal_on_exit COMMAND...: runs at exit, most recent first.
shoal_on_exit() {
    SHOAL_EXIT_COMMANDS+=("$*")
}

# shoal_spawn OUTVAR LOGFILE COMMAND...: starts COMMAND in the background with its output in
# LOGFILE and stores its PID in OUTVAR. The cleanup trap stops it (and its children) by PID.
shoal_spawn() {
    local -n spawn_pid=$1
    local logfile=$2
    shift 2
    "$@" >"$logfile" 2>&1 &
    spawn_pid=$!
    SHOAL_PIDS+=("$spawn_pid")
}

# Lists PID and every descendant of it (children first found through their parent PID).
shoal_pid_tree() {
    local pid=$1 child
    echo "$pid"
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
        shoal_pid_tree "$child"
    done
}

shoal_pid_alive() {
    kill -0 "$1" 2>/dev/null && [[ $(ps -o stat= -p "$1" 2>/dev/null) != Z* ]]
}

# shoal_stop PID [SIGNAL]: signals PID, waits up to 10 s for it and its children to exit, then
# kills what is left. Sets SHOAL_LAST_STATUS to PID's exit status when it was our child.
shoal_stop() {
    local pid=$1 signal=${2:-TERM} tree tries
    SHOAL_LAST_STATUS=
    tree=$(shoal_pid_tree "$pid")
    kill "-$signal" "$pid" 2>/dev/null
    for ((tries = 0; tries < 100; tries++)); do
        shoal_pid_alive "$pid" || break
        sleep 0.1
    done
    for pid_left in $tree; do
        shoal_pid_alive "$pid_left" && kill -KILL "$pid_left" 2>/dev/null
    done
    wait "$pid" 2>/dev/null
    SHOAL_LAST_STATUS=$?
    return 0
}

# shoal_signal_tree PID SIGNAL: sends SIGNAL to PID and all its descendants (SIGSTOP/SIGCONT to
# freeze a server whose worker is a child process).
shoal_signal_tree() {
    local pid
    for pid in $(shoal_pid_tree "$1"); do
        kill "-$2" "$pid" 2>/dev/null
    done
}

shoal_cleanup() {
    local status=$? index pid
    trap - EXIT
    for pid in "${SHOAL_PIDS[@]}"; do
        shoal_signal_tree "$pid" CONT
        shoal_pid_alive "$pid" && shoal_stop "$pid"
    done
    for ((index = ${#SHOAL_EXIT_COMMANDS[@]} - 1; index >= 0; index--)); do
        eval "${SHOAL_EXIT_COMMANDS[index]}" || true
    done
    if [[ $status -ne 0 && $status -ne 77 && -n $SHOAL_TMP ]]; then
        shoal_dump_logs
    fi
    if [[ ${SHOAL_KEEP_TMP:-0} == 1 ]]; then
        shoal_log "kept $SHOAL_TMP (SHOAL_KEEP_TMP=1)"
    elif [[ -n $SHOAL_TMP ]]; then
        rm -rf "$SHOAL_TMP"
    fi
    exit "$status"
}

# On failure, the tail of every log the test wrote, so the CTest output explains itself.
shoal_dump_logs() {
    local file
    for file in "$SHOAL_TMP"/*.log; do
        [[ -f $file ]] || continue
        echo "----- last lines of $(basename "$file") -----"
        tail -n 40 "$file"
    done
}

# shoal_test_end: exit status from the checks made so far.
shoal_test_end() {
    if ((SHOAL_FAILURES > 0)); then
        shoal_log "FAILED: $SHOAL_FAILURES of $SHOAL_CHECKS checks"
        exit 1
    fi
    shoal_log "PASSED: $SHOAL_CHECKS checks"
    exit 0
}

# shoal_free_port ADDRESS [NETNS]: a port free for both UDP and TCP on ADDRESS.
shoal_free_port() {
    local address=$1 netns=${2:-} port tries
    local -a run=()
    [[ -n $netns ]] && run=(ip netns exec "$netns")
    for ((tries = 0; tries < 200; tries++)); do
        port=$((20000 + RANDOM % 40000))
        if [[ -z $("${run[@]}" ss -Hlnua "( sport = :$port )" 2>/dev/null) ]] &&
            [[ -z $("${run[@]}" ss -Hlnta "( sport = :$port )" 2>/dev/null) ]]; then
            echo "$port"
            return 0
        fi
    done
    shoal_abort "no free port on $address"
}

# shoal_wait_until TIMEOUT_SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds or
# TIMEOUT_SECONDS have passed (a bound for liveness, never a measured duration).
shoal_wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 0.2
    done
    return 1
}
