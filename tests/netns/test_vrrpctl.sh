#!/usr/bin/env bash
# vrrpctl and the metrics listener against two real vrrpd routers: status (table and --json)
# names the right master/backup, stats count adverts, `priority VI_1 50` on the master moves
# mastership and `reset` moves it back, `release` hands over with exactly one priority-0 advert
# and holds BACKUP until reset; /metrics (curl inside the namespace) shows state and counters.
source "$(dirname "$0")/lib.sh"
netns_setup 2
require_vrrpctl
command -v curl >/dev/null || skip "curl not installed"
command -v python3 >/dev/null || skip "python3 not installed"
VIP=192.0.2.100
PORT=9650
gen_conf r1 prio=150 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=100 advert=$ADV vips=$VIP >/dev/null
# Loopback of each router's own namespace: nothing listens outside the test's namespaces.
DAEMON_ARGS[r1]="--metrics-listen 127.0.0.1:$PORT"
DAEMON_ARGS[r2]="--metrics-listen 127.0.0.1:$PORT"
capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not become master (holders: '$(master_of $VIP)')"
wait_for 5 state_is r2 VI_1 BACKUP || fail "r2 notify did not report BACKUP"
wait_for 5 eval '[ -S "$(ctl_socket r1)" ] && [ -S "$(ctl_socket r2)" ]' || fail "control sockets missing"
r1ip=$(ip4_of r1); r2ip=$(ip4_of r2)

# jget NODE COMMAND... -- PYEXPR: runs `vrrpctl --json`, evaluates PYEXPR on the reply's result `r`.
jget() {
  local n=$1; shift
  local -a cmd=()
  while [ "$1" != "--" ]; do cmd+=("$1"); shift; done; shift
  ctl "$n" --json "${cmd[@]}" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["ok"], d; r=d["result"]; print(eval(sys.argv[1]))' "$1"
}
inst() { printf 'next(i for i in r["instances"] if i["name"]=="VI_1")%s' "$1"; }
state_of() { jget "$1" status -- "$(inst '["state"]')"; }
holds_master() { [ "$(state_of "$1")" = MASTER ] && [ "$(state_of "$2")" = BACKUP ] && is_sole_holder "$1" $VIP; }

# --- status -------------------------------------------------------------------------------
out=$(ctl r1 status) || fail "vrrpctl status failed on r1"
log "r1 status:"; printf '%s\n' "$out"
grep -Eq "^VI_1 +eth0 +51 .*MASTER +150/150 +$r1ip \(150\)" <<<"$out" || fail "r1 status table does not show VI_1 MASTER 150: $out"
out=$(ctl r2 status) || fail "vrrpctl status failed on r2"
grep -Eq "^VI_1 +eth0 +51 .*BACKUP +100/100 +$r1ip \(150\)" <<<"$out" || fail "r2 status does not show BACKUP following $r1ip (150): $out"
[ "$(jget r2 status -- "$(inst '["master"]')")" = "$r1ip" ] || fail "r2 --json master is not $r1ip"
[ "$(jget r1 status -- "$(inst '["state"]')")" = MASTER ] || fail "r1 --json state is not MASTER"
[ "$(jget r1 status -- "$(inst '["vips"]')")" = "['$VIP']" ] || fail "r1 --json vips wrong"
[ "$(jget r1 status -- "$(inst '["last_transition"]["to"]')")" = MASTER ] || fail "r1 last_transition is not to MASTER"

# --- stats ---------------------------------------------------------------------------------
s1=$(jget r1 stats VI_1 -- "$(inst '["counters"]["adverts_sent"]')")
rcv1=$(jget r2 stats -- "$(inst '["counters"]["adverts_received"]')")
sleep_s "$(fmul 5 "$ADV")"
s2=$(jget r1 stats VI_1 -- "$(inst '["counters"]["adverts_sent"]')")
rcv2=$(jget r2 stats -- "$(inst '["counters"]["adverts_received"]')")
log "r1 adverts_sent $s1 -> $s2, r2 adverts_received $rcv1 -> $rcv2"
[ "$s1" -gt 0 ] && [ "$s2" -ge $((s1 + 2)) ] || fail "r1 adverts_sent did not grow ($s1 -> $s2)"
[ "$rcv2" -ge $((rcv1 + 2)) ] || fail "r2 adverts_received did not grow ($rcv1 -> $rcv2)"
ctl r1 stats >/dev/null || fail "vrrpctl stats (text) failed"

# --- metrics -------------------------------------------------------------------------------
metrics=$(nsx r1 curl -sS --max-time 5 "http://127.0.0.1:$PORT/metrics") || fail "curl /metrics on r1 failed"
labels="instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",family=\"ipv4\""
grep -qF "vrrpd_instance_state{$labels,state=\"master\"} 1" <<<"$metrics" || fail "r1 metrics: no master state sample: $(grep instance_state <<<"$metrics")"
grep -qF "vrrpd_instance_state{$labels,state=\"backup\"} 0" <<<"$metrics" || fail "r1 metrics: backup sample not 0"
sent=$(awk -v k="vrrpd_adverts_sent_total{$labels}" '$1==k{print $2}' <<<"$metrics")
[ -n "$sent" ] && [ "$sent" -gt 0 ] || fail "r1 metrics: vrrpd_adverts_sent_total missing or 0 ('$sent')"
metrics2=$(nsx r2 curl -sS --max-time 5 "http://127.0.0.1:$PORT/metrics") || fail "curl /metrics on r2 failed"
grep -qF "vrrpd_instance_state{$labels,state=\"backup\"} 1" <<<"$metrics2" || fail "r2 metrics: not backup"
log "metrics ok (r1 adverts_sent_total $sent)"

# --- errors --------------------------------------------------------------------------------
ctl r1 priority VI_9 50 >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "priority on an unknown instance: exit $rc, expected 1"

# --- priority override moves mastership; reset moves it back --------------------------------
t_prio=$(now)
ctl r1 priority VI_1 50 || fail "vrrpctl priority VI_1 50 failed"
wait_for 10 holds_master r2 r1 || fail "priority 50 on r1 did not hand mastership to r2 (holders: '$(master_of $VIP)')"
log "r2 master $(fsub "$(now)" "$t_prio") s after priority 50 on r1"
[ "$(jget r1 status -- "$(inst '["effective_priority"]')")" = 50 ] || fail "r1 effective priority is not 50"
[ "$(jget r1 status -- "$(inst '["priority_override"]')")" = 50 ] || fail "r1 priority_override is not 50"
[ "$(jget r1 status -- "$(inst '["base_priority"]')")" = 150 ] || fail "r1 base priority changed"
ctl r1 priority VI_1 reset || fail "vrrpctl priority VI_1 reset failed"
wait_for 10 holds_master r1 r2 || fail "reset did not bring mastership back to r1 (holders: '$(master_of $VIP)')"
[ "$(jget r1 status -- "$(inst '["priority_override"]')")" = None ] || fail "override still set after reset"

# --- release: one priority-0 advert, BACKUP held until reset --------------------------------
sleep_s 0.5
t_rel=$(now)
ctl r1 release VI_1 || fail "vrrpctl release VI_1 failed"
wait_for 5 holds_master r2 r1 || fail "release did not hand over to r2 (holders: '$(master_of $VIP)')"
log "r2 master $(fsub "$(now)" "$t_rel") s after release"
[ "$(jget r1 status -- "$(inst '["released"]')")" = True ] || fail "r1 status does not say released"
# Held: r1 (configured 150) must not preempt r2 (100) for many Master_Down_Intervals.
for _ in $(seq 10); do
  sleep_s "$(fmul 2 "$ADV")"
  [ "$(state_of r1)" = BACKUP ] || fail "released r1 left BACKUP"
done
is_sole_holder r2 $VIP || fail "VIP moved while r1 was released: '$(master_of $VIP)'"
t_reset=$(now)
ctl r1 priority VI_1 reset || fail "reset after release failed"
wait_for 10 holds_master r1 r2 || fail "reset after release did not bring r1 back"
sleep 1
cap_sync
zeros=$(cap_count "kind==\"vrrp\" && src==\"$r1ip\" && prio==0 && t>=$t_rel && t<$t_reset")
[ "$zeros" = 1 ] || fail "release sent $zeros priority-0 adverts from r1, expected exactly 1"
lows=$(cap_count "kind==\"vrrp\" && src==\"$r1ip\" && prio>0 && t>$t_rel+$(fmul 2 "$ADV") && t<$t_reset")
[ "$lows" = 0 ] || fail "released r1 advertised $lows times while BACKUP"

# --- stop removes the socket -----------------------------------------------------------------
stop_daemon r1
[ ! -e "$(ctl_socket r1)" ] || fail "r1 left its control socket behind"
ctl r1 status >/dev/null 2>&1; rc=$?
[ "$rc" = 3 ] || fail "vrrpctl against a stopped daemon: exit $rc, expected 3"
pass "vrrpctl status/stats/priority/release and metrics behave on a two-router LAN"
