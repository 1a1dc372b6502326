#!/usr/bin/env bash
# examples/*.conf: every shipped example passes the daemon's config test (-t), and each
# two-node example really works: node 1 as written plus node 2 derived as its comments say
# elect node 1 (priority 150) as the holder of the example's virtual address, and node 2
# takes over when node 1 stops. The four pairs run at once on one LAN (distinct VRIDs).
source "$(dirname "$0")/lib.sh"
EXAMPLES="$NETNS_REPO_DIR/examples"
netns_setup 8

checked=0
for f in "$EXAMPLES"/*.conf; do
  bin=$(daemon_bin r1)
  out=$(nsx r1 "$bin" -t -f "$f" 2>&1); rc=$?
  [ "$rc" = 0 ] || fail "config test of $(basename "$f") exited $rc: $(tail -n 5 <<<"$out")"
  checked=$((checked + 1))
done
[ "$checked" -ge 4 ] || fail "expected at least 4 example configs, found $checked"
log "$checked example configs pass -t"

# node2_conf FILE: node 2's version, following the comments in the file.
node2_conf() {
  sed -e 's/router_id node1/router_id node2/' -e 's/^\( *priority\) 150.*/\1 100/' \
      -e 's/unicast_src_ip 192\.0\.2\.11.*/unicast_src_ip 192.0.2.12/' \
      -e '/unicast_peer/,/}/ s/^\( *\)192\.0\.2\.12.*/\1192.0.2.11/' "$1"
}
vip_of() { awk '/virtual_ipaddress/ {f=1; next} f && NF {sub(/\/.*/, "", $1); print $1; exit}' "$1"; }

# Pairs: the unicast example names 192.0.2.11/.12, i.e. r1/r2.
declare -A PAIR=([vrrp-unicast]="r1 r2" [vrrp-v3-ipv4]="r3 r4" [vrrp-v2-auth]="r5 r6" [vrrp-ipv6]="r7 r8")
declare -A VIPOF=()
for ex in "${!PAIR[@]}"; do
  src="$EXAMPLES/$ex.conf"
  [ -f "$src" ] || fail "missing example $ex.conf"
  cp "$src" "$RUN_DIR/$ex-node1.conf"
  node2_conf "$src" >"$RUN_DIR/$ex-node2.conf"
  cmp -s "$RUN_DIR/$ex-node1.conf" "$RUN_DIR/$ex-node2.conf" && fail "node 2 derivation did not change $ex"
  VIPOF[$ex]=$(vip_of "$src")
  [ -n "${VIPOF[$ex]}" ] || fail "no VIP found in $ex.conf"
  set -- ${PAIR[$ex]}
  start_daemon "$1" "$RUN_DIR/$ex-node1.conf"
  start_daemon "$2" "$RUN_DIR/$ex-node2.conf"
done
for ex in "${!PAIR[@]}"; do
  set -- ${PAIR[$ex]}; vip=${VIPOF[$ex]}
  wait_for 15 is_sole_holder "$1" "$vip" || fail "$ex: node 1 ($1) did not become the sole holder of $vip (holders: '$(master_of "$vip")')"
done
sleep 1.5
for ex in "${!PAIR[@]}"; do
  set -- ${PAIR[$ex]}; vip=${VIPOF[$ex]}
  is_sole_holder "$1" "$vip" || fail "$ex: holder changed to '$(master_of "$vip")'"
  stop_daemon "$1"
done
for ex in "${!PAIR[@]}"; do
  set -- ${PAIR[$ex]}; vip=${VIPOF[$ex]}
  wait_for 10 is_sole_holder "$2" "$vip" || fail "$ex: node 2 ($2) did not take over $vip (holders: '$(master_of "$vip")')"
  log "$ex: node 1 was master, node 2 took over after its stop"
done
pass "examples pass -t and work as two-node setups"
