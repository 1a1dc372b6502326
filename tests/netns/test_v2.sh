#!/usr/bin/env bash
# VRRPv2 (advert_int 1 s): election and crash takeover. The capture shows version 2 adverts
# with a whole-second interval, auth type 0 and a valid v2 checksum.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
gen_conf r1 prio=100 version=2 advert=1 vips=$VIP >/dev/null
gen_conf r2 prio=200 version=2 advert=1 vips=$VIP >/dev/null
capture_start
start_daemon r1; start_daemon r2
# Master_Down_Interval (v2) = 3 s + (256-200)/256 s = 3.22 s.
wait_for 15 is_sole_holder r2 $VIP || fail "r2 did not become master (holders: '$(master_of $VIP)')"
sleep 2.2
cap_sync
r1ip=$(ip4_of r1); r2ip=$(ip4_of r2)
n=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && ver==2 && vrid==51 && prio==200 && adv==1 && auth==\"0:\" && ttl==255 && addrs==\"$VIP\" && csum==\"ok\"")
[ "$n" -ge 2 ] || fail "expected well-formed v2 adverts from r2, got $n"
wrong=$(cap_query "kind==\"vrrp\" && ver!=2" | head -n 2)
[ -z "$wrong" ] || fail "non-v2 adverts on a v2 LAN: $wrong"

crash_daemon r2
cap_sync
t_last=$(cap_query "kind==\"vrrp\" && src==\"$r2ip\"" | tail -n 1 | cut -f1)
wait_for 15 has_vip r1 $VIP || fail "r1 did not take over"
cap_sync
t_r1=$(cap_first_time "kind==\"vrrp\" && src==\"$r1ip\" && t>$t_last")
[ -n "$t_r1" ] || fail "no advert from r1 after takeover"
gap=$(fsub "$t_r1" "$t_last")
# r1's Master_Down_Interval = 3 + (256-100)/256 = 3.61 s.
log "capture: r2 last advert -> r1 first advert = ${gap} s (MDI 3.61 s)"
flt "$gap" 10.83 || fail "v2 takeover took ${gap} s (> 3 x Master_Down_Interval)"
flt 2.5 "$gap" || fail "v2 takeover after ${gap} s: before Master_Down_Interval could expire"
cap_has "kind==\"vrrp\" && src==\"$r1ip\" && ver==2 && prio==100 && adv==1 && csum==\"ok\" && t>=$t_r1" || fail "r1's v2 adverts malformed"
pass "v2 election and takeover (${gap} s)"
