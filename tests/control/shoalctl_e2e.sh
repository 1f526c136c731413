#!/usr/bin/env bash
# shoalctl against the real shoald: start the daemon on loopback with a control socket in a
# temporary directory, read its state, flush as root, be refused as nobody, and find the daemon
# gone once it is stopped. The upstream is a dnsmasq on loopback that answers every name under
# e2e.test with 192.0.2.80, so the cache has entries to list.
set -euo pipefail

bin=${SHOAL_BINARY_DIR:?set by ctest}
shoald=$bin/service/shoald
shoalctl=$bin/ctl/shoalctl
tmp=$(mktemp -d)
chmod 755 "$tmp"
daemon_pid=
upstream_pid=
cleanup() {
    local pid
    for pid in $daemon_pid $upstream_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
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
dnsmasq -k --no-resolv --no-hosts --port="$((port + 1))" --listen-address=127.0.0.1 \
    --bind-interfaces --address=/e2e.test/192.0.2.80 --local-ttl=300 --user="$(id -un)" \
    --log-facility=- >"$tmp/dnsmasq.log" 2>&1 &
upstream_pid=$!
"$shoald" --listen "127.0.0.1:$port" --upstream "127.0.0.1:$((port + 1))" \
    --state-dir "$tmp/state" --control "$socket" --peer-interface lo >"$tmp/shoald.log" 2>&1 &
daemon_pid=$!

for _ in $(seq 100); do
    [[ -S $socket ]] && break
    kill -0 "$daemon_pid" 2>/dev/null || fail "shoald exited"
    sleep 0.1
done
[[ -S $socket ]] || fail "no control socket at $socket"
for _ in $(seq 50); do
    [[ $(dig @127.0.0.1 -p "$port" +tries=1 +time=1 +short www.e2e.test A) == 192.0.2.80 ]] && break
    sleep 0.1
done
dig @127.0.0.1 -p "$port" +tries=1 +time=2 +short mail.e2e.test A | grep -qx 192.0.2.80 ||
    fail "shoald does not resolve through dnsmasq"

# The cache as a table and as JSON, filtered by name.
out=$("$shoalctl" --socket "$socket" cache e2e) || fail "cache exited $?"
grep -Eq '^www\.e2e\.test\. +A +[0-9]+ +fresh +[0-9]+ +upstream +192\.0\.2\.80' <<<"$out" ||
    fail "cache table: $out"
grep -q "(entries 1-2 of 2)" <<<"$out" || fail "cache table footer: $out"
json=$("$shoalctl" --socket "$socket" --json cache mail)
[[ $(jq -r '.total' <<<"$json") == 1 ]] || fail "cache --json total: $json"
[[ $(jq -r '.entries[0].records[0].data' <<<"$json") == 192.0.2.80 ]] || fail "cache --json: $json"

# Joining an open group as root, seeing it as a table and as JSON, leaving it.
out=$("$shoalctl" --socket "$socket" join e2e --open) || fail "join exited $?"
[[ $out == "Joined group e2e." ]] || fail "join output: $out"
"$shoalctl" --socket "$socket" groups | grep -Eq '^e2e +239\.255\.[0-9.]+ +15353 +open +0' ||
    fail "groups table: $("$shoalctl" --socket "$socket" groups)"
json=$("$shoalctl" --socket "$socket" --json groups)
[[ $(jq -r '.groups[] | select(.name == "e2e") | .keyed' <<<"$json") == false ]] ||
    fail "groups --json: $json"
"$shoalctl" --socket "$socket" leave e2e >/dev/null || fail "leave exited $?"
[[ $("$shoalctl" --socket "$socket" --json groups | jq '.groups | length') == 0 ]] ||
    fail "still in a group after leave"

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
