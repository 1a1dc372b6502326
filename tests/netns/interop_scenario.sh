# Shared keepalived <-> vrrpd role scenario of the test_interop_v{2,3,3_ipv6}_{ka,vrrpd}_master
# scripts (sourced after lib.sh; not a test itself). r1 runs keepalived (VRRPD_BIN_r1, default
# keepalived), r2 runs vrrpd, on one VRID; the master has priority 200, the backup 100.
# One phase: election with one advertiser; kill -9 of the master ->
# backup takes over (adverts + GARP/NA); master restarts and preempts back (old master falls
# silent); SIGTERM of the master -> priority-0 advert, backup takes over. Throughout: no drop
# lines in either log, vrrpd's router error counters stay 0, both receive each other's adverts.

: "${VRRPD_BIN_r1:=keepalived}"

# Benign keepalived lines that the drop pattern below would otherwise match ("lower priority
# advert - discarding" is RFC 5798 §6.4.2 preemption by a backup, not a validation drop).
IO_KA_BENIGN='max_auto_priority|script_security|received lower priority \([0-9]+\) advert from .* - discarding'
# keepalived 2.2.7 logs every advert it rejects; these words cover the messages seen here
# (e.g. "Invalid VRRPv3 checksum") and the families it uses for length/TTL/auth/interval.
IO_KA_DROP='invalid|bad |ignor|mismatch|checksum|discard|drop|wrong|error|unknown'
IO_VD_DROP='dropped advert|checksum|error'

# io_require_pair: r1 must be keepalived and r2 something else (vrrpd), else the run would
# silently test keepalived against itself.
io_require_pair() {
  command -v keepalived >/dev/null 2>&1 || skip "keepalived (reference peer) is not installed"
  node_is_keepalived r1 || fail "interop: r1 must run keepalived (VRRPD_BIN_r1=$(daemon_bin r1))"
  node_is_keepalived r2 && skip "interop: r2 resolves to keepalived; set VRRPD_BIN or build vrrpd"
  return 0
}

# io_check_logs NODE...: no advert was dropped or flagged as an error by any node so far.
io_check_logs() {
  local n bad
  for n in "$@"; do
    if node_is_keepalived "$n"; then
      bad=$(log_grep "$n" "$IO_KA_DROP" | grep -v -i -E "$IO_KA_BENIGN" | head -n 5)
    else
      bad=$(log_grep "$n" "$IO_VD_DROP" | grep -v -i 'SECURITY VIOLATION' | head -n 5)
    fi
    [ -z "$bad" ] || fail "$n ($(basename "$(daemon_bin "$n")")) logged drops/errors: $bad"
  done
}

# io_vrrpd_counters NODE: vrrpd's data dump shows zero router-level errors; prints the stats
# dump's "Received" count of adverts (the instance did process the peer's adverts).
io_vrrpd_counters() {
  local n=$1 d="$RUN_DIR/data-$1.txt" s="$RUN_DIR/stats-$1.txt" k v
  data_dump "$n" "$d"
  for k in "Checksum errors" "Version errors" "VRID errors" "Packet length errors"; do
    v=$(data_field "$d" "$k")
    [ "$v" = 0 ] || fail "$n data dump: '$k = ${v:-missing}' (expected 0)"
  done
  stats_dump "$n" "$s"
  io_stats_errors "$n" "$s"
}

# io_keepalived_counters NODE: the same from keepalived's stats dump (per-instance errors).
io_keepalived_counters() {
  local s="$RUN_DIR/stats-$1.txt"
  stats_dump "$1" "$s"
  io_stats_errors "$1" "$s"
}

# io_stats_errors NODE FILE: every error line of a keepalived-format stats dump is 0; prints
# the number of adverts received.
io_stats_errors() {
  local bad
  bad=$(awk '/Packet Errors:|Authentication Errors:/ {e=1; next} /Priority Zero:/ {e=0}
             e && $NF != "0" {print}' "$2")
  [ -z "$bad" ] || fail "$1 stats dump shows errors: $bad"
  awk '/Advertisements:/ {a=1; next} a && $1 == "Received:" {print $2; exit}' "$2"
}

io_counters() { if node_is_keepalived "$1"; then io_keepalived_counters "$1"; else io_vrrpd_counters "$1"; fi; }

# io_announced NODE FAMILY VIP AFTER: a GARP (IPv4) or unsolicited NA with Override (IPv6) for VIP from
# NODE's MAC after epoch AFTER.
io_announced() {
  if [ "$2" = 6 ]; then
    cap_has "kind==\"na\" && addrs==\"$3\" && smac==\"$(mac_of "$1")\" && ver ~ /O/ && t>=$4"
  else
    cap_has "kind==\"arp\" && src==\"$3\" && dst==\"$3\" && smac==\"$(mac_of "$1")\" && t>=$4"
  fi
}

# io_phase MASTER BACKUP VERSION FAMILY VIP ADVERT: one full phase (see the file header).
io_phase() {
  local m=$1 b=$2 ver=$3 fam=$4 vip=$5 adv=$6
  local mname bname; mname=$(basename "$(daemon_bin "$m")"); bname=$(basename "$(daemon_bin "$b")")
  local margin; margin=$(fmax 1.5 "$(fmul 2 "$adv")")   # generous: two intervals, >= 1.5 s
  local g="enable_script_security"
  gen_conf "$m" prio=200 version="$ver" advert="$adv" vips="$vip" globals="$g" >/dev/null
  gen_conf "$b" prio=100 version="$ver" advert="$adv" vips="$vip" globals="$g" >/dev/null
  log "phase: $m ($mname) master, $b ($bname) backup, v$ver IPv$fam, advert_int $adv"
  start_daemon "$b"; start_daemon "$m"
  local bound; bound=$(awk -v a="$adv" 'BEGIN{printf "%.0f", 10 + 8*a}')
  wait_for "$bound" is_sole_holder "$m" "$vip" || fail "$m ($mname) did not become sole master (holders: '$(master_of "$vip")')"
  wait_for 5 state_is "$b" VI_1 BACKUP || fail "$b notify state is '$(last_state "$b" VI_1)', expected BACKUP"
  local t_stable; t_stable=$(now)
  sleep "$(fmax 1.5 "$(fmul 2.2 "$adv")")"
  cap_sync
  local msrc bsrc; msrc=$(vrrp_src "$m" "$fam"); bsrc=$(vrrp_src "$b" "$fam")
  local n; n=$(cap_count "kind==\"vrrp\" && src==\"$msrc\" && ver==$ver && vrid==51 && prio==200 && csum==\"ok\" && t>=$t_stable")
  [ "$n" -ge 2 ] || fail "expected steady adverts from master $m, got $n"
  cap_has "kind==\"vrrp\" && src==\"$bsrc\" && t>=$t_stable" && fail "backup $b ($bname) advertised while $m is master"
  is_sole_holder "$m" "$vip" || fail "VIP holders '$(master_of "$vip")' during steady state"
  # Both sides processed the other's adverts without a single error (before any restart).
  local rcvd; rcvd=$(io_counters "$b"); [ "${rcvd:-0}" -ge 2 ] || fail "$b received only '${rcvd}' adverts from $m"
  io_counters "$m" >/dev/null
  io_check_logs "$m" "$b"

  # 1. kill -9 of the master: the backup takes over (the crashed one keeps its stale VIP).
  crash_daemon "$m"; local t_kill; t_kill=$(now)
  wait_for 15 has_vip "$b" "$vip" || fail "$b ($bname) did not take over after kill -9 of $m"
  wait_for 5 state_is "$b" VI_1 MASTER || fail "$b notify did not report MASTER"
  log "$b ($bname) holds $vip $(fsub "$(now)" "$t_kill") s after kill -9 of $m ($mname)"
  cap_sync
  cap_has "kind==\"vrrp\" && src==\"$msrc\" && prio==0 && t>=$t_stable" && fail "a SIGKILLed $m sent a priority-0 advert"
  local tb; tb=$(cap_first_time "kind==\"vrrp\" && src==\"$bsrc\" && prio==100 && csum==\"ok\" && t>=$t_kill")
  [ -n "$tb" ] || fail "no advert from $b after the kill"
  io_announced "$b" "$fam" "$vip" "$t_kill" || fail "no GARP/NA for $vip from $b after takeover"

  # 2. The master returns and preempts; the old master stops advertising right away.
  local t_back; t_back=$(now)
  start_daemon "$m"
  wait_for "$bound" is_sole_holder "$m" "$vip" || fail "$m ($mname) did not preempt back (holders: '$(master_of "$vip")')"
  wait_for 5 state_is "$b" VI_1 BACKUP || fail "$b did not return to BACKUP after $m preempted"
  log "$m ($mname) preempted back $(fsub "$(now)" "$t_back") s after restart"
  sleep "$margin"; cap_sync
  local tm; tm=$(cap_first_time "kind==\"vrrp\" && src==\"$msrc\" && prio==200 && t>=$t_back")
  [ -n "$tm" ] || fail "no advert from $m after its restart"
  local late; late=$(cap_query "kind==\"vrrp\" && src==\"$bsrc\" && t>$tm + $margin" | head -n 2)
  [ -z "$late" ] || fail "$b kept advertising more than ${margin} s after $m preempted: $late"
  io_announced "$m" "$fam" "$vip" "$t_back" || fail "no GARP/NA from $m after preempting"
  io_counters "$b" >/dev/null; io_counters "$m" >/dev/null
  io_check_logs "$m" "$b"

  # 3. SIGTERM of the master: priority 0, VIP released, the backup takes over (skew time).
  local t_term; t_term=$(now)
  stop_daemon "$m"
  no_vip "$m" "$vip" || fail "$m ($mname) kept $vip after SIGTERM"
  wait_for 10 is_sole_holder "$b" "$vip" || fail "$b did not take over after SIGTERM of $m (holders: '$(master_of "$vip")')"
  log "$b ($bname) sole holder $(fsub "$(now)" "$t_term") s after SIGTERM of $m ($mname)"
  cap_sync
  local tz; tz=$(cap_first_time "kind==\"vrrp\" && src==\"$msrc\" && prio==0 && t>=$t_term")
  [ -n "$tz" ] || fail "no priority-0 advert from $m ($mname) on SIGTERM"
  local t2; t2=$(cap_first_time "kind==\"vrrp\" && src==\"$bsrc\" && prio==100 && t>=$tz")
  [ -n "$t2" ] || fail "no advert from $b after the priority-0 advert"
  log "capture: priority 0 from $m -> first advert of $b: $(fsub "$t2" "$tz") s (figures only)"
  io_announced "$b" "$fam" "$vip" "$tz" || fail "no GARP/NA from $b after the SIGTERM takeover"
  io_counters "$b" >/dev/null
  io_check_logs "$m" "$b"
  stop_daemon "$b"
  no_vip "$b" "$vip" || fail "$b kept $vip after SIGTERM"
}

# io_run VERSION FAMILY VIP ADVERT ROLE: one phase on a fresh 2-router LAN; ROLE ka_master
# (keepalived r1 master, vrrpd r2 backup) or vrrpd_master (the reverse). One phase per script
# keeps each test well under a minute even at advert_int 1 s (v2).
io_run() {
  local role=$5
  netns_setup 2
  io_require_pair
  capture_start
  case $role in
    ka_master) io_phase r1 r2 "$1" "$2" "$3" "$4" ;;
    vrrpd_master) io_phase r2 r1 "$1" "$2" "$3" "$4" ;;
    *) fail "io_run: unknown role '$role'" ;;
  esac
  local wrong
  wrong=$(cap_query "kind==\"vrrp\" && (ver!=$1 || csum!=\"ok\" || ttl!=255)" | head -n 2)
  [ -z "$wrong" ] || fail "adverts with wrong version/checksum/TTL on the wire: $wrong"
  pass "keepalived <-> vrrpd v$1 IPv$2 ($role): election, kill -9, preempt, SIGTERM, no drops"
}
