#!/usr/bin/env bash
# The state directory fails under shoald: first a 64 KiB tmpfs that fills up while shoald
# journals new entries, then the same folder remounted read-only before a restart. Each time
# shoald must log the failure once, count it in cache.store-errors, and go on answering: names
# cached before from memory, new names through the upstream. Mounting needs root; otherwise
# the test is skipped (77).
source "$(dirname "${BASH_SOURCE[0]}")/faults.sh"

shoal_test_begin full_disk
shoal_require_tool nsd nsd-control dig ss jq mount umount
[[ $(id -u) -eq 0 ]] || shoal_skip "needs root to mount a tmpfs"
faults_find_shoalctl

FILL_NAMES=120
STORE_FAILED='cache store failed'

# fill NNN: a TXT record of about 1 KB, so a few dozen answers fill the 64 KiB folder.
fill_text() {
    local piece
    piece=$(printf "$1-%03d-" $(seq 1 60) | cut -c 1-240)
    printf '"%s" "%s" "%s" "%s"' "$piece" "$piece" "$piece" "$piece"
}
LAB_ZONE_EXTRA=$(for ((i = 1; i <= FILL_NAMES; i++)); do
    printf 'fill%03d.load 300 IN TXT %s\n' "$i" "$(fill_text "$i")"
done)

upstream_address=127.10.0.2
upstream_port=$(shoal_free_port "$upstream_address")
port=$(shoal_free_port 127.0.0.1)
dns_target 127.0.0.1 "$port"
state="$SHOAL_TMP/state"
mkdir -p "$state"
mount -t tmpfs -o size=64k,mode=0755 shoal-full-disk "$state" || shoal_skip "cannot mount a tmpfs here"
shoal_on_exit "umount -l '$state'"
shoald_args=(--listen "127.0.0.1:$port" --upstream "$upstream_address:$upstream_port"
    --state-dir "$state" --cache-flush-interval 500ms)

nsd_start lab "$upstream_address" "$upstream_port"
shoald_start main "" "${shoald_args[@]}"
log="$SHOAL_TMP/shoald-main.log"

# resolve_fill FIRST LAST: one dig for fillFIRST..fillLAST (-f); prints how many came back.
resolve_fill() {
    local i
    for ((i = $1; i <= $2; i++)); do
        printf 'fill%03d.load.lab.test TXT\n' "$i"
    done >"$SHOAL_TMP/batch.txt"
    dig @127.0.0.1 -p "$port" +tries=1 +time=3 +noall +answer -f "$SHOAL_TMP/batch.txt" 2>&1 |
        awk '$4 == "TXT"' | wc -l
}

store_errors() {
    faults_counter main cache.store-errors
}

shoal_log "--- filling the state directory"
expect_equal "no store error before the disk fills" 0 "$(store_errors)"
filled=0
for ((first = 1; first <= FILL_NAMES - 20; first += 20)); do
    resolve_fill "$first" $((first + 19)) >/dev/null
    filled=$((first + 19))
    sleep 1 # one flush
    (($(store_errors) > 0)) && break
done
df -k "$state" | sed 's/^/    /'
errors=$(store_errors)
shoal_log "state directory full after $filled names: cache.store-errors=$errors"
shoal_check "cache.store-errors counts the full disk" test "${errors:-0}" -ge 1
expect_equal "the failure is logged once" 1 "$(grep -c "$STORE_FAILED" "$log")"
grep "$STORE_FAILED" "$log" | sed 's/^/    /'
shoal_check "the log line names the cause" grep -q "No space left on device" "$log"

shoal_log "--- answering on from memory"
before=$(nsd_query_count lab)
expect_equal "every name resolved so far answers from the cache" "$filled" "$(resolve_fill 1 "$filled")"
expect_equal "NSD saw no query for them" "$before" "$(nsd_query_count lab)"
more=$((filled + 10))
expect_equal "new names answer through the upstream" 10 "$(resolve_fill $((filled + 1)) "$more")"
expect_answer www.lab.test A 192.0.2.10
sleep 1
expect_equal "still logged once after more failed flushes" 1 "$(grep -c "$STORE_FAILED" "$log")"

shoal_log "--- restart on the full folder: the files load"
shoald_stop main TERM
expect_equal "shoald exits cleanly on SIGTERM with its disk full" 0 "$SHOAL_LAST_STATUS"
nsd_stop lab
shoald_start main "" "${shoald_args[@]}"
expect_equal "cache.load-rejected after a full disk" 0 "$(faults_counter main cache.load-rejected)"
loaded=$(faults_counter main cache.loaded)
shoal_log "cache.loaded=$loaded cache.load-torn=$(faults_counter main cache.load-torn)"
shoal_check "the entries journalled before the disk filled came back ($loaded)" test "${loaded:-0}" -ge 10
expect_equal "fill001 answers from the loaded cache" 1 "$(resolve_fill 1 1)"

shoal_log "--- read-only state directory"
shoald_stop main TERM
mount -o remount,ro "$state" || shoal_abort "cannot remount $state read-only"
nsd_start lab "$upstream_address" "$upstream_port"
cp "$log" "$SHOAL_TMP/shoald-main-full.txt"; : >"$log"
shoald_start main "" "${shoald_args[@]}"
loaded=$(faults_counter main cache.loaded)
shoal_check "a read-only state directory still loads ($loaded entries)" test "${loaded:-0}" -ge 10
expect_equal "fill001 answers from the loaded cache" 1 "$(resolve_fill 1 1)"
expect_answer mail.lab.test A 192.0.2.25
expect_answer alias.lab.test A 192.0.2.10
sleep 1
errors=$(store_errors)
shoal_check "cache.store-errors counts the read-only folder ($errors)" test "${errors:-0}" -ge 1
expect_equal "the failure is logged once" 1 "$(grep -c "$STORE_FAILED" "$log")"
grep "$STORE_FAILED" "$log" | sed 's/^/    /'
shoal_check "the log line names the cause" grep -Eq "Read-only file system|is not writable" "$log"
expect_answer mail.lab.test A 192.0.2.25

expect_shoald_alive main
shoal_test_end
