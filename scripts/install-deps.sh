#!/usr/bin/env bash
# Installs vrrpd's build, test and demo dependencies from Debian 12 packages.
# Idempotent: quiet and fast when everything is already present.
# Usage: scripts/install-deps.sh [--with-peers]   (--with-peers adds keepalived/tcpdump for interop and samples)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev libboost-program-options-dev
  libnl-3-dev libnl-route-3-dev libpcap-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-19 libclang-rt-19-dev
  iproute2 procps psmisc python3 tcpdump nftables curl man-db
  keepalived
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "install-deps: need root to install: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# keepalived is a reference peer and -t oracle only: never let the package start it on the host.
if systemctl list-unit-files keepalived.service >/dev/null 2>&1; then
  systemctl disable --now keepalived.service >/dev/null 2>&1 || true
fi
