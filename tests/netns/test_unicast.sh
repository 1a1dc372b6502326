#!/usr/bin/env bash
# Unicast peers: adverts are sent to each configured peer address (no multicast), and
# failover works: kill -9 of the master moves the VIP to the backup, which then sends
# unicast adverts to its peers.
source "$(dirname "$0")/lib.sh"
netns_setup 3
VIP=192.0.2.100
peers() { local n out=""; for n in r1 r2 r3; do [ "$n" = "$1" ] || out+="$(ip4_of "$n") "; done; echo "$out"; }
for spec in r1:100 r2:150 r3:200; do
  n=${spec%%:*}; p=${spec##*:}
  set -- $(peers "$n")
  gen_conf "$n" prio=$p advert=$ADV vips=$VIP \
    extra="unicast_src_ip $(ip4_of "$n");unicast_peer {;  $1;  $2;}" >/dev/null
done
capture_start
for n in r1 r2 r3; do start_daemon "$n"; done
wait_for 10 is_sole_holder r3 $VIP || fail "r3 did not become master (holders: '$(master_of $VIP)')"
sleep 0.6
cap_sync
r3ip=$(ip4_of r3)
mc=$(cap_count "kind==\"vrrp\" && dst==\"224.0.0.18\"")
[ "$mc" = 0 ] || fail "$mc multicast adverts in unicast mode"
for peer in $(peers r3); do
  c=$(cap_count "kind==\"vrrp\" && src==\"$r3ip\" && dst==\"$peer\" && prio==200 && csum==\"ok\"")
  [ "$c" -ge 2 ] || fail "r3 sent $c unicast adverts to $peer"
done
crash_daemon r3
t_kill=$(now)
wait_for 10 has_vip r2 $VIP || fail "r2 did not take over"
has_vip r1 $VIP && fail "r1 also took the VIP"
sleep 0.6
cap_sync
r2ip=$(ip4_of r2)
for peer in $(peers r2); do
  c=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && dst==\"$peer\" && prio==150 && t>=$t_kill")
  [ "$c" -ge 2 ] || fail "after takeover r2 sent $c unicast adverts to $peer"
done
mc=$(cap_count "kind==\"vrrp\" && dst==\"224.0.0.18\"")
[ "$mc" = 0 ] || fail "$mc multicast adverts in unicast mode"
pass "unicast adverts to each peer; takeover by r2"
