#!/usr/bin/env bash
# Adversaries on the subnet, against a real shoald on loopback multicast. shoald joins the keyed
# group "adv" and the open group "cafe". shoal-peer-sender (built from PeerSender.cpp with the
# daemon's own codec and TSIG code) plays the other side: first an honest member holding the
# key, whose Share is taken (so the path into the cache is proven open), then every attack:
#
#   spoofed Answers for names nobody asked, signed and unsigned, in both groups
#   Shares unsigned, signed with a wrong secret, signed with an unknown key, and unasked in the
#     open group
#   replays of captured signed Shares: the member's own, after its name was flushed, and one
#     shoald itself sent
#   an answer whose record lies outside its question
#   an enormous TTL from the honest member (kept, but no longer than --max-ttl)
#   a flood of signed Asks from one address, after which another member must still get through
#
# Each attack must move its own peer.dropped.* counter, no spoofed name may reach the cache
# (shoalctl cache), and shoald must keep answering clients and hearing its groups.
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin adversaries
shoal_require_tool nsd nsd-control dig ss jq
faults_find_shoalctl
SENDER=${SHOAL_PEER_SENDER:-${SHOAL_BINARY_DIR:-}/tests/faults/shoal-peer-sender}
[[ -x $SENDER ]] || shoal_abort "no shoal-peer-sender at '$SENDER' (build target shoal-peer-sender)"

GROUP=adv
OPEN_GROUP=cafe
MAX_TTL=3600
# As fast as the sender can: more than the daemon's socket buffer holds, which once made
# shoald stop reading its group socket for good.
FLOOD=5000
# The daemon's limit per source address and per node id (docs/protocol.md).
LIMIT_BURST=200
LIMIT_RATE=100
# Two addresses of lo for the sender: the honest member's, and the flood's.
MEMBER_SOURCE=127.0.0.77
FLOOD_SOURCE=127.0.0.88

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
peer_port=$(shoal_free_port 0.0.0.0)
dns_target 127.0.0.1 "$port"

faults_write_key "$GROUP" "$SHOAL_TMP/$GROUP.key"
faults_write_key other "$SHOAL_TMP/other.key"
cat >"$SHOAL_TMP/shoald.conf" <<CONF
peer-interface = lo
peer-port = $peer_port
max-ttl = ${MAX_TTL}s

[group $GROUP]
key-file = $SHOAL_TMP/$GROUP.key

[group $OPEN_GROUP]
open = true
CONF

nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" --config "$SHOAL_TMP/shoald.conf" --listen "127.0.0.1:$port" \
    --upstream "$upstream_address:$upstream_port" --state-dir "$SHOAL_TMP/state"

# peer GROUP SOURCE ARGS...: one run of the sender on lo.
peer() {
    local group=$1 source=$2
    shift 2
    "$SENDER" --group "$group" --port "$peer_port" --interface lo --source "$source" "$@" \
        >>"$SHOAL_TMP/sender.log" 2>&1 || shoal_abort "shoal-peer-sender failed: $*"
}
MEMBER=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
member() { peer "$GROUP" "$MEMBER_SOURCE" --key-file "$SHOAL_TMP/$GROUP.key" --node "$MEMBER" "$@"; }

cached() {
    faults_ctl main cache "$1" --json 2>/dev/null |
        jq -r --arg name "$1" '[.entries[] | select((.name | rtrimstr(".")) == $name)] | length'
}
# counter_moves COUNTER BY COMMAND...: COMMAND makes COUNTER grow by at least BY (within 10 s).
counter_moves() {
    local counter=$1 by=$2 before
    shift 2
    before=$(faults_counter main "$counter")
    "$@"
    grown() { (($(faults_counter main "$counter") >= before + by)); }
    shoal_check "$counter grew by $by or more (was $before)" shoal_wait_until 10 grown
}
expect_not_cached() {
    expect_equal "$1 is not in the cache" 0 "$(cached "$1")"
}

shoal_log "--- an honest member: its Share reaches the cache"
member announce
is_member() { faults_ctl main peers --json | jq -e --arg node "$MEMBER" '.peers[] | select(.nodeId == $node)' >/dev/null; }
shoal_check "shoald lists the sender as a member of $GROUP" shoal_wait_until 10 is_member
counter_moves peer.shares.accepted 1 member share --name honest.lab.test --data 192.0.2.77
expect_equal "honest.lab.test is in the cache" 1 "$(cached honest.lab.test)"
expect_answer honest.lab.test A 192.0.2.77

shoal_log "--- spoofed answers for names nobody asked"
counter_moves peer.dropped.unsolicited 1 member answer --name spoof1.lab.test --id 4242
expect_not_cached spoof1.lab.test
counter_moves peer.dropped.unsolicited 1 peer "$OPEN_GROUP" "$MEMBER_SOURCE" answer --name spoof2.lab.test
expect_not_cached spoof2.lab.test

shoal_log "--- shares without the key"
counter_moves peer.dropped.tsig-unsigned 1 peer "$GROUP" "$MEMBER_SOURCE" --node "$MEMBER" share --name spoof3.lab.test
expect_not_cached spoof3.lab.test
counter_moves peer.dropped.tsig-bad-sig 1 member --wrong-secret share --name spoof4.lab.test
expect_not_cached spoof4.lab.test
counter_moves peer.dropped.tsig-bad-key 1 peer "$GROUP" "$MEMBER_SOURCE" --key-file "$SHOAL_TMP/other.key" share --name spoof5.lab.test
expect_not_cached spoof5.lab.test
counter_moves peer.dropped.not-member 1 peer "$OPEN_GROUP" "$MEMBER_SOURCE" share --name spoof6.lab.test
expect_not_cached spoof6.lab.test

shoal_log "--- replays of captured signed messages"
capture() {
    "$SENDER" --group "$GROUP" --port "$peer_port" --interface lo --timeout 20000 --out "$1" capture \
        >"$1.log" 2>&1 &
    capturing=$!
    SHOAL_PIDS+=("$capturing")
    joined() { grep -q '^joined' "$1.log"; }
    shoal_wait_until 10 joined "$1" || shoal_abort "the capture did not join the group"
}
capture "$SHOAL_TMP/member-share.bin"
member share --name replayed.lab.test --data 192.0.2.78
wait "$capturing" || shoal_abort "no Share captured"
expect_equal "replayed.lab.test is in the cache" 1 "$(cached replayed.lab.test)"
faults_ctl main flush replayed.lab.test >/dev/null
counter_moves peer.dropped.replay 3 peer "$GROUP" "$MEMBER_SOURCE" --count 3 --in "$SHOAL_TMP/member-share.bin" replay
expect_not_cached replayed.lab.test
# shoald shares what it resolves through the upstream; its own Share, replayed, is refused too.
capture "$SHOAL_TMP/own-share.bin"
expect_answer mail.lab.test A 192.0.2.25
wait "$capturing" || shoal_abort "shoald's Share was not captured"
counter_moves peer.dropped.replay 1 peer "$GROUP" "$MEMBER_SOURCE" --in "$SHOAL_TMP/own-share.bin" replay

shoal_log "--- records outside the question"
expect_answer www.lab.test A 192.0.2.10
counter_moves peer.dropped.mismatch 1 member share --name oob.lab.test --owner www.lab.test --data 203.0.113.66
expect_not_cached oob.lab.test
expect_answer www.lab.test A 192.0.2.10

shoal_log "--- an enormous TTL from a member: kept no longer than max-ttl ($MAX_TTL s)"
counter_moves peer.shares.accepted 1 member share --name huge.lab.test --ttl 2147483647 --data 192.0.2.79
ttl_left=$(faults_ctl main cache huge.lab.test --json | jq -r '.entries[0].ttlLeft')
shoal_check "huge.lab.test is cached with ${ttl_left}s left, at most $MAX_TTL" \
    test "${ttl_left:-999999}" -le "$MAX_TTL"
expect_answer huge.lab.test A 192.0.2.79
expect_ttl A 0 "$MAX_TTL"

shoal_log "--- a flood of $FLOOD signed Asks from $FLOOD_SOURCE"
received_before=$(faults_counter main peer.asks.received)
flood_started=$SECONDS
flood_node=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$SENDER" --group "$GROUP" --port "$peer_port" --interface lo --source "$FLOOD_SOURCE" \
    --key-file "$SHOAL_TMP/$GROUP.key" --node "$flood_node" --name nobody.lab.test \
    --count "$FLOOD" ask >>"$SHOAL_TMP/sender.log" 2>&1 &
flooding=$!
SHOAL_PIDS+=("$flooding")
during=0
while shoal_pid_alive "$flooding"; do
    dns_ask www.lab.test A >/dev/null && [[ $(reply_rcode) == NOERROR ]] && during=$((during + 1))
done
wait "$flooding" || shoal_abort "the flood failed"
# shoald may still be working through datagrams queued in its socket; wait until it is done.
flood_seen() { echo $(($(faults_counter main peer.dropped.rate-limited) + $(faults_counter main peer.asks.received))); }
flood_settled() {
    local before
    before=$(flood_seen)
    sleep 1
    [[ $(flood_seen) == "$before" ]]
}
shoal_check "shoald worked through the flood's queue (within 30 s)" shoal_wait_until 30 flood_settled
# The buckets refill while shoald works through the queue, so the bound counts that time too.
flood_seconds=$((SECONDS - flood_started + 1))
shoal_log "client queries answered while the flood was sent: $during"
limited=$(faults_counter main peer.dropped.rate-limited)
received=$(($(faults_counter main peer.asks.received) - received_before))
shoal_log "peer.dropped.rate-limited=$limited, flood asks taken: $received of $FLOOD" \
    "(the rest $((FLOOD - received - limited)) the kernel dropped from a full socket buffer)"
shoal_check "the flood was rate-limited ($limited)" test "${limited:-0}" -gt 0
allowed=$((LIMIT_BURST + LIMIT_RATE * flood_seconds))
shoal_check "no more of the flood was taken than the limit allows ($received <= $allowed)" \
    test "$received" -le "$allowed"
expect_answer www.lab.test A 192.0.2.10
# Another member, from another address, still gets through right after the flood.
other=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
peer "$GROUP" 127.0.0.99 --key-file "$SHOAL_TMP/$GROUP.key" --node "$other" announce
other_is_member() { faults_ctl main peers --json | jq -e --arg node "$other" '.peers[] | select(.nodeId == $node)' >/dev/null; }
shoal_check "a member from another address joins right after the flood" \
    shoal_wait_until 10 other_is_member
counter_moves peer.shares.accepted 1 peer "$GROUP" 127.0.0.99 --key-file "$SHOAL_TMP/$GROUP.key" \
    --node "$other" share --name after-flood.lab.test --data 192.0.2.80
expect_answer after-flood.lab.test A 192.0.2.80

shoal_log "--- none of it reached the cache"
for name in spoof1 spoof2 spoof3 spoof4 spoof5 spoof6 replayed oob nobody; do
    expect_not_cached "$name.lab.test"
done
shoal_log "drop counters: $(faults_ctl main counters --json | jq -r '[.counters[] | select(.name | startswith("peer.dropped.")) | select(.value > 0) | "\(.name)=\(.value)"] | join(" ")')"
expect_shoald_alive main
shoal_test_end
