# Helpers shared by the fault tests (tests/faults/*.sh), on top of tests/lib/: shoalctl queries
# (counters, status fields, events), and a client loop that asks a fixed set of names again and
# again and writes one line per reply, so a test can count afterwards what the clients saw while
# it broke things.
#
# A test sources only this file: it brings tests/lib/common.sh, dns.sh, nsd.sh and shoald.sh.

faults_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$faults_lib/common.sh"
source "$faults_lib/dns.sh"
source "$faults_lib/nsd.sh"
source "$faults_lib/shoald.sh"

# Sets SHOALCTL_BINARY, or aborts the test when there is none.
faults_find_shoalctl() {
    SHOALCTL_BINARY=${SHOALCTL:-${SHOAL_BINARY_DIR:-}/ctl/shoalctl}
    [[ -x $SHOALCTL_BINARY ]] || shoal_abort "no shoalctl at '$SHOALCTL_BINARY' (build target shoalctl)"
}

# faults_ctl NAME ARGS...: shoalctl against instance NAME's control socket.
faults_ctl() {
    local name=$1
    shift
    "$SHOALCTL_BINARY" --socket "$SHOAL_TMP/shoald-$name.control" "$@"
}

# faults_counter NAME COUNTER: the counter's value (empty when the daemon does not answer).
faults_counter() {
    faults_ctl "$1" counters --json 2>/dev/null |
        jq -r --arg name "$2" '.counters[] | select(.name == $name) | .value'
}

# faults_status_field NAME JQ-PATH: one field of `status`, e.g. .outage.
faults_status_field() {
    faults_ctl "$1" status --json 2>/dev/null | jq -r "$2"
}

# faults_event_count NAME KIND: how many events of KIND the daemon's event log holds.
faults_event_count() {
    faults_ctl "$1" events --limit 1000 --json 2>/dev/null |
        jq --arg kind "$2" '[.events[] | select(.kind == $kind)] | length'
}

# faults_write_key GROUP FILE: a fresh random key for GROUP, as tsig-keygen writes it.
faults_write_key() {
    printf 'key "%s" {\n    algorithm hmac-sha256;\n    secret "%s";\n};\n' "$1" \
        "$(head -c 32 /dev/urandom | base64)" >"$2"
}

# --- many names ---------------------------------------------------------------------------------

# faults_load_address NAME: the address NSD serves for NAME.load.lab.test, where NAME is a letter
# and a number (n0042, p0007).
faults_load_address() {
    local number=$((10#${1:1}))
    echo "198.51.100.$((number % 250 + 1))"
}

# faults_load_zone PREFIX COUNT: zone lines (for LAB_ZONE_EXTRA) of PREFIX0001..COUNT.load.
faults_load_zone() {
    local i name
    for ((i = 1; i <= $2; i++)); do
        name=$(printf '%s%04d' "$1" "$i")
        printf '%s.load 300 IN A %s\n' "$name" "$(faults_load_address "$name")"
    done
}

# --- the client loop ----------------------------------------------------------------------------

# Names the loop asks, one "NAME TYPE EXPECTED-RCODE EXPECTED-DATA" per line. The data is the
# last answer record's, as dig +short prints it; empty for a negative answer.
FAULTS_NAMES=()

# faults_client_loop SERVER PORT OUTFILE STOPFILE: asks every name of FAULTS_NAMES in turn until
# STOPFILE exists, each with one try and a 3 s bound, and writes per reply
#   NAME TYPE STATUS DATA TTL EDE
# STATUS is the reply's RCODE, or "timeout" when dig got none; DATA the last answer record's
# data with spaces replaced by '_' ("-" when none); TTL the first answer record's TTL ("-").
faults_client_loop() {
    local server=$1 port=$2 outfile=$3 stopfile=$4 entry name type reply status data ttl ede
    while [[ ! -e $stopfile ]]; do
        for entry in "${FAULTS_NAMES[@]}"; do
            read -r name type _ <<<"$entry"
            reply=$(dig "@$server" -p "$port" +tries=1 +time=3 "$name" "$type" 2>&1)
            faults_reply_line "$name" "$type" "$reply" >>"$outfile"
        done
    done
}

# faults_reply_line NAME TYPE DIG-OUTPUT: the loop's line for one reply.
faults_reply_line() {
    local name=$1 type=$2 reply=$3 status data ttl ede
    status=$(sed -n 's/.*->>HEADER<<-.*status: \([A-Z0-9]*\)[,;].*/\1/p' <<<"$reply" | head -n 1)
    [[ -z $status ]] && status=timeout
    data=$(awk '/^;; ANSWER SECTION:/ { inside = 1; next } inside && /^$/ { exit }
        inside { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); last = $0 } END { print last }' <<<"$reply")
    ttl=$(awk '/^;; ANSWER SECTION:/ { inside = 1; next } inside && /^$/ { exit }
        inside { print $2; exit }' <<<"$reply")
    ede=$(sed -n 's/^; EDE: \([0-9]*\).*/\1/p' <<<"$reply" | head -n 1)
    data=${data// /_}
    printf '%s %s %s %s %s %s\n' "$name" "$type" "$status" "${data:--}" "${ttl:--}" "${ede:--}"
}

# faults_start_clients OUTVAR SERVER PORT OUTFILE: starts the loop in the background; it stops
# when faults_stop_clients is called (or the test exits).
faults_start_clients() {
    local -n clients_pid=$1
    FAULTS_STOPFILE="$SHOAL_TMP/clients.stop"
    rm -f "$FAULTS_STOPFILE"
    : >"$4"
    faults_client_loop "$2" "$3" "$4" "$FAULTS_STOPFILE" &
    clients_pid=$!
    SHOAL_PIDS+=("$clients_pid")
}

# faults_stop_clients PID: lets the loop finish its round, then waits for it.
faults_stop_clients() {
    touch "$FAULTS_STOPFILE"
    wait "$1" 2>/dev/null
    return 0
}

# faults_check_replies OUTFILE: every reply of the loop must match FAULTS_NAMES (status and
# data); prints a summary and records one check per kind of mismatch.
faults_check_replies() {
    local outfile=$1 entry name type rcode value expected
    expected="$SHOAL_TMP/expected.txt"
    : >"$expected"
    for entry in "${FAULTS_NAMES[@]}"; do
        read -r name type rcode value <<<"$entry"
        printf '%s %s %s %s\n' "$name" "$type" "$rcode" "${value// /_}" >>"$expected"
    done
    awk -v expected="$expected" '
        BEGIN {
            while ((getline line < expected) > 0) {
                split(line, f, " ")
                want_rcode[f[1] " " f[2]] = f[3]
                want_data[f[1] " " f[2]] = (f[4] == "" ? "-" : f[4])
            }
        }
        {
            key = $1 " " $2
            total++
            status[$3]++
            if ($6 == "3" || $6 == "19") stale++
            if ($3 != want_rcode[key] || $4 != want_data[key]) {
                wrong++
                if (wrong <= 10) print "    wrong: " $0 " (expected " want_rcode[key] " " want_data[key] ")"
            }
        }
        END {
            printf "replies=%d stale=%d wrong=%d", total, stale, wrong + 0
            for (s in status) printf " %s=%d", s, status[s]
            printf "\n"
        }' "$outfile"
}

# faults_summary_value SUMMARY KEY: one KEY=VALUE of faults_check_replies' summary (its last
# line; 0 if absent).
faults_summary_value() {
    local value
    value=$(tail -n 1 <<<"$1" | tr ' ' '\n' | sed -n "s/^$2=//p")
    echo "${value:-0}"
}
