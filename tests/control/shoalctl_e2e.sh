#!/usr/bin/env bash
# shoalctl against the real shoald: start the daemon on loopback with a control socket in a
# temporary directory, read its state, flush as root, be refused as nobody, and find the daemon
# gone once it is stopped. The upstream is a loopback port where nothing answers.
set -euo pipefail

bin=${SHOAL_BINARY_DIR:?set by ctest}
shoald=$bin/service/shoald
shoalctl=$bin/ctl/shoalctl
tmp=$(mktemp -d)
chmod 755 "$tmp"
daemon_pid=
cleanup() {
    if [[ -n $daemon_pid ]]; then
        kill "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    [[ -f $tmp/shoald.log ]] && sed 's/^/shoald: /' "$tmp/shoald.log" >&2
    exit 1
}

port=$((20000 + RANDOM % 20000))
socket=$tmp/run/control
"$shoald" --listen "127.0.0.1:$port" --upstream "127.0.0.1:$((port + 1))" \
    --state-dir "$tmp/state" --control "$socket" >"$tmp/shoald.log" 2>&1 &
daemon_pid=$!

for _ in $(seq 100); do
    [[ -S $socket ]] && break
    kill -0 "$daemon_pid" 2>/dev/null || fail "shoald exited"
    sleep 0.1
done
[[ -S $socket ]] || fail "no control socket at $socket"

out=$("$shoalctl" --socket "$socket" status) || fail "status exited $?"
grep -q "^shoald " <<<"$out" || fail "status output: $out"
"$shoalctl" --socket "$socket" --json status | grep -q '"version"' || fail "status --json"
"$shoalctl" --socket "$socket" groups >/dev/null || fail "groups"
"$shoalctl" --socket "$socket" peers >/dev/null || fail "peers"
"$shoalctl" --socket "$socket" cache >/dev/null || fail "cache"
"$shoalctl" --socket "$socket" counters | grep -q "control.connections" || fail "counters"
"$shoalctl" --socket "$socket" flush | grep -q "^Removed " || fail "flush as root"

if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
    as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    "${as_nobody[@]}" "$shoalctl" --socket "$socket" status >/dev/null || fail "status as nobody"
    rc=0
    "${as_nobody[@]}" "$shoalctl" --socket "$socket" flush 2>/dev/null || rc=$?
    [[ $rc == 4 ]] || fail "flush as nobody exited $rc, not 4"
fi

# Ctrl-C at the passphrase prompt: shoalctl dies of the signal and the terminal echoes again.
# script(1) gives it a terminal; its standard input stays open (sleep) so that no end of input
# reaches the prompt first.
if command -v script >/dev/null; then
    sleep 4 | script -qec "sh -c '(sleep 1; kill -INT \$\$) & exec $shoalctl --socket $socket join lab'
        echo \"status=\$?\"; stty -a" "$tmp/typescript" >"$tmp/prompt.out" 2>&1 || true
    grep -q "Passphrase for group lab" "$tmp/prompt.out" || fail "no prompt: $(cat "$tmp/prompt.out")"
    grep -q "status=130" "$tmp/prompt.out" || fail "Ctrl-C at the prompt: $(cat "$tmp/prompt.out")"
    tr ' ;' '\n\n' <"$tmp/prompt.out" | grep -qx -- 'echo' ||
        fail "the terminal was left without echo after Ctrl-C at the prompt"
fi

kill "$daemon_pid"
wait "$daemon_pid" || true
daemon_pid=
rc=0
"$shoalctl" --socket "$socket" status 2>"$tmp/err" || rc=$?
[[ $rc == 3 ]] || fail "status without a daemon exited $rc, not 3"
grep -q "shoald is not running" "$tmp/err" || fail "message: $(cat "$tmp/err")"
echo "shoalctl end-to-end: ok"
