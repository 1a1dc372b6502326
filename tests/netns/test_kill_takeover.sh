#!/usr/bin/env bash
# Crash takeover: kill -9 of the master (r3, priority 200); the next highest (r2) takes the
# VIP within 3 x Master_Down_Interval, advertises with its own priority and sends GARPs.
source "$(dirname "$0")/lib.sh"
netns_setup 3
VIP=192.0.2.100
gen_conf r1 prio=100 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=150 advert=$ADV vips=$VIP >/dev/null
gen_conf r3 prio=200 advert=$ADV vips=$VIP >/dev/null
capture_start
for n in r1 r2 r3; do start_daemon "$n"; done
wait_for 10 is_sole_holder r3 $VIP || fail "r3 did not become master (holders: '$(master_of $VIP)')"
sleep "$(fmul 3 "$ADV")"   # a few steady-state adverts

crash_daemon r3
t_kill=$(now)
wait_for 10 has_vip r2 $VIP || fail "r2 did not take over the VIP within 10 s"
log "r2 holds $VIP $(fsub "$(now)" "$t_kill") s after the kill (polled)"
sleep 0.5
has_vip r1 $VIP && fail "r1 (priority 100) also holds the VIP"
has_vip r3 $VIP || log "note: r3's VIP vanished although its daemon was SIGKILLed"
wait_for 5 state_is r2 VI_1 MASTER || fail "r2 notify did not report MASTER"
state_is r1 VI_1 BACKUP || fail "r1 state is '$(last_state r1 VI_1)', expected BACKUP"

r2ip=$(ip4_of r2); r3ip=$(ip4_of r3)
cap_has "kind==\"vrrp\" && src==\"$r3ip\" && prio==0" && fail "a SIGKILLed master sent a priority-0 advert"
t_last_r3=$(cap_query "kind==\"vrrp\" && src==\"$r3ip\"" | tail -n 1 | cut -f1)
t_first_r2=$(cap_first_time "kind==\"vrrp\" && src==\"$r2ip\" && t>$t_last_r3")
[ -n "$t_first_r2" ] || fail "no advert from r2 after r3's last advert"
gap=$(fsub "$t_first_r2" "$t_last_r3")
# Master_Down_Interval for r2 = 3*ADV + (256-150)*ADV/256 (0.683 s at 0.2 s).
mdi=$(mdi 150)
limit=$(awk -v m="$mdi" 'BEGIN{printf "%.3f", 3*m}')
log "capture: r3 last advert -> r2 first advert = ${gap} s (MDI ${mdi} s, limit ${limit} s)"
flt "$gap" "$limit" || fail "takeover took ${gap} s, more than 3 x Master_Down_Interval (${limit} s)"
flt "$(fmul 0.5 "$mdi")" "$gap" || fail "r2 advertised ${gap} s after r3's last advert, before a Master_Down_Interval could expire"
bad=$(cap_query "kind==\"vrrp\" && src==\"$r2ip\" && t>=$t_first_r2 && (prio!=150 || vrid!=51 || csum!=\"ok\")" | head -n 2)
[ -z "$bad" ] || fail "unexpected advert from r2 after takeover: $bad"
garps=$(cap_count "kind==\"arp\" && src==\"$VIP\" && dst==\"$VIP\" && smac==\"$(mac_of r2)\" && addrs==\"$(mac_of r2)\" && t>=$t_first_r2")
[ "$garps" -ge 1 ] || fail "no gratuitous ARP for $VIP from r2's MAC after takeover"
log "capture: $garps GARPs for $VIP from r2 after takeover"
pass "r2 took over in ${gap} s (capture), VIP on r2, GARPs seen"
