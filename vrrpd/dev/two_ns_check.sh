#!/bin/bash
# Manual end-to-end check of the vrrpd binary on a two-router LAN made of network namespaces:
# a bridge namespace and two router namespaces joined by veth pairs. Documentation addresses
# only; everything is created under a per-run prefix and removed by the trap.
# Usage: two_ns_check.sh [path/to/vrrpd] [peer]   (peer: vrrpd (default) or keepalived for router B)
set -u
BIN=${1:-/work/main/build-daemon/main/vrrpd/vrrpd}
PEER=${2:-vrrpd}
P=vdc$$
DIR=$(mktemp -d /tmp/$P.XXXX)
BR=${P}br; A=${P}a; B=${P}b
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
  for n in $A $B $BR; do ip netns del $n 2>/dev/null; done
  rm -rf "$DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- A log"; cat $DIR/a.log; echo "--- B log"; cat $DIR/b.log; exit 1; }
wait_for() {  # wait_for SECONDS CMD... : poll every 50 ms
  local end=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  while (( $(date +%s%N) < end )); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
  return 1
}
has_vip() { ip -n $1 -4 addr show dev eth0 | grep -q "192.0.2.100/"; }

ip netns add $BR; ip netns add $A; ip netns add $B
ip -n $BR link add br0 type bridge; ip -n $BR link set br0 up
for n in a b; do
  ns=${P}$n
  ip link add ${P}$n-h type veth peer name eth0 netns $ns
  ip link set ${P}$n-h netns $BR
  ip -n $BR link set ${P}$n-h master br0 up
  ip -n $ns link set lo up; ip -n $ns link set eth0 up
done
ip -n $A addr add 192.0.2.1/24 dev eth0
ip -n $B addr add 192.0.2.2/24 dev eth0

conf() {  # conf PRIORITY
  cat <<C
global_defs { router_id $1 }
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $1
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
  }
}
C
}
conf 150 > $DIR/a.conf; conf 100 > $DIR/b.conf

start_a() { ip netns exec $A "$BIN" -n -l -D -f $DIR/a.conf -p $DIR/a.pid >> $DIR/a.log 2>&1 & APID=$!; PIDS+=($APID); }
start_a
if [ "$PEER" = keepalived ]; then
  ip netns exec $B keepalived -P -n -l -D -f $DIR/b.conf -p $DIR/b.pid -r $DIR/b-vrrp.pid > $DIR/b.log 2>&1 & BPID=$!
else
  ip netns exec $B "$BIN" -n -l -D -f $DIR/b.conf -p $DIR/b.pid > $DIR/b.log 2>&1 & BPID=$!
fi
PIDS+=($BPID)

wait_for 6 has_vip $A || fail "A (prio 150) did not become master with the VIP"
sleep 1.5
has_vip $B && fail "B holds the VIP while A is master"
grep -q "Entering MASTER STATE" $DIR/a.log || fail "no MASTER transition line in A's log"
echo "ok: A is master, VIP on A only"

t0=$(date +%s%N)
kill -TERM $APID
wait $APID; rc=$?
t1=$(date +%s%N)
[ $rc = 0 ] || fail "A exited with $rc after SIGTERM"
echo "ok: A exited $(( (t1 - t0) / 1000000 )) ms after SIGTERM"
has_vip $A && fail "A left its VIP behind"
wait_for 3 has_vip $B || fail "B did not take over after A's priority 0"
t2=$(date +%s%N)
echo "ok: B took over $(( (t2 - t0) / 1000000 )) ms after SIGTERM to A (priority 0 -> skew only)"

start_a
wait_for 6 has_vip $A || fail "restarted A did not preempt"
wait_for 3 bash -c "! ip -n $B -4 addr show dev eth0 | grep -q 192.0.2.100/" || fail "B kept the VIP after A preempted"
echo "ok: restarted A preempted B, VIP moved back"

# Link down -> FAULT, link up -> back (A's interface)
ip -n $A link set eth0 down
wait_for 3 grep -q "Entering FAULT STATE" $DIR/a.log || fail "A did not enter FAULT on link down"
wait_for 5 has_vip $B || fail "B did not take over during A's FAULT"
ip -n $A link set eth0 up
ip -n $A addr add 192.0.2.1/24 dev eth0 2>/dev/null
wait_for 8 has_vip $A || fail "A did not come back after link up"
echo "ok: link down -> FAULT, link up -> back to MASTER"

# An owned VIP deleted by another program is re-added
ip -n $A addr del 192.0.2.100/24 dev eth0
wait_for 2 has_vip $A || fail "deleted VIP was not re-added"
echo "ok: externally deleted VIP re-added"

# SIGHUP with a priority change: no flap
sed -i 's/priority 150/priority 160/' $DIR/a.conf
n_before=$(grep -c "Entering" $DIR/a.log)
kill -HUP $APID; sleep 1.5
n_after=$(grep -c "Entering" $DIR/a.log)
[ "$n_before" = "$n_after" ] || fail "reload caused a transition"
has_vip $A || fail "VIP lost on reload"
echo "ok: SIGHUP reload kept MASTER and VIP without a transition"

# A configuration that fails to load leaves the running one in place
cp $DIR/a.conf $DIR/a.good
printf 'vrrp_instance VI_1 {\n interface eth0\n priority 100\n}\n' > $DIR/a.conf
kill -HUP $APID; sleep 1
kill -0 $APID 2>/dev/null || fail "A died on a bad reload"
has_vip $A || fail "VIP lost on a bad reload"
grep -q "keeping the running configuration" $DIR/a.log || fail "bad reload not logged"
cp $DIR/a.good $DIR/a.conf
echo "ok: a broken configuration on SIGHUP is refused and logged, A stays MASTER"

# track_script: a failing check with weight -60 drops A to 100 - 60 + 50 = 90 < B's 100.
cat > $DIR/a-track.conf <<C
vrrp_script chk {
  script "/usr/bin/test -e $DIR/ok"
  interval 0.2
  weight -60
}
$(sed 's/priority 160/priority 150\n  track_script {\n    chk\n  }/' $DIR/a.conf)
C
touch $DIR/ok
cp $DIR/a-track.conf $DIR/a.conf
kill -HUP $APID; sleep 1
has_vip $A || fail "A lost the VIP when track_script was added"
rm -f $DIR/ok
wait_for 6 has_vip $B || fail "B did not take over when A's tracked script failed"
touch $DIR/ok
wait_for 6 has_vip $A || fail "A did not preempt back when its script recovered"
echo "ok: track_script weight lowers and restores A's priority (failover and back)"

# Dumps
rm -f /tmp/keepalived.json /tmp/keepalived.stats /tmp/keepalived.data
kill -USR1 $APID; kill -USR2 $APID; kill -s $(( $(kill -l RTMIN) + 2 )) $APID; sleep 0.5
for f in /tmp/keepalived.json /tmp/keepalived.stats /tmp/keepalived.data; do [ -s $f ] || fail "no $f"; done
grep -q '"iname":"VI_1"' /tmp/keepalived.json || fail "JSON dump lacks VI_1"
echo "ok: data/stats/JSON dumps written"
# Daemon mode: without -n the parent returns at once, the child writes the pid file and runs.
kill -TERM $APID; wait $APID
ip netns exec $A "$BIN" -l -f $DIR/a.conf -p $DIR/a-daemon.pid > $DIR/a-daemon.log 2>&1; rc=$?
[ $rc = 0 ] || fail "daemonising start returned $rc"
wait_for 3 test -s $DIR/a-daemon.pid || fail "no pid file from the daemonised child"
DPID=$(cat $DIR/a-daemon.pid); PIDS+=($DPID)
wait_for 6 has_vip $A || fail "daemonised A did not become master"
kill -TERM $DPID
wait_for 2 bash -c "! kill -0 $DPID" || fail "daemonised A did not stop"
wait_for 1 bash -c "! test -e $DIR/a-daemon.pid" || fail "pid file left behind"
echo "ok: daemon mode (fork, pid file, SIGTERM, pid file removed)"

# IPv6 (VRRPv3, link-local source) between A and B on the same LAN
kill -TERM $BPID; wait $BPID 2>/dev/null
v6conf() {
  cat <<C
vrrp_instance VI_6 {
  interface eth0
  virtual_router_id 61
  priority $1
  advert_int 0.5
  virtual_ipaddress {
    2001:db8::100/64
  }
}
C
}
v6conf 200 > $DIR/a6.conf; v6conf 100 > $DIR/b6.conf
ip netns exec $A "$BIN" -n -l -f $DIR/a6.conf -p $DIR/a6.pid > $DIR/a6.log 2>&1 & A6=$!; PIDS+=($A6)
ip netns exec $B "$BIN" -n -l -f $DIR/b6.conf -p $DIR/b6.pid > $DIR/b6.log 2>&1 & B6=$!; PIDS+=($B6)
has_vip6() { ip -n $1 -6 addr show dev eth0 | grep -q "2001:db8::100/"; }
wait_for 6 has_vip6 $A || { cat $DIR/a6.log $DIR/b6.log; fail "IPv6: A did not become master"; }
sleep 1; has_vip6 $B && fail "IPv6: both hold the VIP"
kill -TERM $A6; wait $A6
wait_for 3 has_vip6 $B || fail "IPv6: B did not take over"
echo "ok: IPv6 VRRPv3 election and takeover"

echo "PASS"; [ -n "${SHOW_LOGS:-}" ] && { echo "--- A log"; cat $DIR/a.log; echo "--- B log"; cat $DIR/b.log; }
