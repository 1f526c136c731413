#!/usr/bin/env bash
# Installs what Shoal needs from Debian's archive, only when something is missing.
#   scripts/deps.sh build   compilers, CMake, Qt 6
#   scripts/deps.sh test    build + the real DNS servers, clients and tools the tests drive
#   scripts/deps.sh bench   test + the peers we compare against and the load generator
# Quiet when everything is there; needs root (or sudo) only when it has to install.
set -euo pipefail

build_packages=(
    g++ cmake ninja-build ccache pkgconf
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev libqt6svg6 libgl-dev libxkbcommon-dev libvulkan-dev
)
test_packages=(
    clang libclang-rt-14-dev
    dpkg-dev file systemd man-db passwd init-system-helpers python3 util-linux
    nsd dnsmasq-base bind9-dnsutils knot-dnsutils bind9 iproute2 procps libc-bin faketime jq tshark
    xvfb xauth trayer x11-utils xdotool imagemagick
)
bench_packages=(unbound dnsperf)

want=("${build_packages[@]}")
case "${1:-build}" in
    build) ;;
    test) want+=("${test_packages[@]}") ;;
    bench) want+=("${test_packages[@]}" "${bench_packages[@]}") ;;
    *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for package in "${want[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
# Debian's packages would start these servers as system services; tests start their own.
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
