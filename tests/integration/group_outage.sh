#!/usr/bin/env bash
# A keyed group of shoald instances on loopback multicast survives the death of its DNS server,
# and a host with the wrong key can neither take from it nor put anything into it.
#
#   A, B, C  members of "lab" (key from tsig-keygen, sharing on), NSD as their upstream;
#   D        joins "lab" with another secret; its upstream is a dnsmasq that answers every
#            lab.test name with the forged address 192.0.2.66, so D holds records to inject;
#   E        a member started after NSD died, with a dead upstream.
#
# A and B each resolve their own names, D resolves some of theirs (forged) and some nobody else
# asks. Then NSD and dnsmasq stop. Each member must resolve the names only another member had
# looked up, E must resolve them through the group, the names only D had must fail, D must get
# nothing, and no member's cache may ever hold D's address. Runs without root: only loopback.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"

shoal_test_begin group_outage
shoal_require_tool nsd nsd-control dnsmasq dig tsig-keygen jq

FORGED=192.0.2.66
# gNN.lab.test A 198.51.100.NN: A resolves g01-g10, B g11-g20, only D g21-g25.
LAB_ZONE_EXTRA=$(for i in $(seq 1 25); do printf 'g%02d 300 IN A 198.51.100.%d\n' "$i" "$i"; done)
address_of() { echo "198.51.100.$((10#${1#g}))"; }

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
nsd_start lab "$upstream_address" "$upstream_port"

forger_address=127.10.0.4
forger_port=$(shoal_free_port "$forger_address")
shoal_spawn forger_pid "$SHOAL_TMP/dnsmasq-forger.log" dnsmasq -k --no-resolv --no-hosts \
    --port="$forger_port" --listen-address="$forger_address" --bind-interfaces \
    --address=/lab.test/"$FORGED" --local-ttl=300 --user="$(id -un)" --log-facility=-
forger_answers() {
    [[ $(dig @"$forger_address" -p "$forger_port" +tries=1 +time=1 +short g01.lab.test A) == "$FORGED" ]]
}
shoal_wait_until 15 forger_answers || shoal_abort "dnsmasq did not answer on $forger_address#$forger_port"

tsig-keygen lab >"$SHOAL_TMP/lab.key"
tsig-keygen lab >"$SHOAL_TMP/wrong-lab.key" # the right name, another secret
peer_port=$(shoal_free_port 0.0.0.0)
write_config() {
    printf 'peer-interface = lo\npeer-port = %s\nupstream-timeout = 1s\n\n[group lab]\nkey-file = %s\n' \
        "$peer_port" "$2" >"$SHOAL_TMP/$1.conf"
}
write_config member "$SHOAL_TMP/lab.key"
write_config outsider "$SHOAL_TMP/wrong-lab.key"

declare -A port=()
start_host() {
    local host=$1 config=$2 upstream=$3
    port[$host]=$(shoal_free_port 127.0.0.1)
    shoald_start "$host" "" --config "$SHOAL_TMP/$config.conf" \
        --listen "127.0.0.1:${port[$host]}" --upstream "$upstream" \
        --state-dir "$SHOAL_TMP/state-$host"
}
for host in a b c; do
    start_host "$host" member "$upstream_address:$upstream_port"
done
start_host d outsider "$forger_address:$forger_port"

peer_count() { shoald_ctl "$1" peers --json 2>/dev/null | jq '[.peers[] | select(.group == "lab")] | length'; }
members_see() {
    local host
    for host in a b c; do
        [[ $(peer_count "$host") == "$1" ]] || return 1
    done
}
shoal_check "A, B and C each see the two others, and not D (within 15 s)" \
    shoal_wait_until 15 members_see 2

# resolve HOST FIRST LAST: one dig per name gFIRST..gLAST; "NAME STATUS ADDRESS" per reply.
resolve() {
    local i name
    dns_target 127.0.0.1 "${port[$1]}"
    for ((i = $2; i <= $3; i++)); do
        name=$(printf 'g%02d' "$i")
        dns_ask "$name.lab.test" A +time=5 >/dev/null
        printf '%s %s %s\n' "$name" "$(reply_rcode | grep . || echo timeout)" \
            "$(reply_section ANSWER | awk '$4 == "A" { print $5; exit }' | grep . || echo -)"
    done
}

# expect_resolved DESCRIPTION HOST FIRST LAST: every name answered with its real address.
expect_resolved() {
    local description=$1 rows wrong
    rows=$(resolve "$2" "$3" "$4")
    wrong=$(while read -r name status address; do
        [[ $status == NOERROR && $address == "$(address_of "$name")" ]] || echo "$name:$status:$address"
    done <<<"$rows")
    expect_equal "$description" "" "$wrong"
}

# expect_unresolved DESCRIPTION HOST FIRST LAST: every name fails (SERVFAIL), none forged.
expect_unresolved() {
    local description=$1 rows
    rows=$(resolve "$2" "$3" "$4")
    expect_equal "$description" "" "$(awk '$2 != "SERVFAIL" { print $1 ":" $2 ":" $3 }' <<<"$rows")"
}

forged_entries() {
    shoald_ctl "$1" cache --json --limit 1000 | jq --arg forged "$FORGED" \
        '[.entries[] | select(any(.records[]?; .data == $forged))] | length'
}

shoal_log "--- upstream healthy: A, B and D resolve their names"
expect_resolved "A resolved g01-g10 through NSD" a 1 10
expect_resolved "B resolved g11-g20 through NSD" b 11 20
d_rows=$(resolve d 1 5; resolve d 21 25)
expect_equal "D got the forged address from its dnsmasq" 10 "$(grep -c " NOERROR $FORGED\$" <<<"$d_rows")"
# D's Shares of what it resolved are signed with the wrong secret: every member drops them.
dropped_by_all() {
    local host
    for host in a b c; do
        (($(shoald_counter "$host" peer.dropped.tsig-bad-sig) > 0)) || return 1
    done
}
shoal_check "A, B and C dropped D's messages as badly signed (within 10 s)" \
    shoal_wait_until 10 dropped_by_all

shoal_log "--- NSD and D's dnsmasq stop"
nsd_stop lab
shoal_stop "$forger_pid"

expect_resolved "C resolves A's and B's names (it looked up none of them)" c 1 20
expect_resolved "A resolves B's names" a 11 20
expect_resolved "B resolves A's names, including those D forged" b 1 10
expect_unresolved "nobody but D had g21-g25: A gets SERVFAIL, not D's records" a 21 25

shoal_log "--- E joins after NSD died"
start_host e member "$upstream_address:$upstream_port"
shoal_check "A, B and C see E (within 15 s)" shoal_wait_until 15 members_see 3
expect_resolved "E, started in the outage, resolves A's and B's names through the group" e 1 20
shoal_check "E's answers came from peers (dns.answers.peer)" \
    test "$(shoald_counter e dns.answers.peer)" -ge 1

shoal_log "--- D, with the wrong key, gets nothing"
expect_unresolved "D resolves none of B's names" d 11 20
expect_equal "D knows no member of lab" 0 "$(peer_count d)"
expect_equal "D took nothing from the group" 0 \
    "$(($(shoald_counter d peer.answers.accepted) + $(shoald_counter d peer.answers.learned) + $(shoald_counter d peer.shares.accepted)))"

# The same query finds D's own forged entries, so the zeros below are not a query that finds
# nothing.
# (11 with the start-up probe shoal-ready.lab.test, which the forger answers too.)
shoal_check "D's cache holds its forged entries" test "$(forged_entries d)" -ge 10
for host in a b c e; do
    expect_equal "no cache entry of ${host^^} holds D's address" 0 "$(forged_entries "$host")"
    expect_shoald_alive "$host"
done
shoal_test_end
