#!/usr/bin/env bash
# The upstream goes silent, then dies, and shoald keeps answering: expired entries come back
# stale (TTL 30, EDE 3 Stale Answer), fresh ones from the cache, unknown names fail fast with an
# EDE. The cache survives a clean stop (SIGTERM) and a crash (SIGKILL, through the journal that is
# flushed every 2 s), and shoald leaves the outage by itself once the upstream is back.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"

shoal_test_begin outage_stale_restart
shoal_require_tool nsd nsd-control dig ss

STALE_TTL=30
JOURNAL_FLUSH_SECONDS=2
RECHECK_SECONDS=1
upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
shoald_args=(--listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port"
    --state-dir "$SHOAL_TMP/state" --stale-limit 1d --client-budget 400
    --recheck-interval "${RECHECK_SECONDS}s")
dns_target 127.0.0.1 "$port"

# expect_stale NAME TYPE VALUE [DIG OPTIONS]: answered from an expired entry, marked as such.
# dig waits 3 s: the reply must come within that although the upstream is silent or gone.
expect_stale() {
    local name=$1 type=$2 value=$3
    shift 3
    expect_answer "$name" "$type" "$value" +time=3 "$@"
    expect_ttl "$type" "$STALE_TTL" "$STALE_TTL"
    expect_ede 3
}

# expect_fresh NAME TYPE VALUE TTL [DIG OPTIONS]: answered with a live TTL and no EDE.
expect_fresh() {
    local name=$1 type=$2 value=$3 ttl=$4
    shift 4
    expect_answer "$name" "$type" "$value" +time=3 "$@"
    expect_ttl "$type" 1 "$ttl"
    expect_ede ""
}

# expect_fast_servfail NAME: nothing cached, in outage: SERVFAIL with a reason, before dig gives
# up. dig waits 2 s, less than shoald's 3 s upstream timeout, so a client made to wait for the
# upstream shows. The question comes after a recheck interval has passed, when shoald is due to
# probe the upstream again: the probe must not hold up the client.
expect_fast_servfail() {
    sleep "$RECHECK_SECONDS.2"
    expect_rcode "$1" A SERVFAIL +time=2
    expect_ede_one_of 22 23
}

# Outage is entered by measurement: until enough upstream queries have failed, a question with
# nothing cached waits for the upstream timeout (shoald cannot see ICMP errors on its unconnected
# upstream sockets). Questions for unknown names push the measurement along; the control channel
# says when the daemon is in outage. Bounded wait, no timing asserted.
expect_outage_entered() {
    local tries
    for ((tries = 0; tries < 6; tries++)); do
        shoald_in_outage main && break
        dns_ask "probe$tries-$RANDOM.lab.test" A +time=5
    done
    shoal_check "shoald reports the outage (shoalctl status)" shoald_in_outage main
}

shoald_not_in_outage() {
    ! shoald_in_outage main
}

# The short-lived names, and waiting until every one of them has expired.
fill_short_entries() {
    expect_fresh short.lab.test A 192.0.2.30 "$LAB_SHORT_TTL"
    expect_fresh short.lab.test AAAA 2001:db8::30 "$LAB_SHORT_TTL"
    expect_fresh short2.lab.test A 192.0.2.31 "$LAB_SHORT_TTL"
    expect_fresh shorttxt.lab.test TXT '"short lived"' "$LAB_SHORT_TTL"
}

wait_past_short_ttl() {
    sleep "$((LAB_SHORT_TTL + 1))"
}

nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" "${shoald_args[@]}"

shoal_log "--- filling the cache"
fill_short_entries
expect_fresh www.lab.test A 192.0.2.10 "$LAB_LONG_TTL"
expect_fresh txt.lab.test TXT '"shoal integration test" "second string"' "$LAB_LONG_TTL"
expect_rcode missing.lab.test A NXDOMAIN

shoal_log "--- upstream silent (SIGSTOP): answers within the client budget"
nsd_freeze lab
wait_past_short_ttl
expect_stale short.lab.test A 192.0.2.30
expect_stale shorttxt.lab.test TXT '"short lived"'
expect_fresh www.lab.test A 192.0.2.10 "$LAB_LONG_TTL"
expect_outage_entered
expect_fast_servfail unknown1.lab.test
nsd_thaw lab

shoal_log "--- upstream dead: outage"
nsd_stop lab
wait_past_short_ttl
expect_stale short.lab.test A 192.0.2.30
expect_stale short.lab.test AAAA 2001:db8::30 +tcp
expect_stale short2.lab.test A 192.0.2.31
expect_fresh www.lab.test A 192.0.2.10 "$LAB_LONG_TTL"
expect_rcode missing.lab.test A NXDOMAIN +time=3
expect_outage_entered
expect_fast_servfail unknown2.lab.test
expect_fast_servfail unknown3.lab.test

shoal_log "--- clean restart (SIGTERM) during the outage"
shoald_stop main TERM
expect_equal "shoald exits cleanly on SIGTERM" 0 "$SHOAL_LAST_STATUS"
shoald_start main "" "${shoald_args[@]}"
expect_stale short.lab.test A 192.0.2.30
expect_stale shorttxt.lab.test TXT '"short lived"'
expect_fresh www.lab.test A 192.0.2.10 "$LAB_LONG_TTL"
expect_fresh txt.lab.test TXT '"shoal integration test" "second string"' "$LAB_LONG_TTL"
expect_rcode missing.lab.test A NXDOMAIN +time=3
expect_outage_entered
expect_fast_servfail unknown4.lab.test

shoal_log "--- upstream back: shoald leaves the outage by itself"
nsd_start lab "$upstream_address" "$upstream_port"
fresh_again() {
    dns_ask short.lab.test A && [[ -z $(reply_ede) && $(reply_ttl A) -le $LAB_SHORT_TTL ]]
}
shoal_check "short.lab.test fresh again (no EDE, TTL <= $LAB_SHORT_TTL) within 15 s" \
    shoal_wait_until 15 fresh_again
shoal_check "shoald reports the outage is over (shoalctl status)" shoald_not_in_outage

shoal_log "--- crash (SIGKILL) after the journal was flushed"
expect_fresh journal1.lab.test A 192.0.2.41 "$LAB_LONG_TTL"
expect_fresh journal2.lab.test A 192.0.2.42 "$LAB_LONG_TTL" +tcp
expect_fresh journal3.lab.test A 192.0.2.43 "$LAB_SHORT_TTL"
sleep "$((JOURNAL_FLUSH_SECONDS + 2))"
shoald_stop main KILL
nsd_stop lab
shoald_start main "" "${shoald_args[@]}"
expect_fresh journal1.lab.test A 192.0.2.41 "$LAB_LONG_TTL"
expect_fresh journal2.lab.test A 192.0.2.42 "$LAB_LONG_TTL"
expect_stale journal3.lab.test A 192.0.2.43
expect_stale short.lab.test A 192.0.2.30
expect_outage_entered
expect_fast_servfail unknown5.lab.test

expect_shoald_alive main
shoal_test_end
