#!/usr/bin/env bash
# Graceful stop: SIGTERM to the master makes it send a priority-0 advert and release the VIP;
# the backup takes over after its skew time, well before a Master_Down_Interval.
# advert_int 1 s (v3) so that skew (~0.6 s) and Master_Down_Interval (~3.6 s) are far apart.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
gen_conf r1 prio=100 advert=1 vips=$VIP >/dev/null
gen_conf r2 prio=200 advert=1 vips=$VIP >/dev/null
capture_start
start_daemon r1; start_daemon r2
wait_for 15 is_sole_holder r2 $VIP || fail "r2 did not become master (holders: '$(master_of $VIP)')"
sleep 1.2

t_term=$(now)
stop_daemon r2
no_vip r2 $VIP || fail "r2 still holds $VIP after a graceful stop"
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not take over (holders: '$(master_of $VIP)')"
log "r1 sole holder $(fsub "$(now)" "$t_term") s after SIGTERM (polled)"
cap_sync

r1ip=$(ip4_of r1); r2ip=$(ip4_of r2)
t_zero=$(cap_first_time "kind==\"vrrp\" && src==\"$r2ip\" && prio==0 && t>=$t_term")
[ -n "$t_zero" ] || fail "no priority-0 advert from r2 after SIGTERM"
bad=$(cap_query "kind==\"vrrp\" && src==\"$r2ip\" && prio==0 && (vrid!=51 || csum!=\"ok\" || addrs!=\"$VIP\")")
[ -z "$bad" ] || fail "malformed priority-0 advert: $bad"
t_r1=$(cap_first_time "kind==\"vrrp\" && src==\"$r1ip\" && t>=$t_zero")
[ -n "$t_r1" ] || fail "no advert from r1 after r2's priority-0 advert"
gap=$(fsub "$t_r1" "$t_zero")
# Skew for r1 = (256-100)/256 * 1 s = 0.609 s; Master_Down_Interval = 3.609 s.
log "capture: priority-0 advert -> r1's first advert = ${gap} s (skew 0.609 s, MDI 3.609 s)"
flt "$gap" 2.5 || fail "takeover after priority 0 took ${gap} s: looks like a full Master_Down_Interval, not the skew time"
cap_has "kind==\"arp\" && src==\"$VIP\" && smac==\"$(mac_of r1)\" && t>=$t_zero" || fail "no GARP from r1 after takeover"
pass "priority-0 advert seen; r1 took over ${gap} s later"
