# Starting and stopping the shoald under test. The binary comes from the build tree CTest passes
# in SHOAL_BINARY_DIR (or SHOALD, to run the scripts by hand against another build).
#
# shoald_start NAME NETNS ARGS... starts an instance (NETNS empty for the host) with ARGS as its
# command line plus --verbose and a control socket of its own in the test's folder (the default
# one is shared by every instance on the machine), and waits until its first --listen address
# answers a query.
# SHOALD_PID[NAME] holds its PID; its log is $SHOAL_TMP/shoald-NAME.log (a restart appends).

declare -A SHOALD_PID=()
# Instances meant to be running; a query after which one is gone aborts the test.
declare -A SHOALD_RUNNING=()
SHOAL_AFTER_QUERY_HOOKS+=(shoald_check_running)

# Sets SHOALD_BINARY, or aborts the test when there is none.
shoald_find_binary() {
    SHOALD_BINARY=${SHOALD:-${SHOAL_BINARY_DIR:-}/service/shoald}
    [[ -x $SHOALD_BINARY ]] || shoal_abort "no shoald at '$SHOALD_BINARY' (build target shoald)"
}

# shoald_start NAME NETNS ARGS...
shoald_start() {
    local name=$1 netns=$2 listen pid
    shift 2
    shoald_find_binary
    listen=$(shoald_first_listen "$@") || shoal_abort "shoald_start needs a --listen option"
    local -a run=()
    [[ -n $netns ]] && run=(ip netns exec "$netns")
    set -- "$@" --control "$SHOAL_TMP/shoald-$name.control" --verbose
    echo "=== start: shoald $*" >>"$SHOAL_TMP/shoald-$name.log"
    "${run[@]}" "$SHOALD_BINARY" "$@" >>"$SHOAL_TMP/shoald-$name.log" 2>&1 &
    pid=$!
    SHOAL_PIDS+=("$pid")
    SHOALD_PID[$name]=$pid
    SHOALD_RUNNING[$name]=1
    shoal_wait_until 15 shoald_answers "$pid" "$listen" "$netns" ||
        shoal_abort "shoald $name (pid $pid) did not answer on $listen"
    shoal_log "shoald $name (pid $pid) answers on $listen${netns:+ in $netns}"
}

# The ADDRESS PORT of the first --listen option ("127.0.0.1:53" or "[::1]:53").
shoald_first_listen() {
    while (($# > 0)); do
        if [[ $1 == --listen ]]; then
            local value=$2 address port
            port=${value##*:}
            address=${value%:*}
            address=${address#[}
            address=${address%]}
            echo "$address $port"
            return 0
        fi
        shift
    done
    return 1
}

# Alive and replying (any status) to one query on ADDRESS PORT.
shoald_answers() {
    local pid=$1 listen=$2 netns=$3 address port
    local -a run=()
    read -r address port <<<"$listen"
    [[ -n $netns ]] && run=(ip netns exec "$netns")
    shoal_pid_alive "$pid" || shoal_abort "shoald (pid $pid) exited while starting"
    "${run[@]}" dig "@$address" -p "$port" +tries=1 +time=1 shoal-ready.lab.test A >/dev/null 2>&1
}

# shoald_stop NAME [SIGNAL]: stops the instance; SHOAL_LAST_STATUS holds its exit status.
shoald_stop() {
    local name=$1 signal=${2:-TERM}
    unset "SHOALD_RUNNING[$name]"
    shoal_stop "${SHOALD_PID[$name]}" "$signal"
    shoal_log "shoald $name stopped with SIG$signal, exit status $SHOAL_LAST_STATUS"
}

# shoald_check_running QUERY...: aborts when an instance that should run died (during QUERY).
shoald_check_running() {
    local name pid status
    for name in "${!SHOALD_RUNNING[@]}"; do
        pid=${SHOALD_PID[$name]}
        shoal_pid_alive "$pid" && continue
        wait "$pid" 2>/dev/null
        status=$?
        unset "SHOALD_RUNNING[$name]"
        shoal_fail "shoald $name is alive" "it died with exit status $status$( ((status > 128)) &&
            echo " (signal $((status - 128)))") after the query: $*"
        shoal_abort "shoald $name died; its log follows"
    done
}

# expect_shoald_alive NAME: the process is still running (after hostile input, say).
expect_shoald_alive() {
    if shoal_pid_alive "${SHOALD_PID[$1]}"; then
        shoal_pass "shoald $1 is alive"
    else
        wait "${SHOALD_PID[$1]}" 2>/dev/null
        shoal_fail "shoald $1 is alive" "it exited with status $?"
    fi
}

# shoald_ctl NAME ARGS...: shoalctl on the instance's control socket.
shoald_ctl() {
    local name=$1 binary=${SHOALCTL:-${SHOAL_BINARY_DIR:-}/ctl/shoalctl}
    shift
    [[ -x $binary ]] || shoal_abort "no shoalctl at '$binary' (build target shoalctl)"
    "$binary" --socket "$SHOAL_TMP/shoald-$name.control" "$@"
}

# shoald_counter NAME COUNTER: the value of one counter ("" if the daemon does not list it).
# A COUNTER ending in '*' sums every counter starting with the rest (e.g. dns.formerr.*).
shoald_counter() {
    shoald_ctl "$1" counters | awk -v want="$2" '
        want ~ /\*$/ && index($1, substr(want, 1, length(want) - 1)) == 1 { sum += $2; found = 1 }
        $1 == want { sum = $2; found = 1 }
        END { if (found) print sum; else if (want ~ /\*$/) print 0 }'
}

# shoald_in_outage NAME: the daemon says all its upstreams are down.
shoald_in_outage() {
    shoald_ctl "$1" --json status | grep -q '"outage": true'
}

# shoald_rss_kb NAME: resident set size of the instance in KiB.
shoald_rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/${SHOALD_PID[$1]}/status" 2>/dev/null
}
