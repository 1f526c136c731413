#!/usr/bin/env bash
# shoal-tray on a real (virtual) desktop: Xvfb as the X server, Debian's trayer as the system
# tray host, and two real shoald instances ("ws-anna" and "ws-ben", each with its own host
# name) in one keyed group over loopback multicast, forwarding to NSD on loopback. The tray
# talks to ws-anna's control socket.
#
# Checked the way a person would see it: shoal-tray started before the tray host opens its
# window and embeds its icon once trayer appears; the icon is a child of trayer's panel and
# is drawn; a right click opens its menu, a left click the window; Alt+P and Alt+C switch tabs;
# the window lists ws-ben as a peer and the names ws-anna resolved in its cache; when NSD
# stops, the window and the tooltip say there is an outage; a restarted trayer gets the icon
# again; when shoald stops, the window says it is not reachable, and when it is back, the tray
# finds it again by itself; Quit in the menu ends the program. What the window shows is read
# from shoal-tray's hidden --self-test-dump file (the texts of its widgets).
#
# Screenshots (PNG) are kept in $SHOAL_BINARY_DIR/tray-screenshots/ for a look after the run;
# docs/images/shoal-tray.png in the repository is one of them.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/dns.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/nsd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/shoald.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/lab.sh"

shoal_test_begin tray_xvfb
shoal_require_tool Xvfb trayer xdotool xwininfo import nsd nsd-control dig unshare tsig-keygen
shoal_require_root # unshare --uts, for the two host names
TRAY_BINARY=${SHOAL_TRAY:-${SHOAL_BINARY_DIR:-}/app/shoal-tray}
[[ -x $TRAY_BINARY ]] || shoal_abort "no shoal-tray at '$TRAY_BINARY' (build target shoal-tray)"
SHOTS=${SHOAL_BINARY_DIR:-$SHOAL_TMP}/tray-screenshots
mkdir -p "$SHOTS"
DUMP=$SHOAL_TMP/tray-dump.txt

# --- the DNS side: NSD and two shoald in group "office" -----------------------------------------

upstream_address=127.10.5.2
upstream_port=$(shoal_free_port "$upstream_address")
peer_port=$(shoal_free_port 0.0.0.0)
nsd_start lab "$upstream_address" "$upstream_port"

lab_write_key "$SHOAL_TMP/office.key" office
cat >"$SHOAL_TMP/shoald.conf" <<CONF
peer-interface = lo
peer-port = $peer_port
upstream-timeout = 1s
recheck-interval = 2s

[group office]
key-file = $SHOAL_TMP/office.key
CONF

shoald_find_binary
lab_shoald_wrapper "$SHOAL_TMP/shoald-with-hostname"
SHOALD=$SHOAL_TMP/shoald-with-hostname
declare -A dns_port=()
for host in ws-anna ws-ben; do
    dns_port[$host]=$(shoal_free_port 127.0.0.1)
    LAB_HOST=$host shoald_start "$host" "" --config "$SHOAL_TMP/shoald.conf" \
        --listen "127.0.0.1:${dns_port[$host]}" --upstream "$upstream_address:$upstream_port" \
        --state-dir "$SHOAL_TMP/state-$host"
done

# Names for the Cache tab: ws-anna resolves them itself, ws-ben some others.
dns_target 127.0.0.1 "${dns_port[ws-anna]}"
for name in www mail alias; do
    expect_rcode "$name.$LAB_ZONE" A NOERROR
done
expect_rcode "$LAB_ZONE" MX NOERROR
expect_rcode "txt.$LAB_ZONE" TXT NOERROR
dns_target 127.0.0.1 "${dns_port[ws-ben]}"
expect_rcode "journal1.$LAB_ZONE" A NOERROR

# A client of ws-anna's for the Overview's chart: a cached name and a new one, again and again.
client_loop() {
    local i=0
    while :; do
        dig @127.0.0.1 -p "${dns_port[ws-anna]}" +tries=1 +time=1 "www.$LAB_ZONE" A
        dig @127.0.0.1 -p "${dns_port[ws-anna]}" +tries=1 +time=1 "n$((i++)).$LAB_ZONE" A
        sleep 0.2
    done >/dev/null 2>&1
}
shoal_spawn client_pid "$SHOAL_TMP/client.log" client_loop

anna_sees_ben() {
    shoald_ctl ws-anna --json peers 2>/dev/null | grep -q '"host": "ws-ben"'
}
shoal_check "ws-anna hears ws-ben in group office (within 15 s)" shoal_wait_until 15 anna_sees_ben

# --- the desktop: Xvfb, then shoal-tray, then (late) the tray host ------------------------------

exec {display_fd}<> <(:)
shoal_spawn xvfb_pid "$SHOAL_TMP/xvfb.log" \
    Xvfb -displayfd "$display_fd" -screen 0 1120x660x24 -nolisten tcp -nolisten unix -auth /dev/null
display=
read -r -t 10 display <&"$display_fd" || shoal_abort "Xvfb did not report its display"
exec {display_fd}<&-
export DISPLAY=:$display
shoal_log "Xvfb (pid $xvfb_pid) on $DISPLAY"

# No session bus: Qt then embeds its icon with the XEmbed tray protocol that trayer speaks.
# In the sanitizer build leaks are not judged here: libdbus, which Qt loads to look for a
# session bus, leaves one buffer behind at exit (1032 bytes, seen with build/asan). The tray's
# own code is judged by test_tray_parts and test_tray_daemon.
shoal_spawn tray_pid "$SHOAL_TMP/shoal-tray.log" \
    env -u DBUS_SESSION_BUS_ADDRESS -u SESSION_MANAGER QT_QPA_PLATFORM=xcb LANG=C.UTF-8 \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    LC_ALL=C.UTF-8 LANGUAGE= XDG_CONFIG_HOME="$SHOAL_TMP/config" XDG_RUNTIME_DIR="$SHOAL_TMP" \
    "$TRAY_BINARY" --socket "$SHOAL_TMP/shoald-ws-anna.control" --self-test-dump "$DUMP"

dump_has() {
    grep -qF -- "$1" "$DUMP" 2>/dev/null
}
# expect_dump DESCRIPTION TEXT: within 15 s the window shows TEXT (a line of the dump).
expect_dump() {
    if shoal_wait_until 15 dump_has "$2"; then
        shoal_pass "$1"
    else
        shoal_fail "$1" "no '$2' in the window; it shows: $(cat "$DUMP" 2>/dev/null)"
    fi
}
tray_alive() {
    shoal_pid_alive "$tray_pid" || shoal_abort "shoal-tray died; its log follows"
}

expect_dump "without a tray the window opens at start" "window: Shoal visible=1"
expect_dump "and no icon is shown" "tray-icon: shown=0"
expect_dump "the window connects to shoald (no banner)" "banner: visible=0"

shoal_spawn trayer_pid "$SHOAL_TMP/trayer.log" \
    trayer --edge top --align right --widthtype request --height 24 --SetDockType true \
    --transparent false --tint 0xd8d8d8 --distance 0
expect_dump "the icon is shown once trayer starts" "tray-icon: shown=1"
tray_alive

# The icon's window: a child of trayer's panel, of class shoal-tray, mapped.
icon_window() {
    local panel
    panel=$(xwininfo -root -tree | awk '/\("panel" "trayer"\)/ { print $1; exit }')
    [[ -n $panel ]] || return 1
    xwininfo -tree -id "$panel" | awk '/\("shoal-tray" "shoal-tray"\)/ { print $1; exit }'
}
icon_embedded() {
    local id
    id=$(icon_window) && [[ -n $id ]] && xwininfo -id "$id" | grep -q 'Map State: IsViewable'
}
shoal_check "trayer's panel holds shoal-tray's icon, mapped (within 15 s)" \
    shoal_wait_until 15 icon_embedded
# Sets icon_x, icon_y, icon_w, icon_h: where the icon is on the screen.
locate_icon() {
    local id
    id=$(icon_window)
    read -r icon_x icon_y icon_w icon_h < <(xwininfo -id "$id" | awk '
        /Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
        /Width:/ { w = $NF } /Height:/ { h = $NF } END { print x, y, w, h }')
    shoal_log "icon window $id at ${icon_x},${icon_y} size ${icon_w}x${icon_h}"
}
locate_icon
expect_equal "the icon is 22 px square in a 24 px panel" "22x22" "${icon_w}x${icon_h}"

# colours_in X Y W H FILE: how many distinct colours the region of the screenshot holds.
colours_in() {
    convert "$5" -crop "$3x$4+$1+$2" +repage -format '%k' info:
}
import -window root "$SHOTS/icon-healthy.png"
healthy_colours=$(colours_in "$icon_x" "$icon_y" "$icon_w" "$icon_h" "$SHOTS/icon-healthy.png")
shoal_check "the icon is drawn ($healthy_colours colours, not the panel's plain background)" \
    test "$healthy_colours" -ge 8
expect_dump "its tooltip says healthy and counts the peer" "tray-tooltip: Shoal: Healthy since"
expect_dump "its tooltip counts the peer" "1 peer"

# The window closes to the tray now that there is one; the icon brings it back.
xdotool search --sync --onlyvisible --name '^Shoal$' >/dev/null
xdotool key --clearmodifiers ctrl+w
expect_dump "Ctrl+W hides the window (the icon stays)" "window: Shoal visible=0"
xdotool mousemove $((icon_x + icon_w / 2)) $((icon_y + icon_h / 2)) click 1
expect_dump "a left click on the icon opens the window" "window: Shoal visible=1"

# What the window shows: ws-ben among the peers, ws-anna's names in the cache.
expect_dump "Peers: ws-ben in group office" "| ws-ben | 127.0.0.1:$peer_port | office | reaches its DNS server |"
expect_dump "Groups: office, keyed" "| office | 1 | keyed |"
expect_dump "Cache: www.lab.test. from the DNS server" "| www.lab.test. | A | 192.0.2.10 |"
expect_dump "Cache: the MX record" "| lab.test. | MX | 10 mail.lab.test. |"
expect_dump "Overview: the upstream answers" "overview.upstreams: $upstream_address:$upstream_port answers"

xdotool key --clearmodifiers alt+p
expect_dump "Alt+P shows the Peers tab" "current-tab: &Peers"
sleep 0.5 # let the tab paint before the picture; nothing is judged by time
import -window root "$SHOTS/peers.png"
xdotool key --clearmodifiers alt+c
expect_dump "Alt+C shows the Cache tab" "current-tab: &Cache"
sleep 0.5
import -window root "$SHOTS/cache.png"
xdotool key --clearmodifiers alt+o
expect_dump "Alt+O shows the Overview tab" "current-tab: &Overview"

# The context menu: a new mapped override-redirect window of shoal-tray's over the desktop.
visible_windows() {
    xdotool search --onlyvisible --class shoal-tray 2>/dev/null | sort
}
before=$(visible_windows)
xdotool mousemove $((icon_x + icon_w / 2)) $((icon_y + icon_h / 2)) click 3
expect_dump "a right click on the icon opens its menu" "tray-menu: visible=1"
menu_opened() {
    [[ -n $(comm -13 <(echo "$before") <(visible_windows)) ]]
}
shoal_check "the menu is a window on the X screen" shoal_wait_until 5 menu_opened
sleep 0.5
import -window root "$SHOTS/menu.png"
menu_closed_by_escape() {
    dump_has "tray-menu: visible=0" && return 0
    xdotool key Escape
    return 1
}
shoal_check "Escape closes the menu" shoal_wait_until 15 menu_closed_by_escape

# An outage: NSD stops; ws-anna notices on the next name it cannot resolve.
nsd_stop lab
dns_target 127.0.0.1 "${dns_port[ws-anna]}"
in_outage() {
    dns_ask "new-$RANDOM.$LAB_ZONE" A >/dev/null
    dump_has "banner: visible=1 text=DNS outage since"
}
shoal_check "the window says DNS outage (within 20 s)" shoal_wait_until 20 in_outage
expect_dump "the tooltip says so too" "answering from the cache and from peers"
expect_dump "Overview: the state line says DNS outage" "overview.state: DNS outage since"
sleep 0.5
import -window root "$SHOTS/outage.png"
outage_colours_differ() {
    ! cmp -s <(convert "$SHOTS/icon-healthy.png" -crop "${icon_w}x${icon_h}+$icon_x+$icon_y" \
        +repage rgb:-) <(convert "$SHOTS/outage.png" -crop "${icon_w}x${icon_h}+$icon_x+$icon_y" \
        +repage rgb:-)
}
shoal_check "the icon looks different in the outage" outage_colours_differ

# The tray host goes and comes back (a desktop's panel restarts): the icon is embedded again.
shoal_stop "$trayer_pid"
icon_gone() {
    ! xwininfo -root -tree | grep -q '("panel" "trayer")'
}
shoal_check "trayer is gone" shoal_wait_until 10 icon_gone
tray_alive
shoal_spawn trayer_pid "$SHOAL_TMP/trayer-2.log" \
    trayer --edge top --align right --widthtype request --height 24 --SetDockType true \
    --transparent false --tint 0xd8d8d8 --distance 0
shoal_check "a new trayer holds the icon again (within 15 s)" shoal_wait_until 15 icon_embedded
locate_icon

# shoald stops: the window says so and the tray keeps running.
shoald_stop ws-anna
expect_dump "the window says shoald is not reachable" "banner: visible=1 text=shoald is not reachable"
tray_alive
import -window root "$SHOTS/unreachable.png"
shoal_log "screenshots in $SHOTS"

# shoald comes back (a new process, the same socket): the tray finds it by itself and reloads.
LAB_HOST=ws-anna shoald_start ws-anna "" --config "$SHOAL_TMP/shoald.conf" \
    --listen "127.0.0.1:${dns_port[ws-anna]}" --upstream "$upstream_address:$upstream_port" \
    --state-dir "$SHOAL_TMP/state-ws-anna"
expect_dump "the tray reconnects to the restarted shoald" "banner: visible=0"
expect_dump "its tooltip says healthy again" "tray-tooltip: Shoal: Healthy since"
expect_dump "Peers: ws-ben again, heard by the new process" "| ws-ben | 127.0.0.1:$peer_port | office |"

# Quit from the menu: the program ends by itself, with status 0. A key goes to the menu only
# once it holds the keyboard, which may come a moment after it is mapped: so open, press Q and
# look again until the program is gone (Escape above is pressed the same way).
quit_from_menu() {
    shoal_pid_alive "$tray_pid" || return 0
    if dump_has "tray-menu: visible=1"; then
        xdotool key q
    else
        xdotool mousemove $((icon_x + icon_w / 2)) $((icon_y + icon_h / 2)) click 3
    fi
    return 1
}
if shoal_wait_until 15 quit_from_menu; then
    wait "$tray_pid"
    expect_equal "Quit in the menu ends shoal-tray with status 0" 0 "$?"
else
    shoal_fail "Quit in the menu ends shoal-tray" "it still runs 15 s later"
fi

shoal_test_end
