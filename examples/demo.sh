#!/usr/bin/env bash
# vrrpd demo: three routers on a private namespace LAN elect a master, survive a kill -9 of
# the master, and hand the address back when it returns (preemption). Needs root.
#
# Usage: sudo examples/demo.sh [PATH-TO-VRRPD]
#   The daemon is PATH-TO-VRRPD, else $VRRPD_BIN, else build/vrrpd/vrrpd. VRRPD_BIN=keepalived
#   runs the same demo with keepalived. ADVERT_INT (default 0.5 s) sets the VRRPv3 interval.
# Nothing outside the demo's own network namespaces is touched; everything is removed on exit.
set -u

DEMO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$DEMO_DIR/.." && pwd)
if [ $# -ge 1 ]; then
  VRRPD_BIN=$1
elif [ -z "${VRRPD_BIN:-}" ]; then
  for guess in "$REPO_DIR/build/vrrpd/vrrpd" "$REPO_DIR"/build*/vrrpd/vrrpd; do
    if [ -x "$guess" ]; then VRRPD_BIN=$guess; break; fi
  done
fi
if [ -z "${VRRPD_BIN:-}" ]; then
  echo "demo: no vrrpd binary found; build it first (cmake -B build && cmake --build build)" >&2
  echo "      or pass its path: examples/demo.sh path/to/vrrpd   (or VRRPD_BIN=keepalived)" >&2
  exit 2
fi
export VRRPD_BIN
ADVERT_INT=${ADVERT_INT:-0.5}
VIP=192.0.2.100
TEST_NAME=demo
# The namespace harness of the test suite does the plumbing (and the trap-based cleanup).
source "$REPO_DIR/tests/netns/lib.sh"
set +o pipefail

if [ -t 1 ]; then
  bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  bold() { printf '\n== %s\n' "$*"; }
fi
clock() { date -d "@$1" +%H:%M:%S.%3N; }
say() { printf '   %s\n' "$*"; }

declare -A PRIO=([r1]=100 [r2]=150 [r3]=200)

# Table: one line per router, what `ip addr` and the notify script say right now.
show_table() {
  printf '\n   %-12s  %-6s  %-14s  %-8s  %-8s  %s\n' "time" "router" "address" "priority" "state" "holds $VIP"
  local n holds state
  for n in "${NODES[@]}"; do
    holds="-"; has_vip "$n" $VIP && holds="YES ($(vip_iface "$n" $VIP))"
    state=$(last_state "$n" DEMO); [ -n "$state" ] || state="-"
    daemon_alive "$n" || state="(dead)"
    printf '   %-12s  %-6s  %-14s  %-8s  %-8s  %s\n' "$(clock "$(now)")" "$n" "$(ip4_of "$n")" "${PRIO[$n]}" "$state" "$holds"
  done
}

# Capture excerpt since an epoch time: what the wire showed.
show_capture() {
  printf '\n   on the wire (capture on the bridge):\n'
  python3 "$PCAP_TOOL" "$CAPTURE_FILE" --summary --since "$1" | head -n "${2:-14}" | sed 's/^/     /'
}

write_config() {
  local n=$1
  sed -e "s|@ROUTER@|$n|" -e "s|@PRIORITY@|${PRIO[$n]}|" -e "s|@ADVERT_INT@|$ADVERT_INT|" \
      -e "s|@VIP@|$VIP|" -e "s|@NOTIFY@|$(notify_script "$n")|" "$DEMO_DIR/demo.conf.in" >"$(conf_path "$n")"
}

bold "Setting up a LAN: bridge + 3 routers in network namespaces"
netns_setup 3
for n in r1 r2 r3; do write_config "$n"; done
say "daemon: $VRRPD_BIN"
say "routers r1, r2, r3 with priorities 100, 150, 200; virtual address $VIP (VRID 42)"
say "VRRPv3, advert_int ${ADVERT_INT}s; config template: examples/demo.conf.in"
capture_start >/dev/null

bold "1. Election: starting all three daemons"
t_start=$(now)
for n in r1 r2 r3; do start_daemon "$n" >/dev/null; done
say "$(clock "$t_start") started r1, r2, r3"
wait_for 20 is_sole_holder r3 $VIP || fail "r3 did not become master"
sleep "$ADVERT_INT"
say "$(clock "$(now)") r3 (highest priority) is master, after $(fsub "$(now)" "$t_start") s"
show_table
show_capture "$t_start" 8
if cap_has "kind==\"vrrp\" && src!=\"$(ip4_of r3)\""; then
  say ""
  say "(a lower-priority router may win the first round while the others are still starting;"
  say " r3 then preempts it as soon as its own timer runs out)"
fi

bold "2. Failure: kill -9 of the master (r3)"
sleep 1
t_kill=$(now)
crash_daemon r3 >/dev/null
say "$(clock "$t_kill") kill -9 r3's daemon"
wait_for 20 has_vip r2 $VIP || fail "r2 did not take over"
t_seen=$(now)
say "$(clock "$t_seen") r2 holds $VIP ($(fsub "$t_seen" "$t_kill") s after the kill, seen by polling ip addr)"
sleep "$ADVERT_INT"
cap_sync
t_last=$(cap_query "kind==\"vrrp\" && src==\"$(ip4_of r3)\"" | tail -n 1 | cut -f1)
t_new=$(cap_first_time "kind==\"vrrp\" && src==\"$(ip4_of r2)\" && t>$t_last")
show_table
say "(r3 still has the address configured: a killed daemon cannot clean up. r2's gratuitous"
say " ARPs re-pointed the LAN to r2; r3's daemon removes the stale copy when it restarts.)"
show_capture "$(awk -v t="$t_last" 'BEGIN{printf "%.6f", t-1}')" 10
if [ -n "$t_new" ]; then
  say ""
  say "takeover on the wire: last advert from r3 at $(clock "$t_last"), first from r2 at $(clock "$t_new")"
  say "  = $(fsub "$t_new" "$t_last") s (Master_Down_Interval = 3 x ${ADVERT_INT}s + skew)"
fi

bold "3. Recovery: restarting r3 (it preempts: higher priority takes the address back)"
sleep 1
t_restart=$(now)
start_daemon r3 >/dev/null
say "$(clock "$t_restart") restarted r3's daemon (it first removes the stale address)"
wait_for 20 is_sole_holder r3 $VIP || fail "r3 did not preempt"
t_pre=$(now)
say "$(clock "$t_pre") r3 is master again, only r3 holds $VIP ($(fsub "$t_pre" "$t_restart") s after restart)"
sleep "$ADVERT_INT"
show_table
show_capture "$t_restart" 10

bold "Done: cleaning up namespaces and daemons"
# netns_cleanup (EXIT trap) stops the daemons it started and deletes the namespaces.
exit 0
