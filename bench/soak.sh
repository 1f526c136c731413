#!/usr/bin/env bash
# Soak: one shoald (A) under steady mixed traffic for a long time, with two more members of its
# group on loopback multicast, to show that memory does not grow and nothing is lost.
#
# NSD serves soak.test on 127.54.0.1: 200 hot names (TTL 300) and enough "big" names (TTL 3600)
# for the whole run; other names are NXDOMAIN (SOA minimum 600). dnsperf sends A, at a fixed
# rate, 6 hits on the hot names, 2 new big names and 2 new missing names in every ten queries, so
# the cache keeps taking new entries and (with --cache-size 1M, full after about a minute)
# keeps evicting. B's upstream is dead: it is in outage and asks the group for what a second
# dnsperf (a twentieth of the rate) wants: hot names and big names A resolved earlier. C has
# the upstream and gets the same light traffic. A and C share their upstream answers (keyed
# group, 20 shares/s each), A and C answer B's Asks.
#
# Every 10 s the script records VmRSS and CPU time of the three daemons and A's cache size. After
# the warm-up (three minutes by default: the cache is full after one, and the allocator's heap
# keeps growing for about two more before it levels off), A's RSS growth (mean of the last three
# samples against the mean of the first three after the warm-up) must stay under 5 %: the table
# says PASS or FAIL. The growth since the cache became full is printed as well, and so is a PASS
# or FAIL for the queries: none lost and no SERVFAIL at any member.
#
#   bench/soak.sh [--duration SECONDS | --minutes N] [--warmup SECONDS] [--rate QPS] [--cache-size SIZE] [--no-peers]
#                 [--build DIR | --shoald PATH --shoalctl PATH]
#
# Defaults: 600 s, 200 queries/s to A, cache 1M, build/debug. Raw samples, dnsperf output,
# daemon logs and the table go to bench/results/<UTC time>-soak/ (gitignored). Only loopback is
# used; every process started here is stopped by PID on exit, also on Ctrl-C. The run ends by
# itself after the duration plus about half a minute of setup.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# The test harness's process plumbing: start and stop by PID, cleanup trap, free ports.
# shellcheck source=../tests/lib/common.sh
source "$repo/tests/lib/common.sh"

seconds=600
rate=200
cache_size=1M
peers=1
build_dir=$repo/build/debug
shoald_bin=
shoalctl_bin=
warmup_seconds=180
sample_seconds=10
hot_names=200
growth_limit_percent=5
group=soak

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --duration) seconds=$2; shift 2 ;;
        --minutes) seconds=$(($2 * 60)); shift 2 ;;
        --warmup) warmup_seconds=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --cache-size) cache_size=$2; shift 2 ;;
        --no-peers) peers=0; shift ;;
        --build) build_dir=$(realpath "$2"); shift 2 ;;
        --shoald) shoald_bin=$(realpath "$2"); shift 2 ;;
        --shoalctl) shoalctl_bin=$(realpath "$2"); shift 2 ;;
        -h | --help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done
shoald_bin=${shoald_bin:-$build_dir/service/shoald}
shoalctl_bin=${shoalctl_bin:-$build_dir/ctl/shoalctl}
[[ -x $shoald_bin ]] || { echo "no shoald at $shoald_bin (--build or --shoald)" >&2; exit 2; }
[[ -x $shoalctl_bin ]] || { echo "no shoalctl at $shoalctl_bin (--shoalctl)" >&2; exit 2; }
((seconds > warmup_seconds + 6 * sample_seconds)) || {
    echo "--duration must leave at least a minute after the warm-up (--warmup)" >&2; exit 2
}
for tool in nsd nsd-checkconf dig dnsperf jq ss awk; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/deps.sh bench" >&2; exit 2; }
done

shoal_test_begin soak
results=$repo/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-soak
mkdir -p "$results"
work=$SHOAL_TMP
queries_a=$((rate * seconds))
side_rate=$(((rate + 19) / 20))
big_names=$((queries_a / 5 + 1000))
clock_ticks=$(getconf CLK_TCK)

# --- processes ---------------------------------------------------------------------------------

nsd_address=127.54.0.1
nsd_port=$(shoal_free_port "$nsd_address")
dead_port=$(shoal_free_port 127.54.0.2)
peer_port=$(shoal_free_port 0.0.0.0)
declare -A port=() pid=()

start_nsd() {
    mkdir -p "$work/nsd"
    "$repo/bench/soak/generate.sh" zone "$work/nsd/soak.test.zone" "$hot_names" "$big_names"
    cat >"$work/nsd/nsd.conf" <<CONF
server:
    ip-address: $nsd_address
    port: $nsd_port
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$work/nsd"
    pidfile: "$work/nsd/nsd.pid"
    database: ""
    zonelistfile: "$work/nsd/zone.list"
    xfrdfile: "$work/nsd/xfrd.state"
    xfrdir: "$work/nsd"
    logfile: "$results/nsd.log"
    verbosity: 1
    rrl-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: soak.test
    zonefile: soak.test.zone
CONF
    nsd-checkconf "$work/nsd/nsd.conf" || shoal_abort "nsd-checkconf refused the configuration"
    shoal_spawn pid[nsd] "$results/nsd.out" nsd -d -c "$work/nsd/nsd.conf"
    answers() { dig "@$nsd_address" -p "$nsd_port" +tries=1 +time=1 soak.test SOA >/dev/null 2>&1; }
    shoal_wait_until 60 answers || shoal_abort "NSD did not answer"
}

write_group_config() {
    printf 'key "%s" {\n    algorithm hmac-sha256;\n    secret "%s";\n};\n' "$group" \
        "$(head -c 32 /dev/urandom | base64)" >"$work/$group.key"
    cat >"$work/shoald.conf" <<CONF
peer-interface = lo
peer-port = $peer_port

[group $group]
key-file = $work/$group.key
CONF
}

# start_member NAME UPSTREAM [OPTIONS...]
start_member() {
    local name=$1 upstream=$2
    shift 2
    local -a group_options=()
    ((peers)) && group_options=(--config "$work/shoald.conf")
    port[$name]=$(shoal_free_port 127.0.0.1)
    shoal_spawn pid[$name] "$results/shoald-$name.log" "$shoald_bin" "${group_options[@]}" \
        --listen "127.0.0.1:${port[$name]}" --upstream "$upstream" --state-dir "$work/state-$name" \
        --control "$work/$name.control" "$@"
    answers() { dig @127.0.0.1 -p "${port[$name]}" +tries=1 +time=1 soak.test SOA >/dev/null 2>&1; }
    shoal_wait_until 30 answers || shoal_abort "shoald $name did not answer"
}

ctl() {
    "$shoalctl_bin" --socket "$work/$1.control" "${@:2}" 2>/dev/null
}

counter() {
    jq -r --arg name "$2" '.counters[] | select(.name == $name) | .value' "$results/counters-$1.json"
}

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- the run -----------------------------------------------------------------------------------

shoal_log "results in $results"
"$repo/bench/soak/generate.sh" mix "$work/queries-a.txt" "$queries_a" "$hot_names"
"$repo/bench/soak/generate.sh" lagging "$work/queries-side.txt" $((side_rate * seconds)) \
    "$hot_names" 4
start_nsd
members=(a)
((peers)) && write_group_config && members=(a b c)
start_member a "$nsd_address:$nsd_port" --cache-size "$cache_size"
if ((peers)); then
    start_member c "$nsd_address:$nsd_port"
    start_member b "127.54.0.2:$dead_port" --upstream-timeout 1s
    sees_both() { [[ $(ctl b peers --json | jq '.peers | length') == 2 ]]; }
    shoal_wait_until 30 sees_both || shoal_abort "the group did not form"
fi
capacity=$(ctl a status --json | jq -r .cacheCapacityBytes)
shoal_log "shoald ${members[*]} running (A pid ${pid[a]}), NSD pid ${pid[nsd]}"

run_dnsperf() {
    local name=$1 qps=$2 file=$3
    shoal_spawn pid[dnsperf-$name] "$results/dnsperf-$name.txt" timeout $((seconds + 60)) \
        dnsperf -s 127.0.0.1 -p "${port[$name]}" -d "$file" -Q "$qps" -l "$seconds" -c 4 -q 200 -t 5
}
run_dnsperf a "$rate" "$work/queries-a.txt"
if ((peers)); then
    run_dnsperf b "$side_rate" "$work/queries-side.txt"
    run_dnsperf c "$side_rate" "$work/queries-side.txt"
fi
start=$SECONDS
samples=$results/samples.csv
echo "seconds,rss_a_kb,cpu_a_s,cache_entries_a,cache_bytes_a,queries_a,rss_b_kb,rss_c_kb,loadavg1" >"$samples"
while shoal_pid_alive "${pid[dnsperf-a]}"; do
    status=$(ctl a status --json)
    printf '%d,%s,%.2f,%s,%s,%s,%s,%s,%s\n' $((SECONDS - start)) "$(rss_kb "${pid[a]}")" \
        "$(awk -v t="$(cpu_ticks "${pid[a]}")" -v hz="$clock_ticks" 'BEGIN { print t / hz }')" \
        "$(jq -r .cacheEntries <<<"$status")" "$(jq -r .cacheBytes <<<"$status")" \
        "$(jq -r .totals.queries <<<"$status")" "$( ((peers)) && rss_kb "${pid[b]}")" \
        "$( ((peers)) && rss_kb "${pid[c]}")" "$(cut -d' ' -f1 /proc/loadavg)" >>"$samples"
    sleep "$sample_seconds"
done
for name in "${members[@]}"; do
    wait "${pid[dnsperf-$name]}" 2>/dev/null
    ctl "$name" counters --json >"$results/counters-$name.json"
    shoal_pid_alive "${pid[$name]}" || shoal_log "shoald $name DIED during the run"
done

# --- the table ---------------------------------------------------------------------------------

dnsperf_line() {
    local name=$1 file=$results/dnsperf-$1.txt
    awk -v name="$name" '
        /Queries sent:/ { sent = $3 }
        /Queries completed:/ { done = $3 }
        /Queries lost:/ { lost = $3 }
        /Response codes:/ { for (i = 3; i < NF; i += 3) code[$i] = $(i + 1) + 0 }
        /Queries per second:/ { qps = $4 }
        END { printf "%-6s %9s %9s %6s %9d %9d %9d %8.1f\n", name, sent, done, lost,
                  code["NOERROR"], code["NXDOMAIN"], code["SERVFAIL"], qps }' "$file"
}

rss_figures() {
    awk -F, -v warmup="$warmup_seconds" -v limit="$growth_limit_percent" -v capacity="$capacity" '
        NR > 1 && full == "" && $4 + 0 > 0 && $5 >= 0.95 * capacity { full = $1; full_rss = $2 }
        NR > 1 && $1 >= warmup {
            n++; rss[n] = $2; cpu[n] = $3; t[n] = $1; q[n] = $6; if ($2 > max) max = $2 }
        END {
            if (n < 6) { print "too few samples after the warm-up"; exit 1 }
            base = (rss[1] + rss[2] + rss[3]) / 3
            last = (rss[n] + rss[n - 1] + rss[n - 2]) / 3
            growth = 100 * (last - base) / base
            if (full != "")
                printf "A cache full at %d s, RSS then %d KiB; growth from there to the end: %+.2f %%\n",
                    full, full_rss, 100 * (last - full_rss) / full_rss
            printf "A RSS after the %d s warm-up: %.0f KiB, at the end: %.0f KiB, highest: %d KiB\n",
                warmup, base, last, max
            printf "A RSS growth after the warm-up: %+.2f %% (limit %d %%): %s\n", growth, limit,
                (growth < limit ? "PASS" : "FAIL")
            cpu_s = cpu[n] - cpu[1]; wall = t[n] - t[1]; queries = q[n] - q[1]
            printf "A CPU after warm-up: %.1f s in %d s = %.1f %% of one core, %.0f us per query (%d queries)\n",
                cpu_s, wall, 100 * cpu_s / wall, (queries > 0 ? 1e6 * cpu_s / queries : 0), queries
        }' "$samples"
}

{
    echo "Soak: $seconds s, $rate q/s to A (60 % hits, 20 % new names, 20 % NXDOMAIN)$( ((peers)) &&
        echo ", $side_rate q/s each to B (no upstream) and C, group $group on loopback")"
    echo "shoald: $shoald_bin ($(cd "$repo" && git rev-parse --short HEAD)), cache-size $cache_size;" \
        "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-6s %9s %9s %6s %9s %9s %9s %8s\n' member sent completed lost NOERROR NXDOMAIN SERVFAIL 'q/s'
    for name in "${members[@]}"; do
        dnsperf_line "$name"
    done | tee "$results/table.txt"
    awk '{ lost += $4; servfail += $7 }
        END { printf "Lost queries %d, SERVFAIL %d, at all members (target 0 and 0): %s\n", lost,
                  servfail, (lost == 0 && servfail == 0 ? "PASS" : "FAIL") }' "$results/table.txt"
    echo
    rss_figures
    printf 'A cache at the end: %s entries, %s bytes; evicted %s, store errors %s\n' \
        "$(tail -n 1 "$samples" | cut -d, -f4)" "$(tail -n 1 "$samples" | cut -d, -f5)" \
        "$(counter a cache.evicted)" "$(counter a cache.store-errors)"
    printf 'A answers: cache %s, upstream %s, stale %s, servfail %s\n' \
        "$(counter a dns.answers.cache)" "$(counter a dns.answers.upstream)" \
        "$(counter a dns.answers.stale)" "$(counter a dns.answers.servfail)"
    if ((peers)); then
        for name in a b c; do
            printf '%s peer traffic: asks sent %s, received %s; answers sent %s, accepted %s, learned %s; shares sent %s, accepted %s, rate-limited %s; dropped (rate) %s\n' \
                "${name^^}" "$(counter "$name" peer.asks.sent)" "$(counter "$name" peer.asks.received)" \
                "$(counter "$name" peer.answers.sent)" "$(counter "$name" peer.answers.accepted)" \
                "$(counter "$name" peer.answers.learned)" "$(counter "$name" peer.shares.sent)" \
                "$(counter "$name" peer.shares.accepted)" "$(counter "$name" peer.shares.rate-limited)" \
                "$(counter "$name" peer.dropped.rate-limited)"
        done
        printf 'B answers: cache %s, peer %s, servfail %s\n' "$(counter b dns.answers.cache)" \
            "$(counter b dns.answers.peer)" "$(counter b dns.answers.servfail)"
    fi
    echo
    echo "RSS samples (every ${sample_seconds} s): $samples"
} | tee "$results/summary.txt"
