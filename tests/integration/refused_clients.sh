#!/usr/bin/env bash
# shoald serves loopback clients only, unless --allow names a subnet. Two namespaces of our own
# joined by a veth pair (192.0.2.0/24, documentation addresses): NSD and shoald in "server",
# listening on loopback and on 192.0.2.1; dig in "client" at 192.0.2.2.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"
source "$lib/netns.sh"

shoal_test_begin refused_clients
shoal_require_tool nsd nsd-control dig ss
shoal_require_netns

server_ns="shoal-it-srv-$$"
client_ns="shoal-it-cli-$$"
netns_create "$server_ns"
netns_create "$client_ns"
netns_link "$server_ns" veth-srv 192.0.2.1/24 "$client_ns" veth-cli 192.0.2.2/24

upstream_port=$(shoal_free_port 127.0.0.1 "$server_ns")
nsd_start lab 127.0.0.1 "$upstream_port" "$server_ns"

start_shoald() {
    shoald_start main "$server_ns" --listen 127.0.0.1:53 --listen 192.0.2.1:53 \
        --upstream "127.0.0.1:$upstream_port" --state-dir "$SHOAL_TMP/state" "$@"
}

# expect_refused [DIG OPTIONS]: the remote client gets REFUSED or no reply, never an answer.
expect_refused() {
    local rcode
    dns_target 192.0.2.1 53 "$client_ns"
    dns_ask www.lab.test A "$@"
    rcode=$(reply_rcode)
    if [[ -z $rcode || $rcode == REFUSED ]]; then
        shoal_pass "192.0.2.2 is refused $*(${rcode:-no reply})"
    else
        shoal_fail "192.0.2.2 is refused $*" "expected REFUSED or no reply, got:"$'\n'"$SHOAL_REPLY"
    fi
}

expect_loopback_served() {
    dns_target 127.0.0.1 53 "$server_ns"
    expect_answer www.lab.test A 192.0.2.10
}

expect_remote_served() {
    dns_target 192.0.2.1 53 "$client_ns"
    expect_answer www.lab.test A 192.0.2.10 "$@"
}

# The link works (so a missing answer is shoald's doing, not the network's): the kernel completes
# a TCP handshake with shoald's listening socket whatever shoald then does with the connection.
link_works() {
    ip netns exec "$client_ns" timeout 3 bash -c 'exec 3<>/dev/tcp/192.0.2.1/53'
}

shoal_log "--- default: loopback only"
start_shoald
shoal_check "a TCP handshake from 192.0.2.2 to 192.0.2.1:53 succeeds" link_works
expect_loopback_served
expect_refused
expect_refused +tcp
expect_shoald_alive main
not_allowed=$(shoald_counter main dns.dropped.not-allowed)
shoal_check "refused clients are counted (dns.dropped.not-allowed = ${not_allowed:-none})" \
    test "${not_allowed:-0}" -ge 2
shoald_stop main

shoal_log "--- --allow for another subnet"
start_shoald --allow 198.51.100.0/24
expect_refused
expect_loopback_served
shoald_stop main

shoal_log "--- --allow 192.0.2.0/24"
start_shoald --allow 192.0.2.0/24
expect_remote_served
expect_remote_served +tcp
expect_loopback_served

expect_shoald_alive main
shoal_test_end
