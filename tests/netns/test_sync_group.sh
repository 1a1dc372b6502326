#!/usr/bin/env bash
# Sync group, from examples/sync-group-notify.conf (paths substituted): VI_WEB and VI_DB on r1
# (150) and r2 (100). Failing r1's weight-0 health check (VI_WEB only) moves BOTH VIPs to r2;
# clearing it brings both back. The group's notify fires exactly once per group transition
# (instance notifies still fire for each member), and the FIFO carries the GROUP lines.
source "$(dirname "$0")/lib.sh"
EXAMPLE="$NETNS_REPO_DIR/examples/sync-group-notify.conf"
[ -f "$EXAMPLE" ] || { echo "FAIL: $EXAMPLE missing" >&2; exit 1; }
netns_setup 2
V1=192.0.2.61; V2=192.0.2.62
mkdir -m 755 "$RUN_DIR/scripts"
install -m 755 "$NETNS_REPO_DIR/examples/scripts/notify-log.sh" "$RUN_DIR/scripts/"

# node_conf NODE PRIO: the example for NODE; every substitution must apply.
node_conf() {
  local n=$1 prio=$2 f
  f=$(conf_path "$n"); : >"$RUN_DIR/notify-$n.log"
  sed -e "s/router_id node1/router_id $n/" -e "s/^\( *priority\) 150/\1 $prio/" \
      -e "s#/run/keepalived/maintenance#$RUN_DIR/$n.maintenance#" \
      -e "s#\"/usr/bin/logger -t keepalived-notify\"#\"$RUN_DIR/scripts/notify-log.sh $RUN_DIR/notify-$n.log\"#" \
      -e "s#/run/keepalived/notify.fifo#$RUN_DIR/$n.fifo#" \
      -e "s/^\( *advert_int\) 1\$/\1 $ADV/" "$EXAMPLE" >"$f"
  [ "$(grep -c "notify-log.sh $RUN_DIR/notify-$n.log" "$f")" = 3 ] || fail "example: expected 3 notify lines (group + 2 instances)"
  [ "$(grep -c "^ *advert_int $ADV$" "$f")" = 2 ] && [ "$(grep -c "^ *priority $prio$" "$f")" = 2 ] \
    || fail "example: advert_int/priority substitution did not apply to both instances"
  grep -q "test ! -e $RUN_DIR/$n.maintenance" "$f" && grep -q "notify_fifo $RUN_DIR/$n.fifo" "$f" \
    && grep -q "router_id $n" "$f" || fail "example: health check / FIFO / router_id substitution failed"
}
node_conf r1 150
node_conf r2 100
fifo_reader_start "$RUN_DIR/r1.fifo" "$RUN_DIR/fifo-r1.txt"
# r1 first: it must hold both VIPs before r2 exists, so r2 never is master at startup.
start_daemon r1

both_on() { is_sole_holder "$1" $V1 && is_sole_holder "$1" $V2; }
group_seq() { awk '$2 == "GROUP" {print $3, $4, $5}' "$RUN_DIR/notify-$1.log" | paste -sd, -; }
group_count() { awk -v s="$2" '$2 == "GROUP" && $4 == s {c++} END{print c+0}' "$RUN_DIR/notify-$1.log"; }

wait_for 15 both_on r1 || fail "r1 did not become master of both VIPs (holders: $V1 '$(master_of $V1)', $V2 '$(master_of $V2)')"
wait_for 5 eval '[ "$(group_count r1 MASTER)" = 1 ]' || fail "r1 group MASTER notify missing"
start_daemon r2
wait_for 5 eval '[ "$(group_count r2 BACKUP)" = 1 ]' || fail "r2 group BACKUP notify missing"
sleep 1
both_on r1 || fail "r1 lost a VIP when r2 started"
log "r1 holds both VIPs, r2 backup"

t=$(now)
touch "$RUN_DIR/r1.maintenance"
log "r1 health check now failing (maintenance flag)"
wait_for 10 state_is r1 VI_WEB FAULT || fail "r1 VI_WEB not FAULT (last '$(last_state r1 VI_WEB)')"
wait_for 5 state_is r1 VI_DB FAULT || fail "r1 VI_DB (healthy member) not forced to FAULT by the sync group (last '$(last_state r1 VI_DB)')"
wait_for 10 both_on r2 || fail "both VIPs did not move to r2 (holders: $V1 '$(master_of $V1)', $V2 '$(master_of $V2)')"
log "both VIPs on r2 $(fsub "$(now)" "$t") s after the check started failing"
sleep 1.5
both_on r2 || fail "VIPs left r2 while r1's check still fails"
no_vip r1 $V1 && no_vip r1 $V2 || fail "r1 holds a VIP in FAULT"

t=$(now)
rm -f "$RUN_DIR/r1.maintenance"
wait_for 15 both_on r1 || fail "both VIPs did not return to r1 (holders: $V1 '$(master_of $V1)', $V2 '$(master_of $V2)')"
log "both VIPs back on r1 $(fsub "$(now)" "$t") s after the check recovered"
sleep 1.5
# r2 (backup) first, so it never takes over again before its own STOP.
stop_daemon r2
stop_daemon r1
wait_pid_exit "$FIFO_READER_PID" 5 || log "note: FIFO reader still running"
sleep 0.3

s1=$(group_seq r1); s2=$(group_seq r2)
log "r1 group notifies: $s1"
log "r2 group notifies: $s2"
# Once per group transition: never the same group state twice in a row.
for n in r1 r2; do
  dup=$(awk '$2 == "GROUP" {if ($4 == p) print "repeated " $4; p = $4}' "$RUN_DIR/notify-$n.log")
  [ -z "$dup" ] || fail "$n group notify fired twice for one transition: $dup"
done
exp1="SG_FRONT BACKUP 0,SG_FRONT MASTER 0,SG_FRONT FAULT 0,SG_FRONT BACKUP 0,SG_FRONT MASTER 0,SG_FRONT STOP 0"
exp2="SG_FRONT BACKUP 0,SG_FRONT MASTER 0,SG_FRONT BACKUP 0,SG_FRONT STOP 0"
[ "$s1" = "$exp1" ] || fail "r1 group notifies: expected '$exp1', got '$s1'"
[ "$s2" = "$exp2" ] || fail "r2 group notifies: expected '$exp2', got '$s2'"
# Both members notified each of their own transitions too.
for i in VI_WEB VI_DB; do
  [ "$(count_state r1 "$i" FAULT)" = 1 ] && [ "$(count_state r1 "$i" MASTER)" = 2 ] \
    || fail "r1 $i: expected 1 FAULT and 2 MASTER instance notifies"
done
gf=$(grep -c '^GROUP "SG_FRONT" ' "$RUN_DIR/fifo-r1.txt")
grep -qx 'GROUP "SG_FRONT" FAULT 0' "$RUN_DIR/fifo-r1.txt" && grep -qx 'INSTANCE "VI_DB" FAULT 150' "$RUN_DIR/fifo-r1.txt" \
  || fail "FIFO lacks the group/member FAULT lines: $(tr '\n' '|' <"$RUN_DIR/fifo-r1.txt")"
[ "$gf" = 6 ] || fail "expected 6 GROUP lines in r1's FIFO, got $gf"
pass "both VIPs fail over together; one group notify per group transition"
