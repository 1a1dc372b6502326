#!/usr/bin/env bash
# Compare `keepalived -t` and `vrrpd -t` exit codes on every keepalived sample config, inside a
# private network namespace whose interfaces we control (keepalived's verdict depends on which
# interfaces exist). Usage: compare-config-test.sh VRRPD_BINARY [SAMPLES_DIR] [IFACES...]
#   IFACES default to "eth0 eth1"; pass "none" for a namespace with only lo.
#   With RECORD=1, print "<sample> <keepalived rc>" lines (the format of
#   tests/conf/data/sample_verdicts.txt) instead of comparing.
set -u
vrrpd=${1:?usage: $0 VRRPD_BINARY [SAMPLES_DIR] [IFACES...]}
samples=${2:-/usr/share/doc/keepalived/samples}
shift $(( $# >= 2 ? 2 : 1 ))
ifaces=("$@")
[ ${#ifaces[@]} -eq 0 ] && ifaces=(eth0 eth1)
[ "${ifaces[0]}" = none ] && ifaces=()

command -v keepalived >/dev/null || { echo "keepalived not installed" >&2; exit 2; }
[ "${RECORD:-0}" = 1 ] || [ -x "$vrrpd" ] || { echo "no vrrpd binary at $vrrpd" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (ip netns)" >&2; exit 2; }

ns="vrrpcfg-$$-$RANDOM"
cleanup() { ip netns del "$ns" 2>/dev/null; }
trap cleanup EXIT INT TERM
ip netns add "$ns" || exit 2
ip -n "$ns" link set lo up
for i in "${ifaces[@]}"; do
  # veth pairs: the dummy module may be unavailable in containers.
  ip -n "$ns" link add "$i" type veth peer name "${i}p" || exit 2
  ip -n "$ns" link set "$i" up
done

fail=0 total=0
for f in "$samples"/keepalived.conf.*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  timeout 30 ip netns exec "$ns" keepalived -t -f "$f" >/dev/null 2>&1
  ka=$?
  if [ "${RECORD:-0}" = 1 ]; then
    echo "$name $ka"
    continue
  fi
  out=$(timeout 30 ip netns exec "$ns" "$vrrpd" -t -f "$f" 2>&1)
  vr=$?
  total=$((total + 1))
  if [ "$ka" = "$vr" ]; then
    echo "ok   $name keepalived=$ka vrrpd=$vr"
  else
    fail=$((fail + 1))
    echo "DIFF $name keepalived=$ka vrrpd=$vr"
    printf '%s\n' "$out" | sed 's/^/     /' | head -20
  fi
done
[ "${RECORD:-0}" = 1 ] && exit 0
echo "$((total - fail))/$total samples agree (interfaces: ${ifaces[*]:-none})"
[ "$fail" = 0 ]
