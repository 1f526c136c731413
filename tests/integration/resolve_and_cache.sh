#!/usr/bin/env bash
# shoald between dig/kdig and NSD: every common record type, negative answers, the cache (seen in
# NSD's own query counter), TTLs counting down, the question's letter case, EDNS and TCP.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"

shoal_test_begin resolve_and_cache
shoal_require_tool nsd nsd-control dig kdig ss

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" --listen "127.0.0.1:$port" --listen "[::1]:$port" \
    --upstream "$upstream_address:$upstream_port" --state-dir "$SHOAL_TMP/state"
dns_target 127.0.0.1 "$port"

# expect_cached DESCRIPTION NAME TYPE [OPTIONS]: asking again does not reach the upstream.
expect_cached() {
    local description=$1 before
    shift
    before=$(nsd_query_count lab)
    dns_ask "$@"
    expect_equal "$description: NSD saw no query" "$before" "$(nsd_query_count lab)"
}

# The record types, first with dig (through to NSD), then with kdig (from the cache).
resolve_everything() {
    local client=$1
    shift
    dns_client "$client"
    expect_answer www.lab.test A 192.0.2.10 "$@"
    expect_answer www.lab.test AAAA 2001:db8::10 "$@"
    expect_answer alias.lab.test A 192.0.2.10 "$@"
    expect_equal "$client: the CNAME chain comes first" \
        "alias.lab.test. CNAME alias2.lab.test.|alias2.lab.test. CNAME www.lab.test.|" \
        "$(reply_section ANSWER | awk '$4 == "CNAME" { printf "%s %s %s|", $1, $4, $5 }')"
    expect_answer alias.lab.test CNAME alias2.lab.test. "$@"
    expect_answer lab.test MX "10 mail.lab.test." "$@"
    expect_answer txt.lab.test TXT '"shoal integration test" "second string"' "$@"
    expect_rcode missing.lab.test A NXDOMAIN "$@"
    expect_equal "$client: NXDOMAIN carries the zone's SOA" lab.test. \
        "$(reply_section AUTHORITY | awk '$4 == "SOA" { print $1 }')"
    expect_nodata www.lab.test TXT "$@"
    dns_client dig
}

resolve_everything dig
resolve_everything kdig

dns_ask www.lab.test A
shoal_check "shoald offers recursion (RA set)" grep -qw ra <<<"$(reply_flags)"

# The cache: the same questions again (with new IDs) do not reach NSD, positive or negative.
expect_cached "www A again" www.lab.test A
expect_cached "alias A again" alias.lab.test A
expect_cached "NXDOMAIN again" missing.lab.test A
expect_equal "NXDOMAIN from the cache" NXDOMAIN "$(reply_rcode)"
expect_cached "NODATA again" www.lab.test TXT
expect_equal "NODATA from the cache" NOERROR "$(reply_rcode)"

# TTLs count down while an entry sits in the cache.
dns_ask www.lab.test A
first_ttl=$(reply_ttl A)
expect_ttl A 1 "$LAB_LONG_TTL"
sleep 2.2
dns_ask www.lab.test A
second_ttl=$(reply_ttl A)
shoal_check "TTL counts down in the cache ($first_ttl, then $second_ttl)" \
    test "${second_ttl:-999}" -lt "${first_ttl:-0}"

# The question comes back with the client's letter case, and mixed case hits the same entry.
expect_cached "mixed case hits the cache" WwW.Lab.TEST A
expect_equal "question case preserved (cached)" WwW.Lab.TEST. "$(reply_question)"
expect_answer WwW.Lab.TEST A 192.0.2.10
expect_answer MaIl.LaB.tEsT A 192.0.2.25
expect_equal "question case preserved (from upstream)" MaIl.LaB.tEsT. "$(reply_question)"

# EDNS: DO is echoed, a client without EDNS gets no OPT record.
expect_answer www.lab.test A 192.0.2.10 +dnssec
expect_equal "DO bit echoed" do "$(reply_edns_flags)"
expect_answer www.lab.test A 192.0.2.10 +noedns
shoal_check "no OPT record for a query without EDNS" reply_lacks_opt
expect_answer www.lab.test A 192.0.2.10
shoal_check "OPT record for a query with EDNS" reply_has_opt

# Truncation: an answer over 512 bytes sets TC for a client without EDNS; TCP carries it whole.
big_txt=$(lab_big_txt_record | sed 's/^big *300 IN TXT *//')
expect_answer big.lab.test TXT "$big_txt"
dns_ask big.lab.test TXT +noedns +ignore
shoal_check "TC set for a 512-byte client" grep -qw tc <<<"$(reply_flags)"
expect_answer big.lab.test TXT "$big_txt" +noedns
expect_answer big.lab.test TXT "$big_txt" +tcp

# TCP, and the IPv6 listener.
expect_answer www.lab.test AAAA 2001:db8::10 +tcp
expect_answer late.lab.test A 192.0.2.50 +tcp
dns_client kdig
expect_answer alias.lab.test A 192.0.2.10 +tcp
dns_client dig
dns_target ::1 "$port"
expect_answer www.lab.test A 192.0.2.10
expect_answer mail.lab.test A 192.0.2.25 +tcp

# The upstream, TCP and group sockets are set to no proxy: a Qt socket left at the default
# asks the system's proxy configuration through libproxy, on a thread of its own, for every
# new socket, which made each cache miss wait about 1 ms for it.
proxy_threads=$(grep -lx 'QLibProxyWrappe' /proc/"${SHOALD_PID[main]}"/task/*/comm 2>/dev/null | wc -l)
expect_equal "no proxy lookup thread after the misses above" 0 "$proxy_threads"

expect_shoald_alive main

# A second instance whose first upstream is dead (nothing listens there) still resolves
# through the other one.
dead_port=$(shoal_free_port 127.10.0.3)
second_port=$(shoal_free_port 127.0.0.1)
shoald_start second "" --listen "127.0.0.1:$second_port" --upstream "127.10.0.3:$dead_port" \
    --upstream "$upstream_address:$upstream_port" --state-dir "$SHOAL_TMP/state-second"
dns_target 127.0.0.1 "$second_port"
for name in www alias mail journal1 journal2; do
    expect_reply "$name.lab.test" A +time=3
    expect_equal "$name.lab.test answered through the live upstream" NOERROR "$(reply_rcode)"
done
expect_shoald_alive second
shoal_test_end
