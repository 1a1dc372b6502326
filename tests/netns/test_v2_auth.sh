#!/usr/bin/env bash
# VRRPv2 PASS authentication: adverts carry auth type 1 and the password; a router with a
# different password (r3, priority 250) is not accepted, so r2 (200) stays master and r1
# stays backup although a higher priority is advertised on the LAN.
source "$(dirname "$0")/lib.sh"
netns_setup 3
VIP=192.0.2.100
gen_conf r1 prio=100 version=2 advert=1 auth=s3cret vips=$VIP >/dev/null
gen_conf r2 prio=200 version=2 advert=1 auth=s3cret vips=$VIP >/dev/null
gen_conf r3 prio=250 version=2 advert=1 auth=wrongpw vips=$VIP >/dev/null
capture_start
start_daemon r2
wait_for 15 is_sole_holder r2 $VIP || fail "r2 did not become master"
start_daemon r1
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 not BACKUP"
cap_sync
r2ip=$(ip4_of r2); r3ip=$(ip4_of r3)
cap_has "kind==\"vrrp\" && src==\"$r2ip\" && ver==2 && auth==\"1:s3cret\" && csum==\"ok\"" \
  || fail "r2's adverts do not carry PASS auth 's3cret': $(cap_query "src==\"$r2ip\"" | head -n 1)"

t_r3=$(now)
start_daemon r3
# r3 hears no acceptable advert, so it becomes master itself after ~3.02 s.
wait_for 15 has_vip r3 $VIP || fail "r3 (wrong password) never became master"
cap_sync
cap_has "kind==\"vrrp\" && src==\"$r3ip\" && prio==250 && auth==\"1:wrongpw\"" || fail "no adverts from r3"
sample_holders 3 $VIP "$RUN_DIR/holders.txt"
bad=$(awk '$2 != "r2" && $3 != "r2"' "$RUN_DIR/holders.txt" | head -n 3)
[ -z "$bad" ] || fail "r2 yielded to r3 despite the password mismatch: $bad"
awk '$2 == "r1" || $3 == "r1"' "$RUN_DIR/holders.txt" | grep -q . && fail "r1 took the VIP"
[ "$(count_state r2 VI_1 BACKUP "$t_r3")" = 0 ] || fail "r2 went BACKUP after r3 appeared"
state_is r1 VI_1 BACKUP || fail "r1 state '$(last_state r1 VI_1)', expected BACKUP"
pass "PASS auth carried; mismatched password ignored (r2 kept MASTER, r1 BACKUP)"
