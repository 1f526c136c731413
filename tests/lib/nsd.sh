# The upstream of the tests: NSD, the authoritative server from Debian, serving the zone lab.test
# from a private folder. shoald is a stub that sends RD=1; NSD answers its own zone to that with
# AA set and RA clear, which is what a stub in front of an authoritative server sees.
#
# nsd_start NAME ADDRESS PORT [NETNS] starts instance NAME; nsd_stop / nsd_freeze / nsd_thaw
# act on it by PID; nsd_query_count reads its query counter through nsd-control's Unix socket
# (so it works for instances inside a namespace too).

declare -A SHOAL_NSD_PID=()
declare -A SHOAL_NSD_ADDRESS=()
declare -A SHOAL_NSD_PORT=()
declare -A SHOAL_NSD_NETNS=()

# Names of the zone, by what the tests use them for. TTLs: LONG 300 s, SHORT 3 s, negative 60 s.
LAB_ZONE=lab.test
LAB_SHORT_TTL=3
LAB_LONG_TTL=300
LAB_NEGATIVE_TTL=60

# lab_zone_write FILE: the zone every test serves.
lab_zone_write() {
    cat >"$1" <<'ZONE'
$ORIGIN lab.test.
$TTL 300
@          300 IN SOA   ns.lab.test. hostmaster.lab.test. 1 3600 600 86400 60
@          300 IN NS    ns
ns         300 IN A     192.0.2.53
www        300 IN A     192.0.2.10
www        300 IN AAAA  2001:db8::10
alias      300 IN CNAME alias2
alias2     300 IN CNAME www
mail       300 IN A     192.0.2.25
@          300 IN MX    10 mail.lab.test.
txt        300 IN TXT   "shoal integration test" "second string"
short        3 IN A     192.0.2.30
short        3 IN AAAA  2001:db8::30
short2       3 IN A     192.0.2.31
shorttxt     3 IN TXT   "short lived"
journal1   300 IN A     192.0.2.41
journal2   300 IN A     192.0.2.42
journal3     3 IN A     192.0.2.43
late       300 IN A     192.0.2.50
ZONE
    lab_big_txt_record >>"$1"
    # A test that needs more names sets LAB_ZONE_EXTRA to zone lines (relative to lab.test.).
    [[ -n ${LAB_ZONE_EXTRA:-} ]] && printf '%s\n' "$LAB_ZONE_EXTRA" >>"$1"
    return 0
}

# A TXT record of four 200-character strings: too big for 512 bytes, fits EDNS's 1232.
lab_big_txt_record() {
    local piece
    piece=$(printf 'shoal%03d-' $(seq 1 23) | cut -c 1-200)
    printf 'big        300 IN TXT   "%s" "%s" "%s" "%s"\n' "$piece" "$piece" "$piece" "$piece"
}

# nsd_start NAME ADDRESS PORT [NETNS]
nsd_start() {
    local name=$1 address=$2 port=$3 netns=${4:-} dir pid
    local -a run=()
    dir="$SHOAL_TMP/nsd-$name"
    mkdir -p "$dir"
    lab_zone_write "$dir/lab.test.zone"
    nsd_write_config "$dir" "$address" "$port"
    nsd-checkconf "$dir/nsd.conf" || shoal_abort "nsd-checkconf rejected $dir/nsd.conf"
    [[ -n $netns ]] && run=(ip netns exec "$netns")
    shoal_spawn pid "$SHOAL_TMP/nsd-$name.log" "${run[@]}" nsd -d -c "$dir/nsd.conf"
    SHOAL_NSD_PID[$name]=$pid
    SHOAL_NSD_ADDRESS[$name]=$address
    SHOAL_NSD_PORT[$name]=$port
    SHOAL_NSD_NETNS[$name]=$netns
    shoal_wait_until 15 nsd_answers "$name" || shoal_abort "NSD $name did not answer on $address#$port"
    shoal_log "NSD $name (pid $pid) serves lab.test on $address#$port${netns:+ in $netns}"
}

nsd_write_config() {
    local dir=$1 address=$2 port=$3
    cat >"$dir/nsd.conf" <<CONF
server:
    ip-address: $address
    port: $port
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$dir"
    pidfile: "$dir/nsd.pid"
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    logfile: "$dir.server.log"
    verbosity: 1
    rrl-ratelimit: 0
    hide-version: yes
remote-control:
    control-enable: yes
    control-interface: "$dir/control.sock"
zone:
    name: lab.test
    zonefile: lab.test.zone
CONF
}

nsd_answers() {
    local name=$1 netns=${SHOAL_NSD_NETNS[$1]}
    local -a run=()
    [[ -n $netns ]] && run=(ip netns exec "$netns")
    shoal_pid_alive "${SHOAL_NSD_PID[$name]}" || return 1
    "${run[@]}" dig "@${SHOAL_NSD_ADDRESS[$name]}" -p "${SHOAL_NSD_PORT[$name]}" +tries=1 +time=1 \
        lab.test SOA >/dev/null 2>&1
}

# nsd_query_count NAME: queries NSD instance NAME has received since it started.
nsd_query_count() {
    nsd-control -c "$SHOAL_TMP/nsd-$1/nsd.conf" stats_noreset 2>/dev/null |
        sed -n 's/^num.queries=//p'
}

# nsd_stop NAME: SIGTERM, waits for every NSD process of the instance to exit.
nsd_stop() {
    shoal_stop "${SHOAL_NSD_PID[$1]}" TERM
    shoal_log "NSD $1 stopped"
}

# nsd_freeze NAME / nsd_thaw NAME: the upstream stops answering (a slow or hung server) and resumes.
nsd_freeze() {
    shoal_signal_tree "${SHOAL_NSD_PID[$1]}" STOP
    shoal_log "NSD $1 frozen (SIGSTOP)"
}

nsd_thaw() {
    shoal_signal_tree "${SHOAL_NSD_PID[$1]}" CONT
    shoal_log "NSD $1 thawed (SIGCONT)"
}
