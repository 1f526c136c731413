# A lab subnet for the multi-host tests and benchmarks: a bridge in a network namespace of its
# own, and hosts, each a namespace with one veth link ("lan0") to that bridge and an address in
# 192.0.2.0/24 (the documentation prefix; it exists only inside these namespaces). Nothing is
# routed anywhere else: the hosts have no default route.
#
# Source after common.sh and netns.sh, call lab_begin once, then lab_host_add for every host.
# Namespace names carry the test's PID, so parallel runs do not collide; the cleanup trap of
# common.sh deletes every namespace (and with it every link) after stopping the processes.

LAB_PREFIX=
LAB_BRIDGE_NS=
declare -A LAB_NS=()
declare -A LAB_ADDRESS=()

# lab_begin: the bridge's namespace and the bridge. IGMP snooping is off, so group traffic
# floods every port whatever the timing of the hosts' IGMP reports (the lab has no querier).
lab_begin() {
    LAB_PREFIX="shoal-lab-$$"
    LAB_BRIDGE_NS="$LAB_PREFIX-br"
    netns_create "$LAB_BRIDGE_NS"
    ip -n "$LAB_BRIDGE_NS" link add br0 type bridge mcast_snooping 0 ||
        shoal_abort "cannot create a bridge in $LAB_BRIDGE_NS"
    ip -n "$LAB_BRIDGE_NS" link set br0 up
}

# lab_host_add NAME ADDRESS: namespace LAB_NS[NAME] with lan0 = ADDRESS/24 on the bridge.
lab_host_add() {
    local name=$1 address=$2 ns="$LAB_PREFIX-$1"
    netns_create "$ns"
    ip -n "$LAB_BRIDGE_NS" link add "to-$name" type veth peer name lan0 netns "$ns" ||
        shoal_abort "cannot link $name to the bridge"
    ip -n "$LAB_BRIDGE_NS" link set "to-$name" master br0
    ip -n "$LAB_BRIDGE_NS" link set "to-$name" up
    ip -n "$ns" addr add "$address/24" dev lan0
    ip -n "$ns" link set lan0 up
    LAB_NS[$name]=$ns
    LAB_ADDRESS[$name]=$address
}

# lab_host_unplug NAME / lab_host_plug NAME: the host's bridge port goes down (the host is
# silent, as behind a dead switch port) and comes back.
lab_host_unplug() {
    ip -n "$LAB_BRIDGE_NS" link set "to-$1" down
}

lab_host_plug() {
    ip -n "$LAB_BRIDGE_NS" link set "to-$1" up
}

# lab_write_key FILE NAME: a group key as BIND's tsig-keygen writes it (so dig -k reads it too).
lab_write_key() {
    tsig-keygen -a hmac-sha256 "$2" >"$1" || shoal_abort "tsig-keygen $2 failed"
}

# lab_shoald_wrapper FILE: an executable that runs shoald (SHOALD_BINARY) in a UTS namespace of
# its own named $LAB_HOST, so each lab host announces its own host name to its peers. It execs
# all the way down, so the PID the harness holds is shoald's.
lab_shoald_wrapper() {
    cat >"$1" <<WRAPPER
#!/bin/sh
exec unshare --uts /bin/sh -c 'hostname "\$LAB_HOST" && exec "\$0" "\$@"' "$SHOALD_BINARY" "\$@"
WRAPPER
    chmod +x "$1"
}
