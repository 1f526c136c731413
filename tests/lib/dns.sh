# Asking a DNS server with dig and checking the reply. Every query names its server explicitly
# (@address -p port) so dig never falls back to the machine's resolv.conf, and tries once.
#
# dns_target ADDRESS PORT [NETNS] chooses the server the expect_* helpers ask. dns_ask keeps the
# full dig output of the last query in SHOAL_REPLY; the reply_* helpers read it and the expect_*
# helpers print what they expected next to what came.

SHOAL_DNS_SERVER=
SHOAL_DNS_PORT=
SHOAL_DNS_RUN=()
SHOAL_DNS_CLIENT=dig
SHOAL_REPLY=
# Commands run after every query with the query's words as arguments (shoald.sh adds a check
# that no shoald instance died answering it).
SHOAL_AFTER_QUERY_HOOKS=()

dns_target() {
    SHOAL_DNS_SERVER=$1
    SHOAL_DNS_PORT=$2
    SHOAL_DNS_RUN=()
    [[ -n ${3:-} ]] && SHOAL_DNS_RUN=(ip netns exec "$3")
    return 0
}

# dns_client dig|kdig: the program dns_ask (and so every expect_* helper) uses. Both print the
# sections the same way; only the header line and the option names differ.
dns_client() {
    SHOAL_DNS_CLIENT=$1
}

# dns_ask NAME TYPE [CLIENT OPTIONS...]: one query to the target. Returns the client's status
# (non-zero when no reply came).
dns_ask() {
    local name=$1 type=$2 status hook
    shift 2
    if [[ $SHOAL_DNS_CLIENT == kdig ]]; then
        SHOAL_REPLY=$("${SHOAL_DNS_RUN[@]}" kdig "@$SHOAL_DNS_SERVER" -p "$SHOAL_DNS_PORT" \
            +retry=0 +timeout=2 "$@" "$name" "$type" 2>&1)
    else
        SHOAL_REPLY=$("${SHOAL_DNS_RUN[@]}" dig "@$SHOAL_DNS_SERVER" -p "$SHOAL_DNS_PORT" \
            +tries=1 +time=2 "$@" "$name" "$type" 2>&1)
    fi
    status=$?
    for hook in "${SHOAL_AFTER_QUERY_HOOKS[@]}"; do
        "$hook" "$SHOAL_DNS_CLIENT" "$name" "$type" "$@"
    done
    return $status
}

# The status word of the header line, e.g. NOERROR, NXDOMAIN, SERVFAIL.
reply_rcode() {
    sed -n 's/.*->>HEADER<<-.*status: \([A-Z0-9]*\)[,;].*/\1/p' <<<"$SHOAL_REPLY" | head -n 1
}

# The header flags, e.g. "qr rd ra".
reply_flags() {
    sed -n 's/^;; [Ff]lags: \([a-z ]*\);.*/\1/p' <<<"$SHOAL_REPLY" | head -n 1
}

# Records of one section ("ANSWER", "AUTHORITY", ...) as "name ttl class type rdata" lines.
reply_section() {
    awk -v want=";; $1 SECTION:" '
        $0 == want { inside = 1; next }
        inside && /^$/ { exit }
        inside { print }' <<<"$SHOAL_REPLY"
}

# The question line without its leading ';' (name class type), letter case as it came back.
reply_question() {
    reply_section QUESTION | sed 's/^;*//' | awk '{ print $1 }'
}

# TTL of the first answer record of TYPE.
reply_ttl() {
    reply_section ANSWER | awk -v type="$1" '$4 == type { print $2; exit }'
}

# Extended DNS Error code of the reply, empty if none.
reply_ede() {
    sed -n 's/^; EDE: \([0-9]*\).*/\1/p' <<<"$SHOAL_REPLY" | head -n 1
}

reply_has_opt() {
    grep -q '^;; OPT PSEUDOSECTION:' <<<"$SHOAL_REPLY"
}

reply_lacks_opt() {
    ! reply_has_opt
}

# The flags of the OPT record, e.g. "do".
reply_edns_flags() {
    sed -n 's/^; EDNS: version: [0-9]*, flags:\([a-z ]*\);.*/\1/p' <<<"$SHOAL_REPLY" | sed 's/^ *//'
}

# --- checks -----------------------------------------------------------------------------------

# shoal_pass/shoal_fail DESCRIPTION [DETAILS]: record one check.
shoal_pass() {
    SHOAL_CHECKS=$((SHOAL_CHECKS + 1))
    shoal_log "ok: $1"
}

shoal_fail() {
    SHOAL_CHECKS=$((SHOAL_CHECKS + 1))
    SHOAL_FAILURES=$((SHOAL_FAILURES + 1))
    shoal_log "FAIL: $1"
    [[ -n ${2:-} ]] && printf '%s\n' "$2" | sed 's/^/    /'
    return 1
}

# shoal_check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
shoal_check() {
    local description=$1
    shift
    if "$@"; then
        shoal_pass "$description"
    else
        shoal_fail "$description" "command failed: $*"
    fi
}

# expect_equal DESCRIPTION EXPECTED ACTUAL
expect_equal() {
    if [[ $2 == "$3" ]]; then
        shoal_pass "$1"
    else
        shoal_fail "$1" "expected: '$2'"$'\n'"got:      '$3'"$'\n'"last reply:"$'\n'"$SHOAL_REPLY"
    fi
}

# expect_reply NAME TYPE [DIG OPTIONS...]: the server answers at all (within dig's timeout).
expect_reply() {
    if dns_ask "$@"; then
        shoal_pass "reply to $1 $2"
    else
        shoal_fail "reply to $1 $2" "expected a reply, got:"$'\n'"$SHOAL_REPLY"
    fi
}

# expect_rcode NAME TYPE RCODE [DIG OPTIONS...]
expect_rcode() {
    local name=$1 type=$2 rcode=$3
    shift 3
    dns_ask "$name" "$type" "$@"
    expect_equal "$name $type has status $rcode" "$rcode" "$(reply_rcode)"
}

# expect_answer NAME TYPE VALUE [DIG OPTIONS...]: NOERROR and an answer record of TYPE with VALUE
# as its data (CNAME records leading to it may come first).
expect_answer() {
    local name=$1 type=$2 value=$3 found
    shift 3
    dns_ask "$name" "$type" "$@"
    found=$(reply_section ANSWER | awk -v type="$type" -v value="$value" '
        $4 == type { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); if ($0 == value) print "yes" }')
    if [[ $(reply_rcode) == NOERROR && -n $found ]]; then
        shoal_pass "$name $type answers $value"
    else
        shoal_fail "$name $type answers $value" \
            "expected NOERROR with $type $value in the answer, got:"$'\n'"$SHOAL_REPLY"
    fi
}

# expect_nodata NAME TYPE: NOERROR with an empty answer section.
expect_nodata() {
    local name=$1 type=$2
    shift 2
    dns_ask "$name" "$type" "$@"
    if [[ $(reply_rcode) == NOERROR && -z $(reply_section ANSWER) ]]; then
        shoal_pass "$name $type is NODATA"
    else
        shoal_fail "$name $type is NODATA" "expected NOERROR and no answer, got:"$'\n'"$SHOAL_REPLY"
    fi
}

# expect_ede CODE: the last reply carries Extended DNS Error CODE ("" for none).
expect_ede() {
    local want=$1 label
    label="EDE ${want:-none}"
    expect_equal "last reply has $label" "$want" "$(reply_ede)"
}

# expect_ede_one_of CODE...: the last reply carries one of these Extended DNS Errors.
expect_ede_one_of() {
    local got code
    got=$(reply_ede)
    for code in "$@"; do
        if [[ $got == "$code" ]]; then
            shoal_pass "last reply has EDE $got (one of $*)"
            return 0
        fi
    done
    shoal_fail "last reply has one of EDE $*" "got EDE '${got}' in:"$'\n'"$SHOAL_REPLY"
}

# expect_ttl TYPE MIN MAX: the first answer record of TYPE has a TTL in [MIN, MAX].
expect_ttl() {
    local type=$1 min=$2 max=$3 ttl
    ttl=$(reply_ttl "$type")
    if [[ -n $ttl ]] && ((ttl >= min && ttl <= max)); then
        shoal_pass "$type TTL $ttl is within [$min, $max]"
    else
        shoal_fail "$type TTL within [$min, $max]" "got TTL '$ttl' in:"$'\n'"$SHOAL_REPLY"
    fi
}
