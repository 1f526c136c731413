#!/usr/bin/env bash
# Compares the cache-hit cost of shoald with dnsmasq and unbound (one thread).
#
# NSD serves a generated zone of N names (default 100,000) on 127.53.0.1. Each resolver is
# started against it on CPU 0 and its cache is filled with every name. Then, in rounds, dnsperf
# on CPU 1 replays the names to one resolver at a time: (a) at a fixed rate all of them sustain,
# for a fair CPU comparison, and (b) as fast as the resolver answers. For each run the script
# divides the resolver's CPU time (utime+stime from /proc/PID/stat) by its NOERROR answers; it
# divides the growth of VmRSS during the fill by N. NSD's query counter shows that the timed
# runs were cache hits only. Each round also asks every resolver, one query at a time, for
# names nobody asked before (--misses per round, default 500): the latency of a cold miss,
# NSD's round trip included. The table reports the median of the rounds.
#
#   bench/resolver-bench.sh [--only shoald,dnsmasq,unbound] [--build DIR | --shoald PATH]
#                           [--names N] [--duration SECONDS] [--rounds R] [--rate QPS]
#                           [--max-clients C] [--max-outstanding Q] [--misses M]
#
# Raw output goes to bench/results/<UTC time>/ (gitignored); the table is printed at the end and
# saved there as summary.txt. Only loopback is used. Every process started here is stopped by
# PID on exit. With the defaults (15 s, 3 rounds) a run takes about 7 minutes.
#
# Known limits: whatever else runs on the machine shares both CPUs (the load average is recorded
# with every run, and rounds interleave the servers so that a busy spell does not hit only one).
# CPU time per query holds up under such load far better than throughput or latency, which are
# wall-clock figures: read those only from a quiet machine. The servers answer differently sized
# replies (the "resp B" column).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# The test harness's process plumbing: start and stop by PID, cleanup trap, free ports.
# shellcheck source=../tests/lib/common.sh
source "$repo/tests/lib/common.sh"

servers=shoald,dnsmasq,unbound
build_dir=$repo/build/release
shoald_bin=
names=100000
duration=15
rounds=3
rate=20000
max_clients=8
max_outstanding=500
fill_rate=20000
dnsmasq_cache_size=150000
misses=500

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --only) servers=$2; shift 2 ;;
        --build) build_dir=$(realpath "$2"); shift 2 ;;
        --shoald) shoald_bin=$(realpath "$2"); shift 2 ;;
        --names) names=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --max-clients) max_clients=$2; shift 2 ;;
        --max-outstanding) max_outstanding=$2; shift 2 ;;
        --misses) misses=$2; shift 2 ;;
        -h | --help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done
shoald_bin=${shoald_bin:-$build_dir/service/shoald}
IFS=, read -r -a server_list <<<"$servers"

for server in "${server_list[@]}"; do
    case $server in shoald | dnsmasq | unbound) ;; *) echo "unknown server: $server" >&2; exit 2 ;; esac
done
for number in "$names" "$duration" "$rounds" "$rate" "$max_clients" "$max_outstanding" "$misses"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $number" >&2; exit 2; }
done
if (( names > 1000000 || duration > 120 || rounds > 10 || misses > 10000 )); then
    echo "at most 1000000 names, 120 s per run, 10 rounds and 10000 misses a round" >&2
    exit 2
fi

need_tools=(nsd nsd-control dig dnsperf taskset getconf awk ss timeout)
[[ ",$servers," == *,dnsmasq,* ]] && need_tools+=(dnsmasq)
[[ ",$servers," == *,unbound,* ]] && need_tools+=(unbound)
for tool in "${need_tools[@]}"; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing: run scripts/deps.sh bench" >&2
        exit 1
    fi
done
if [[ ",$servers," == *,shoald,* && ! -x $shoald_bin ]]; then
    echo "shoald not found at $shoald_bin: build it, or pass --build DIR / --shoald PATH," >&2
    echo "or leave it out with --only dnsmasq,unbound" >&2
    exit 1
fi

# --- where things go -------------------------------------------------------------------------

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/$stamp
mkdir -p "$results" || exit 1
shoal_test_begin resolver-bench >/dev/null
work=$SHOAL_TMP
clk_tck=$(getconf CLK_TCK)
upstream_ip=127.53.0.1

started_pid=
# Starts "$@" in the background with its output in the log file $1; sets started_pid.
start_logged() {
    local log=$1
    shift
    shoal_spawn started_pid "$log" "$@"
}

# --- CPU pinning -----------------------------------------------------------------------------

if (( $(nproc) >= 2 )); then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
    pinning="resolver on CPU 0; dnsperf, NSD and post-processing on CPU 1"
else
    server_cpu=()
    client_cpu=()
    pinning="not pinned: only one CPU"
fi

# --- readings --------------------------------------------------------------------------------

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
upstream_queries() {
    nsd-control -c "$work/nsd.conf" stats_noreset | awk -F= '$1 == "num.queries" { print $2 }'
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

answers_ready() {
    local ip=$1 port=$2 pid=$3
    shoal_pid_alive "$pid" || return 0
    dig @"$ip" -p "$port" ready.bench.test A +short +time=1 +tries=1 2>/dev/null |
        grep -qx 192.0.2.254
}

# Waits until the server at $ip:$port answers ready.bench.test; aborts if it exits first.
wait_until_answering() {
    local ip=$1 port=$2 pid=$3 name=$4
    shoal_wait_until 20 answers_ready "$ip" "$port" "$pid"
    if ! shoal_pid_alive "$pid"; then
        echo "$name exited before answering; its log:" >&2
        cat "$results/$name.log" >&2
        shoal_abort "$name did not start"
    fi
    answers_ready "$ip" "$port" "$pid" || shoal_abort "$name did not answer on $ip:$port within 20 s"
}

# --- dnsperf ---------------------------------------------------------------------------------

# Runs dnsperf against 127.0.0.1:$1, output summary to $2; further arguments go to dnsperf.
# The queries come from $dnsperf_data (the cached names unless a caller sets it locally).
# The per-query lines (-v) become a latency histogram in $2.latency-us (microseconds, count).
run_dnsperf() {
    local port=$1 out=$2
    shift 2
    timeout $((duration + 60)) "${client_cpu[@]}" dnsperf -s 127.0.0.1 -p "$port" \
        -d "${dnsperf_data:-$work/queries.txt}" -t 5 -v "$@" >"$work/dnsperf.out" 2>&1 || true
    grep -v '^>' "$work/dnsperf.out" >"$out" || true
    "${client_cpu[@]}" awk '$1 == ">" && NF == 5 { h[int($5 * 1e6 + 0.5)]++ }
        END { for (us in h) print us, h[us] }' "$work/dnsperf.out" | sort -n >"$out.latency-us"
    rm -f "$work/dnsperf.out"
}

# Prints "key value" lines from one dnsperf summary and its latency histogram.
dnsperf_figures() {
    local out=$1
    awk '
        /Queries completed:/ { print "completed", $3 }
        /Queries lost:/ { print "lost", $3 }
        /Response codes:/ { for (i = 3; i <= NF; i++) if ($i == "NOERROR") print "noerror", $(i + 1) }
        /Run time \(s\):/ { print "runtime", $4 }
        /Queries per second:/ { print "qps", $4 }
        /Average Latency \(s\):/ { print "avg_us", $4 * 1e6 }
        /Average packet size:/ { print "resp_bytes", $7 }
    ' "$out"
    awk '{ n[NR] = $1; c[NR] = $2; total += $2 }
        END {
            if (total == 0) { print "p99_us NA"; exit }
            want = total * 0.99
            for (i = 1; i <= NR; i++) { seen += c[i]; if (seen >= want) { print "p99_us", n[i]; exit } }
        }' "$out.latency-us"
}

# --- the upstream ----------------------------------------------------------------------------

make_zone() {
    awk -v n="$names" -v m="$((misses * rounds))" -v ip="$upstream_ip" 'BEGIN {
        print "$ORIGIN bench.test."
        print "$TTL 86400"
        print "@ SOA ns hostmaster 1 3600 900 604800 86400"
        print "@ NS ns"
        print "ns A " ip
        print "ready A 192.0.2.254"
        split("192.0.2 198.51.100 203.0.113", nets, " ")
        for (i = 0; i < n; i++) printf "n%05d A %s.%d\n", i, nets[i % 3 + 1], i % 250 + 1
        for (i = 0; i < m; i++) printf "m%05d A %s.%d\n", i, nets[i % 3 + 1], i % 250 + 1
    }' >"$work/bench.test.zone"
}

# The names in a fixed shuffled order, so that the queries do not walk the cache in order.
make_queries() {
    awk -v n="$names" 'BEGIN {
        srand(20240601)
        for (i = 0; i < n; i++) q[i] = sprintf("n%05d.bench.test A", i)
        for (i = n - 1; i > 0; i--) { j = int(rand() * (i + 1)); t = q[i]; q[i] = q[j]; q[j] = t }
        for (i = 0; i < n; i++) print q[i]
    }' >"$work/queries.txt"
    # Round R asks for the miss names m[(R-1)*misses] up to m[R*misses - 1], new to every server.
    local round
    for (( round = 1; round <= rounds; round++ )); do
        awk -v from=$(( (round - 1) * misses )) -v n="$misses" \
            'BEGIN { for (i = from; i < from + n; i++) printf "m%05d.bench.test A\n", i }' \
            >"$work/misses.$round.txt"
    done
}

start_upstream() {
    upstream_port=$(shoal_free_port "$upstream_ip")
    cat >"$work/nsd.conf" <<EOF
server:
    ip-address: $upstream_ip@$upstream_port
    server-count: 1
    database: ""
    zonelistfile: "$work/zone.list"
    xfrdfile: "$work/xfrd.state"
    pidfile: ""
    logfile: "$results/nsd.log"
    username: ""
    chroot: ""
    zonesdir: ""
    hide-version: yes
remote-control:
    control-enable: yes
    control-interface: $work/nsd.ctl
zone:
    name: bench.test
    zonefile: $work/bench.test.zone
EOF
    cp "$work/nsd.conf" "$results/nsd.conf"
    start_logged "$results/nsd.out" "${client_cpu[@]}" nsd -d -c "$work/nsd.conf"
    upstream_pid=$started_pid
    wait_until_answering "$upstream_ip" "$upstream_port" "$upstream_pid" nsd
}

# --- the resolvers: start_NAME PORT starts one and sets started_pid ---------------------------

start_shoald() {
    local port=$1
    mkdir -p "$work/shoald-state"
    start_logged "$results/shoald.log" "${server_cpu[@]}" "$shoald_bin" \
        --listen "127.0.0.1:$port" --upstream "$upstream_ip:$upstream_port" \
        --state-dir "$work/shoald-state" --control "$work/shoald.control" --cache-size 256M
}

# dnsmasq 2.90 silently lowers --cache-size to 5,000,000 entries at most; 150,000 is far below.
start_dnsmasq() {
    local port=$1 cache_size=${2:-$dnsmasq_cache_size} log=${3:-dnsmasq}
    start_logged "$results/$log.log" "${server_cpu[@]}" dnsmasq -k --no-resolv --no-hosts \
        --server="$upstream_ip#$upstream_port" --cache-size="$cache_size" --port="$port" \
        --listen-address=127.0.0.1 --bind-interfaces --user="$(id -un)" --log-facility=-
}

start_unbound() {
    local port=$1
    cat >"$work/unbound.conf" <<EOF
server:
    num-threads: 1
    interface: 127.0.0.1@$port
    port: $port
    do-ip6: no
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$work"
    pidfile: ""
    use-syslog: no
    logfile: ""
    module-config: "iterator"
    qname-minimisation: no
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    # test. is one of unbound's built-in local zones (RFC 6761); the benchmark zone is under it.
    local-zone: "test." nodefault
    msg-cache-size: 128m
    rrset-cache-size: 256m
    msg-cache-slabs: 1
    rrset-cache-slabs: 1
    infra-cache-slabs: 1
    key-cache-slabs: 1
remote-control:
    control-enable: no
forward-zone:
    name: "."
    forward-addr: $upstream_ip@$upstream_port
EOF
    cp "$work/unbound.conf" "$results/unbound.conf"
    start_logged "$results/unbound.log" "${server_cpu[@]}" unbound -d -c "$work/unbound.conf"
}

# dnsmasq allocates its whole cache at start, so its RSS growth while filling understates what
# the names cost. Its idle RSS with --cache-size=0 is the baseline that counts the allocation;
# sets empty_rss.
measure_dnsmasq_empty_rss() {
    local pid port
    port=$(shoal_free_port 127.0.0.1)
    start_dnsmasq "$port" 0 dnsmasq-empty
    pid=$started_pid
    wait_until_answering 127.0.0.1 "$port" "$pid" dnsmasq-empty
    sleep 1
    empty_rss=$(rss_kb "$pid")
    shoal_stop "$pid"
}

# Sends every name once, and again (up to 3 passes) while any query was lost or answered with
# anything but NOERROR: dnsmasq refuses forwards beyond --dns-forward-max (150) in flight, so
# the fill keeps 100 outstanding, and a pass that still got errors leaves names uncached.
fill_cache() {
    local name=$1 port=$2 pass lost noerror
    for pass in 1 2 3; do
        run_dnsperf "$port" "$results/$name.fill$pass.dnsperf" -n 1 -c 4 -q 100 -Q "$fill_rate"
        lost=$(awk '/Queries lost:/ { print $3 }' "$results/$name.fill$pass.dnsperf")
        noerror=$(dnsperf_figures "$results/$name.fill$pass.dnsperf" | awk '$1 == "noerror" { print $2 }')
        [[ ${lost:-1} == 0 && ${noerror:-0} == "$names" ]] && return 0
        echo "  fill pass $pass: $lost lost, ${noerror:-0} of $names NOERROR; sending all names again" >&2
    done
    echo "warning: $name still lost queries or got errors after 3 fill passes" >&2
}

declare -A server_pid server_port

# Starts one resolver, fills its cache and records its memory in memory.tsv.
prepare_server() {
    local name=$1 pid port rss_before rss_after up0 up1 baseline=
    if [[ $name == dnsmasq ]]; then
        measure_dnsmasq_empty_rss
        baseline=$empty_rss
    fi
    port=$(shoal_free_port 127.0.0.1)
    echo "== $name on 127.0.0.1:$port: filling the cache with $names names"
    "start_$name" "$port"
    pid=$started_pid
    wait_until_answering 127.0.0.1 "$port" "$pid" "$name"
    sleep 1
    rss_before=$(rss_kb "$pid")
    up0=$(upstream_queries)
    fill_cache "$name" "$port"
    sleep 1
    up1=$(upstream_queries)
    rss_after=$(rss_kb "$pid")
    dig @127.0.0.1 -p "$port" n00042.bench.test A +time=2 +tries=1 \
        >"$results/$name.sample-answer.txt" 2>&1 || true
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rss_before" "$rss_after" "${baseline:-$rss_before}" \
        "$((up1 - up0))" >>"$results/memory.tsv"
    server_pid[$name]=$pid
    server_port[$name]=$port
}

# One timed run against one resolver; appends a row to runs.tsv.
measure() {
    local name=$1 round=$2 load=$3
    shift 3
    local pid=${server_pid[$name]} port=${server_port[$name]}
    local out=$results/$name.$load.round$round.dnsperf
    local load_before cpu0 cpu1 up0 up1 cpu_s us_per_q busy key value
    load_before=$(loadavg)
    up0=$(upstream_queries)
    cpu0=$(cpu_ticks "$pid")
    run_dnsperf "$port" "$out" -l "$duration" "$@"
    shoal_pid_alive "$pid" || shoal_abort "$name exited during the benchmark; see $results/$name.log"
    cpu1=$(cpu_ticks "$pid")
    up1=$(upstream_queries)
    local -A f=()
    while read -r key value; do f[$key]=$value; done < <(dnsperf_figures "$out")
    if [[ ${f[noerror]:-0} != "${f[completed]:-0}" ]]; then
        echo "warning: $name answered ${f[completed]:-0} queries, ${f[noerror]:-0} of them NOERROR" >&2
    fi
    cpu_s=$(awk -v t=$((cpu1 - cpu0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz }')
    us_per_q=$(awk -v s="$cpu_s" -v n="${f[noerror]:-0}" \
        'BEGIN { if (n > 0) printf "%.2f", s * 1e6 / n; else print "NA" }')
    busy=$(awk -v s="$cpu_s" -v r="${f[runtime]:-0}" \
        'BEGIN { if (r > 0) printf "%.0f", 100 * s / r; else print "NA" }')
    printf '%s\t%s\t%s\t%.0f\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$load" "$round" \
        "${f[qps]:-0}" "${f[avg_us]:-0}" "${f[p99_us]:-NA}" "${f[lost]:-NA}" "${f[noerror]:-0}" \
        "$cpu_s" "$us_per_q" "$busy" "$((up1 - up0))" "${f[resp_bytes]:-NA}" "$load_before" \
        >>"$results/runs.tsv"
}

# Cold misses: one query at a time for names this server never saw; appends to misses.tsv.
measure_misses() {
    local name=$1 round=$2
    local port=${server_port[$name]} out=$results/$name.misses.round$round.dnsperf
    local dnsperf_data=$work/misses.$round.txt up0 up1 key value
    up0=$(upstream_queries)
    run_dnsperf "$port" "$out" -n 1 -c 1 -q 1
    up1=$(upstream_queries)
    local -A f=()
    while read -r key value; do f[$key]=$value; done < <(dnsperf_figures "$out")
    printf '%s\t%s\t%s\t%s\t%.0f\t%s\t%s\n' "$name" "$round" "${f[completed]:-0}" \
        "${f[noerror]:-0}" "${f[avg_us]:-0}" "${f[p99_us]:-NA}" "$((up1 - up0))" \
        >>"$results/misses.tsv"
}

# One row per server: median of the rounds' mean and p99 miss latency.
print_misses() {
    awk -F'\t' -v misses="$misses" '
        function median(list,    n, v, i, j, t) {
            n = split(substr(list, 2), v, " ")
            for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
            return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        NR == 1 { next }
        {
            if (!($1 in avg)) order[++n] = $1
            avg[$1] = avg[$1] " " $5; p99[$1] = p99[$1] " " $6
            done[$1] += $4; up[$1] += $7; asked[$1] += misses
        }
        END {
            printf "%-8s %8s %8s %9s %7s\n", "server", "miss avg", "miss p99", "answered", "up q"
            for (i = 1; i <= n; i++) {
                s = order[i]
                printf "%-8s %8.0f %8.0f %4d/%-4d %7d\n", s, median(avg[s]), median(p99[s]),
                    done[s], asked[s], up[s]
            }
        }
    ' "$results/misses.tsv"
}

# --- report ----------------------------------------------------------------------------------

# Prints one row per server and load with the median of the rounds, then the ratios.
print_report() {
    awk -F'\t' -v names="$names" -v fixed="$rate" '
        function median(key, col,    n, i, j, v, t) {
            n = cnt[key]
            for (i = 1; i <= n; i++) v[i] = val[key, i, col] + 0
            for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
            return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        function range(key, col,    i, lo, hi, x) {
            for (i = 1; i <= cnt[key]; i++) {
                x = val[key, i, col] + 0
                if (i == 1 || x < lo) lo = x
                if (i == 1 || x > hi) hi = x
            }
            return sprintf("%.2f-%.2f", lo, hi)
        }
        function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "NA" }
        FNR == 1 { next }
        FNR == NR { before[$1] = $2; after[$1] = $3; base[$1] = $4; fillq[$1] = $5; next }
        {
            key = $1 SUBSEP $2
            if (!(key in cnt)) { keys[++nkeys] = key; server_of[key] = $1; load_of[key] = $2 }
            if (!($1 in seen)) { order[++nservers] = $1; seen[$1] = 1 }
            n = ++cnt[key]
            for (c = 4; c <= 13; c++) val[key, n, c] = $c
            upq[key] += $12
            split($14, la, " ")
            loadavg1[key] = loadavg1[key] " " la[1]
        }
        END {
            for (k = 1; k <= nkeys; k++) {
                key = keys[k]; s = server_of[key]
                per_name = (after[s] - base[s]) * 1024 / names
                rss[s] = per_name
                cpu[key] = median(key, 10)
                printf "%-8s %6s %8.0f %7.0f %7.0f %5.0f %8.2f %11s %6.0f%% %5d %6.0f %8.1f %8.1f %6.0f\n",
                    s, load_of[key], median(key, 4), median(key, 5), median(key, 6), median(key, 7),
                    cpu[key], range(key, 10), median(key, 11), upq[key], median(key, 13),
                    before[s] / 1024, after[s] / 1024, per_name
            }
            print ""
            for (i = 1; i <= nservers; i++)
                printf "  %-8s upstream queries while filling: %d (names: %d)\n", order[i], fillq[order[i]], names
            for (k = 1; k <= nkeys; k++)
                printf "  %-8s %-6s 1-minute load average before each round:%s\n",
                    server_of[keys[k]], load_of[keys[k]], loadavg1[keys[k]]
            if (!("shoald" in seen)) exit
            print ""
            best = ""
            split("dnsmasq unbound", others, " ")
            for (k = 1; k <= 2; k++) {
                o = others[k]
                if (!(o in seen)) continue
                printf "shoald/%-8s CPU per query: %s at %s qps, %s at max;  RSS per name: %s\n", o,
                    ratio(cpu["shoald", fixed], cpu[o, fixed]), fixed,
                    ratio(cpu["shoald", "max"], cpu[o, "max"]), ratio(rss["shoald"], rss[o])
                if (best == "" || cpu[o, fixed] < cpu[best, fixed]) best = o
            }
            if (best == "") exit
            printf "\ntarget: CPU per query at %s qps <= the best of the others (%s): ratio %s\n",
                fixed, best, ratio(cpu["shoald", fixed], cpu[best, fixed])
            if ("unbound" in seen)
                printf "target: RSS per cached name <= unbound: ratio %s\n", ratio(rss["shoald"], rss["unbound"])
        }
    ' "$results/memory.tsv" "$results/runs.tsv"
}

# --- main ------------------------------------------------------------------------------------

{
    echo "date (UTC): $stamp"
    echo "host: $(uname -srm), $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "$(nsd -v 2>&1 | head -1); dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')"
    if command -v dnsmasq >/dev/null; then dnsmasq --version | head -1; fi
    if command -v unbound >/dev/null; then echo "unbound $(unbound -V | awk '/^Version/ { print $2 }')"; fi
    echo "shoald: $shoald_bin, repository at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "command: $0 $*"
} >"$results/environment.txt"

echo "Results go to $results"
make_zone
make_queries
start_upstream
echo "NSD serves $names names on $upstream_ip:$upstream_port"

printf 'server\trss_before_kb\trss_after_kb\trss_baseline_kb\tupstream_queries_filling\n' \
    >"$results/memory.tsv"
printf 'server\tround\tcompleted\tnoerror\tavg_us\tp99_us\tupstream_queries\n' >"$results/misses.tsv"
printf 'server\tload\tround\tqps\tavg_us\tp99_us\tlost\tnoerror\tcpu_s\tcpu_us_per_query\tbusy_percent\tupstream_queries\tresponse_bytes\tloadavg\n' \
    >"$results/runs.tsv"

for server in "${server_list[@]}"; do
    prepare_server "$server"
done
for (( round = 1; round <= rounds; round++ )); do
    for server in "${server_list[@]}"; do
        echo "== round $round/$rounds: $server, $misses cold misses, then $rate qps and maximum, $duration s each"
        measure_misses "$server" "$round"
        measure "$server" "$round" "$rate" -c 4 -q 100 -Q "$rate"
        measure "$server" "$round" max -c "$max_clients" -q "$max_outstanding"
    done
done

{
    echo
    echo "Cache-hit benchmark, $names names, $duration s per run, median of $rounds rounds, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "CPU pinning: $pinning"
    echo "load $rate: dnsperf -Q $rate -c 4 -q 100;  load max: dnsperf -c $max_clients -q $max_outstanding"
    echo "CPU us/q: resolver CPU time (utime+stime) / NOERROR answers (range: min-max of the rounds)"
    echo "srv CPU: resolver CPU time / run time;  lost: includes queries in flight when time ran out"
    echo "up q: queries that reached NSD during the timed runs (0: every answer came from the cache)"
    echo "resp B: mean response size;  RSS0/RSS1: before/after filling"
    echo "B/name: (RSS1 - RSS0) / names; for dnsmasq RSS0 is that of an idle dnsmasq with"
    echo "  --cache-size=0, because it allocates its whole cache (--cache-size=$dnsmasq_cache_size) at start"
    echo
    printf '%-8s %6s %8s %7s %7s %5s %8s %11s %7s %5s %6s %8s %8s %6s\n' server load qps 'avg us' \
        'p99 us' lost 'CPU us/q' range 'srv CPU' 'up q' 'resp B' 'RSS0 MiB' 'RSS1 MiB' B/name
    print_report
    echo
    echo "Cold misses: $misses new names a round to each server, one query at a time (dnsperf -c 1 -q 1),"
    echo "  latency in us including NSD's answer, median of $rounds rounds; up q: queries NSD saw (should equal"
    echo "  the answered misses). Wall-clock figures: only meaningful on a quiet machine."
    print_misses
} | tee "$results/summary.txt"
echo
echo "Raw output: $results"
