#!/bin/bash
# configure-host.sh: make this host resolve names through shoald, or stop doing so (--undo).
#
#   configure-host.sh [--root DIR] [--upstream ADDR]... [--no-restart] [--force] MODE
#   configure-host.sh [--root DIR] [--no-restart] --undo
#   configure-host.sh [--root DIR] --status
#
# MODE is how the host's resolver is set up:
#   resolv-conf     /etc/resolv.conf is a plain file: it is saved and replaced by one that
#                   names 127.0.0.1 and ::1.
#   resolved        systemd-resolved answers the host: a drop-in makes it forward to shoald.
#   networkmanager  NetworkManager writes /etc/resolv.conf: told to stop (dns=none), then as
#                   resolv-conf.
#   auto            picks one of the three from what the host has.
#
# Before it points the resolver at shoald, the script writes the servers the host uses now into
# shoald's configuration as its upstreams (or the --upstream addresses given), so shoald does
# not forward to itself. Everything it replaces is saved in /etc/shoal/host-backup/, and --undo
# puts it back. --root DIR works on DIR as if it were / and never restarts a service: the tests
# use it, so they never touch the real /etc.
set -euo pipefail

program=${0##*/}
root=""
mode=""
undo=0
status=0
restart=1
force=0
given_upstreams=()

die() {
    echo "$program: $*" >&2
    exit 1
}

say() {
    echo "$program: $*"
}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

parse_arguments() {
    while [ $# -gt 0 ]; do
        case "$1" in
        --root) root=${2:?--root needs a folder}; shift ;;
        --upstream) given_upstreams+=("${2:?--upstream needs an address}"); shift ;;
        --no-restart) restart=0 ;;
        --force) force=1 ;;
        --undo) undo=1 ;;
        --status) status=1 ;;
        -h | --help) usage; exit 0 ;;
        resolv-conf | resolved | networkmanager | auto) mode=$1 ;;
        *) die "unknown argument: $1 (see --help)" ;;
        esac
        shift
    done
    if [ -n "$root" ]; then
        [ -d "$root" ] || die "--root $root: no such folder"
        root=$(cd "$root" && pwd)
        restart=0
    fi
    if [ $((undo + status)) -eq 0 ] && [ -z "$mode" ]; then
        die "give a MODE (resolv-conf, resolved, networkmanager, auto), --undo or --status"
    fi
}

# Paths, all under --root.
shoald_conf() { echo "$root/etc/shoal/shoald.conf"; }
backup_dir() { echo "$root/etc/shoal/host-backup"; }
resolv_conf() { echo "$root/etc/resolv.conf"; }
resolved_dropin() { echo "$root/etc/systemd/resolved.conf.d/shoal.conf"; }
nm_dropin() { echo "$root/etc/NetworkManager/conf.d/shoal.conf"; }

block_begin="# BEGIN configure-host.sh: the host's DNS servers before it used shoald"
block_end="# END configure-host.sh"

# --- Finding the servers the host uses now ---

# nameserver_lines FILE: the addresses of FILE's nameserver lines, one a line.
nameserver_lines() {
    [ -r "$1" ] || return 0
    awk '$1 == "nameserver" && NF >= 2 { print $2 }' "$1"
}

# is_own_address ADDR: whether ADDR would reach shoald or another resolver on this host.
# Every loopback address counts: 127.0.0.53 is systemd-resolved, which in resolved mode
# forwards to shoald, and a loop through it is a loop all the same.
is_own_address() {
    case "$1" in
    127.* | ::1 | 0:0:0:0:0:0:0:1 | ::ffff:127.* | 0.0.0.0 | ::) return 0 ;;
    *) return 1 ;;
    esac
}

# address_part ADDR[:PORT]: the address alone ([::1]:53 -> ::1, 192.0.2.1:53 -> 192.0.2.1).
address_part() {
    case "$1" in
    \[*) local inner=${1#\[}; echo "${inner%%]*}" ;;
    *:*:*) echo "$1" ;;
    *) echo "${1%%:*}" ;;
    esac
}

# current_servers_file MODE: where the host's real servers are listed for that mode.
current_servers_file() {
    case "$1" in
    resolved) echo "$root/run/systemd/resolve/resolv.conf" ;;
    networkmanager)
        if [ -r "$root/run/NetworkManager/no-stub-resolv.conf" ]; then
            echo "$root/run/NetworkManager/no-stub-resolv.conf"
        else
            resolv_conf
        fi
        ;;
    *) resolv_conf ;;
    esac
}

# is_shoald_itself ADDR[:PORT]: whether an --upstream names the address shoald answers on.
is_shoald_itself() {
    local address port
    address=$(address_part "$1")
    port=53
    case "$1" in
    \[*\]:*) port=${1##*]:} ;;
    *:*:*) ;;
    *:*) port=${1##*:} ;;
    esac
    [ "$port" = 53 ] || return 1
    case "$address" in
    127.0.0.1 | ::1 | 0.0.0.0 | ::) return 0 ;;
    *) return 1 ;;
    esac
}

# upstreams MODE: the upstream addresses for shoald, one a line. Found servers skip every
# loopback address; an --upstream is refused only when it is shoald's own address and port
# (another resolver on this host, on another port, is the administrator's choice).
upstreams() {
    local address
    if [ ${#given_upstreams[@]} -gt 0 ]; then
        for address in "${given_upstreams[@]}"; do
            ! is_shoald_itself "$address" ||
                die "--upstream $address is where shoald answers: it would forward to itself"
            echo "$address"
        done
        return
    fi
    while read -r address; do
        [ -n "$address" ] || continue
        if is_own_address "$address"; then
            say "skipping nameserver $address: it is on this host, shoald would forward to itself" >&2
            continue
        fi
        echo "$address"
    done < <(nameserver_lines "$(current_servers_file "$1")")
}

detect_mode() {
    local conf
    conf=$(resolv_conf)
    if [ -L "$conf" ] && readlink "$conf" | grep -q 'systemd/resolve'; then
        echo resolved
    elif [ -e "$root/etc/NetworkManager/NetworkManager.conf" ] && [ -d "$root/run/NetworkManager" ]; then
        echo networkmanager
    else
        echo resolv-conf
    fi
}

# --- shoald's configuration ---

# Whether shoald answers on 127.0.0.1:53, which is what the host's resolver will name.
check_listen() {
    local listen
    listen=$(awk -F= '/^[[:space:]]*listen[[:space:]]*=/ { print $2 }' "$(shoald_conf)")
    [ -z "$listen" ] && return 0 # the default: 127.0.0.1:53 and [::1]:53
    if ! grep -Eq '(^|[ ,])127\.0\.0\.1(:53)?([ ,]|$)' <<<"$listen"; then
        die "shoald does not listen on 127.0.0.1:53 ($(shoald_conf): listen =$listen)"
    fi
}

remove_upstream_block() {
    local conf
    conf=$(shoald_conf)
    [ -f "$conf" ] || return 0
    awk -v begin="$block_begin" -v end="$block_end" '
        $0 == begin { skipping = 1; next }
        skipping && $0 == end { skipping = 0; next }
        !skipping { print }' "$conf" >"$conf.new"
    cat "$conf.new" >"$conf" # keeps the file's owner and mode
    rm -f "$conf.new"
}

# write_upstream_block ADDR...: the block goes before the first [group] section, since every
# key after a section's header belongs to that section.
write_upstream_block() {
    local conf block list
    conf=$(shoald_conf)
    list=$(IFS=,; echo "$*")
    block="$block_begin"$'\n'"upstream = ${list//,/, }"$'\n'"$block_end"
    awk -v block="$block" '
        !done && /^[[:space:]]*\[/ { print block; done = 1 }
        { print }
        END { if (!done) print block }' "$conf" >"$conf.new"
    cat "$conf.new" >"$conf"
    rm -f "$conf.new"
}

# --- Saving and restoring what is replaced ---

# save FILE: FILE (a file or a symbolic link) goes into the backup folder, or a note that it
# did not exist.
save() {
    local name
    name=$(basename "$1")
    if [ -e "$1" ] || [ -L "$1" ]; then
        cp -P --preserve=mode,ownership,timestamps "$1" "$(backup_dir)/$name"
    else
        touch "$(backup_dir)/$name.absent"
    fi
}

# restore FILE
restore() {
    local name saved
    name=$(basename "$1")
    saved="$(backup_dir)/$name"
    if [ -e "$saved.absent" ]; then
        rm -f "$1"
    elif [ -e "$saved" ] || [ -L "$saved" ]; then
        rm -f "$1"
        cp -P --preserve=mode,ownership,timestamps "$saved" "$1"
    fi
}

# The resolv.conf that sends the host's queries to shoald; search and options lines stay.
write_resolv_conf() {
    local conf old
    conf=$(resolv_conf)
    old=$(grep -E '^[[:space:]]*(search|domain|options)[[:space:]]' "$conf" 2>/dev/null || true)
    rm -f "$conf" # it may be a symbolic link into /run
    {
        echo "# Written by $program: queries go to shoald. '$program --undo' restores the"
        echo "# previous file, saved in /etc/shoal/host-backup/."
        echo "nameserver 127.0.0.1"
        echo "nameserver ::1"
        [ -z "$old" ] || echo "$old"
    } >"$conf"
    chmod 0644 "$conf"
}

write_resolved_dropin() {
    mkdir -p "$(dirname "$(resolved_dropin)")"
    cat >"$(resolved_dropin)" <<'EOF'
# Written by configure-host.sh: systemd-resolved forwards every name to shoald, which forwards
# to the servers it got from the host (upstream lines of /etc/shoal/shoald.conf).
[Resolve]
DNS=127.0.0.1 ::1
Domains=~.
EOF
}

write_nm_dropin() {
    mkdir -p "$(dirname "$(nm_dropin)")"
    cat >"$(nm_dropin)" <<'EOF'
# Written by configure-host.sh: NetworkManager leaves /etc/resolv.conf, which names shoald.
[main]
dns=none
rc-manager=unmanaged
EOF
}

# --- Services (never with --root) ---

service_active() {
    systemctl is-active --quiet "$1" 2>/dev/null
}

restart_services() {
    [ "$restart" = 1 ] || return 0
    command -v systemctl >/dev/null || return 0
    systemctl try-restart shoald.service || say "shoald did not restart: systemctl status shoald" >&2
    case "$1" in
    resolved) service_active systemd-resolved && systemctl restart systemd-resolved ;;
    networkmanager) service_active NetworkManager && systemctl reload NetworkManager ;;
    esac
    return 0
}

# Switching the resolver to a shoald that does not run would leave the host without DNS.
check_shoald_runs() {
    [ "$restart" = 1 ] && [ "$force" = 0 ] || return 0
    if command -v systemctl >/dev/null && ! service_active shoald; then
        die "shoald is not running (systemctl start shoald), or give --force"
    fi
}

# --- The commands ---

configure() {
    local chosen found servers
    [ -f "$(shoald_conf)" ] || die "$(shoald_conf) does not exist: install the shoal package first"
    [ ! -e "$(backup_dir)/mode" ] ||
        die "already configured ($(cat "$(backup_dir)/mode")); run $program --undo first"
    chosen=$mode
    [ "$chosen" != auto ] || chosen=$(detect_mode)
    check_listen
    found=$(upstreams "$chosen")
    mapfile -t servers < <(grep . <<<"$found" || true)
    [ ${#servers[@]} -gt 0 ] ||
        die "no DNS server found in $(current_servers_file "$chosen") other than this host; give --upstream ADDR"
    check_shoald_runs

    mkdir -p "$(backup_dir)"
    chmod 0755 "$(backup_dir)"
    remove_upstream_block
    write_upstream_block "${servers[@]}"
    case "$chosen" in
    resolv-conf)
        save "$(resolv_conf)"
        write_resolv_conf
        ;;
    resolved)
        save "$(resolved_dropin)"
        write_resolved_dropin
        ;;
    networkmanager)
        save "$(nm_dropin)"
        save "$(resolv_conf)"
        write_nm_dropin
        write_resolv_conf
        ;;
    esac
    echo "$chosen" >"$(backup_dir)/mode"
    restart_services "$chosen"
    say "mode $chosen: the host now asks shoald; shoald's upstreams: ${servers[*]}"
}

undo_configuration() {
    local chosen
    [ -e "$(backup_dir)/mode" ] || die "nothing to undo: $(backup_dir)/mode does not exist"
    chosen=$(cat "$(backup_dir)/mode")
    case "$chosen" in
    resolv-conf) restore "$(resolv_conf)" ;;
    resolved) restore "$(resolved_dropin)" ;;
    networkmanager)
        restore "$(nm_dropin)"
        restore "$(resolv_conf)"
        ;;
    *) die "$(backup_dir)/mode names an unknown mode: $chosen" ;;
    esac
    remove_upstream_block
    rm -rf "$(backup_dir)"
    restart_services "$chosen"
    say "mode $chosen undone: the host asks its previous servers again"
}

show_status() {
    if [ -e "$(backup_dir)/mode" ]; then
        say "configured: $(cat "$(backup_dir)/mode")"
    else
        say "not configured; auto would choose $(detect_mode)"
    fi
}

parse_arguments "$@"
if [ "$status" = 1 ]; then
    show_status
elif [ "$undo" = 1 ]; then
    undo_configuration
else
    configure
fi
