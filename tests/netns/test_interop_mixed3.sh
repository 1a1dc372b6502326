#!/usr/bin/env bash
# Interop, mixed 3-router LAN (VRRPv3/IPv4): r1 vrrpd (100), r2 keepalived (150), r3 vrrpd (200)
# on one VRID. After each step exactly one router advertises and the VIP is on one live host:
# r3 master; kill -9 r3 -> keepalived; kill -9 keepalived -> r1; restart r3 -> preempts r1;
# restart keepalived (purges its stale VIP) -> backup. No drops logged anywhere.
VRRPD_BIN_r2=${VRRPD_BIN_r2:-keepalived}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/interop_scenario.sh"
VRRPD_BIN_r1=""                  # interop_scenario.sh defaults r1 to keepalived: not here
netns_setup 3
command -v keepalived >/dev/null 2>&1 || skip "keepalived (reference peer) is not installed"
node_is_keepalived r2 || fail "r2 must run keepalived"
for n in r1 r3; do node_is_keepalived "$n" && skip "$n resolves to keepalived; set VRRPD_BIN or build vrrpd"; done
VIP=192.0.2.100
g="enable_script_security"
gen_conf r1 prio=100 advert=$ADV vips=$VIP globals="$g" >/dev/null
gen_conf r2 prio=150 advert=$ADV vips=$VIP globals="$g" >/dev/null
gen_conf r3 prio=200 advert=$ADV vips=$VIP globals="$g" >/dev/null
capture_start
for n in r1 r2 r3; do start_daemon "$n"; done
BOUND=$(awk -v a="$ADV" 'BEGIN{printf "%.0f", 10 + 8*a}')
SETTLE=$(fmax 1 "$(fmul 3 "$ADV")")

# live_holders: VIP holders among the running daemons (a kill -9 leaves a stale VIP behind).
live_holders() {
  local n out=""
  for n in "${NODES[@]}"; do daemon_alive "$n" && has_vip "$n" $VIP && out+="$n "; done
  printf '%s' "${out% }"
}
live_is() { [ "$(live_holders)" = "$1" ]; }

# expect_master NODE PRIO WHAT: NODE becomes the only live holder; after a settling time the
# capture shows adverts from NODE only, with its own priority.
expect_master() {
  local m=$1 prio=$2 what=$3 t0 t1 n src other
  t0=$(now)
  wait_for "$BOUND" live_is "$m" || fail "$what: live holders '$(live_holders)', expected $m"
  log "$what: $m sole live holder after $(fsub "$(now)" "$t0") s"
  sleep "$SETTLE"; t1=$(now); sleep "$SETTLE"; cap_sync
  src=$(ip4_of "$m")
  n=$(cap_count "kind==\"vrrp\" && src==\"$src\" && prio==$prio && csum==\"ok\" && t>=$t1")
  [ "$n" -ge 2 ] || fail "$what: only $n adverts from $m after settling"
  other=$(cap_query "kind==\"vrrp\" && src!=\"$src\" && t>=$t1" | head -n 2)
  [ -z "$other" ] || fail "$what: a second router advertises: $other"
  live_is "$m" || fail "$what: live holders '$(live_holders)' after settling"
}

expect_master r3 200 "start"
crash_daemon r3
expect_master r2 150 "kill -9 r3 (vrrpd)"
cap_has "kind==\"arp\" && src==\"$VIP\" && smac==\"$(mac_of r2)\"" || fail "no GARP from keepalived after taking over"
crash_daemon r2
expect_master r1 100 "kill -9 r2 (keepalived)"
start_daemon r3
expect_master r3 200 "restart r3 (preempt)"
has_vip r1 $VIP && fail "r1 kept the VIP after r3 preempted"
start_daemon r2
expect_master r3 200 "restart r2 (keepalived)"
[ "$(master_of $VIP)" = r3 ] || fail "VIP on '$(master_of $VIP)', expected r3 only (stale VIPs purged)"
for n in r1 r2; do state_is "$n" VI_1 BACKUP || fail "$n state '$(last_state "$n" VI_1)', expected BACKUP"; done
io_check_logs r1 r2 r3
for n in r1 r3; do io_vrrpd_counters "$n" >/dev/null; done
io_keepalived_counters r2 >/dev/null
pass "mixed vrrpd/keepalived/vrrpd: one master and one VIP holder after every kill -9 and preempt"
