#!/usr/bin/env bash
# The harness itself against the real upstream alone, without shoald: NSD serves the lab zone to
# RD=1 queries from dig and kdig as the other integration tests expect. When this fails, the
# others' failures say nothing about shoald.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"

shoal_test_begin upstream_baseline
shoal_require_tool nsd nsd-control dig kdig ss

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
nsd_start lab "$upstream_address" "$upstream_port"
dns_target "$upstream_address" "$upstream_port"

expect_answer www.lab.test A 192.0.2.10
expect_answer www.lab.test AAAA 2001:db8::10
expect_answer alias.lab.test A 192.0.2.10
expect_answer lab.test MX "10 mail.lab.test."
expect_answer txt.lab.test TXT '"shoal integration test" "second string"'
expect_rcode missing.lab.test A NXDOMAIN
expect_nodata www.lab.test TXT
dns_ask www.lab.test A
expect_ttl A "$LAB_LONG_TTL" "$LAB_LONG_TTL"
expect_answer short.lab.test A 192.0.2.30
expect_ttl A "$LAB_SHORT_TTL" "$LAB_SHORT_TTL"
expect_answer www.lab.test A 192.0.2.10 +tcp
expect_answer www.lab.test A 192.0.2.10 +dnssec
expect_equal "NSD echoes the DO bit" do "$(reply_edns_flags)"

before=$(nsd_query_count lab)
dns_ask www.lab.test A
dns_ask www.lab.test A
expect_equal "NSD counts every query" $((before + 2)) "$(nsd_query_count lab)"

dns_client kdig
expect_answer alias.lab.test A 192.0.2.10
expect_rcode missing.lab.test A NXDOMAIN +tcp
dns_client dig

nsd_freeze lab
shoal_check "a frozen NSD does not answer" bash -c "! dig @$upstream_address -p $upstream_port +tries=1 +time=1 www.lab.test >/dev/null"
nsd_thaw lab
nsd_stop lab
shoal_check "a stopped NSD does not answer" bash -c "! dig @$upstream_address -p $upstream_port +tries=1 +time=1 www.lab.test >/dev/null"

shoal_test_end
