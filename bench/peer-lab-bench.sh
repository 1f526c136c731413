#!/usr/bin/env bash
# What interest groups buy a subnet, measured in a lab of network namespaces on a bridge
# (tests/lib/lab.sh): NSD serves NAMES names (TTL 3600) on 192.0.2.53; N workstations each run
# a local resolver on their own 127.0.0.1:53 and look up names drawn from one Zipf popularity
# curve, each workstation its own random mix. For each N:
#
#  1. Load relief, upstream healthy: every workstation runs LOOKUPS lookups at once (dig -f) with
#     (a) shoald in one keyed group, sharing on; (b) the same, sharing off; (c) dnsmasq and
#     (d) unbound as plain local caches. NSD's query counter gives the queries the upstream
#     received; the whole phase lies inside one TTL, so queries per distinct name asked is the
#     figure "queries per name per TTL".
#  2. Outage, with the group of (b) (sharing off, so each workstation holds only what it resolved
#     itself and every other name must come from a peer): NSD's bridge port goes down (a dead
#     server: queries time out), then every workstation runs OUTAGE lookups, one dig per lookup,
#     new draws from the same curve. It reports the fraction answered (right address) next to
#     the union bound (the fraction of those lookups whose name some workstation resolved
#     before), dig's query time (p50, p99) before the workstation detected the outage and after
#     (from shoalctl's outageSinceMs), and the group's packets per question (Asks plus Answers
#     over Asks, from the counters; every member receives each of them, so this is also what
#     each member receives per question).
#
#   bench/peer-lab-bench.sh [--sizes 2,4,8,16] [--names 400] [--lookups 150] [--outage 60]
#                           [--zipf 1.0] [--build DIR | --shoald PATH] [--only-shoald]
#
# Needs root (network namespaces). Everything it starts is stopped by PID, every namespace is
# deleted on exit, only addresses inside its own namespaces are used. Raw output (per-lookup
# lines, logs, counters) goes to bench/results/peer-lab-<UTC time>/, which git ignores; the
# tables are printed at the end and saved there as summary.txt. Sizes 2,4,8,16,20 take about
# 4 minutes on two cores.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/tests/lib
source "$lib/common.sh"
source "$lib/netns.sh"
source "$lib/nsd.sh"
source "$lib/lab.sh"

sizes=2,4,8,16
names=400
lookups=150
outage_lookups=60
zipf=1.0
build_dir=$repo/build/release
shoald_bin=
only_shoald=0

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --sizes) sizes=$2; shift 2 ;;
        --names) names=$2; shift 2 ;;
        --lookups) lookups=$2; shift 2 ;;
        --outage) outage_lookups=$2; shift 2 ;;
        --zipf) zipf=$2; shift 2 ;;
        --build) build_dir=$(realpath "$2"); shift 2 ;;
        --shoald) shoald_bin=$(realpath "$2"); shift 2 ;;
        --only-shoald) only_shoald=1; shift ;;
        -h | --help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done
shoald_bin=${shoald_bin:-$build_dir/service/shoald}
shoalctl_bin=$(dirname "$shoald_bin")/../ctl/shoalctl
IFS=, read -r -a size_list <<<"$sizes"
for number in "${size_list[@]}" "$names" "$lookups" "$outage_lookups"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $number" >&2; exit 2; }
done
max_size=0
for n in "${size_list[@]}"; do
    ((n >= 2 && n <= 60)) || { echo "sizes run from 2 to 60" >&2; exit 2; }
    ((n > max_size)) && max_size=$n
done
((names <= 500)) || { echo "at most 500 names (two documentation /24s of addresses)" >&2; exit 2; }
[[ $zipf =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "not a number: $zipf" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "needs root for network namespaces" >&2; exit 2; }
need_tools=(nsd nsd-control dig jq tsig-keygen ip awk)
((only_shoald)) || need_tools+=(dnsmasq unbound)
for tool in "${need_tools[@]}"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/deps.sh bench" >&2; exit 2; }
done
for binary in "$shoald_bin" "$shoalctl_bin"; do
    [[ -x $binary ]] || { echo "no $binary (build targets shoald and shoalctl)" >&2; exit 2; }
done

shoal_test_begin peer-lab-bench
results=$repo/bench/results/peer-lab-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
UPSTREAM=192.0.2.53
TTL=3600

# --- the zone and the workload --------------------------------------------------------------

# zNNNN.lab.test A: 198.51.100.0/24 for the first 256 names, 203.0.113.0/24 for the rest.
address_of() {
    local index=$((10#${1:1:4}))
    if ((index < 256)); then echo "198.51.100.$index"; else echo "203.0.113.$((index - 256))"; fi
}
LAB_ZONE_EXTRA=$(for ((i = 0; i < names; i++)); do
    name=$(printf 'z%04d' "$i")
    printf '%s %d IN A %s\n' "$name" "$TTL" "$(address_of "$name")"
done)

# draws SEED COUNT: COUNT names drawn from the Zipf curve (rank r has weight 1/r^zipf).
draws() {
    awk -v n="$names" -v s="$zipf" -v count="$2" -v seed="$1" 'BEGIN {
        srand(seed)
        for (i = 1; i <= n; i++) { total += 1 / i ^ s; cdf[i] = total }
        for (k = 0; k < count; k++) {
            u = rand() * total; lo = 1; hi = n
            while (lo < hi) { mid = int((lo + hi) / 2); if (cdf[mid] < u) lo = mid + 1; else hi = mid }
            printf "z%04d.lab.test\n", lo - 1
        }
    }'
}

# One lookup per line: wall-clock ms when sent, name, status, dig's query time, first A record.
cat >"$SHOAL_TMP/outage-client.sh" <<'CLIENT'
#!/bin/bash
while read -r name; do
    sent=${EPOCHREALTIME/./}
    out=$(dig @127.0.0.1 +tries=1 +time=3 +noall +comments +answer +stats "$name" A 2>&1)
    status=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$out")
    took=$(sed -n 's/^;; Query time: \([0-9]*\) msec/\1/p' <<<"$out")
    data=$(awk '$4 == "A" { print $5; exit }' <<<"$out")
    echo "$((sent / 1000)) $name ${status:-none} ${took:--} ${data:--}"
done
CLIENT
chmod +x "$SHOAL_TMP/outage-client.sh"

# --- the lab ------------------------------------------------------------------------------------

lab_begin
lab_host_add upstream "$UPSTREAM"
for ((i = 1; i <= max_size; i++)); do
    lab_host_add "h$i" "192.0.2.$i"
done
nsd_start lab "$UPSTREAM" 53 "${LAB_NS[upstream]}"
lab_write_key "$SHOAL_TMP/bench.key" bench

declare -A RESOLVER_PID=()

# answering HOST: the host's resolver replies to a query on 127.0.0.1:53.
answering() {
    ip netns exec "${LAB_NS[$1]}" dig @127.0.0.1 +tries=1 +time=1 ready.lab.test A >/dev/null 2>&1
}

start_resolver() {
    local kind=$1 host=$2 dir=$SHOAL_TMP/$1-$2 pid
    rm -rf "$dir"
    mkdir -p "$dir"
    local -a run=(ip netns exec "${LAB_NS[$host]}")
    case $kind in
        share-on | share-off)
            printf 'peer-interface = lan0\n\n[group bench]\nkey-file = %s\nshare = %s\n' \
                "$SHOAL_TMP/bench.key" "${kind#share-}" >"$dir/shoald.conf"
            shoal_spawn pid "$dir/log" "${run[@]}" "$shoald_bin" --config "$dir/shoald.conf" \
                --listen 127.0.0.1:53 --upstream "$UPSTREAM:53" --state-dir "$dir/state" \
                --control "$dir/control"
            ;;
        dnsmasq)
            shoal_spawn pid "$dir/log" "${run[@]}" dnsmasq -k -C /dev/null --no-resolv --no-hosts \
                --server="$UPSTREAM" --cache-size=10000 --listen-address=127.0.0.1 \
                --bind-interfaces --port=53 --user=root --pid-file="$dir/pid" --log-facility=-
            ;;
        unbound)
            write_unbound_conf "$dir" >"$dir/unbound.conf"
            shoal_spawn pid "$dir/log" "${run[@]}" unbound -d -c "$dir/unbound.conf"
            ;;
    esac
    RESOLVER_PID[$host]=$pid
    shoal_wait_until 15 answering "$host" || shoal_abort "$kind on $host does not answer"
}

# unbound as a plain forwarding cache: one thread, no validation, the lab zone not blocked by
# unbound's built-in local zone for test. (RFC 6761).
write_unbound_conf() {
    cat <<CONF
server:
    num-threads: 1
    interface: 127.0.0.1@53
    do-ip6: no
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$1"
    pidfile: ""
    use-syslog: no
    logfile: ""
    module-config: "iterator"
    qname-minimisation: no
    local-zone: "test." nodefault
remote-control:
    control-enable: no
forward-zone:
    name: "."
    forward-addr: $UPSTREAM@53
CONF
}

stop_resolvers() {
    local host
    for host in "${!RESOLVER_PID[@]}"; do
        shoal_stop "${RESOLVER_PID[$host]}" TERM
    done
    RESOLVER_PID=()
}

ctl() { # ctl KIND HOST ARGS...
    "$shoalctl_bin" --socket "$SHOAL_TMP/$1-$2/control" --json "${@:3}"
}

sees_all_peers() { # sees_all_peers KIND N
    local i
    for ((i = 1; i <= $2; i++)); do
        [[ $(ctl "$1" "h$i" peers 2>/dev/null | jq '.peers | length') == $(($2 - 1)) ]] || return 1
    done
}

# counter_sum KIND N COUNTER: the sum of one counter over h1..hN.
counter_sum() {
    local i sum=0 value
    for ((i = 1; i <= $2; i++)); do
        value=$(ctl "$1" "h$i" counters | jq -r --arg name "$3" \
            '[.counters[] | select(.name == $name) | .value] | first // 0')
        sum=$((sum + value))
    done
    echo "$sum"
}

# healthy_phase KIND N: starts KIND on h1..hN, runs the lookups, appends a line to healthy.tsv.
healthy_phase() {
    local kind=$1 n=$2 i before after answered=0 out
    for ((i = 1; i <= n; i++)); do
        start_resolver "$kind" "h$i"
    done
    if [[ $kind == share-* ]]; then
        shoal_wait_until 30 sees_all_peers "$kind" "$n" || shoal_abort "the group did not form (N=$n)"
    fi
    before=$(nsd_query_count lab)
    for ((i = 1; i <= n; i++)); do
        ip netns exec "${LAB_NS[h$i]}" dig @127.0.0.1 +tries=1 +time=2 +noall +answer \
            -f "$SHOAL_TMP/w1-$n-h$i.txt" >"$results/healthy-$kind-$n-h$i.txt" 2>&1 &
        CLIENTS+=($!)
    done
    wait_clients
    sleep 1
    after=$(nsd_query_count lab)
    for ((i = 1; i <= n; i++)); do
        out=$(awk '$4 == "A"' "$results/healthy-$kind-$n-h$i.txt" | wc -l)
        answered=$((answered + out))
    done
    local limited=0
    [[ $kind == share-on ]] && limited=$(counter_sum share-on "$n" peer.shares.rate-limited)
    printf '%s\t%d\t%d\t%d\t%d\n' "$kind" "$n" "$((after - before))" "$answered" "$limited" \
        >>"$results/healthy.tsv"
    shoal_log "N=$n $kind: upstream queries $((after - before)), answered $answered of $((n * lookups))"
}

# The clients of one phase run in the background; CLIENTS holds their PIDs.
CLIENTS=()
wait_clients() {
    wait "${CLIENTS[@]}"
    CLIENTS=()
}

# outage_phase N: with share-off running on h1..hN, kills the upstream's link and runs the
# outage lookups; writes outage-N-hI.txt, the detection times and the counters.
outage_phase() {
    local n=$1 i asks0 answers0 accepted0 suppressed0
    asks0=$(counter_sum share-off "$n" peer.asks.sent)
    answers0=$(counter_sum share-off "$n" peer.answers.sent)
    accepted0=$(counter_sum share-off "$n" peer.answers.accepted)
    suppressed0=$(counter_sum share-off "$n" peer.answers.suppressed)
    lab_host_unplug upstream
    shoal_log "N=$n: upstream unplugged"
    for ((i = 1; i <= n; i++)); do
        ip netns exec "${LAB_NS[h$i]}" "$SHOAL_TMP/outage-client.sh" \
            <"$SHOAL_TMP/w2-$n-h$i.txt" >"$results/outage-$n-h$i.txt" 2>&1 &
        CLIENTS+=($!)
    done
    wait_clients
    for ((i = 1; i <= n; i++)); do
        ctl share-off "h$i" status | jq -r '.outageSinceMs' >"$results/outage-$n-h$i.since"
    done
    printf '%d\t%d\t%d\t%d\t%d\n' "$n" \
        $(($(counter_sum share-off "$n" peer.asks.sent) - asks0)) \
        $(($(counter_sum share-off "$n" peer.answers.sent) - answers0)) \
        $(($(counter_sum share-off "$n" peer.answers.accepted) - accepted0)) \
        $(($(counter_sum share-off "$n" peer.answers.suppressed) - suppressed0)) \
        >>"$results/packets.tsv"
    for ((i = 1; i <= n; i++)); do
        ctl share-off "h$i" counters >"$results/counters-$n-h$i.json"
    done
    lab_host_plug upstream
    shoal_wait_until 15 nsd_answers lab || shoal_abort "NSD is not back after the outage"
}

# outage_rows N: one line per outage lookup: host, class (own / group / none: the name was
# resolved before by this host / only by another / by nobody), before|after detection, status,
# query time, whether the address is right.
outage_rows() {
    local n=$1 i since
    for ((i = 1; i <= n; i++)); do
        since=$(cat "$results/outage-$n-h$i.since")
        awk -v host="h$i" -v since="$since" -v n="$n" -v dir="$SHOAL_TMP" '
            BEGIN {
                for (j = 1; j <= n; j++) {
                    file = dir "/w1-" n "-h" j ".txt"
                    while ((getline line < file) > 0) {
                        split(line, f, " ")
                        if ("h" j == host) own[f[1]] = 1; else other[f[1]] = 1
                    }
                    close(file)
                }
            }
            {
                class = ($2 in own) ? "own" : ($2 in other) ? "group" : "none"
                phase = (since > 0 && $1 >= since) ? "after" : "before"
                index_ = substr($2, 2, 4) + 0
                want = index_ < 256 ? "198.51.100." index_ : "203.0.113." (index_ - 256)
                print host, class, phase, $3, $4, ($5 == want) ? "right" : "wrong"
            }' "$results/outage-$n-h$i.txt"
    done
}

# --- running it ---------------------------------------------------------------------------------

for n in "${size_list[@]}"; do
    for ((i = 1; i <= n; i++)); do
        draws $((1000 * n + i)) "$lookups" | sed 's/$/ A/' >"$SHOAL_TMP/w1-$n-h$i.txt"
        draws $((500000 + 1000 * n + i)) "$outage_lookups" >"$SHOAL_TMP/w2-$n-h$i.txt"
    done
    cat "$SHOAL_TMP"/w1-"$n"-h*.txt | sort -u | wc -l >"$results/distinct-$n.txt"

    healthy_phase share-on "$n"
    stop_resolvers
    healthy_phase share-off "$n"
    outage_phase "$n"
    for ((i = 1; i <= n; i++)); do
        cp "$SHOAL_TMP/share-off-h$i/log" "$results/shoald-$n-h$i.log"
    done
    stop_resolvers
    outage_rows "$n" >"$results/outage-$n.rows"
    if ((!only_shoald)); then
        healthy_phase dnsmasq "$n"
        stop_resolvers
        healthy_phase unbound "$n"
        stop_resolvers
    fi
done

# --- the tables ---------------------------------------------------------------------------------

# group_latencies before|after: p50/p99 of dig's query time for right answers to names this
# host had not resolved itself (answered by the group), and how many there were.
group_latencies() {
    awk -v phase="$1" '$2 == "group" && $3 == phase && $4 == "NOERROR" && $6 == "right" { print $5 }' |
        sort -n | awk '
            { v[NR] = $1 }
            END {
                if (NR == 0) { print "-"; exit }
                k50 = int(0.5 * NR + 0.999999); k99 = int(0.99 * NR + 0.999999)
                printf "%d/%d ms (%d)", v[k50], v[k99], NR
            }'
}

summary() {
    echo "Load relief, upstream healthy: queries NSD received per distinct name asked (one TTL)"
    echo "($lookups lookups per workstation from a Zipf($zipf) curve over $names names)"
    echo "(shoal: one keyed group, sharing on; no-share: the same, sharing off; limited: answers"
    echo " not shared because a member went over its share rate, 20/s with a burst of 100)"
    printf '%4s %8s %8s | %9s %9s %9s %9s | %12s %12s | %7s\n' N lookups names \
        "shoal" "no-share" dnsmasq unbound "dnsmasq/sh" "unbound/sh" limited
    for n in "${size_list[@]}"; do
        awk -F'\t' -v n="$n" -v distinct="$(cat "$results/distinct-$n.txt")" \
            -v lookups="$((n * lookups))" '
            $2 == n { q[$1] = $3; if ($1 == "share-on") limited = $5 }
            function per(kind) { return (kind in q) ? sprintf("%.2f", q[kind] / distinct) : "-" }
            function ratio(kind) {
                return (kind in q && q["share-on"] > 0) ? sprintf("%.2f", q[kind] / q["share-on"]) : "-"
            }
            END {
                printf "%4d %8d %8d | %9s %9s %9s %9s | %12s %12s | %7d\n", n, lookups, distinct,
                    per("share-on"), per("share-off"), per("dnsmasq"), per("unbound"),
                    ratio("dnsmasq"), ratio("unbound"), limited
            }' "$results/healthy.tsv"
    done
    echo
    echo "Upstream queries per client lookup (the same runs)"
    printf '%4s %8s | %9s %9s %9s %9s\n' N lookups shoal no-share dnsmasq unbound
    for n in "${size_list[@]}"; do
        awk -F'\t' -v n="$n" -v lookups="$((n * lookups))" '
            $2 == n { q[$1] = $3 }
            function per(kind) { return (kind in q) ? sprintf("%.2f", q[kind] / lookups) : "-" }
            END {
                printf "%4d %8d | %9s %9s %9s %9s\n", n, lookups, per("share-on"), per("share-off"),
                    per("dnsmasq"), per("unbound")
            }' "$results/healthy.tsv"
    done
    echo
    echo "Outage (sharing off): $outage_lookups lookups per workstation after the upstream's link went down"
    echo "(latency: dig's query time for names this workstation had not resolved itself, before"
    echo " and after it detected the outage; n = how many such lookups were answered)"
    printf '%4s %7s %9s %11s %8s | %-31s | %s\n' N lookups answered "union bound" "ans/bnd" \
        "before: p50/p99 (n)" "after: p50/p99 (n)"
    for n in "${size_list[@]}"; do
        printf '%4d %s | %-31s | %s\n' "$n" "$(awk '
            { total++; if ($4 == "NOERROR" && $6 == "right") answered++; if ($2 != "none") bound++ }
            END {
                printf "%7d %8.1f%% %10.1f%% %7.1f%%", total, 100 * answered / total,
                    100 * bound / total, bound ? 100 * answered / bound : 0
            }' "$results/outage-$n.rows")" \
            "$(group_latencies before <"$results/outage-$n.rows")" \
            "$(group_latencies after <"$results/outage-$n.rows")"
    done
    echo
    echo "Group traffic during the outage (sums over all members)"
    echo "(holders: members that held the answer and scheduled an Answer, sent or suppressed,"
    echo " per answered Ask, i.e. the Answers a question would cost without suppression; every"
    echo " member receives every group packet, so packets per question is also what each member"
    echo " receives per question; an Ask nobody can answer costs one packet; per node: the"
    echo " group packets one member sends, and receives from the others, per question asked)"
    printf '%4s %6s %8s %9s %10s | %14s %8s %16s %16s | %11s %11s\n' N asks answers accepted \
        suppressed "answers/accept" holders "packets/question" "packets/answered" \
        "sent/node/q" "recv/node/q"
    awk -F'\t' '
        function ratio(a, b) { return b ? sprintf("%.2f", a / b) : "-" }
        {
            printf "%4d %6d %8d %9d %10d | %14s %8s %16s %16s | %11s %11s\n", $1, $2, $3, $4, $5,
                ratio($3, $4), ratio($3 + $5, $4), ratio($2 + $3, $2), ratio($4 + $3, $4),
                ratio($2 + $3, $1 * $2), ratio(($2 + $3) * ($1 - 1), $1 * $2)
        }' "$results/packets.tsv"
}

{
    summary
    echo
    echo "shoald: $shoald_bin ($(cd "$repo" && git rev-parse --short HEAD 2>/dev/null))"
    echo "dnsmasq: $(dnsmasq --version 2>/dev/null | head -1)"
    echo "unbound: $(unbound -V 2>/dev/null | awk '/^Version/ { print $2 }')"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/summary.txt"
