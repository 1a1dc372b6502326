#!/usr/bin/env bash
# IPv6: VRRPv3 over IPv6 with VIP 2001:db8::100. Adverts go from the link-local address to
# ff02::12 with hop limit 255; the master sends unsolicited NAs for the VIP; after kill -9 the
# backup takes over and sends its own NAs.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=2001:db8::100
gen_conf r1 prio=100 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=200 advert=$ADV vips=$VIP >/dev/null
capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become IPv6 master (holders: '$(master_of $VIP)')"
t_stable=$(now)
sleep "$(fmax 0.6 "$(fmul 3 "$ADV")")"
cap_sync
ll2=$(ll_of r2); ll1=$(ll_of r1)
n=$(cap_count "kind==\"vrrp\" && src==\"$ll2\" && dst==\"ff02::12\" && ver==3 && vrid==51 && prio==200 && ttl==255 && addrs==\"$VIP\" && csum==\"ok\"")
[ "$n" -ge 2 ] || fail "expected well-formed IPv6 adverts from r2 ($ll2 -> ff02::12), got $n"
cap_has "kind==\"na\" && addrs==\"$VIP\" && smac==\"$(mac_of r2)\"" || fail "no unsolicited NA for $VIP from r2"
cap_has "kind==\"na\" && addrs==\"$VIP\" && smac==\"$(mac_of r2)\" && ver ~ /O/" || fail "r2's NA lacks the Override flag"
# (r1 may win a start-up race briefly; once r2 is master, r1 must be a silent backup.)
cap_has "kind==\"vrrp\" && src==\"$ll1\" && t>=$t_stable" && fail "backup r1 sent adverts"

t_kill=$(now)
crash_daemon r2
wait_for 10 has_vip r1 $VIP || fail "r1 did not take over the IPv6 VIP"
log "r1 holds $VIP $(fsub "$(now)" "$t_kill") s after kill -9 of r2"
cap_sync
t1=$(cap_first_time "kind==\"vrrp\" && src==\"$ll1\" && prio==100 && t>=$t_kill")
[ -n "$t1" ] || fail "no IPv6 advert from r1 after takeover"
cap_has "kind==\"na\" && addrs==\"$VIP\" && smac==\"$(mac_of r1)\" && t>=$t_kill" || fail "no unsolicited NA for $VIP from r1 after takeover"
pass "IPv6 adverts from link-local to ff02::12, NAs from each master"
