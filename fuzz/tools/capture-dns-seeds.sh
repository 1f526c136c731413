#!/usr/bin/env bash
# Regenerates the DNS seeds of the fuzz corpora from real traffic: NSD serves the test zone on
# loopback, a small relay between dig/kdig and NSD writes every query and reply it passes on to
# a file, and the files land in fuzz/corpus/{fuzz_query,fuzz_message,fuzz_answer,
# fuzz_peer_message}/ named capture-<n>-query / capture-<n>-reply (a peer's unicast port gets
# plain DNS from dig too; query 011 is signed with the peer fuzzer's key). Loopback only; everything started is stopped by PID.
#   fuzz/tools/capture-dns-seeds.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/lib/common.sh"
source "$root/tests/lib/nsd.sh"

shoal_test_begin capture-dns-seeds
shoal_require_tool nsd dig kdig /usr/bin/python3

nsd_port=$(shoal_free_port 127.0.0.1)
nsd_start seeds 127.0.0.1 "$nsd_port"

relay_port=$(shoal_free_port 127.0.0.1)
capture="$SHOAL_TMP/capture"
mkdir -p "$capture"
cat >"$SHOAL_TMP/relay.py" <<'PY'
import socket, sys
listen_port, upstream_port, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.bind(("127.0.0.1", listen_port))
upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
upstream.settimeout(2)
count = 0
while True:
    query, source = client.recvfrom(65535)
    count += 1
    open(f"{folder}/{count:03d}-query", "wb").write(query)
    upstream.sendto(query, ("127.0.0.1", upstream_port))
    try:
        reply = upstream.recv(65535)
    except socket.timeout:
        continue
    open(f"{folder}/{count:03d}-reply", "wb").write(reply)
    client.sendto(reply, source)
PY
shoal_spawn relay_pid "$SHOAL_TMP/relay.log" /usr/bin/python3 "$SHOAL_TMP/relay.py" "$relay_port" \
    "$nsd_port" "$capture"

ask() {
    dig @127.0.0.1 -p "$relay_port" +tries=1 +time=2 "$@" >/dev/null 2>&1
}
kask() {
    kdig @127.0.0.1 -p "$relay_port" +notcp +retry=0 +timeout=2 "$@" >/dev/null 2>&1
}

shoal_wait_until 10 ask lab.test SOA || shoal_abort "relay does not answer"
ask www.lab.test A
ask WWW.Lab.Test AAAA +dnssec
ask alias.lab.test A +noedns
ask lab.test MX +bufsize=4096
ask txt.lab.test TXT +nocookie
ask big.lab.test TXT +noedns
ask big.lab.test TXT +bufsize=1232
ask missing.lab.test A
ask lab.test NS +nsid
ask lab.test ANY +notcp
ask www.lab.test A -y hmac-sha256:lab:c2hvYWwtZnV6ei1zZWVkLWtleS0zMi1ieXRlcy0wMDA=
ask mail.lab.test A +subnet=192.0.2.0/24
ask nowhere.test A
ask -x 192.0.2.10
kask www.lab.test A +padding=64
kask alias2.lab.test CNAME +nsid
kask short.lab.test A +edns=0 +dnssec

rm -f "$root"/fuzz/corpus/{fuzz_query,fuzz_message,fuzz_answer,fuzz_peer_message}/capture-*
for file in "$capture"/*; do
    name=capture-$(basename "$file")
    case $file in
        *-query) cp "$file" "$root/fuzz/corpus/fuzz_query/$name" ;;
        *-reply) cp "$file" "$root/fuzz/corpus/fuzz_answer/$name" ;;
    esac
    cp "$file" "$root/fuzz/corpus/fuzz_message/$name"
    cp "$file" "$root/fuzz/corpus/fuzz_peer_message/$name"
done
shoal_log "captured $(ls "$capture" | wc -l) messages"
shoal_test_end
