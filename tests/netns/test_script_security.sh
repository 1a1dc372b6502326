#!/usr/bin/env bash
# enable_script_security: scripts reached through a world-writable (non-sticky) directory are
# refused. The weight-0 check and the notify_master hook living there never run (their marker
# files stay absent), the refused check is dropped so the instance still becomes MASTER, and
# the daemon logs the offending path. A secure generic notify still runs.
source "$(dirname "$0")/lib.sh"
netns_setup 1
VIP=192.0.2.100
WW="$RUN_DIR/ww"
mkdir "$WW"; chmod 0777 "$WW"   # world-writable, no sticky bit
for s in check notify; do
  printf '#!/bin/sh\ntouch "%s"\nexit 1\n' "$RUN_DIR/ran-$s" >"$WW/$s.sh"
  chmod 755 "$WW/$s.sh"
done
write_conf r1 >/dev/null <<CONF
global_defs {
  router_id r1
  script_user root
  enable_script_security
}
vrrp_script chk_insecure {
  script "$WW/check.sh"
  interval 1
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  version 3
  advert_int $ADV
  virtual_ipaddress {
    $VIP
  }
  track_script {
    chk_insecure
  }
  notify_master "$WW/notify.sh"
  notify $(notify_script r1)
}
CONF
start_daemon r1
sleep 4   # startup plus three check intervals
for s in check notify; do
  [ -e "$RUN_DIR/ran-$s" ] && fail "insecure $s script ran (marker $RUN_DIR/ran-$s exists)"
done
grep -qF "$WW/check.sh" "$RUN_DIR/daemon-r1.log" || fail "daemon log does not name the refused script $WW/check.sh"
grep -qF "$WW/notify.sh" "$RUN_DIR/daemon-r1.log" || fail "daemon log does not name the refused hook $WW/notify.sh"
log "daemon log: $(grep -F "$WW/" "$RUN_DIR/daemon-r1.log" | head -n 2 | sed 's/^.*: //' | tr '\n' '|')"
# keepalived removes a refused track script from its instances: no FAULT from it.
wait_for 10 is_sole_holder r1 $VIP || fail "insecure scripts refused and logged, but r1 did not become master: the refused weight-0 check must be dropped, not hold it in FAULT (holders: '$(master_of $VIP)', last notify '$(last_state r1 VI_1)')"
wait_for 5 state_is r1 VI_1 MASTER || fail "the secure generic notify did not report MASTER"
[ -e "$RUN_DIR/ran-notify" ] && fail "insecure notify_master hook ran on MASTER"
assert_running r1
pass "insecure check and hook refused and never run; logged; instance MASTER"
