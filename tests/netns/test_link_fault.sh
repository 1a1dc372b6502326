#!/usr/bin/env bash
# Link down on the master: it enters FAULT and releases the VIP, the backup takes over; after
# link up it leaves FAULT and (higher priority, preempt) becomes master again.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
gen_conf r1 prio=100 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=200 advert=$ADV vips=$VIP >/dev/null
capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become master (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 not BACKUP"

t_down=$(now)
link_down r2
wait_for 5 state_is r2 VI_1 FAULT || fail "r2 did not report FAULT after its link went down (last: '$(last_state r2 VI_1)')"
wait_for 5 no_vip r2 $VIP || fail "r2 kept $VIP in FAULT"
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not take over while r2 is in FAULT (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 MASTER || fail "r1 notify did not report MASTER"
log "r2 FAULT, VIP released; r1 master $(fsub "$(now)" "$t_down") s after link down"
# While FAULT the router keeps no VIP and stays FAULT.
sleep 1
state_is r2 VI_1 FAULT || fail "r2 left FAULT while its link is still down (now '$(last_state r2 VI_1)')"
no_vip r2 $VIP || fail "r2 re-added $VIP while in FAULT"

t_up=$(now)
link_up r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not return to master after link up (holders: '$(master_of $VIP)')"
wait_for 5 state_is r2 VI_1 MASTER || fail "r2 notify did not report MASTER after link up"
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 did not go back to BACKUP"
[ "$(count_state r2 VI_1 FAULT "$t_down")" = 1 ] || fail "expected exactly one FAULT notification for r2"
cap_sync
r2ip=$(ip4_of r2)
t_back=$(cap_first_time "kind==\"vrrp\" && src==\"$r2ip\" && prio==200 && t>=$t_up")
[ -n "$t_back" ] || fail "no advert from r2 after link up"
pass "FAULT on link down (VIP released, r1 took over), MASTER again after link up"
