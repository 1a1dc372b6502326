#!/usr/bin/env bash
# Hostile packets at a master (r1) and a backup (r2) at once (multicast to 224.0.0.18), sent
# by tests/netns/inject.py from r3, which runs no daemon. Invalid packets must leave the state
# alone, be counted by reason, not disturb the master's advert timing and, as a flood, write a
# bounded number of log lines. Last, a *valid* higher-priority advert with a forged source:
# the master yields (RFC 9568 §6.4.3, expected protocol behaviour) and takes over again after
# its Master_Down_Interval because the forger falls silent.
source "$(dirname "$0")/lib.sh"
netns_setup 3
HADV=${VRRPD_HOSTILE_ADVERT:-0.5}         # v3 advert_int of VI_1 (gap bound: 2x this)
FLOOD_S=${VRRPD_HOSTILE_FLOOD_S:-3}       # flood length (the full 10 s run: VRRPD_HOSTILE_FLOOD_S=10)
FLOOD_PPS=${VRRPD_HOSTILE_FLOOD_PPS:-10000}
STRICT=${VRRPD_HOSTILE_STRICT:-0}         # 1: also require router-wide checksum/version counters
VIP1=192.0.2.100 VIP2=192.0.2.101 VIP3=192.0.2.102 PASSWD=secret1
ADV_CS=$(awk -v a="$HADV" 'BEGIN{printf "%d", a*100 + 0.5}')
INJ="$NETNS_LIB_DIR/inject.py"
R3IP=$(ip4_of r3)

for spec in r1:200 r2:100; do
  n=${spec%%:*}; p=${spec##*:}
  write_conf "$n" >/dev/null <<EOF
global_defs {
  router_id $n
  script_user root
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $p
  version 3
  advert_int $HADV
  virtual_ipaddress {
    $VIP1
  }
  notify $(notify_script "$n")
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority $p
  version 2
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass $PASSWD
  }
  virtual_ipaddress {
    $VIP2
  }
  notify $(notify_script "$n")
}
vrrp_instance VI_3 {
  state BACKUP
  interface eth0
  virtual_router_id 53
  priority $p
  version 3
  advert_int $HADV
  virtual_ipaddress {
    $VIP3
  }
  notify $(notify_script "$n")
}
EOF
done
# The injector's frames stay out of the capture (a flood would swamp the decoder).
capture_start_filter "not ether src 02:00:5e:10:00:99 and (ip proto 112 or arp)"
start_daemon r1; start_daemon r2
wait_for 15 is_sole_holder r1 $VIP1 || fail "r1 did not become master of VI_1 (holders: '$(master_of $VIP1)')"
wait_for 15 is_sole_holder r1 $VIP2 || fail "r1 did not become master of VI_2 (holders: '$(master_of $VIP2)')"
wait_for 15 is_sole_holder r1 $VIP3 || fail "r1 did not become master of VI_3 (holders: '$(master_of $VIP3)')"
wait_for 10 state_is r2 VI_1 BACKUP || fail "r2 is not BACKUP for VI_1"
sleep 1
T_START=$(now)

inject() {  # inject KIND [inject.py options]: from r3, prints the number sent
  ip netns exec "$(ns_of r3)" python3 "$INJ" eth0 "$@" | awk '/^sent/{print $2}'
}
snap() {   # snap TAG [data]: stats (USR2) dumps of r1 and r2, and their data (USR1) dumps
  local n
  for n in r1 r2; do
    stats_dump "$n" "$RUN_DIR/stats-$n.$1"
    [ "${2:-}" != data ] || data_dump "$n" "$RUN_DIR/data-$n.$1"
  done
}
sdelta() {  # sdelta NODE INST SECTION FIELD PRE POST
  local a b
  a=$(stats_field "$RUN_DIR/stats-$1.$5" "$2" "$3" "$4"); b=$(stats_field "$RUN_DIR/stats-$1.$6" "$2" "$3" "$4")
  [ -n "$a" ] && [ -n "$b" ] || fail "stats field '$3/$4' of $2 missing in $1's dump"
  echo $((b - a))
}
ddelta() {  # ddelta NODE NAME PRE POST
  local a b
  a=$(data_field "$RUN_DIR/data-$1.$3" "$2"); b=$(data_field "$RUN_DIR/data-$1.$4" "$2")
  [ -n "$a" ] && [ -n "$b" ] || fail "data field '$2' missing in $1's dump"
  echo $((b - a))
}
steady() {  # steady WHAT: the state did not move (VIPs, notify states)
  is_sole_holder r1 $VIP1 || fail "after $1: VI_1 holders '$(master_of $VIP1)'"
  is_sole_holder r1 $VIP2 || fail "after $1: VI_2 holders '$(master_of $VIP2)'"
  is_sole_holder r1 $VIP3 || fail "after $1: VI_3 holders '$(master_of $VIP3)'"
  local n i
  for n in r1 r2; do
    for i in VI_1 VI_2 VI_3; do
      [ "$(count_state "$n" "$i" BACKUP "$T_START")" = 0 ] && [ "$(count_state "$n" "$i" MASTER "$T_START")" = 0 ] \
        || fail "after $1: $n $i changed state"
    done
  done
}
drop_lines() { grep -c "$2.*dropped advert from $R3IP" "$RUN_DIR/daemon-$1.log"; }
N=5
common=(--src "$R3IP" --vrid 51 --adv "$ADV_CS" --vip "$VIP1")

# --- 1. Checksum/version: keepalived's stats layout has no line; log + control socket ---------
# shellcheck disable=SC2034  # read through ${!pre_var}
ctl0_r1=$(ctl_drops r1 || true)
# shellcheck disable=SC2034
ctl0_r2=$(ctl_drops r2 || true)
snap 0 data
for k in badsum version v2at3; do
  [ "$(inject $k "${common[@]}" --prio 100 --password $PASSWD)" = 1 ] || fail "injector failed ($k)"
done
sleep 0.5
snap 1 data
steady "bad checksum/version"
for n in r1 r2; do
  c=$(grep -c "VI_1.*dropped advert from $R3IP: checksum_errors" "$RUN_DIR/daemon-$n.log")
  v=$(grep -c "VI_1.*dropped advert from $R3IP: version_errors" "$RUN_DIR/daemon-$n.log")
  [ "$c" = 1 ] || fail "$n: expected 1 checksum_errors drop line, got $c"
  [ "$v" = 2 ] || fail "$n: expected 2 version_errors drop lines (v4 nibble, v2 at a v3 VR), got $v"
  rc=$(ddelta "$n" "Checksum errors" 0 1); rv=$(ddelta "$n" "Version errors" 0 1)
  if [ "$rc" != 1 ] || [ "$rv" != 2 ]; then
    msg="$n: router-wide counters in the USR1 dump: Checksum errors +$rc (want 1), Version errors +$rv (want 2)"
    [ "$STRICT" = 1 ] && fail "$msg"
    log "KNOWN GAP: $msg (router-wide counters only count netif-level rejects; see docs/RELIABILITY.md)"
  fi
  # The control socket's "stats" shows every per-VR drop reason (when this vrrpd has it).
  pre_var="ctl0_$n"
  if post=$(ctl_drops "$n") && [ -n "$post" ] && [ -n "${!pre_var}" ]; then
    for rv in checksum_errors:1 version_errors:2; do
      a=$(awk -v r="${rv%%:*}" '$1 == "VI_1" && $2 == r {print $3}' <<<"${!pre_var}")
      b=$(awk -v r="${rv%%:*}" '$1 == "VI_1" && $2 == r {print $3}' <<<"$post")
      [ -n "$a" ] && [ -n "$b" ] || fail "$n: control stats lack VI_1 ${rv%%:*}"
      [ $((b - a)) = "${rv##*:}" ] || fail "$n: control stats VI_1 ${rv%%:*} +$((b - a)), want ${rv##*:}"
    done
    log "$n: control socket stats: VI_1 checksum_errors +1, version_errors +2"
  else
    log "note: no control socket on $n: per-VR checksum/version counters not checked"
  fi
done
log "checksum/version drops: logged with reason on r1 and r2, state unchanged"

# --- 2. Drops counted in the SIGUSR2 stats dump ------------------------------------------
# check_case TAG KIND INST SECTION FIELD [inject options]: N packets, +N on r1 and on r2.
check_case() {
  local tag=$1 kind=$2 inst=$3 sec=$4 fld=$5; shift 5
  snap "$tag.a"
  local sent; sent=$(inject "$kind" --count $N "$@")
  [ "$sent" = $N ] || fail "injector sent '$sent' ($kind)"
  sleep 0.4
  snap "$tag.b"
  steady "$kind"
  local n d
  for n in r1 r2; do
    d=$(sdelta "$n" "$inst" "$sec" "$fld" "$tag.a" "$tag.b")
    [ "$d" = $N ] || fail "$kind: $n $inst '$sec/$fld' grew by $d, want $N"
  done
  log "$kind: +$N '$sec/$fld' on master and backup, state unchanged"
}
check_case ttl ttl254 VI_1 "Packet Errors" TTL "${common[@]}"
check_case type type VI_1 "Packet Errors" "Invalid Type" "${common[@]}"
check_case count count VI_1 "Packet Errors" Length "${common[@]}"
check_case trunc trunc VI_1 "Packet Errors" Length "${common[@]}"
check_case pass v2pass VI_2 "Authentication Errors" Failure --src "$R3IP" --vrid 52 --vip $VIP2 --adv 100 \
  --password wrong --prio 100

# --- 3. Unknown VRID: dropped by the socket's BPF filter, so nothing is counted ----------
snap vrid.a data
[ "$(inject valid --count $N --src "$R3IP" --vrid 77 --adv "$ADV_CS" --prio 250)" = $N ] || fail "injector (vrid)"
sleep 0.4
snap vrid.b data
steady "unknown VRID"
for n in r1 r2; do
  d=$(ddelta "$n" "VRID errors" vrid.a vrid.b)
  [ "$d" = 0 ] || fail "$n: VRID errors +$d; the kernel filter should have dropped VRID 77"
done
log "unknown VRID 77: dropped in the kernel (BPF), VRID errors +0, state unchanged"

# --- 4. Valid adverts with odd sources -----------------------------------------------------
# Off-subnet source, lower priority: RFC 9568 does not require a subnet check; it is received.
snap off.a
inject valid --count $N --src 198.51.100.7 --vrid 51 --adv "$ADV_CS" --vip $VIP1 --prio 50 >/dev/null
sleep 0.4
snap off.b
steady "off-subnet source"
d=$(sdelta r1 VI_1 Advertisements Received off.a off.b)
[ "$d" = $N ] || fail "off-subnet source: r1 received +$d, want $N"
d=$(sdelta r2 VI_1 Advertisements Received off.a off.b)
[ "$d" -ge $N ] || fail "off-subnet source: r2 received +$d, want >= $N"
log "source 198.51.100.7 (off-subnet, prio 50): accepted as a lower-priority advert, no state change"
# r1's own address as source: r1 ignores it silently (not counted); r2 takes it for r1's.
snap self.a
inject valid --count $N --src "$(ip4_of r1)" --vrid 51 --adv "$ADV_CS" --vip $VIP1 --prio 200 >/dev/null
sleep 0.4
snap self.b
steady "own address as source"
d=$(sdelta r1 VI_1 Advertisements Received self.a self.b)
[ "$d" = 0 ] || fail "own address: r1 received +$d, want 0 (ignored as its own)"
d=$(sdelta r2 VI_1 Advertisements Received self.a self.b)
[ "$d" -ge $N ] || fail "own address: r2 received +$d, want >= $N"
log "source = r1's address: ignored by r1 (uncounted), accepted by r2 as r1's advert"

# --- 5. Flood ------------------------------------------------------------------------------
# At VI_3, untouched so far: its drop-log bucket is full (burst 5, then 1 per 10 s).
lines0=$(drop_lines r1 VI_3); lines0b=$(drop_lines r2 VI_3)
snap flood.a
sample_holders "$(awk -v f="$FLOOD_S" 'BEGIN{print f + 0.5}')" $VIP1 "$RUN_DIR/flood-holders" &
sampler=$!
OWN_PIDS+=("$sampler")
t_flood=$(now)
sent=$(inject ttl254 --rate "$FLOOD_PPS" --duration "$FLOOD_S" --src "$R3IP" --vrid 53 --adv "$ADV_CS" --vip "$VIP3")
t_flood_end=$(now)
wait "$sampler"
sleep 0.5
snap flood.b
steady "flood"
awk '$2 != "r1" {bad++} END{exit bad > 0}' "$RUN_DIR/flood-holders" || fail "VIP holder changed during the flood"
rate=$(awk -v s="$sent" -v a="$t_flood" -v b="$t_flood_end" 'BEGIN{printf "%.0f", s/(b-a)}')
lines1=$(( $(drop_lines r1 VI_3) - lines0 )); lines1b=$(( $(drop_lines r2 VI_3) - lines0b ))
bound=$(awk -v f="$FLOOD_S" 'BEGIN{printf "%d", 5 + f/10 + 2}')
for n in r1 r2; do
  d=$(sdelta "$n" VI_3 "Packet Errors" TTL flood.a flood.b)
  [ "$d" -le "$sent" ] || fail "flood: $n counted $d TTL errors for $sent sent"
  # The kernel may drop some when the socket buffer is full; most must be seen and counted.
  [ "$((d * 2))" -ge "$sent" ] || fail "flood: $n counted only $d of $sent"
  log "flood: $n counted $d of $sent TTL-254 packets"
done
[ "$lines1" -le "$bound" ] && [ "$lines1b" -le "$bound" ] || fail "flood wrote $lines1/$lines1b drop lines (bound $bound)"
[ "$lines1" -ge 1 ] && [ "$lines1b" -ge 1 ] || fail "flood wrote no drop line at all (r1 $lines1, r2 $lines1b)"
log "flood: $sent packets in $(fsub "$t_flood_end" "$t_flood") s (~$rate/s); drop log lines r1=$lines1 r2=$lines1b (bound $bound)"

cap_sync
T_FORGE=$(now)
gap=$(cap_query "kind==\"vrrp\" && vrid==51 && smac==\"02:00:5e:10:00:01\" && t>=$T_START && t<$T_FORGE" \
  | awk -F'\t' 'NR > 1 && $1 - p > m {m = $1 - p} {p = $1; n++} END{printf "%.3f %d\n", m, n}')
set -- $gap
limit=$(fmul 2 "$HADV")
[ "$2" -ge 10 ] || fail "only $2 adverts of r1 captured"
flt "$1" "$limit" || fail "r1's max advert gap $1 s >= 2 x advert_int ($limit s)"
log "advert timing: r1 max gap $1 s over $2 adverts (advert_int $HADV s, bound $limit s), flood included"

# --- 6. Forged higher priority (valid VRRP) ------------------------------------------------
inject valid --count 1 --src 192.0.2.99 --vrid 51 --adv "$ADV_CS" --vip $VIP1 --prio 254 >/dev/null
wait_for 3 no_vip r1 $VIP1 || fail "r1 did not yield to the forged priority-254 advert"
t_gone=$(now)
mdi1=$(mdi 200 "$HADV")
wait_for "$(fmul 3 "$mdi1")" is_sole_holder r1 $VIP1 || fail "r1 did not take VI_1 back (holders '$(master_of $VIP1)')"
t_back=$(now)
[ "$(count_state r1 VI_1 BACKUP "$T_FORGE")" -ge 1 ] || fail "r1 did not report BACKUP after the forged advert"
is_sole_holder r1 $VIP2 || fail "VI_2 moved during the forged VI_1 advert"
log "forged prio 254 from 192.0.2.99: r1 yielded (RFC 9568 §6.4.3), VIP back after $(fsub "$t_back" "$t_gone") s (MDI $mdi1 s)"
assert_running r1 r2
pass "hostile packets dropped and counted, state and timing undisturbed, flood logging bounded"
