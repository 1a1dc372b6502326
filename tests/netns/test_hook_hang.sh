#!/usr/bin/env bash
# A notify_master hook that hangs for 60 s delays no advert: while it runs, the captured gaps
# between the new master's adverts stay within 2x advert_int, and a later link FAULT still
# releases the VIP at once (its notification follows, at the latest after the hook's kill).
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
LOG1="$RUN_DIR/notify-r1.log"
HANG=$(hook_script hang 0 60)
gen_conf r1 prio=200 vips=$VIP extra="notify_master \"$HANG $LOG1 notify_master\"" >/dev/null
gen_conf r2 prio=100 vips=$VIP >/dev/null
capture_start
start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become master first"
start_daemon r1
wait_for 10 grep -q ' notify_master$' "$LOG1" || fail "notify_master hook did not start on r1"
t_hook=$(awk '$2 == "notify_master" {print $1; exit}' "$LOG1")
hook_pid=$(head -n 1 "$RUN_DIR/hook-hang.pids")
log "notify_master hook (pid $hook_pid) started and hangs for 60 s"
wait_for 5 is_sole_holder r1 $VIP || fail "r1 did not take over (holders: '$(master_of $VIP)')"
sleep 3
is_alive "$hook_pid" || fail "the hanging hook (pid $hook_pid) ended early: the window proves nothing"
cap_sync
r1ip=$(ip4_of r1)
t_end=$(awk -v t="$t_hook" 'BEGIN{printf "%.6f", t + 3}')
read -r gap n < <(cap_max_gap "kind==\"vrrp\" && src==\"$r1ip\" && prio==200 && t>=$t_hook && t<=$t_end")
limit=$(fmul "$ADV" 2)
log "r1 adverts in the 3 s after the hook started: $n, max gap $gap s (advert_int $ADV s, limit $limit s)"
min_n=$(awk -v a="$ADV" 'BEGIN{printf "%d", 3 / a / 2}')
[ "$n" -ge "$min_n" ] || fail "only $n adverts from r1 in 3 s while the hook hangs (expected >= $min_n)"
flt "$gap" "$limit" || fail "max advert gap $gap s while the hook hangs exceeds 2x advert_int ($limit s)"

# The daemon still reacts: the VIP is released at once on FAULT while the hook hangs. The FAULT
# notification itself may wait for the hung hook (vrrpd runs hooks one at a time and kills one
# after 10 s; keepalived does not wait): allow 15 s and print the delay.
t_down=$(now)
link_down r1
wait_for 5 no_vip r1 $VIP || fail "r1 kept $VIP after its link went down while notify_master hangs"
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not take over (holders: '$(master_of $VIP)')"
log "VIP released and r2 master $(fsub "$(now)" "$t_down") s after link down"
wait_for 15 state_is r1 VI_1 FAULT || fail "r1 never notified FAULT (last '$(last_state r1 VI_1)')"
log "FAULT notified $(fsub "$(now)" "$t_down") s after link down (hook still hanging: $(is_alive "$hook_pid" && echo yes || echo no))"
# Our hook processes: end them now rather than leaving them to the daemon's shutdown.
for p in $(cat "$RUN_DIR/hook-hang.pids"); do kill_tree "$p" TERM; done
pass "max advert gap $gap s (limit $limit s, $n adverts) while notify_master hung"
