# Network namespaces owned by one test. Each gets its loopback up; the cleanup trap deletes it and
# its /etc/netns folder (after the processes inside were stopped, since the trap stops PIDs first).
# Only documentation addresses (192.0.2.0/24) are put on links, and only inside these namespaces.

shoal_require_netns() {
    shoal_require_root
    shoal_require_tool ip
    local probe="shoal-probe-$$"
    ip netns add "$probe" 2>/dev/null || shoal_skip "ip netns add does not work here"
    ip netns del "$probe"
}

# netns_create NAME: a fresh namespace with lo up.
netns_create() {
    local name=$1
    ip netns add "$name" || shoal_abort "ip netns add $name failed"
    shoal_on_exit "netns_delete $name"
    ip -n "$name" link set lo up
    shoal_log "namespace $name created"
}

netns_delete() {
    ip netns del "$1" 2>/dev/null
    rm -rf "/etc/netns/$1"
}

# netns_workstation_addresses NAME IPV4 IPV6: a link holding addresses, so that getaddrinfo's
# AI_ADDRCONFIG (used by getent ahosts*) believes the host has IPv4 and IPv6 and asks for A and
# AAAA records as on a real workstation. A veth pair with both ends inside NAME, because the
# dummy link type needs a kernel module that is not always there.
netns_workstation_addresses() {
    ip -n "$1" link add shoal-nic type veth peer name shoal-nic-peer ||
        shoal_abort "cannot create a veth pair in $1"
    ip -n "$1" addr add "$2/32" dev shoal-nic
    ip -n "$1" addr add "$3/128" dev shoal-nic nodad
    ip -n "$1" link set shoal-nic-peer up
    ip -n "$1" link set shoal-nic up
}

# netns_resolv_conf NAME LINE...: /etc/resolv.conf as processes inside NAME see it.
netns_resolv_conf() {
    local name=$1
    shift
    mkdir -p "/etc/netns/$name"
    printf '%s\n' "$@" >"/etc/netns/$name/resolv.conf"
}

# netns_link NS1 IF1 ADDRESS1/PREFIX NS2 IF2 ADDRESS2/PREFIX: a veth pair between two namespaces.
netns_link() {
    ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" ||
        shoal_abort "cannot create veth pair $2-$5"
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$4" addr add "$6" dev "$5"
    ip -n "$1" link set "$2" up
    ip -n "$4" link set "$5" up
}
