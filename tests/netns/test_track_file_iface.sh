#!/usr/bin/env bash
# track_file and track_interface on r1 (150) against r2 (100): writing 1 to a tracked file with
# weight -100 gives r1 priority 50 and moves mastership to r2, 0 brings it back; a tracked
# extra interface (weight 0) going down puts r1 in FAULT with the VIP released, up restores it.
source "$(dirname "$0")/lib.sh"
netns_setup 2
VIP=192.0.2.100
TF="$RUN_DIR/r1.track"
echo 0 >"$TF"
# A second link inside r1's namespace only: a veth pair whose both ends stay there.
must ip -n "$(ns_of r1)" link add trk0 type veth peer name trk0p
must ip -n "$(ns_of r1)" link set trk0p up
must ip -n "$(ns_of r1)" link set trk0 up
write_conf r1 >/dev/null <<CONF
global_defs {
  router_id r1
  script_user root
}
vrrp_track_file tf {
  file "$TF"
  weight -100
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 150
  version 3
  advert_int $ADV
  virtual_ipaddress {
    $VIP
  }
  track_file {
    tf
  }
  track_interface {
    trk0
  }
  notify $(notify_script r1)
}
CONF
gen_conf r2 prio=100 vips=$VIP >/dev/null
start_daemon r1; start_daemon r2
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not become master (holders: '$(master_of $VIP)')"

t=$(now)
echo 1 >"$TF"; log "track file <- 1"
wait_for 10 is_sole_holder r2 $VIP || fail "track file value 1 x weight -100 did not move $VIP to r2 (holders: '$(master_of $VIP)')"
wait_for 5 state_is r1 VI_1 BACKUP || fail "r1 not BACKUP (last '$(last_state r1 VI_1)')"
log "r2 master $(fsub "$(now)" "$t") s after the file changed"
echo 0 >"$TF"; log "track file <- 0"
wait_for 10 is_sole_holder r1 $VIP || fail "r1 did not preempt back after the file returned to 0 (holders: '$(master_of $VIP)')"

ip -n "$(ns_of r1)" link set trk0p down   # carrier loss on trk0
log "trk0 peer down"
wait_for 5 state_is r1 VI_1 FAULT || fail "r1 not FAULT after its tracked interface lost carrier (last '$(last_state r1 VI_1)')"
wait_for 5 no_vip r1 $VIP || fail "r1 kept $VIP in FAULT"
wait_for 10 is_sole_holder r2 $VIP || fail "r2 did not take over (holders: '$(master_of $VIP)')"
ip -n "$(ns_of r1)" link set trk0p up
log "trk0 peer up"
wait_for 10 is_sole_holder r1 $VIP || fail "r1 not master again after its tracked interface came back (holders: '$(master_of $VIP)')"
[ "$(count_state r1 VI_1 FAULT)" = 1 ] || fail "expected exactly one FAULT for r1"
pass "track_file weight moves mastership and back; track_interface down = FAULT, up = master again"
