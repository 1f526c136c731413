#!/usr/bin/env bash
# Hostile bytes at shoald over UDP and TCP (made by dnspoke, since dig will not send them):
# short and empty datagrams, responses, bad counts, compression loops, oversized names and labels,
# unknown opcodes, broken EDNS, garbage and idle TCP clients, and crowds of them. Each gets the
# answer the protocol asks for (FORMERR, NOTIMP, BADVERS) or nothing, and after each shoald is
# alive and still answers a normal query. Its memory stays bounded throughout.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"

shoal_test_begin bad_input
shoal_require_tool nsd nsd-control dig ss

DNSPOKE=${DNSPOKE:-${SHOAL_BINARY_DIR:-}/tests/integration/dnspoke}
[[ -x $DNSPOKE ]] || shoal_abort "no dnspoke at '$DNSPOKE' (build target dnspoke)"
RSS_LIMIT_KB=$((200 * 1024))
CROWD=300

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
nsd_start lab "$upstream_address" "$upstream_port"
# Few TCP slots and a short idle timeout, so the crowds below overflow the one and meet the other.
TCP_CLIENTS=100
shoald_start main "" --listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port" \
    --state-dir "$SHOAL_TMP/state" --max-tcp-clients "$TCP_CLIENTS" --tcp-idle-timeout 1s
dns_target 127.0.0.1 "$port"

# --- building packets -------------------------------------------------------------------------

WWW_NAME=03777777036c6162047465737400 # www.lab.test.
TYPE_A_CLASS_IN=00010001
QUESTION="$WWW_NAME$TYPE_A_CLASS_IN"
OPT_RECORD=0000291000000000000000 # root, OPT, 4096 bytes, no flags, empty RDATA

# header ID FLAGS QDCOUNT ANCOUNT NSCOUNT ARCOUNT
header() {
    printf '%04x%04x%04x%04x%04x%04x' "0x$1" "0x$2" "$3" "$4" "$5" "$6"
}

# A name of COUNT labels of 63 'a's, in wire form (not terminated).
long_labels() {
    local label i
    label=3f$(printf '61%.0s' $(seq 1 63))
    for ((i = 0; i < $1; i++)); do printf '%s' "$label"; done
}

tcp_frame() {
    printf '%04x%s' $((${#1} / 2)) "$1"
}

# --- checking replies -------------------------------------------------------------------------

RCODE_NAMES=(NOERROR FORMERR SERVFAIL NXDOMAIN NOTIMP REFUSED)

# The verdict on one reply in hex: "drop" for none, else its RCODE name, or "bad-reply: why".
verdict() {
    local query=$1 reply=$2 flags
    if [[ -z $reply || $reply == "no reply" ]]; then
        echo drop
        return
    fi
    if [[ $reply == "no connection" ]]; then
        echo "no-connection"
        return
    fi
    if ((${#reply} < 24)); then
        echo "bad-reply: shorter than a header"
        return
    fi
    flags=$((16#${reply:4:4}))
    if ((!(flags & 0x8000))); then
        echo "bad-reply: QR clear"
    elif ((${#query} >= 4)) && [[ ${reply:0:4} != "${query:0:4}" ]]; then
        echo "bad-reply: ID ${reply:0:4} for query ID ${query:0:4}"
    else
        echo "${RCODE_NAMES[flags & 0xf]:-RCODE$((flags & 0xf))}"
    fi
}

FORMERR_REPLIES=0

# expect_verdict DESCRIPTION GOT ALLOWED...
expect_verdict() {
    local description=$1 got=$2 allowed
    shift 2
    [[ $got == FORMERR ]] && FORMERR_REPLIES=$((FORMERR_REPLIES + 1))
    for allowed in "$@"; do
        if [[ $got == "$allowed" ]]; then
            shoal_pass "$description: $got"
            return 0
        fi
    done
    shoal_fail "$description" "expected one of: $*"$'\n'"got: $got"
}

# After a crash the rest would only repeat it: stop there.
expect_still_serving() {
    expect_shoald_alive main || shoal_abort "shoald died; the log above says where"
    expect_answer www.lab.test A 192.0.2.10
}

# poke_udp DESCRIPTION HEX ALLOWED...: one datagram, its verdict, then shoald still serves.
poke_udp() {
    local description=$1 query=$2 reply
    shift 2
    reply=$("$DNSPOKE" udp 127.0.0.1 "$port" "$query" 500)
    expect_verdict "UDP $description" "$(verdict "$query" "$reply")" "$@"
    expect_still_serving
}

# poke_tcp DESCRIPTION HEX ALLOWED...: HEX (framing included) on a fresh connection.
poke_tcp() {
    local description=$1 payload=$2 output reply
    shift 2
    output=$("$DNSPOKE" tcp 127.0.0.1 "$port" "$payload" 500)
    reply=$(head -n 1 <<<"$output")
    [[ $reply =~ ^[0-9a-f]+$ ]] && reply=${reply:4}
    expect_verdict "TCP $description" "$(verdict "${payload:4}" "$reply")" "$@"
    expect_still_serving
}

# Fill the cache so the liveness query does not depend on the upstream.
expect_answer www.lab.test A 192.0.2.10

shoal_log "--- datagrams too short to be DNS"
poke_udp "empty datagram" "" drop
poke_udp "2 bytes" 1234 drop FORMERR
poke_udp "11 bytes (a header cut short)" 1234010000010000000000 drop FORMERR
poke_udp "4000 bytes of 0xff" "$(printf 'ff%.0s' $(seq 1 4000))" drop FORMERR

shoal_log "--- header lies"
poke_udp "response (QR set)" "$(header 1001 8100 1 0 0 0)$QUESTION" drop
poke_udp "response with QR and an answer" "$(header 1002 8180 1 1 0 0)${QUESTION}c00c000100010000012c0004c000020a" drop
poke_udp "no question" "$(header 1003 0100 0 0 0 0)" drop FORMERR
poke_udp "two questions announced, one present" "$(header 1004 0100 2 0 0 0)$QUESTION" drop FORMERR
poke_udp "two questions present" "$(header 1005 0100 2 0 0 0)$QUESTION$QUESTION" drop FORMERR NOTIMP
poke_udp "65535 answers announced, none present" "$(header 1006 0100 1 65535 0 0)$QUESTION" drop FORMERR
poke_udp "65535 additionals announced, none present" "$(header 1007 0100 1 0 0 65535)$QUESTION" drop FORMERR
poke_udp "question without type and class" "$(header 1008 0100 1 0 0 0)$WWW_NAME" drop FORMERR
poke_udp "name without its terminating zero" "$(header 1009 0100 1 0 0 0)03777777036c6162" drop FORMERR

shoal_log "--- names"
poke_udp "compression pointer to itself" "$(header 100a 0100 1 0 0 0)c00c$TYPE_A_CLASS_IN" drop FORMERR
poke_udp "compression loop of two pointers" \
    "$(header 100b 0100 1 0 0 0)c00e${TYPE_A_CLASS_IN}c00c" drop FORMERR
poke_udp "compression pointer past the end" "$(header 100c 0100 1 0 0 0)c0ff$TYPE_A_CLASS_IN" drop FORMERR
poke_udp "name of 320 bytes" "$(header 100d 0100 1 0 0 0)$(long_labels 5)00$TYPE_A_CLASS_IN" drop FORMERR
poke_udp "label length 64 (reserved 01 bits)" \
    "$(header 100e 0100 1 0 0 0)40$(printf '61%.0s' $(seq 1 64))00$TYPE_A_CLASS_IN" drop FORMERR
poke_udp "label type 10 (reserved)" "$(header 100f 0100 1 0 0 0)8001$TYPE_A_CLASS_IN" drop FORMERR

shoal_log "--- opcodes"
poke_udp "opcode 3 (unassigned)" "$(header 1010 1900 1 0 0 0)$QUESTION" NOTIMP
poke_udp "opcode 15 (unassigned)" "$(header 1011 7900 1 0 0 0)$QUESTION" NOTIMP
poke_udp "opcode 1 (IQUERY, obsolete)" "$(header 1012 0900 1 0 0 0)$QUESTION" NOTIMP
poke_udp "opcode 5 (UPDATE)" "$(header 1013 2800 1 0 0 0)$QUESTION" NOTIMP REFUSED
poke_udp "opcode 4 (NOTIFY)" "$(header 1014 2000 1 0 0 0)$QUESTION" NOTIMP REFUSED

shoal_log "--- EDNS"
poke_udp "two OPT records" "$(header 1015 0100 1 0 0 2)$QUESTION$OPT_RECORD$OPT_RECORD" FORMERR drop
poke_udp "OPT whose RDATA runs past the end" \
    "$(header 1016 0100 1 0 0 1)${QUESTION}00002910000000000000ff" FORMERR drop
expect_rcode www.lab.test A BADVERS +edns=1 +noednsnegotiation
expect_still_serving

# expect_counter_at_least COUNTER MIN: what was dropped or refused was also counted.
expect_counter_at_least() {
    local value
    value=$(shoald_counter main "$1")
    if [[ -n $value ]] && ((value >= $2)); then
        shoal_pass "counter $1 = $value (at least $2)"
    else
        shoal_fail "counter $1 at least $2" "got '$value'"
    fi
}

expect_counter_at_least dns.dropped.short 3
expect_counter_at_least dns.dropped.response 3
expect_counter_at_least "dns.formerr.*" "$FORMERR_REPLIES"
expect_counter_at_least dns.notimp.opcode 5
expect_counter_at_least dns.badvers 1

shoal_log "--- TCP"
poke_tcp "garbage in a frame" "$(tcp_frame 0102030405)" drop FORMERR
poke_tcp "a frame of length zero" 0000 drop FORMERR
poke_tcp "a frame announced longer than what follows" ffff0102030405 drop
poke_tcp "response (QR set)" "$(tcp_frame "$(header 1020 8100 1 0 0 0)$QUESTION")" drop
poke_tcp "compression loop" "$(tcp_frame "$(header 1021 0100 1 0 0 0)c00c$TYPE_A_CLASS_IN")" drop FORMERR
poke_tcp "opcode 3" "$(tcp_frame "$(header 1022 1900 1 0 0 0)$QUESTION")" NOTIMP

# Two queries in one write: RFC 7766 asks servers to answer pipelined queries.
pipelined="$(tcp_frame "$(header 2001 0100 1 0 0 0)$QUESTION")$(tcp_frame "$(header 2002 0100 1 0 0 0)$QUESTION")"
replies=$("$DNSPOKE" tcp 127.0.0.1 "$port" "$pipelined" 1000 | head -n 1)
reply_ids() {
    local hex=$1 length
    while ((${#hex} >= 8)); do
        length=$((16#${hex:0:4}))
        echo "${hex:4:4}"
        hex=${hex:$((4 + 2 * length))}
    done
}
expect_equal "two pipelined TCP queries get two replies" "2001 2002" \
    "$(reply_ids "$replies" | sort | tr '\n' ' ' | sed 's/ $//')"

# Connections to shoald's port that the kernel holds on shoald's side (accepted or queued).
server_side_connections() {
    ss -Htn state established "( sport = :$port )" | wc -l
}

no_server_side_connections() {
    [[ $(server_side_connections) -eq 0 ]]
}

# crowd NAME PAYLOAD: CROWD TCP clients (more than shoald's TCP slots) send PAYLOAD and stay.
# Meanwhile UDP clients are still answered, and shoald lets go of every one of them (answered,
# refused for want of a slot, or closed by the idle timeout) while they still hold on. Clients
# that sent something must all have seen that. Idle ones may not: in a burst the kernel's listen
# queue overflows, and a client whose handshake it dropped believes it is connected until it
# sends. Afterwards TCP works again. Sets CROWD_RESULT to dnspoke's counts.
crowd() {
    local description=$1 payload=$2 pid
    shoal_spawn pid "$SHOAL_TMP/crowd.log" "$DNSPOKE" hold 127.0.0.1 "$port" "$CROWD" "$payload" 6
    sleep 0.5
    expect_answer www.lab.test A 192.0.2.10
    shoal_check "$description: shoald lets go of every connection (idle timeout 1 s, waited up to 4 s)" \
        shoal_wait_until 4 no_server_side_connections
    wait "$pid"
    CROWD_RESULT=$(cat "$SHOAL_TMP/crowd.log")
    shoal_log "$description: $CROWD_RESULT"
    if [[ -n $payload ]]; then
        expect_equal "$description: no client left hanging (ignored=0)" 0 "$(crowd_count ignored)"
    fi
    expect_still_serving
    expect_answer www.lab.test A 192.0.2.10 +tcp
}

crowd_count() {
    sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$CROWD_RESULT"
}

shoal_log "--- crowds of $CROWD TCP clients"
crowd "valid queries" "$(tcp_frame "$(header 3001 0100 1 0 0 0)$QUESTION")"
shoal_check "a valid crowd gets answers ($(crowd_count answered) of $CROWD)" \
    test "$(crowd_count answered)" -gt 0
crowd "idle clients (connect, send nothing)" ""
crowd "clients that send a length and stop" 001e
crowd "clients that send half a query" "001e$(header 3002 0100 1 0 0 0)"
expect_counter_at_least dns.tcp.idle-closed 1
expect_counter_at_least dns.tcp.refused-busy 1

shoal_log "--- floods"
flood_result=$("$DNSPOKE" flood 127.0.0.1 "$port" 20000 "$(header 4001 0100 1 0 0 0)c00c$TYPE_A_CLASS_IN")
shoal_log "compression loops: $flood_result"
flood_result=$("$DNSPOKE" flood 127.0.0.1 "$port" 20000 "$(header 4002 0100 1 0 0 0)$QUESTION")
shoal_log "valid queries: $flood_result"
expect_still_serving

rss=$(shoald_rss_kb main)
shoal_check "shoald's resident memory ${rss:-?} KiB stays under $RSS_LIMIT_KB KiB" \
    test "${rss:-999999999}" -lt "$RSS_LIMIT_KB"
shoal_test_end
