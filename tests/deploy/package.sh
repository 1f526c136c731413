#!/usr/bin/env bash
# The Debian packages, built by cpack from the build tree under test, installed with
# `dpkg --root` into a throwaway root (maintainer scripts run there through DPKG_ROOT), and
# checked: dependencies, files, conffiles, the user and groups, the state folder, the enabled
# unit, `systemd-analyze verify` and `security` on the unit, a second install, the installed
# shoald answering from a loopback NSD and telling a fake systemd it is ready, the same shoald
# binding port 53 as an unprivileged user with only CAP_NET_BIND_SERVICE, and the purge.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
source "$lib/common.sh"
source "$lib/dns.sh"
source "$lib/nsd.sh"
source "$lib/shoald.sh"

shoal_test_begin package
[[ $(id -u) -eq 0 ]] || shoal_skip "dpkg --root and the ownership checks need root"
shoal_require_tool dpkg dpkg-deb dpkg-shlibdeps systemd-analyze useradd setpriv nsd nsd-control \
    dig ss /usr/bin/python3
cpack=${SHOAL_CPACK:-cpack}
[[ -f $SHOAL_BINARY_DIR/CPackConfig.cmake ]] || shoal_abort "no CPackConfig.cmake in $SHOAL_BINARY_DIR"

# --- Build ----------------------------------------------------------------------------------------
shoal_log "cpack from $SHOAL_BINARY_DIR"
"$cpack" --config "$SHOAL_BINARY_DIR/CPackConfig.cmake" -G DEB -B "$SHOAL_TMP/pkg" \
    >"$SHOAL_TMP/cpack.log" 2>&1 || shoal_abort "cpack failed"
shoal_deb=$(ls "$SHOAL_TMP"/pkg/shoal_*.deb 2>/dev/null)
tray_deb=$(ls "$SHOAL_TMP"/pkg/shoal-tray_*.deb 2>/dev/null)
[[ -f $shoal_deb ]] || shoal_abort "cpack made no shoal package"
with_tray=0
grep -q '^SHOAL_BUILD_TRAY:BOOL=ON' "$SHOAL_BINARY_DIR/CMakeCache.txt" && with_tray=1
if ((with_tray)); then
    shoal_check "a shoal-tray package is built" test -f "$tray_deb"
fi

# expect_depends DEB PACKAGE...: each PACKAGE is in DEB's Depends.
expect_depends() {
    local deb=$1 depends package
    shift
    depends=$(dpkg-deb -f "$deb" Depends)
    for package in "$@"; do
        if grep -Eq "(^|, )$package( |,|$)" <<<"$depends"; then
            shoal_pass "$(basename "$deb") depends on $package"
        else
            shoal_fail "$(basename "$deb") depends on $package" "Depends: $depends"
        fi
    done
}
expect_depends "$shoal_deb" libqt6core6 libqt6network6 libc6 passwd
((with_tray)) && expect_depends "$tray_deb" libqt6core6 libqt6widgets6 libqt6gui6 libqt6svg6
shoal_check "shoald does not depend on Qt Widgets" \
    bash -c "! dpkg-deb -f '$shoal_deb' Depends | grep -q widgets"

# --- Install into a throwaway root ---------------------------------------------------------------
root="$SHOAL_TMP/root"
mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
printf 'root:*::\n' >"$root/etc/gshadow"
cp /etc/login.defs "$root/etc/"
debs=("$shoal_deb")
((with_tray)) && debs+=("$tray_deb")

# dpkg_root ARGS...: dpkg on the throwaway root. Its libraries are the host's (not installed in
# the root), so dependencies are not checked; the maintainer scripts run outside a chroot with
# DPKG_ROOT set, which they honour.
dpkg_root() {
    dpkg --root="$root" --force-script-chrootless --force-depends "$@" >>"$SHOAL_TMP/dpkg.log" 2>&1
}
shoal_check "dpkg installs the packages into the throwaway root" dpkg_root -i "${debs[@]}"

expected_files=(
    usr/sbin/shoald usr/bin/shoalctl lib/systemd/system/shoald.service etc/shoal/shoald.conf
    usr/share/man/man8/shoald.8.gz usr/share/man/man1/shoalctl.1.gz
    usr/share/doc/shoal/examples/shoald.conf.example usr/share/doc/shoal/admin-guide.md
    usr/share/doc/shoal/configuration.md usr/share/shoal/configure-host.sh
)
((with_tray)) && expected_files+=(
    usr/bin/shoal-tray usr/share/applications/shoal-tray.desktop
    usr/share/icons/hicolor/scalable/apps/shoal-tray.svg usr/share/man/man1/shoal-tray.1.gz
    etc/xdg/autostart/shoal-tray.desktop
)
for file in "${expected_files[@]}"; do
    shoal_check "installed: /$file" test -f "$root/$file"
done
shoal_check "shoald is executable" test -x "$root/usr/sbin/shoald"
shoal_check "the installed configure-host.sh is the source's" \
    cmp -s "$root/usr/share/shoal/configure-host.sh" "$SHOAL_SOURCE_DIR/scripts/configure-host.sh"
for page in "$root"/usr/share/man/man*/*.gz; do
    warnings=$(zcat "$page" | LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l - 2>&1 >/dev/null)
    expect_equal "$(basename "$page") formats without warnings" "" "$warnings"
done
expect_equal "ExecStart names the installed shoald and the service's configuration" \
    "ExecStart=/usr/sbin/shoald --config /etc/shoal/shoald.conf" \
    "$(grep '^ExecStart=' "$root/lib/systemd/system/shoald.service")"
conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}\n' shoal | awk 'NF { print $1 }')
expect_equal "shoald.conf is a conffile" "/etc/shoal/shoald.conf" "$conffiles"
if ((with_tray)); then
    conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}\n' shoal-tray | awk 'NF { print $1 }')
    expect_equal "the autostart entry is a conffile" "/etc/xdg/autostart/shoal-tray.desktop" "$conffiles"
    shoal_check "the autostart entry runs shoal-tray" \
        grep -qx 'Exec=shoal-tray' "$root/etc/xdg/autostart/shoal-tray.desktop"
fi

# --- What the postinst did -------------------------------------------------------------------
shoal_uid=$(awk -F: '$1 == "shoal" { print $3 }' "$root/etc/passwd")
shoal_gid=$(awk -F: '$1 == "shoal" { print $3 }' "$root/etc/group")
shoal_check "user shoal exists" test -n "$shoal_uid"
shoal_check "user shoal is a system user" test "${shoal_uid:-0}" -lt 1000 -a "${shoal_uid:-0}" -gt 0
expect_equal "user shoal cannot log in, its home is the state folder" \
    "/var/lib/shoal:/usr/sbin/nologin" "$(awk -F: '$1 == "shoal" { print $6 ":" $7 }' "$root/etc/passwd")"
shoal_check "group shoal-admin exists" grep -q '^shoal-admin:' "$root/etc/group"
expect_equal "state folder owned by shoal, mode 750" "750 $shoal_uid:$shoal_gid" \
    "$(stat -c '%a %u:%g' "$root/var/lib/shoal")"
expect_equal "group key folder owned by shoal, mode 700" "700 $shoal_uid:$shoal_gid" \
    "$(stat -c '%a %u:%g' "$root/var/lib/shoal/groups")"
expect_equal "the unit is enabled" "/lib/systemd/system/shoald.service" \
    "$(readlink "$root/etc/systemd/system/multi-user.target.wants/shoald.service")"
shoal_check "the resolver is left alone" test ! -e "$root/etc/resolv.conf"

passwd_before=$(cat "$root/etc/passwd" "$root/etc/group")
shoal_check "a second install succeeds" dpkg_root -i "${debs[@]}"
expect_equal "a second install adds no user or group" "$passwd_before" \
    "$(cat "$root/etc/passwd" "$root/etc/group")"

# --- The unit ----------------------------------------------------------------------------------
# systemd-analyze needs the units the service refers to (sysinit.target, ...): a second root
# holds the host's units, the package's unit and shoald. Documentation= is looked up with man.
verify_root="$SHOAL_TMP/verify-root"
mkdir -p "$verify_root/lib/systemd" "$verify_root/usr/sbin"
cp -a /lib/systemd/system "$verify_root/lib/systemd/"
cp "$root/lib/systemd/system/shoald.service" "$verify_root/lib/systemd/system/"
cp "$root/usr/sbin/shoald" "$verify_root/usr/sbin/"
verify() {
    (cd "$SHOAL_TMP" && MANPATH="$root/usr/share/man" systemd-analyze verify --root="$verify_root" shoald.service)
}
output=$(verify 2>&1)
status=$?
expect_equal "systemd-analyze verify: exit status" 0 "$status"
expect_equal "systemd-analyze verify: no message" "" "$output"
# The same check must notice a broken unit, or it proves nothing.
cp "$verify_root/lib/systemd/system/shoald.service" "$SHOAL_TMP/shoald.service.good"
sed -i 's/^Type=notify/Type=notfy/' "$verify_root/lib/systemd/system/shoald.service"
shoal_check "systemd-analyze verify notices a broken unit" bash -c "[[ -n \$(cd '$SHOAL_TMP' && systemd-analyze verify --root='$verify_root' shoald.service 2>&1) ]]"
cp "$SHOAL_TMP/shoald.service.good" "$verify_root/lib/systemd/system/shoald.service"
exposure=$(systemd-analyze security --offline=true --root="$verify_root" shoald.service 2>&1 |
    sed -n 's/.*Overall exposure level for shoald.service: \([0-9.]*\).*/\1/p')
shoal_log "systemd-analyze security: exposure $exposure (0 is best, 10 worst)"
shoal_check "systemd-analyze security rates the unit OK or better (exposure $exposure < 2.0)" \
    awk -v e="$exposure" 'BEGIN { exit !(e != "" && e < 2.0) }'
unit="$root/lib/systemd/system/shoald.service"
for setting in Type=notify User=shoal StateDirectory=shoal RuntimeDirectory=shoal \
    AmbientCapabilities=CAP_NET_BIND_SERVICE CapabilityBoundingSet=CAP_NET_BIND_SERVICE \
    NoNewPrivileges=yes ProtectSystem=strict \
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK"; do
    shoal_check "unit sets $setting" grep -qx "$setting" "$unit"
done

# --- The installed shoald at work --------------------------------------------------------------
# A fake systemd: a datagram socket that logs what it receives, one line per notification.
notify_socket="$SHOAL_TMP/notify"
shoal_spawn notify_pid "$SHOAL_TMP/notify.log" /usr/bin/python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    print(s.recv(4096).decode().replace("\n", "|"), flush=True)
' "$notify_socket"
shoal_wait_until 10 test -S "$notify_socket" || shoal_abort "the fake systemd did not start"

upstream_address=127.10.6.2
upstream_port=$(shoal_free_port "$upstream_address")
nsd_start lab "$upstream_address" "$upstream_port"

# The host's configuration as configure-host.sh leaves it, shoald moved off port 53 for the test.
host="$SHOAL_TMP/host"
mkdir -p "$host/etc/shoal"
cp "$root/etc/shoal/shoald.conf" "$host/etc/shoal/"
printf 'nameserver 127.0.0.1\n' >"$host/etc/resolv.conf"
shoal_check "configure-host.sh from the package points the host at shoald" \
    "$root/usr/share/shoal/configure-host.sh" --root "$host" \
    --upstream "$upstream_address:$upstream_port" resolv-conf

port=$(shoal_free_port 127.0.0.1)
export NOTIFY_SOCKET=$notify_socket
SHOALD="$root/usr/sbin/shoald" shoald_start installed "" --config "$host/etc/shoal/shoald.conf" \
    --listen "127.0.0.1:$port" --state-dir "$SHOAL_TMP/state" --admin-group=
unset NOTIFY_SOCKET
dns_target 127.0.0.1 "$port"
expect_answer www.lab.test A 192.0.2.10
SHOALCTL="$root/usr/bin/shoalctl"
shoald_ctl installed status >"$SHOAL_TMP/status.log" 2>&1
expect_equal "the installed shoalctl reads the status" 0 "$?"
shoal_check "shoalctl status names the upstream from configure-host.sh" \
    grep -q "$upstream_address" "$SHOAL_TMP/status.log"
shoal_check "shoald told systemd it is ready" \
    shoal_wait_until 10 grep -q '^READY=1|STATUS=answering' "$SHOAL_TMP/notify.log"
shoald_stop installed
expect_equal "shoald exits 0 on SIGTERM" 0 "$SHOAL_LAST_STATUS"
shoal_check "shoald told systemd it is stopping" \
    shoal_wait_until 10 grep -q '^STOPPING=1' "$SHOAL_TMP/notify.log"

# As the unit runs it: an unprivileged user, no new privileges, only CAP_NET_BIND_SERVICE, on a
# port 53 of loopback no other test uses.
low_address=127.10.6.53
if [[ -n $(ss -Hlnu "( sport = :53 )" | grep -F "$low_address:53") ]]; then
    shoal_abort "$low_address:53 is taken"
fi
# nobody may pass through the test's folder, and owns a folder of its own inside it.
unprivileged="$SHOAL_TMP/unprivileged"
mkdir -p "$unprivileged/state"
cp "$host/etc/shoal/shoald.conf" "$unprivileged/"
chown -R nobody:nogroup "$unprivileged"
chmod 0711 "$SHOAL_TMP"
as_service_options=(--config "$unprivileged/shoald.conf" --listen "$low_address:53"
    --state-dir "$unprivileged/state" --control "$unprivileged/control" --admin-group=)
shoal_spawn capability_pid "$SHOAL_TMP/shoald-capability.log" \
    setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs \
    --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service \
    --bounding-set=-all,+net_bind_service "$root/usr/sbin/shoald" "${as_service_options[@]}"
shoal_wait_until 15 shoald_answers "$capability_pid" "$low_address 53" "" ||
    shoal_abort "shoald as nobody did not answer on $low_address:53"
dns_target "$low_address" 53
expect_answer www.lab.test A 192.0.2.10
expect_equal "shoald on port 53 runs as nobody" nobody "$(ps -o user= -p "$capability_pid" | tr -d ' ')"
shoal_stop "$capability_pid"
expect_equal "shoald as nobody exits 0 on SIGTERM" 0 "$SHOAL_LAST_STATUS"
# The check above means something only where the kernel keeps port 53 privileged.
unprivileged_start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)
if ((unprivileged_start > 53)); then
    without_capability=$(timeout 10 setpriv --reuid=nobody --regid=nogroup --clear-groups \
        --no-new-privs "$root/usr/sbin/shoald" "${as_service_options[@]}" 2>&1)
    expect_equal "without the capability shoald cannot start on port 53" 1 "$?"
    shoal_log "without the capability: $(tail -n 1 <<<"$without_capability")"
else
    shoal_log "net.ipv4.ip_unprivileged_port_start is $unprivileged_start: any user may bind" \
        "port 53 here, so running without the capability proves nothing and is not tried"
fi

# --- Removal ----------------------------------------------------------------------------------
((with_tray)) && shoal_check "dpkg purges shoal-tray" dpkg_root --purge shoal-tray
shoal_check "dpkg purges shoal" dpkg_root --purge shoal
shoal_check "purge removes the state folder" test ! -e "$root/var/lib/shoal"
shoal_check "purge removes the configuration" test ! -e "$root/etc/shoal/shoald.conf"
shoal_check "purge removes the unit" test ! -e "$root/lib/systemd/system/shoald.service"
shoal_check "purge disables the unit" \
    test ! -e "$root/etc/systemd/system/multi-user.target.wants/shoald.service"
shoal_check "the user stays (its files may remain elsewhere)" grep -q '^shoal:' "$root/etc/passwd"

shoal_test_end
