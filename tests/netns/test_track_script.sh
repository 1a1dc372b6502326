#!/usr/bin/env bash
# vrrp_script tracking on r1 (priority 150) against r2 (100): a weighted check (weight -100,
# rise/fall 2) that flaps every run never drops r1; failing it moves mastership to r2 and
# success brings it back (preempt). A weight-0 check (timeout 1 s) puts r1 in FAULT with the
# VIP released while it fails; a hanging run (sleep 1000) is killed at the timeout, counts as a
# failure (FAULT), and nothing of its process group survives.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
CHK_W=$(check_script w)
CHK_F=$(check_script f)
write_conf r1 >/dev/null <<CONF
global_defs {
  router_id r1
  script_user root
}
vrrp_script chk_w {
  script "$CHK_W"
  interval 1
  rise 2
  fall 2
  weight -100
}
vrrp_script chk_f {
  script "$CHK_F"
  interval 1
  timeout 1
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 150
  version 3
  advert_int $ADV
  virtual_ipaddress {
    $VIP
  }
  track_script {
    chk_w
    chk_f
  }
  notify $(notify_script r1)
}
CONF
gen_conf r2 prio=100 vips=$VIP >/dev/null
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r1 $VIP || fail "r1 (150, checks ok) did not become the sole holder (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 MASTER || fail "r1 notify did not report MASTER"
log "r1 master with both checks passing"

# Flapping: success/failure alternate on every run; with fall 2 the check never goes down.
t=$(now)
set_check w flap
sample_holders 4.5 $VIP "$RUN_DIR/flap.samples"
set_check w ok
flaps=$(check_runs w flap "$t")
[ "$flaps" -ge 4 ] || fail "the flapping check ran only $flaps times in 4.5 s (interval 1 s)"
awk -v t="$t" '$1 >= t && $2 == "flap" {r[$3]++} END{exit !(r[0] > 1 && r[1] > 1)}' "$RUN_DIR/check-w.runs" \
  || fail "the flapping check did not alternate success and failure"
bad=$(awk '$2 != "r1" || NF != 2' "$RUN_DIR/flap.samples" | head -n 3)
[ -z "$bad" ] || fail "mastership moved while the check flapped (rise/fall 2): $bad"
[ "$(count_state r1 VI_1 MASTER "$t")" = 0 ] && [ "$(count_state r1 VI_1 BACKUP "$t")" = 0 ] \
  || fail "r1 changed state while the check flapped"
log "flapping check ($flaps runs) never moved the VIP"

# weight -100: 150 - 100 = 50 < 100, r2 takes over; success restores 150 and r1 preempts.
t=$(now)
set_check w fail
wait_for 10 is_sole_holder r2 $VIP || fail "failing the weight -100 check did not move $VIP to r2 (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 not BACKUP after its weighted check failed (last '$(last_state r1 VI_1)')"
log "weighted check failing: r2 master after $(fsub "$(now)" "$t") s"
[ "$(count_state r1 VI_1 FAULT "$t")" = 0 ] || fail "a weighted check must not cause FAULT"
t=$(now)
set_check w ok
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not preempt back after its weighted check recovered (holders: '$(master_of $VIP)')"
log "weighted check ok again: r1 master after $(fsub "$(now)" "$t") s"

# weight 0: FAULT while failing, VIP released.
t=$(now)
set_check f fail
wait_for 5 state_is r1 VI_1 FAULT || fail "r1 did not enter FAULT when its weight-0 check failed (last '$(last_state r1 VI_1)')"
wait_for 5 no_vip r1 $VIP || fail "r1 kept $VIP in FAULT"
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not take over while r1 is in FAULT (holders: '$(master_of $VIP)')"
sleep 1
state_is r1 VI_1 FAULT || fail "r1 left FAULT while its weight-0 check still fails"
no_vip r1 $VIP || fail "r1 re-added $VIP while in FAULT"
set_check f ok
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not return to master after its weight-0 check recovered (holders: '$(master_of $VIP)')"
log "weight-0 check: FAULT with VIP released, master again on success"

# Hanging run: killed at the 1 s timeout, counted as a failure, process group gone.
t=$(now)
set_check f hang
wait_for 5 test -s "$RUN_DIR/check-f.hang" || fail "the hanging check did not start"
read -r pgid sleeper <"$RUN_DIR/check-f.hang"
log "hanging check: pgid $pgid, sleep pid $sleeper"
wait_for 6 state_is r1 VI_1 FAULT || fail "a check hanging past its 1 s timeout did not count as a failure (last '$(last_state r1 VI_1)')"
t_fault=$(now)
log "hang counted as failure: FAULT $(fsub "$t_fault" "$t") s after the hang started"
wait_for 5 no_vip r1 $VIP || fail "r1 kept $VIP after the hanging check failed"
set_check f ok
# SIGTERM at the timeout, SIGKILL at most 2 s later: give it 6 s.
while read -r pg sl; do
  wait_for 6 eval "! pgid_alive $pg" || fail "process group $pg of a timed-out check still alive: $(ps -o pid,pgid,args -g "$pg" 2>/dev/null | tail -n +2)"
  wait_for 1 eval "! is_alive $sl" || fail "sleep $sl of a timed-out check still alive"
done <"$RUN_DIR/check-f.hang"
left=$(for p in $(procs_matching '^sleep 1000 $'); do tree_pids "$p"; done)
for p in $left; do
  grep -qw "$p" "$RUN_DIR/check-f.hang" && fail "leftover sleep $p from the hanging check"
done
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not recover from the hang (holders: '$(master_of $VIP)')"
hangs=$(wc -l <"$RUN_DIR/check-f.hang")
grep -q ' hang 0$' "$RUN_DIR/check-f.runs" && fail "a hanging run completed instead of being killed"
pass "weighted check moves/returns mastership, flapping ignored, weight-0 FAULT, $hangs hanging run(s) killed with their process group"
