#!/usr/bin/env bash
# The multi-host lab: five workstations and a DNS server on one bridged subnet, each a network
# namespace (tests/lib/lab.sh). NSD serves lab.test on 192.0.2.53; every workstation runs shoald
# on its own 127.0.0.1:53 with a resolv.conf pointing there (so glibc's resolver uses it), group
# traffic on its veth (--peer-interface lan0), and the keyed group "lab" (key from tsig-keygen).
# h1 and h2 are also in a second keyed group, "ops". h5 does not share what it resolves in "lab"
# (share = false), so its names reach the others only as answers to their Asks.
#
#   (a) sharing: each workstation resolves names of its own; the others get them as Shares and
#       answer them from their caches: NSD sees each name once, not once per workstation;
#   (b) outage: NSD is stopped; every name any workstation resolved still resolves on every
#       workstation, through dig and through glibc (getent), from the cache or from the group;
#       dig -k asks one peer directly on its peer port and verifies the TSIG signature, while a
#       wrong secret gets BADSIG, an unknown key BADKEY and no signature REFUSED, never an answer;
#   (c) a sixth workstation joins during the outage and learns every name from the group;
#   (d) a seventh joins with the wrong secret: it is never a member and learns nothing;
#   (e) a workstation shuts down: the others drop it at once on its Goodbye (shoalctl peers),
#       long before it would expire.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"
source "$lib/netns.sh"
source "$lib/lab.sh"

shoal_test_begin lab
shoal_require_tool nsd nsd-control dig getent ss jq tsig-keygen unshare hostname
shoal_require_netns
shoald_find_binary

PEER_PORT=15353
UPSTREAM=192.0.2.53
SHARING=(h1 h2 h3 h4) # share what they resolve in "lab"
WORKSTATIONS=(h1 h2 h3 h4 h5)
NAMES_PER_HOST=3

# Names of the zone: nI-J.lab.test A 198.51.100.(10*I+J), J = 1..NAMES_PER_HOST, for h1..h6.
LAB_ZONE_EXTRA=$(for i in 1 2 3 4 5 6; do
    for ((j = 1; j <= NAMES_PER_HOST; j++)); do
        printf 'n%d-%d 300 IN A 198.51.100.%d\n' "$i" "$j" $((10 * i + j))
    done
done)
own_names() {
    local i=${1#h} j
    for ((j = 1; j <= NAMES_PER_HOST; j++)); do
        echo "n$i-$j.lab.test"
    done
}
address_of() { # the zone's A record of nI-J.lab.test
    local label=${1%%.*}
    label=${label#n}
    echo "198.51.100.$((10 * ${label%-*} + ${label#*-}))"
}

# --- keys and the subnet ------------------------------------------------------------------------

lab_write_key "$SHOAL_TMP/lab.key" lab
lab_write_key "$SHOAL_TMP/ops.key" ops
lab_write_key "$SHOAL_TMP/wrong-lab.key" lab   # the right name, another secret
lab_write_key "$SHOAL_TMP/stranger.key" stranger

lab_begin
lab_host_add upstream "$UPSTREAM"
for i in 1 2 3 4 5 6 7; do
    lab_host_add "h$i" "192.0.2.$i"
    netns_resolv_conf "${LAB_NS[h$i]}" "nameserver 127.0.0.1" "options timeout:3 attempts:1"
done
nsd_start lab "$UPSTREAM" 53 "${LAB_NS[upstream]}"

lab_shoald_wrapper "$SHOAL_TMP/shoald-with-hostname"
SHOALD=$SHOAL_TMP/shoald-with-hostname

# Every host's configuration file; h5 keeps its own lookups to itself.
write_config() {
    local host=$1
    printf 'peer-interface = lan0\npeer-port = %d\nrecheck-interval = 1s\n\n' "$PEER_PORT"
    if [[ $host == h7 ]]; then
        printf '[group lab]\nkey-file = %s\n' "$SHOAL_TMP/wrong-lab.key"
    else
        printf '[group lab]\nkey-file = %s\n' "$SHOAL_TMP/lab.key"
    fi
    [[ $host == h5 ]] && printf 'share = false\n'
    [[ $host == h1 || $host == h2 ]] && printf '\n[group ops]\nkey-file = %s\n' "$SHOAL_TMP/ops.key"
    return 0
}

start_workstation() {
    local host=$1
    write_config "$host" >"$SHOAL_TMP/$host.conf"
    LAB_HOST=$host shoald_start "$host" "${LAB_NS[$host]}" --config "$SHOAL_TMP/$host.conf" \
        --listen 127.0.0.1:53 --upstream "$UPSTREAM:53" --state-dir "$SHOAL_TMP/state-$host"
}

# peers_of HOST GROUP: the host names HOST lists as peers in GROUP, sorted, one line.
peers_of() {
    shoald_ctl "$1" --json peers 2>/dev/null |
        jq -r --arg group "$2" '[.peers[] | select(.group == $group) | .host] | sort | join(" ")'
}

# sees_peers HOST GROUP PEER...: HOST lists exactly these peers in GROUP.
sees_peers() {
    local host=$1 group=$2
    shift 2
    [[ $(peers_of "$host" "$group") == "$(printf '%s\n' "$@" | sort | paste -sd ' ')" ]]
}

# expect_peers HOST GROUP PEER...: waits (at most 15 s) until HOST lists exactly these peers.
expect_peers() {
    local host=$1 group=$2
    if shoal_wait_until 15 sees_peers "$@"; then
        shoal_pass "$host sees $group peers: ${*:3}"
    else
        shoal_fail "$host sees $group peers: ${*:3}" "it lists: $(peers_of "$host" "$group")"
    fi
}

others() { # the workstations of $2... except $1
    local host
    for host in "${@:2}"; do
        [[ $host != "$1" ]] && echo "$host"
    done
}

counter() { shoald_counter "$@"; }
counter_above() { (($(counter "$1" "$2") > $3)); }

# The peer counters and the group socket's queues (ss) of every workstation still running, for
# the log dump of a failure.
save_peer_counters() {
    local host
    for host in "${!SHOALD_RUNNING[@]}"; do
        {
            shoald_ctl "$host" counters 2>&1 | awk '$1 ~ /^peer\./ && $2 != 0'
            ip netns exec "${LAB_NS[$host]}" ss -Huanm "( sport = :$PEER_PORT )"
        } >"$SHOAL_TMP/peer-counters-$host.log"
    done
}
for host in "${WORKSTATIONS[@]}"; do
    start_workstation "$host"
done
for host in "${WORKSTATIONS[@]}"; do
    # shellcheck disable=SC2046
    expect_peers "$host" lab $(others "$host" "${WORKSTATIONS[@]}")
done
expect_peers h1 ops h2
expect_peers h2 ops h1

# --- (a) sharing: the upstream sees each name once ------------------------------------------------

shoal_log "--- (a) each workstation resolves its own names"
ask_on() { # ask_on HOST NAME TYPE VALUE: dig on the host's shoald, expecting VALUE
    dns_target 127.0.0.1 53 "${LAB_NS[$1]}"
    expect_answer "$2" "$3" "$4" +time=3
}

# upstream_sum: what the workstations have sent upstream, all together.
upstream_sum() {
    local host sum=0
    for host in "$@"; do
        sum=$((sum + $(counter "$host" upstream.queries)))
    done
    echo "$sum"
}
nsd_before=$(nsd_query_count lab)
sent_before=$(upstream_sum "${WORKSTATIONS[@]}")
for host in "${WORKSTATIONS[@]}"; do
    for name in $(own_names "$host"); do
        ask_on "$host" "$name" A "$(address_of "$name")"
    done
done
# Through glibc: h1 looks up www's IPv6 address (AAAA), h5 a name that lives 3 seconds.
shoal_check "getent hosts www.lab.test on h1 lists 2001:db8::10" \
    grep -q '^2001:db8::10 ' <(ip netns exec "${LAB_NS[h1]}" getent hosts www.lab.test)
ask_on h2 short2.lab.test A 192.0.2.31
ask_on h5 short.lab.test A 192.0.2.30
# 18 questions, each asked once; a retry after a lost or slow reply would add to both counts.
asked_upstream=$((NAMES_PER_HOST * ${#WORKSTATIONS[@]} + 3))
nsd_first=$(nsd_query_count lab)
sent=$(($(upstream_sum "${WORKSTATIONS[@]}") - sent_before))
expect_equal "NSD saw what the workstations sent upstream" "$sent" "$((nsd_first - nsd_before))"
shoal_check "the workstations asked NSD each of the $asked_upstream questions (sent $sent)" \
    test "$sent" -ge "$asked_upstream"

shared_names=()
for host in "${SHARING[@]}"; do
    mapfile -t -O "${#shared_names[@]}" shared_names < <(own_names "$host")
done
# Each workstation has taken the shares of the sharing ones (all but itself).
shares_taken() {
    local want=$1 host=$2 got
    got=$(counter "$host" peer.shares.accepted)
    [[ -n $got ]] && ((got >= want))
}
for host in "${WORKSTATIONS[@]}"; do
    want=$((${#shared_names[@]} + 2)) # + www AAAA + short2
    [[ " ${SHARING[*]} " == *" $host "* ]] && want=$((want - NAMES_PER_HOST))
    [[ $host == h1 ]] && want=$((want - 1))
    [[ $host == h2 ]] && want=$((want - 1))
    shoal_check "$host took at least $want shares from the others" \
        shoal_wait_until 10 shares_taken "$want" "$host"
done

shoal_log "--- (a) every workstation asks every shared name"
declare -A upstream_before=()
for host in "${WORKSTATIONS[@]}"; do
    upstream_before[$host]=$(counter "$host" upstream.queries)
done
for host in "${WORKSTATIONS[@]}"; do
    for name in "${shared_names[@]}"; do
        ask_on "$host" "$name" A "$(address_of "$name")"
    done
    dns_target 127.0.0.1 53 "${LAB_NS[$host]}"
    expect_answer www.lab.test AAAA 2001:db8::10
done
expect_equal "NSD saw no further question: the group shared every answer" \
    "$nsd_first" "$(nsd_query_count lab)"
for host in "${WORKSTATIONS[@]}"; do
    expect_equal "$host sent nothing upstream for shared names" \
        "${upstream_before[$host]}" "$(counter "$host" upstream.queries)"
done
expect_equal "h5 shared nothing (share = false)" 0 "$(counter h5 peer.shares.sent)"

# --- (b) outage ---------------------------------------------------------------------------------

shoal_log "--- (b) NSD stopped"
nsd_stop lab
sleep $((LAB_SHORT_TTL + 1)) # short and short2 are now stale everywhere they are cached

mapfile -t all_a_names < <(for host in "${WORKSTATIONS[@]}"; do own_names "$host"; done)

# expect_everything HOST: every name any workstation resolved resolves on HOST, through dig
# and through glibc's resolver.
expect_everything() {
    local host=$1 ns=${LAB_NS[$1]} name output
    for name in "${all_a_names[@]}"; do
        ask_on "$host" "$name" A "$(address_of "$name")"
    done
    ask_on "$host" short.lab.test A 192.0.2.30
    ask_on "$host" short2.lab.test A 192.0.2.31
    ask_on "$host" www.lab.test AAAA 2001:db8::10
    for name in "${all_a_names[@]}" short.lab.test; do
        output=$(ip netns exec "$ns" getent ahostsv4 "$name" 2>&1)
        if grep -q "^$(address_of_any "$name") " <<<"$output"; then
            shoal_pass "getent ahostsv4 $name on $host"
        else
            shoal_fail "getent ahostsv4 $name on $host" "got: $output"
        fi
    done
    output=$(ip netns exec "$ns" getent hosts www.lab.test 2>&1)
    shoal_check "getent hosts www.lab.test on $host lists 2001:db8::10" \
        grep -q '^2001:db8::10 ' <<<"$output"
}
address_of_any() {
    if [[ $1 == short.lab.test ]]; then echo 192.0.2.30; else address_of "$1"; fi
}

for host in "${WORKSTATIONS[@]}"; do
    expect_everything "$host"
done
# h5's names reached the others as answers to their Asks; the rest came from their caches.
for host in h1 h2 h3 h4; do
    answered=$(counter "$host" dns.answers.peer)
    learned=$(counter "$host" peer.answers.learned)
    shoal_check "$host got h5's names from the group (answers from peers $answered, learned $learned)" \
        test $((answered + learned)) -gt 0
done
shoal_check "h5 answered the group's Asks" test "$(counter h5 peer.answers.sent)" -gt 0

shoal_log "--- (b) dig -k against one peer's port"
dns_target 192.0.2.1 "$PEER_PORT" "${LAB_NS[h3]}"
signed_ok() { # signed_ok KEYFILE NAME VALUE
    dns_ask "$2" A -k "$1"
    if [[ $(reply_rcode) == NOERROR ]] && grep -q "$3\$" <<<"$(reply_section ANSWER)" &&
        grep -q '^;; TSIG PSEUDOSECTION:' <<<"$SHOAL_REPLY" &&
        ! grep -qiE "couldn't verify|tsig verify failure|could not be validated" <<<"$SHOAL_REPLY"; then
        shoal_pass "dig -k $(basename "$1") @h1 $2: a verified signed answer"
    else
        shoal_fail "dig -k $(basename "$1") @h1 $2: a verified signed answer" "$SHOAL_REPLY"
    fi
}
refused_with() { # refused_with WORD DIG-OPTIONS...: no answer, and WORD in dig's output
    local word=$1
    shift
    dns_ask n1-1.lab.test A "$@"
    if grep -q "$word" <<<"$SHOAL_REPLY" && ! grep -q '198.51.100.11$' <<<"$(reply_section ANSWER)"; then
        shoal_pass "dig $* @h1: $word, no answer"
    else
        shoal_fail "dig $* @h1: $word, no answer" "$SHOAL_REPLY"
    fi
}
signed_ok "$SHOAL_TMP/lab.key" n1-1.lab.test 198.51.100.11
signed_ok "$SHOAL_TMP/lab.key" n5-1.lab.test 198.51.100.51 # learned from the group
signed_ok "$SHOAL_TMP/ops.key" n2-1.lab.test 198.51.100.21
refused_with BADSIG -k "$SHOAL_TMP/wrong-lab.key"
refused_with BADKEY -k "$SHOAL_TMP/stranger.key"
refused_with 'status: REFUSED'
dns_target 192.0.2.3 "$PEER_PORT" "${LAB_NS[h1]}" # h3 is not in ops
refused_with BADKEY -k "$SHOAL_TMP/ops.key"

# --- (c) a latecomer ----------------------------------------------------------------------------

shoal_log "--- (c) h6 starts during the outage"
start_workstation h6
# shellcheck disable=SC2046
expect_peers h6 lab "${WORKSTATIONS[@]}"
expect_everything h6
expect_equal "h6 never got an answer from the upstream" 0 "$(counter h6 upstream.answers)"
shoal_check "h6 was answered by its peers" test "$(counter h6 dns.answers.peer)" -gt 0
hits_before=$(counter h6 dns.answers.cache)
ask_on h6 n1-1.lab.test A 198.51.100.11
shoal_check "h6 answers a learned name from its own cache now" \
    test "$(counter h6 dns.answers.cache)" -gt "$hits_before"

# --- (d) a stranger -----------------------------------------------------------------------------

shoal_log "--- (d) h7 joins \"lab\" with the wrong secret during the outage"
bad_sig_before=$(counter h1 peer.dropped.tsig-bad-sig)
start_workstation h7
dns_target 127.0.0.1 53 "${LAB_NS[h7]}"
expect_rcode n1-1.lab.test A SERVFAIL +time=5
expect_rcode n5-1.lab.test A SERVFAIL +time=5
expect_equal "h7 knows no peer" "" "$(peers_of h7 lab)"
expect_equal "h7 took nothing from the group" 0 \
    "$(($(counter h7 peer.shares.accepted) + $(counter h7 peer.answers.learned) + $(counter h7 dns.answers.peer)))"
shoal_check "h1 dropped h7's messages as badly signed" \
    shoal_wait_until 10 counter_above h1 peer.dropped.tsig-bad-sig "$bad_sig_before"
# shellcheck disable=SC2046
expect_peers h1 lab $(others h1 "${WORKSTATIONS[@]}" h6)
shoald_stop h7 TERM

# --- (e) a goodbye ------------------------------------------------------------------------------

shoal_log "--- (e) h2 shuts down"
shoald_stop h2 TERM
expect_equal "h2 exited cleanly" 0 "$SHOAL_LAST_STATUS"
# Peers expire only after three announcement intervals (3 minutes); within 15 s it is the Goodbye.
for host in h1 h3 h4 h5 h6; do
    # shellcheck disable=SC2046
    expect_peers "$host" lab $(others "$host" h1 h3 h4 h5 h6)
    shoal_check "$host logged h2's goodbye" \
        grep -q 'peer went: h2 .* group lab (goodbye)' "$SHOAL_TMP/shoald-$host.log"
done
expect_peers h1 ops
ask_on h6 n2-1.lab.test A 198.51.100.21 # h2's names live on without h2

for host in h1 h3 h4 h5 h6; do
    expect_shoald_alive "$host"
done
save_peer_counters
shoal_test_end
