#!/usr/bin/env bash
# Preemption: the higher-priority router (r2) returns after a stop and takes the VIP back
# from the lower-priority master (r1), which goes back to BACKUP and stops advertising.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
gen_conf r1 prio=100 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=200 advert=$ADV vips=$VIP >/dev/null
capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become master (holders: '$(master_of $VIP)')"
stop_daemon r2
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not take over after r2 stopped"
wait_for 5 state_is r1 VI_1 MASTER || fail "r1 notify did not report MASTER"
sleep 0.5

t_start=$(now)
start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 (priority 200) did not preempt r1 (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 did not go back to BACKUP"
log "r2 preempted $(fsub "$(now)" "$t_start") s after its restart"
sleep 1
cap_sync
r1ip=$(ip4_of r1); r2ip=$(ip4_of r2)
t_r2=$(cap_first_time "kind==\"vrrp\" && src==\"$r2ip\" && prio==200 && t>=$t_start")
[ -n "$t_r2" ] || fail "no advert from r2 after restart"
# r1 may answer once or twice around the hand-over; after 2 intervals it must be silent.
late=$(cap_count "kind==\"vrrp\" && src==\"$r1ip\" && t>$t_r2+$(fmax 0.5 "$(fmul 2 "$ADV")")")
[ "$late" = 0 ] || fail "r1 kept advertising ($late adverts) after r2 preempted"
is_sole_holder r2 $VIP || fail "VIP holders changed after preemption: '$(master_of $VIP)'"
pass "r2 preempted r1; r1 silent and BACKUP"
