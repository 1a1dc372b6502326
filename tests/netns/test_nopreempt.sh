#!/usr/bin/env bash
# nopreempt: a higher-priority router (r2) that returns while r1 is master stays BACKUP;
# r1 keeps the VIP for many Master_Down_Intervals.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
gen_conf r1 prio=100 advert=$ADV vips=$VIP extra="nopreempt" >/dev/null
gen_conf r2 prio=200 advert=$ADV vips=$VIP extra="nopreempt" >/dev/null
capture_start
# r2 first, so it is master before r1 exists (with nopreempt the start order decides).
start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become master"
start_daemon r1
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 not BACKUP"
stop_daemon r2
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not take over after r2 stopped"
sleep 0.3

t_start=$(now)
start_daemon r2
wait_for 5 state_is r2 VI_1 BACKUP || fail "restarted r2 did not report BACKUP"
# Sample for at least 4 of r2's Master_Down_Intervals (0.66 s at 0.2 s adverts).
SAMPLE=$(fmax 3 "$(fmul 4 "$(mdi 200)")")
sample_holders "$SAMPLE" $VIP "$RUN_DIR/holders.txt"
bad=$(awk '$2 != "r1" || NF != 2' "$RUN_DIR/holders.txt" | head -n 3)
[ -z "$bad" ] || fail "r2 took over despite nopreempt (samples: $bad)"
state_is r2 VI_1 BACKUP || fail "r2 state is '$(last_state r2 VI_1)', expected BACKUP"
[ "$(count_state r2 VI_1 MASTER "$t_start")" = 0 ] || fail "r2 became MASTER after restart"
cap_sync
r2ip=$(ip4_of r2)
n=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && t>=$t_start")
[ "$n" = 0 ] || fail "r2 sent $n adverts as a nopreempt backup"
n1=$(cap_count "kind==\"vrrp\" && src==\"$(ip4_of r1)\" && t>=$t_start")
want=$(awk -v s="$SAMPLE" -v a="$ADV" 'BEGIN{printf "%d", s/a/2}')
[ "$n1" -ge "$want" ] || fail "r1 sent only $n1 adverts in $SAMPLE s as master (want >= $want)"
pass "r2 stayed BACKUP for $SAMPLE s; r1 kept the VIP ($n1 adverts)"
