#!/usr/bin/env bash
# A flapping upstream: NSD is frozen (SIGSTOP, its port stays bound but nothing answers) and
# thawed twice, then killed (SIGKILL) and started again on the same port, while a client loop
# keeps asking names that were cached before, several of them with a 3 s TTL that expires many
# times during the run. Every reply must be the right data with the right status (stale answers
# allowed, SERVFAIL and timeouts not), and shoald must enter the outage and leave it again, as
# its event log and status show.
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin flapping_upstream
shoal_require_tool nsd nsd-control dig ss jq
faults_find_shoalctl

FREEZE_SECONDS=5
THAW_SECONDS=3
DEAD_SECONDS=5

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
dns_target 127.0.0.1 "$port"

FAULTS_NAMES=(
    "short.lab.test A NOERROR 192.0.2.30"
    "short.lab.test AAAA NOERROR 2001:db8::30"
    "short2.lab.test A NOERROR 192.0.2.31"
    "shorttxt.lab.test TXT NOERROR \"short lived\""
    "journal3.lab.test A NOERROR 192.0.2.43"
    "www.lab.test A NOERROR 192.0.2.10"
    "alias.lab.test A NOERROR 192.0.2.10"
    "mail.lab.test A NOERROR 192.0.2.25"
    "lab.test MX NOERROR 10 mail.lab.test."
    "txt.lab.test TXT NOERROR \"shoal integration test\" \"second string\""
    "missing.lab.test A NXDOMAIN"
)

nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" --listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port" \
    --state-dir "$SHOAL_TMP/state" --stale-limit 1d --client-budget 400 --recheck-interval 1s

shoal_log "--- filling the cache"
for entry in "${FAULTS_NAMES[@]}"; do
    read -r name type rcode value <<<"$entry"
    if [[ $rcode == NOERROR ]]; then
        expect_answer "$name" "$type" "$value"
    else
        expect_rcode "$name" "$type" "$rcode"
    fi
done

shoal_log "--- clients ask while the upstream flaps"
replies="$SHOAL_TMP/replies.txt"
faults_start_clients clients 127.0.0.1 "$port" "$replies"
for round in 1 2; do
    nsd_freeze lab
    sleep "$FREEZE_SECONDS"
    nsd_thaw lab
    sleep "$THAW_SECONDS"
done
shoal_stop "${SHOAL_NSD_PID[lab]}" KILL
shoal_log "NSD lab killed (SIGKILL)"
sleep "$DEAD_SECONDS"
nsd_start lab "$upstream_address" "$upstream_port"
sleep "$THAW_SECONDS"
faults_stop_clients "$clients"
shoald_check_running "client loop"

summary=$(faults_check_replies "$replies")
shoal_log "client replies: $(tail -n 1 <<<"$summary")"
total=$(faults_summary_value "$summary" replies)
shoal_check "the clients got replies ($total)" test "$total" -gt 0
expect_equal "no reply with wrong status or data" 0 "$(faults_summary_value "$summary" wrong)" ||
    printf '%s\n' "$summary"
expect_equal "no SERVFAIL for a cached name" 0 "$(faults_summary_value "$summary" SERVFAIL)"
expect_equal "no client query went unanswered (dig +time=3)" 0 \
    "$(faults_summary_value "$summary" timeout)"
stale=$(faults_summary_value "$summary" stale)
shoal_check "expired entries were served stale during the run ($stale replies)" test "$stale" -gt 0

shoal_log "--- the outage began and ended"
not_in_outage() { [[ $(faults_status_field main .outage) == false ]]; }
shoal_check "shoald left the outage once the upstream was back (within 20 s)" \
    shoal_wait_until 20 not_in_outage
began=$(faults_event_count main outage.began)
ended=$(faults_event_count main outage.ended)
shoal_log "events: outage.began=$began outage.ended=$ended"
shoal_check "an outage began while the upstream was gone" test "${began:-0}" -ge 1
expect_equal "every outage that began also ended" "$began" "$ended"
# With one upstream, the server's own events come with the outage's.
down=$(faults_event_count main upstream.down)
up=$(faults_event_count main upstream.up)
shoal_log "events: upstream.down=$down upstream.up=$up"
shoal_check "the server went down as often as an outage began" test "${down:-0}" -ge "$began"
expect_equal "every upstream.down was followed by an upstream.up" "$down" "$up"
expect_equal "counter dns.answers.servfail" 0 "$(faults_counter main dns.answers.servfail)"
stale_counter=$(faults_counter main dns.answers.stale)
shoal_check "counter dns.answers.stale ($stale_counter) counts the stale replies" \
    test "${stale_counter:-0}" -ge "$stale"

expect_shoald_alive main
shoal_test_end
