#!/usr/bin/env bash
# glibc's own resolver (getent) through shoald, as a workstation would use it: in a network
# namespace of our own, NSD and shoald on its loopback, shoald on port 53, and resolv.conf
# pointing at 127.0.0.1. Then the upstream dies and the cached names keep resolving.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"
source "$lib/netns.sh"

shoal_test_begin glibc_resolver
shoal_require_tool nsd nsd-control dig getent ss
shoal_require_netns

ns="shoal-it-$$"
netns_create "$ns"
netns_workstation_addresses "$ns" 192.0.2.100 2001:db8::100
netns_resolv_conf "$ns" "nameserver 127.0.0.1" "options timeout:2 attempts:1"

upstream_port=$(shoal_free_port 127.0.0.1 "$ns")
nsd_start lab 127.0.0.1 "$upstream_port" "$ns"
shoald_start main "$ns" --listen 127.0.0.1:53 --upstream "127.0.0.1:$upstream_port" \
    --state-dir "$SHOAL_TMP/state" --client-budget 400 --recheck-interval 1s

# expect_getent DATABASE NAME ADDRESS: `getent DATABASE NAME` inside the namespace lists ADDRESS.
expect_getent() {
    local database=$1 name=$2 address=$3 output
    output=$(ip netns exec "$ns" getent "$database" "$name" 2>&1)
    if awk -v address="$address" '$1 == address { found = 1 } END { exit !found }' <<<"$output"; then
        shoal_pass "getent $database $name lists $address"
    else
        shoal_fail "getent $database $name lists $address" "got:"$'\n'"$output"
    fi
}

expect_getent_fails() {
    local database=$1 name=$2 output
    if output=$(ip netns exec "$ns" getent "$database" "$name" 2>&1); then
        shoal_fail "getent $database $name finds nothing" "got:"$'\n'"$output"
    else
        shoal_pass "getent $database $name finds nothing"
    fi
}

# The resolver glibc uses is the namespace's, and it reaches shoald.
shoal_check "the namespace sees its own resolv.conf" \
    grep -q '^nameserver 127.0.0.1$' <(ip netns exec "$ns" cat /etc/resolv.conf)

expect_getent ahostsv4 www.lab.test 192.0.2.10
expect_getent ahostsv6 www.lab.test 2001:db8::10
expect_getent ahosts www.lab.test 2001:db8::10
expect_getent ahosts www.lab.test 192.0.2.10
expect_getent hosts www.lab.test 2001:db8::10
expect_getent ahostsv4 alias.lab.test 192.0.2.10
expect_getent ahostsv4 short.lab.test 192.0.2.30
expect_getent_fails hosts missing.lab.test

# The name reached shoald, not something else: dig at the same address agrees.
dns_target 127.0.0.1 53 "$ns"
expect_answer www.lab.test A 192.0.2.10

shoal_log "--- upstream dead"
nsd_stop lab
sleep "$((LAB_SHORT_TTL + 1))"
expect_getent ahostsv4 www.lab.test 192.0.2.10
expect_getent hosts www.lab.test 2001:db8::10
expect_getent ahostsv4 alias.lab.test 192.0.2.10
expect_getent ahostsv4 short.lab.test 192.0.2.30
expect_getent_fails ahostsv4 never-asked.lab.test
expect_answer short.lab.test A 192.0.2.30 +time=3
expect_ede 3

expect_shoald_alive main
shoal_test_end
