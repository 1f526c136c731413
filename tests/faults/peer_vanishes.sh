#!/usr/bin/env bash
# A peer vanishes while others ask: three shoald instances in one keyed group on loopback
# multicast (sharing off, so records move only as answers to Asks). A and C resolve a set of
# names through NSD; B's upstream is dead, so B asks the group for every name a client wants.
# While B's client goes through new names, A is killed with SIGKILL (no goodbye), later C too.
# Every reply B gives must come within dig's 3 s: the right data from whichever member is left,
# or, once none is, a fast SERVFAIL; never a hang.
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin peer_vanishes
shoal_require_tool nsd nsd-control dig ss jq
faults_find_shoalctl

NAME_COUNT=100
GROUP=faults

LAB_ZONE_EXTRA=$(faults_load_zone p "$NAME_COUNT")

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
dead_port=$(shoal_free_port 127.10.0.3)
peer_port=$(shoal_free_port 0.0.0.0)
nsd_start lab "$upstream_address" "$upstream_port"

faults_write_key "$GROUP" "$SHOAL_TMP/$GROUP.key"
cat >"$SHOAL_TMP/shoald.conf" <<CONF
peer-interface = lo
peer-port = $peer_port
upstream-timeout = 1s

[group $GROUP]
key-file = $SHOAL_TMP/$GROUP.key
share = false
CONF

declare -A port=()
for member in a b c; do
    port[$member]=$(shoal_free_port 127.0.0.1)
done
start_member() {
    local member=$1 upstream=$2
    shoald_start "$member" "" --config "$SHOAL_TMP/shoald.conf" \
        --listen "127.0.0.1:${port[$member]}" --upstream "$upstream" \
        --state-dir "$SHOAL_TMP/state-$member"
}
start_member a "$upstream_address:$upstream_port"
start_member c "$upstream_address:$upstream_port"
start_member b "127.10.0.3:$dead_port"

peer_count() {
    faults_ctl "$1" peers --json 2>/dev/null | jq '.peers | length'
}
b_sees_both() { [[ $(peer_count b) == 2 ]]; }
shoal_check "B sees A and C in group $GROUP (within 15 s)" shoal_wait_until 15 b_sees_both

# resolve_batch MEMBER FIRST LAST: one dig for pFIRST..pLAST; prints how many answered A.
resolve_batch() {
    local i
    for ((i = $2; i <= $3; i++)); do
        printf 'p%04d.load.lab.test A\n' "$i"
    done >"$SHOAL_TMP/batch-$1.txt"
    dig @127.0.0.1 -p "${port[$1]}" +tries=1 +time=3 +noall +answer -f "$SHOAL_TMP/batch-$1.txt" |
        awk '$4 == "A"' | wc -l
}
expect_equal "A resolved every name through NSD" "$NAME_COUNT" "$(resolve_batch a 1 "$NAME_COUNT")"
expect_equal "C resolved every name through NSD" "$NAME_COUNT" "$(resolve_batch c 1 "$NAME_COUNT")"

dns_target 127.0.0.1 "${port[b]}"
b_in_outage() {
    dns_ask outage-probe.lab.test A +time=3 >/dev/null
    [[ $(faults_status_field b .outage) == true ]]
}
shoal_check "B is in outage: its upstream is dead (within 20 s)" shoal_wait_until 20 b_in_outage
expect_answer p0001.load.lab.test A "$(faults_load_address p0001)" +time=3
shoal_check "B got p0001 from a peer (dns.answers.peer)" \
    test "$(faults_counter b dns.answers.peer)" -ge 1

# B's client: new names one after another, "NAME STATUS ADDRESS MSEC" per reply (MSEC: dig's
# query time, for the log only).
ask_b() {
    local outfile=$1 first=$2 last=$3 i name reply status address msec
    for ((i = first; i <= last; i++)); do
        name=$(printf 'p%04d' "$i")
        reply=$(dig @127.0.0.1 -p "${port[b]}" +tries=1 +time=3 "$name.load.lab.test" A 2>&1)
        status=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$reply")
        address=$(awk '/^;; ANSWER SECTION:/ { inside = 1; next } inside && $4 == "A" { print $5; exit }' <<<"$reply")
        msec=$(sed -n 's/^;; Query time: \([0-9]*\) msec/\1/p' <<<"$reply")
        printf '%s %s %s %s\n' "$name" "${status:-timeout}" "${address:--}" "${msec:--}" >>"$outfile"
    done
}

# check_phase DESCRIPTION FILE ALLOW-SERVFAIL: the replies of one phase.
check_phase() {
    local description=$1 file=$2 allow_servfail=$3 name status address total noerror servfail timeouts slowest wrong=0
    total=$(wc -l <"$file")
    noerror=$(awk '$2 == "NOERROR"' "$file" | wc -l)
    servfail=$(awk '$2 == "SERVFAIL"' "$file" | wc -l)
    timeouts=$(awk '$2 == "timeout"' "$file" | wc -l)
    slowest=$(awk '$4 != "-" && $4 > max { max = $4 } END { print max + 0 }' "$file")
    while read -r name status address _; do
        [[ $status == NOERROR && $address != "$(faults_load_address "$name")" ]] && wrong=$((wrong + 1))
    done <"$file"
    shoal_log "$description: replies=$total NOERROR=$noerror SERVFAIL=$servfail timeouts=$timeouts wrong=$wrong slowest=${slowest}ms"
    expect_equal "$description: no query hung (dig +time=3)" 0 "$timeouts"
    expect_equal "$description: every answer has the right address" 0 "$wrong"
    if [[ $allow_servfail == no ]]; then
        expect_equal "$description: every name answered by a peer" "$total" "$noerror"
    fi
}

shoal_log "--- A is killed while B asks"
during="$SHOAL_TMP/during-kill.txt"
: >"$during"
ask_b "$during" 2 50 &
asker=$!
SHOAL_PIDS+=("$asker")
sleep 2
shoald_stop a KILL
wait "$asker"
check_phase "A killed mid-run" "$during" yes

shoal_log "--- only C is left"
after="$SHOAL_TMP/after-kill.txt"
: >"$after"
ask_b "$after" 51 70
check_phase "C alone" "$after" no

shoal_log "--- C is killed too: nobody can answer"
shoald_stop c KILL
none="$SHOAL_TMP/no-peer.txt"
: >"$none"
ask_b "$none" 71 80
check_phase "no peer left" "$none" yes
expect_equal "no peer left: every reply is SERVFAIL" "$(wc -l <"$none")" \
    "$(awk '$2 == "SERVFAIL"' "$none" | wc -l)"
expect_answer p0001.load.lab.test A "$(faults_load_address p0001)" +time=3

expect_shoald_alive b
shoal_test_end
