#!/usr/bin/env bash
# use_vmac: the master carries the VIP on a macvlan with MAC 00:00:5e:00:01:<VRID>, and its
# adverts and GARPs use that MAC. After a graceful stop the VMAC interface is removed and the
# new master uses the same virtual MAC.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
VRID=51
VMAC=$(printf '00:00:5e:00:01:%02x' $VRID)
gen_conf r1 prio=100 advert=$ADV vrid=$VRID vips=$VIP extra="use_vmac" >/dev/null
gen_conf r2 prio=200 advert=$ADV vrid=$VRID vips=$VIP extra="use_vmac" >/dev/null
# vmac_iface NODE: name of the interface whose MAC is the VMAC (empty if none).
vmac_iface() { ip -n "$(ns_of "$1")" -o link show 2>/dev/null | awk -v m="$VMAC" '$0 ~ "link/ether " m {sub(/:$/, "", $2); sub(/@.*/, "", $2); print $2; exit}'; }
has_vmac() { [ -n "$(vmac_iface "$1")" ]; }
vip_on_vmac() { local i; i=$(vmac_iface "$1"); [ -n "$i" ] && [ "$(vip_iface "$1" $VIP)" = "$i" ]; }

capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not become master (holders: '$(master_of $VIP)')"
wait_for 5 vip_on_vmac r2 || fail "VIP on r2 is on '$(vip_iface r2 $VIP)', not on an interface with MAC $VMAC"
ifc=$(vmac_iface r2)
ip -n "$(ns_of r2)" -o link show "$ifc" | grep -q 'state UP\|,UP' || fail "VMAC interface $ifc on r2 is not up"
log "r2: VIP on $ifc ($VMAC)"
sleep 0.5
cap_sync
r2ip=$(ip4_of r2); r1ip=$(ip4_of r1)
n=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && smac==\"$VMAC\" && vrid==$VRID")
[ "$n" -ge 2 ] || fail "adverts from r2 do not use source MAC $VMAC ($(cap_query "src==\"$r2ip\"" | head -n 1 | cut -f3))"
real=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && smac!=\"$VMAC\"")
[ "$real" = 0 ] || fail "$real adverts from r2 with its real MAC"
cap_has "kind==\"arp\" && src==\"$VIP\" && smac==\"$VMAC\" && addrs==\"$VMAC\"" || fail "no GARP for $VIP with sender MAC $VMAC"

t_stop=$(now)
stop_daemon r2
wait_for 5 eval '! has_vmac r2' || fail "VMAC interface still present on r2 after a graceful stop"
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not take over (holders: '$(master_of $VIP)')"
wait_for 5 vip_on_vmac r1 || fail "VIP on r1 is on '$(vip_iface r1 $VIP)', not on the VMAC"
sleep 0.5
cap_sync
n=$(cap_count "kind==\"vrrp\" && src==\"$r1ip\" && smac==\"$VMAC\" && t>=$t_stop")
[ "$n" -ge 2 ] || fail "r1's adverts after takeover do not use $VMAC"
cap_has "kind==\"arp\" && src==\"$VIP\" && smac==\"$VMAC\" && t>=$t_stop" || fail "no GARP from the new master with $VMAC"
pass "VMAC $VMAC carries the VIP and adverts; removed on stop; reused by the new master"
