#!/usr/bin/env bash
# scripts/configure-host.sh in throwaway roots (--root): each of its three ways to point a host
# at shoald, there and back (--undo leaves every file as it was), auto's choice, and the
# refusals: no server but the host itself, an --upstream that is shoald, a second run.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"

shoal_test_begin configure_host
script=${CONFIGURE_HOST:-$SHOAL_SOURCE_DIR/scripts/configure-host.sh}
[[ -x $script ]] || shoal_abort "no configure-host.sh at $script"

# new_root NAME: a root with the package's shoald.conf plus a [group] section, so the test sees
# the upstream block land before it.
new_root() {
    local root="$SHOAL_TMP/$1"
    mkdir -p "$root/etc/shoal"
    cp "$SHOAL_SOURCE_DIR/resources/shoald.conf" "$root/etc/shoal/shoald.conf"
    printf '\n[group lab]\nkey-file = /etc/shoal/keys/lab.key\n' >>"$root/etc/shoal/shoald.conf"
    echo "$root"
}

# snapshot ROOT: every file and link under ROOT with its content or target, mode and owner.
snapshot() {
    (cd "$1" && find . -path ./snapshot -prune -o -print | sort | while read -r path; do
        if [[ -L $path ]]; then
            echo "$path -> $(readlink "$path")"
        elif [[ -f $path ]]; then
            echo "$path $(stat -c '%a %u:%g' "$path") $(sha256sum <"$path" | cut -c1-16)"
        else
            echo "$path/ $(stat -c '%a' "$path")"
        fi
    done)
}

run_script() { # run_script ROOT ARGS...: the script's output in $SHOAL_TMP/script.log
    local root=$1
    shift
    "$script" --root "$root" "$@" >"$SHOAL_TMP/script.log" 2>&1
}

nameservers() { awk '$1 == "nameserver" { printf "%s ", $2 }' "$1"; }

# The upstream line of shoald.conf and whether it comes before the first section.
upstream_line() { grep '^upstream = ' "$1/etc/shoal/shoald.conf"; }
block_before_sections() {
    awk '/^upstream = / { up = NR } /^\[/ && !sect { sect = NR } END { exit !(up && up < sect) }' \
        "$1/etc/shoal/shoald.conf"
}

# expect_round_trip ROOT BEFORE: --undo brought ROOT back to the BEFORE snapshot.
expect_round_trip() {
    local root=$1 before=$2
    shoal_check "undo succeeds" run_script "$root" --undo
    expect_equal "undo restores every file, link, mode and owner" "$before" "$(snapshot "$root")"
}

# --- resolv-conf: a plain file, saved and replaced --------------------------------------------
root=$(new_root plain)
printf 'search lab.test\noptions edns0\nnameserver 192.0.2.53\nnameserver 127.0.0.1\nnameserver 2001:db8::53\n' \
    >"$root/etc/resolv.conf"
chmod 0644 "$root/etc/resolv.conf"
before=$(snapshot "$root")
shoal_check "auto on a plain resolv.conf succeeds" run_script "$root" auto
shoal_check "auto chose resolv-conf" grep -q 'mode resolv-conf' "$SHOAL_TMP/script.log"
expect_equal "resolv.conf names shoald" "127.0.0.1 ::1 " "$(nameservers "$root/etc/resolv.conf")"
shoal_check "search and options lines stay" grep -qx 'search lab.test' "$root/etc/resolv.conf"
expect_equal "the real servers became shoald's upstreams, the loopback one skipped" \
    "upstream = 192.0.2.53, 2001:db8::53" "$(upstream_line "$root")"
shoal_check "upstream block sits before the [group] section" block_before_sections "$root"
expect_equal "status says configured" "configure-host.sh: configured: resolv-conf" \
    "$("$script" --root "$root" --status)"
if run_script "$root" resolv-conf; then
    shoal_fail "a second run is refused"
else
    shoal_check "a second run is refused with a reason" grep -q 'already configured' "$SHOAL_TMP/script.log"
fi
expect_round_trip "$root" "$before"

# --- resolved: a drop-in; resolv.conf (a link to the stub) untouched --------------------------
root=$(new_root resolved)
mkdir -p "$root/run/systemd/resolve"
printf 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n' >"$root/run/systemd/resolve/stub-resolv.conf"
printf 'nameserver 198.51.100.1\nnameserver 2001:db8::1\n' >"$root/run/systemd/resolve/resolv.conf"
ln -s ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/etc/systemd/resolved.conf.d"
before=$(snapshot "$root")
shoal_check "auto with resolved's stub succeeds" run_script "$root" auto
shoal_check "auto chose resolved" grep -q 'mode resolved' "$SHOAL_TMP/script.log"
expect_equal "upstreams are resolved's servers, not its stub" \
    "upstream = 198.51.100.1, 2001:db8::1" "$(upstream_line "$root")"
shoal_check "the drop-in sends resolved to shoald" \
    grep -qx 'DNS=127.0.0.1 ::1' "$root/etc/systemd/resolved.conf.d/shoal.conf"
shoal_check "the drop-in routes every domain" \
    grep -qx 'Domains=~.' "$root/etc/systemd/resolved.conf.d/shoal.conf"
expect_equal "resolv.conf still links to the stub" "../run/systemd/resolve/stub-resolv.conf" \
    "$(readlink "$root/etc/resolv.conf")"
expect_round_trip "$root" "$before"

# --- networkmanager: dns=none, then resolv.conf ------------------------------------------------
root=$(new_root nm)
mkdir -p "$root/etc/NetworkManager/conf.d" "$root/run/NetworkManager"
printf '[main]\nplugins=ifupdown,keyfile\n' >"$root/etc/NetworkManager/NetworkManager.conf"
printf '# Generated by NetworkManager\nnameserver 203.0.113.9\n' >"$root/run/NetworkManager/no-stub-resolv.conf"
printf '# Generated by NetworkManager\nsearch lab.test\nnameserver 203.0.113.9\n' >"$root/etc/resolv.conf"
before=$(snapshot "$root")
shoal_check "auto with NetworkManager succeeds" run_script "$root" auto
shoal_check "auto chose networkmanager" grep -q 'mode networkmanager' "$SHOAL_TMP/script.log"
shoal_check "NetworkManager is told to leave resolv.conf" \
    grep -qx 'dns=none' "$root/etc/NetworkManager/conf.d/shoal.conf"
expect_equal "resolv.conf names shoald" "127.0.0.1 ::1 " "$(nameservers "$root/etc/resolv.conf")"
expect_equal "NetworkManager's server became the upstream" "upstream = 203.0.113.9" \
    "$(upstream_line "$root")"
expect_round_trip "$root" "$before"

# --- explicit upstreams, a mode given by name ---------------------------------------------------
root=$(new_root explicit)
printf 'nameserver 127.0.0.1\n' >"$root/etc/resolv.conf"
before=$(snapshot "$root")
shoal_check "--upstream on another port of loopback is accepted" \
    run_script "$root" --upstream 127.0.0.1:5300 --upstream '[2001:db8::53]:53' resolv-conf
expect_equal "the given upstreams are written" "upstream = 127.0.0.1:5300, [2001:db8::53]:53" \
    "$(upstream_line "$root")"
expect_round_trip "$root" "$before"

# --- refusals: nothing may change -----------------------------------------------------------------
# expect_refused DESCRIPTION MESSAGE ROOT ARGS...
expect_refused() {
    local description=$1 message=$2 root=$3 before
    shift 3
    before=$(snapshot "$root")
    if run_script "$root" "$@"; then
        shoal_fail "$description is refused" "$(cat "$SHOAL_TMP/script.log")"
        return
    fi
    shoal_check "$description is refused: $message" grep -q -- "$message" "$SHOAL_TMP/script.log"
    expect_equal "$description changes nothing" "$before" "$(snapshot "$root")"
}

root=$(new_root loop)
printf 'nameserver 127.0.0.1\nnameserver ::1\nnameserver 127.0.0.53\n' >"$root/etc/resolv.conf"
expect_refused "a host whose only servers are local" "other than this host" "$root" auto
expect_refused "--upstream 127.0.0.1" "forward to itself" "$root" --upstream 127.0.0.1 resolv-conf
expect_refused "--upstream [::1]:53" "forward to itself" "$root" --upstream '[::1]:53' resolv-conf
expect_refused "--undo with nothing done" "nothing to undo" "$root" --undo
sed -i 's/^listen = .*/listen = 127.0.0.1:5300/' "$root/etc/shoal/shoald.conf"
expect_refused "a shoald not on port 53" "does not listen on 127.0.0.1:53" "$root" \
    --upstream 192.0.2.1 resolv-conf
root=$(new_root empty)
rm "$root/etc/shoal/shoald.conf"
printf 'nameserver 192.0.2.1\n' >"$root/etc/resolv.conf"
expect_refused "a host without shoal installed" "install the shoal package" "$root" auto

shoal_test_end
