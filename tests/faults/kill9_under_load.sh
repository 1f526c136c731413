#!/usr/bin/env bash
# kill -9 under load: a client loop resolves names shoald has never seen, one after another,
# while shoald is killed with SIGKILL. Restarted on the same state directory with the upstream
# gone, shoald must load its files without refusing anything (a torn journal tail is allowed),
# and still answer, from its cache alone, every name that was answered more than
# FLUSH_MARGIN_SECONDS before the kill (the journal is fsynced every 2 s). Names lost from the
# last seconds are counted and printed, not failed.
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin kill9_under_load
shoal_require_tool nsd nsd-control dig ss jq
faults_find_shoalctl

NAME_COUNT=2000
LOAD_SECONDS=8
# Clients resolving at once, each one name after another.
LOADERS=3
FLUSH_INTERVAL_SECONDS=2
# Entries older than this at the kill must have reached the journal: one flush interval, plus
# three for the flush that was running and for a loaded machine (a sanitizer build on two
# shared cores) that runs the flush timer late.
FLUSH_MARGIN_SECONDS=$((FLUSH_INTERVAL_SECONDS + 3))

LAB_ZONE_EXTRA=$(faults_load_zone n "$NAME_COUNT")

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
dns_target 127.0.0.1 "$port"
shoald_args=(--listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port"
    --state-dir "$SHOAL_TMP/state" --cache-flush-interval "${FLUSH_INTERVAL_SECONDS}s"
    --upstream-timeout 1s --recheck-interval 1s)

nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" "${shoald_args[@]}"

# One loader: every LOADERS-th name from FIRST on, in order, one dig after another; per reply
# "EPOCH-SECONDS NAME ADDRESS" (ADDRESS "none" when no address came back).
resolve_new_names() {
    local outfile=$1 first=$2 i name reply
    for ((i = first; i <= NAME_COUNT; i += LOADERS)); do
        name=$(printf 'n%04d' "$i")
        reply=$(dig "@127.0.0.1" -p "$port" +tries=1 +time=2 +short "$name.load.lab.test" A 2>/dev/null |
            grep -E '^[0-9.]+$' | head -n 1)
        printf '%s %s %s\n' "$EPOCHREALTIME" "$name" "${reply:-none}" >>"$outfile"
    done
}

shoal_log "--- resolving new names, then kill -9"
answered="$SHOAL_TMP/answered.txt"
: >"$answered"
loaders=()
for ((first = 1; first <= LOADERS; first++)); do
    resolve_new_names "$answered" "$first" &
    loaders+=("$!")
    SHOAL_PIDS+=("$!")
done
sleep "$LOAD_SECONDS"
killed_at=$EPOCHREALTIME
shoald_stop main KILL
expect_equal "shoald died of SIGKILL" 137 "$SHOAL_LAST_STATUS"
for loader in "${loaders[@]}"; do
    shoal_stop "$loader"
done
nsd_stop lab

# Names answered with the right address before the kill, and how long before it.
before_kill="$SHOAL_TMP/before-kill.txt"
while read -r at name address; do
    [[ $address == "$(faults_load_address "$name")" ]] || continue
    awk -v at="$at" -v killed="$killed_at" 'BEGIN { if (at < killed) printf "%.3f\n", killed - at }' |
        while read -r age; do echo "$name $age"; done
done <"$answered" >"$before_kill"
resolved=$(wc -l <"$before_kill")
shoal_log "names resolved before the kill: $resolved"
shoal_check "the load resolved names before the kill ($resolved)" test "$resolved" -gt 10

shoal_log "--- restart on the same state directory, upstream gone"
ls -l "$SHOAL_TMP/state" | sed 's/^/    /'
shoald_start main "" "${shoald_args[@]}"
expect_equal "cache.load-rejected after the crash" 0 "$(faults_counter main cache.load-rejected)"
torn=$(faults_counter main cache.load-torn)
loaded=$(faults_counter main cache.loaded)
shoal_log "cache.loaded=$loaded cache.load-torn=$torn (a torn journal tail is allowed)"
shoal_check "the torn tail, if any, is the journal's only ($torn file)" test "${torn:-9}" -le 1

# One dig for all of them (-f): "NAME ADDRESS" of every A record that came back.
cut -d ' ' -f 1 "$before_kill" | sed 's/$/.load.lab.test A/' >"$SHOAL_TMP/batch.txt"
dig @127.0.0.1 -p "$port" +tries=1 +time=3 +noall +answer -f "$SHOAL_TMP/batch.txt" 2>&1 |
    awk '$4 == "A" { split($1, labels, "."); print labels[1], $5 }' >"$SHOAL_TMP/after-restart.txt"
shoald_check_running "the batch of names resolved before the kill"
lost=0
lost_old=0
lost_names=()
while read -r name age; do
    grep -qx "$name $(faults_load_address "$name")" "$SHOAL_TMP/after-restart.txt" && continue
    lost=$((lost + 1))
    lost_names+=("$name(${age}s)")
    awk -v age="$age" -v margin="$FLUSH_MARGIN_SECONDS" 'BEGIN { exit !(age > margin) }' &&
        lost_old=$((lost_old + 1))
done <"$before_kill"
shoal_log "lost: $lost of $resolved names resolved before the kill${lost_names[*]:+: ${lost_names[*]}}"
expect_equal "every name resolved more than ${FLUSH_MARGIN_SECONDS} s before the kill survived" \
    0 "$lost_old"
expect_equal "counter dns.answers.upstream after the restart (all from the cache)" 0 \
    "$(faults_counter main dns.answers.upstream)"

expect_shoald_alive main
shoal_test_end
