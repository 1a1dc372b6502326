#!/usr/bin/env bash
# SIGHUP reload without a flap: two instances (r2 masters VI_1, r1 masters VI_2). Both reload
# a config that adds a VIP to VI_1 and a new instance VI_3 (both routers change together:
# keepalived <= 2.3.2 rejects adverts whose VIP list differs from its own).
# Sampled `ip addr` and the capture show no priority-0 advert and no mastership change for
# VI_1/VI_2; the added VIP and the new instance appear, proving the reload happened.
source "$(dirname "$0")/lib.sh"
netns_setup 2

# write_conf NODE PRIO_VI1 PRIO_VI2 [extra VIP for VI_1] [with VI_3]
write_conf() {
  local n=$1 p1=$2 p2=$3 extra_vip=${4:-} vi3=${5:-}
  {
    echo "global_defs {"; echo "  router_id $n"; echo "  script_user root"; echo "}"
    echo "vrrp_instance VI_1 {"
    echo "  state BACKUP"; echo "  interface eth0"; echo "  virtual_router_id 51"
    echo "  priority $p1"; echo "  version 3"; echo "  advert_int $ADV"
    echo "  virtual_ipaddress {"; echo "    192.0.2.100"; [ -n "$extra_vip" ] && echo "    $extra_vip"; echo "  }"
    echo "  notify $(notify_script "$n")"
    echo "}"
    echo "vrrp_instance VI_2 {"
    echo "  state BACKUP"; echo "  interface eth0"; echo "  virtual_router_id 52"
    echo "  priority $p2"; echo "  version 3"; echo "  advert_int $ADV"
    echo "  virtual_ipaddress {"; echo "    192.0.2.101"; echo "  }"
    echo "  notify $(notify_script "$n")"
    echo "}"
    if [ -n "$vi3" ]; then
      echo "vrrp_instance VI_3 {"
      echo "  state BACKUP"; echo "  interface eth0"; echo "  virtual_router_id 53"
      echo "  priority $p1"; echo "  version 3"; echo "  advert_int $ADV"
      echo "  virtual_ipaddress {"; echo "    192.0.2.103"; echo "  }"
      echo "  notify $(notify_script "$n")"
      echo "}"
    fi
  } >"$(conf_path "$n")"
}
write_conf r1 100 200
write_conf r2 200 100
capture_start
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r2 192.0.2.100 || fail "r2 is not master of VI_1 (holders: '$(master_of 192.0.2.100)')"
wait_for 10 is_sole_holder r1 192.0.2.101 || fail "r1 is not master of VI_2 (holders: '$(master_of 192.0.2.101)')"
sleep 0.5

write_conf r2 200 100 192.0.2.102 vi3
write_conf r1 100 200 192.0.2.102 vi3
pid1=${DAEMON_PID[r1]}; pid2=${DAEMON_PID[r2]}
t_hup=$(now)
# Sample both VIPs while the two daemons reload.
( sample_holders 3 192.0.2.100 "$RUN_DIR/vi1.txt" ) &
s1=$!; OWN_PIDS+=("$s1")
( sample_holders 3 192.0.2.101 "$RUN_DIR/vi2.txt" ) &
s2=$!; OWN_PIDS+=("$s2")
sleep 0.5
signal_daemon r2 HUP
signal_daemon r1 HUP
log "SIGHUP sent to r1 and r2"
wait "$s1" "$s2"

bad=$(awk '$2 != "r2" || NF != 2' "$RUN_DIR/vi1.txt" | head -n 3)
[ -z "$bad" ] || fail "VI_1 VIP flapped during reload: $bad"
bad=$(awk '$2 != "r1" || NF != 2' "$RUN_DIR/vi2.txt" | head -n 3)
[ -z "$bad" ] || fail "VI_2 VIP flapped during reload: $bad"
log "$(wc -l <"$RUN_DIR/vi1.txt") + $(wc -l <"$RUN_DIR/vi2.txt") samples: VIPs never moved"

daemon_alive r1 && daemon_alive r2 || fail "a daemon exited on SIGHUP"
[ "${DAEMON_PID[r1]}" = "$pid1" ] && [ "${DAEMON_PID[r2]}" = "$pid2" ] || fail "pid changed"
wait_for 5 has_vip r2 192.0.2.102 || fail "reload did not add 192.0.2.102 to VI_1 on r2"
wait_for 10 is_sole_holder r2 192.0.2.103 || fail "new instance VI_3 did not become master on r2"
for n in r1 r2; do
  for i in VI_1 VI_2; do
    for s in MASTER BACKUP FAULT STOP; do
      c=$(count_state "$n" "$i" "$s" "$t_hup")
      [ "$c" = 0 ] || fail "$n $i notified $s $c time(s) after SIGHUP"
    done
  done
done
cap_sync
z=$(cap_query "kind==\"vrrp\" && prio==0")
[ -z "$z" ] || fail "priority-0 advert(s) during reload: $z"
r2ip=$(ip4_of r2)
cap_has "kind==\"vrrp\" && src==\"$r2ip\" && vrid==51 && addrs==\"192.0.2.100,192.0.2.102\"" \
  || fail "r2's VI_1 adverts do not list the added VIP after reload"
cap_has "kind==\"arp\" && src==\"192.0.2.102\" && smac==\"$(mac_of r2)\"" || fail "no GARP for the VIP added by reload"
other=$(cap_count "kind==\"vrrp\" && vrid==51 && src!=\"$r2ip\" && t>=$t_hup")
[ "$other" = 0 ] || fail "$other VI_1 adverts from r1 after SIGHUP (mastership contested)"
pass "reload: no priority-0 advert, no VIP move, no notify for unchanged instances; new VIP and VI_3 active"
