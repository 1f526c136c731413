#!/usr/bin/env bash
# The wall clock jumps under shoald, which keeps cache expiry in wall time. libfaketime (Debian's
# faketime package) shifts what clock_gettime(CLOCK_REALTIME) returns to shoald alone, read
# from a file the test rewrites (FAKETIME_NO_CACHE: read at every call); the monotonic clock,
# which drives Qt's timers, is left alone, as an NTP step leaves it.
#
# Forward two hours with the upstream silent: every entry has expired and is served stale (TTL
# 30, EDE 3, or 19 for NXDOMAIN), none is lost. Back four hours: no crash, every TTL in every
# answer between 0 and the record's original TTL, data unchanged, and new names still resolve.
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin clock_jumps
shoal_require_tool nsd nsd-control dig ss jq
faults_find_shoalctl
FAKETIME_LIBRARY=
for candidate in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
    [[ -f $candidate ]] && FAKETIME_LIBRARY=$candidate && break
done
[[ -n $FAKETIME_LIBRARY ]] || shoal_skip "libfaketime is not installed (scripts/deps.sh test)"

STALE_TTL=30
FORWARD=+7200
BACKWARD=-7200

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
dns_target 127.0.0.1 "$port"
clock_file="$SHOAL_TMP/faketime"
echo "+0" >"$clock_file"

# "NAME TYPE RCODE ORIGINAL-TTL VALUE"
names=(
    "www.lab.test A NOERROR $LAB_LONG_TTL 192.0.2.10"
    "alias.lab.test A NOERROR $LAB_LONG_TTL 192.0.2.10"
    "txt.lab.test TXT NOERROR $LAB_LONG_TTL \"shoal integration test\" \"second string\""
    "short.lab.test A NOERROR $LAB_SHORT_TTL 192.0.2.30"
    "short2.lab.test A NOERROR $LAB_SHORT_TTL 192.0.2.31"
    "missing.lab.test A NXDOMAIN $LAB_NEGATIVE_TTL"
)

# set_clock OFFSET: shoald's wall clock is real time + OFFSET seconds from now on.
set_clock() {
    echo "$1" >"$clock_file.new" && mv "$clock_file.new" "$clock_file"
    shoal_log "shoald's clock: real time $1 s"
}

# clock_offset_is SECONDS: shoald's clock (as shoald reports it) is ours plus SECONDS, give or
# take the few seconds a loaded machine may need to run shoalctl.
clock_offset_is() {
    local before now after
    before=$(date +%s%3N)
    now=$(faults_status_field main .nowMs)
    after=$(date +%s%3N)
    [[ -n $now ]] && (((now - before) > ($1 - 5) * 1000 && (now - after) < ($1 + 5) * 1000))
}

# expect_entry "NAME TYPE RCODE TTL VALUE" fresh|stale EDE...: status and data; with "fresh" the
# TTL of every record of the reply (answer and authority) between 0 and its original TTL in the
# zone (the entry's TTL; the zone's NS 300 s; the SOA 300 s, or its 60 s minimum in a negative
# answer), with "stale" every TTL 30; and one of the EDEs ("" for none).
expect_entry() {
    local name type rcode ttl value mode=$2 records bad
    read -r name type rcode ttl value <<<"$1"
    shift 2
    if [[ $rcode == NOERROR ]]; then
        expect_answer "$name" "$type" "$value" +time=3
    else
        expect_rcode "$name" "$type" "$rcode" +time=3
    fi
    records=$( (reply_section ANSWER; reply_section AUTHORITY) | awk '{ printf "%s=%s ", $4, $2 }')
    bad=$( (reply_section ANSWER; reply_section AUTHORITY) | awk -v mode="$mode" -v ttl="$ttl" \
        -v negative=$([[ $rcode == NXDOMAIN ]] && echo 1 || echo 0) -v stale="$STALE_TTL" \
        -v zone="$LAB_LONG_TTL" -v minimum="$LAB_NEGATIVE_TTL" '{
            original = ttl
            if ($4 == "NS") original = zone
            if ($4 == "SOA") original = negative ? minimum : zone
            if (mode == "stale" ? $2 != stale : ($2 < 0 || $2 > original)) print $4 "=" $2
        }')
    if [[ -n $records && -z $bad ]]; then
        shoal_pass "$name $type: TTLs $records($mode)"
    else
        shoal_fail "$name $type: TTLs $mode" "wrong: $bad"$'\n'"$SHOAL_REPLY"
    fi
    expect_ede_one_of "$@"
}

nsd_start lab "$upstream_address" "$upstream_port"
shoald_find_binary
real_shoald=$SHOALD_BINARY
# shoald_start runs $SHOALD; a wrapper puts libfaketime under it.
cat >"$SHOAL_TMP/shoald-faketime" <<WRAPPER
#!/usr/bin/env bash
export LD_PRELOAD="$FAKETIME_LIBRARY"
export FAKETIME_TIMESTAMP_FILE="$clock_file"
export FAKETIME_NO_CACHE=1
export FAKETIME_DONT_FAKE_MONOTONIC=1
# An ASan build refuses to start with a library preloaded before its runtime; libfaketime only
# wraps clock calls, so the order does not matter here.
export ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}verify_asan_link_order=0"
exec "$real_shoald" "\$@"
WRAPPER
chmod +x "$SHOAL_TMP/shoald-faketime"
SHOALD="$SHOAL_TMP/shoald-faketime"
shoald_args=(--listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port"
    --state-dir "$SHOAL_TMP/state" --stale-limit 1d --client-budget 400 --recheck-interval 1s)
shoald_start main "" "${shoald_args[@]}"

shoal_log "--- filling the cache"
for entry in "${names[@]}"; do
    expect_entry "$entry" fresh ""
done
shoal_check "libfaketime leaves shoald's clock alone at +0" clock_offset_is 0

shoal_log "--- forward two hours, upstream silent: everything expired, served stale"
nsd_freeze lab
set_clock "$FORWARD"
shoal_check "shoald's clock jumped forward" clock_offset_is "${FORWARD#+}"
for entry in "${names[@]}"; do
    read -r _ _ rcode _ <<<"$entry"
    if [[ $rcode == NXDOMAIN ]]; then
        expect_entry "$entry" stale 19
    else
        expect_entry "$entry" stale 3
    fi
done
expect_equal "no entry was dropped (cache.expired)" 0 "$(faults_counter main cache.expired)"
nsd_thaw lab

shoal_log "--- upstream back: entries refreshed under the jumped clock"
fresh_again() { dns_ask www.lab.test A +time=3 && [[ -z $(reply_ede) && $(reply_ttl A) -gt $STALE_TTL ]]; }
shoal_check "www.lab.test fresh again after the forward jump (within 20 s)" \
    shoal_wait_until 20 fresh_again
for entry in "${names[@]}"; do
    expect_entry "$entry" fresh ""
done

shoal_log "--- back four hours: TTLs stay within [0, original]"
set_clock "$BACKWARD"
shoal_check "shoald's clock jumped back" clock_offset_is "$BACKWARD"
for entry in "${names[@]}"; do
    expect_entry "$entry" fresh "" 3 19
done
expect_answer mail.lab.test A 192.0.2.25 +time=3
expect_ttl A 0 "$LAB_LONG_TTL"
expect_answer lab.test MX "10 mail.lab.test." +time=3
expect_equal "counter dns.answers.servfail" 0 "$(faults_counter main dns.answers.servfail)"

shoal_log "--- restart while the clock is four hours behind the saved entries"
shoald_stop main TERM
expect_equal "shoald exits cleanly" 0 "$SHOAL_LAST_STATUS"
shoald_start main "" "${shoald_args[@]}"
shoal_log "after the restart: cache.loaded=$(faults_counter main cache.loaded)" \
    "cache.load-rejected=$(faults_counter main cache.load-rejected)" \
    "(entries stored more than a minute 'in the future' are refused by design)"
for entry in "${names[@]}"; do
    expect_entry "$entry" fresh "" 3 19
done

expect_shoald_alive main
shoal_test_end
