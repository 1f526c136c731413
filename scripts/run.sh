#!/usr/bin/env bash
# Builds Shoal (release) and runs shoald in the foreground on an unprivileged loopback port,
# forwarding to this machine's own resolvers from /etc/resolv.conf.
#   scripts/run.sh [extra shoald options]      e.g. --group lab=lab.key
# SHOAL_PORT (default 5300) and SHOAL_STATE_DIR (default ~/.local/state/shoal) change where it
# listens and keeps its cache.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

port=${SHOAL_PORT:-5300}
state_dir=${SHOAL_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/shoal}
mkdir -p "$state_dir"
control=$state_dir/control
bin=build/release/service

cat <<INFO
shoald is starting on 127.0.0.1:$port and [::1]:$port (state in $state_dir).
Ask it from another terminal:
    dig @127.0.0.1 -p $port debian.org
    build/release/ctl/shoalctl --socket $control status
Stop it with Ctrl-C.
INFO

tray_pid=
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x build/release/app/shoal-tray ]]; then
    build/release/app/shoal-tray --socket "$control" &
    tray_pid=$!
    trap '[[ -n $tray_pid ]] && kill "$tray_pid" 2>/dev/null' EXIT
fi

"$bin/shoald" --listen "127.0.0.1:$port" --listen "[::1]:$port" --state-dir "$state_dir" \
    --control "$control" "$@"
