#!/usr/bin/env bash
# Partitions: nftables inside the routers' namespaces drops VRRP between the master and the
# others, then heals. During the cut two masters are expected (each side elects one); after
# the heal exactly one master within one advert interval + Skew_Time (+ a generous margin),
# the VIP on exactly one host (sampled), and the surviving master re-announces (GARP).
# The heal is staged: the surviving master's side first (it then hears the other master's
# lower-priority adverts and re-announces, RFC 9568 §6.4.3 + keepalived's garp_lower_prio),
# two advert intervals later the rest. With a simultaneous heal the loser may yield before it
# ever sends, and then nothing obliges the winner to re-announce.
# Cases: multicast and unicast, preempt and nopreempt, equal and different priorities, two and
# three routers (8 combinations; VRRPD_PARTITION_CASES="1 4" runs a subset).
source "$(dirname "$0")/lib.sh"
netns_setup 3
MARGIN=${VRRPD_PARTITION_MARGIN:-1.0}
CASES=${VRRPD_PARTITION_CASES:-1 2 3 4 5 6 7 8}
SUMMARY=()

# case_spec N: "mode preempt prio1 prio2 [prio3]"
case_spec() {
  case $1 in
    1) echo "mcast preempt 200 100" ;;
    2) echo "mcast nopreempt 200 100" ;;
    3) echo "mcast preempt 100 100" ;;
    4) echo "mcast preempt 200 150 100" ;;
    5) echo "mcast nopreempt 100 100 100" ;;
    6) echo "ucast preempt 200 100" ;;
    7) echo "ucast nopreempt 200 150 100" ;;
    8) echo "ucast preempt 100 100 100" ;;
    *) fail "unknown case $1" ;;
  esac
}

# best NODE...: the election winner among NODEs (highest priority, then highest address).
best() {
  local n w="" wp=-1 p
  for n in "$@"; do
    p=${PRIO[$n]}
    if [ "$p" -gt "$wp" ] || { [ "$p" -eq "$wp" ] && [ "${NODE_INDEX[$n]}" -gt "${NODE_INDEX[$w]}" ]; }; then
      w=$n; wp=$p
    fi
  done
  echo "$w"
}
in_order() { local n out=""; for n in "${NODES[@]}"; do [[ " $* " == *" $n "* ]] && out+="$n "; done; echo "${out% }"; }
one_holder() { local h; h=$(master_of "$1"); [ -n "$h" ] && [ "${h// /}" = "$h" ]; }
# two_holders_with VIP NODE: exactly two holders, NODE one of them.
two_holders_with() { local h; h=" $(master_of "$1") "; [ "$(wc -w <<<"$h")" = 2 ] && [[ $h == *" $2 "* ]]; }
# dq CASE 'AWK-CONDITION': matching frames of the case's decoded capture, counted (cap_count's fields).
dq() {
  awk -F'\t' '{t=$1; kind=$2; smac=$3; src=$4; dst=$5; ver=$6; vrid=$7; prio=$8}
     ('"$2"') {c++} END{print c+0}' "$RUN_DIR/decoded-$1"
}
min_prio() { local n m=256; for n in "$@"; do [ "${PRIO[$n]}" -lt "$m" ] && m=${PRIO[$n]}; done; echo "$m"; }

declare -A PRIO=()
run_case() {
  local idx=$1 mode preempt
  # shellcheck disable=SC2046  # the spec is a word list
  set -- $(case_spec "$idx")
  mode=$1 preempt=$2; shift 2
  local -a set=() prios=("$@")
  local i n
  for ((i = 0; i < ${#prios[@]}; i++)); do set+=("r$((i + 1))"); PRIO["r$((i + 1))"]=${prios[$i]}; done
  local vrid=$((60 + idx)) vip="192.0.2.$((120 + idx))"
  local title="case $idx: $mode $preempt ${#set[@]} routers prio ${prios[*]}"
  log "--- $title (VRID $vrid, VIP $vip)"
  for n in "${set[@]}"; do
    local extra="" p
    [ "$preempt" = nopreempt ] && extra="nopreempt"
    if [ "$mode" = ucast ]; then
      extra+="${extra:+;}unicast_src_ip $(ip4_of "$n");unicast_peer {"
      for p in "${set[@]}"; do [ "$p" = "$n" ] || extra+=";  $(ip4_of "$p")"; done
      extra+=";}"
    fi
    gen_conf "$n" vrid=$vrid prio="${PRIO[$n]}" vips=$vip extra="$extra" >/dev/null
    start_daemon "$n"
  done
  # Equal priorities: whoever times out first stays master (a backup does not preempt an equal
  # priority, RFC 9568 §6.4.2), so the initial master is taken from the VIP, not predicted.
  wait_for 10 one_holder $vip || fail "$title: no single master (holders '$(master_of $vip)')"
  sleep_s "$(fmul 3 "$ADV")"
  local m; m=$(master_of $vip)
  one_holder $vip || fail "$title: initial election unstable (holders '$(master_of $vip)')"

  # Cut: the master hears none of the others, none of them hears the master.
  local -a others=()
  for n in "${set[@]}"; do [ "$n" = "$m" ] || others+=("$n"); done
  nft_cut "$m" "${others[@]}"
  for n in "${others[@]}"; do nft_cut "$n" "$m"; done
  local t_cut; t_cut=$(now)
  local mdi2; mdi2=$(mdi "$(min_prio "${others[@]}")")
  wait_for "$(fmax 3 "$(fmul 3 "$mdi2")")" two_holders_with $vip "$m" \
    || fail "$title: during the cut expected $m and one other master, holders '$(master_of $vip)'"
  local t_split; t_split=$(now)
  local split; split=$(master_of $vip)
  sleep_s "$ADV"
  [ "$(master_of $vip)" = "$split" ] || fail "$title: split brain not stable ('$split' then '$(master_of $vip)')"
  local w2=${split/$m/}; w2=${w2// /}
  # RFC 9568 §6.4.3: of two masters, the higher priority, then the higher address, survives.
  local sv lo; sv=$(best "$m" "$w2"); lo=$([ "$sv" = "$m" ] && echo "$w2" || echo "$m")

  # Staged heal: the survivor's side, then the rest.
  nft_heal "$sv"
  local t_h1; t_h1=$(now)
  sleep_s "$(fmul 2 "$ADV")"
  sleep_s 0.1
  for n in "${set[@]}"; do [ "$n" = "$sv" ] || nft_heal "$n"; done
  local t_h2; t_h2=$(now)
  local skew bound
  skew=$(awk -v a="$ADV" -v p="${PRIO[$lo]}" 'BEGIN{printf "%.3f", (256-p)*a/256}')
  bound=$(awk -v a="$ADV" -v s="$skew" -v m="$MARGIN" 'BEGIN{printf "%.3f", a+s+m}')
  m=$sv; w2=$lo
  wait_for "$bound" is_sole_holder "$m" $vip || fail "$title: no single master $m within $bound s of the heal (holders '$(master_of $vip)')"
  local t_one; t_one=$(now)
  local conv; conv=$(fsub "$t_one" "$t_h2")
  sample_holders 1 $vip "$RUN_DIR/holders-$idx"
  awk -v m="$m" '$2 != m {bad++} END{exit bad > 0}' "$RUN_DIR/holders-$idx" \
    || fail "$title: VIP not solely on $m after the heal: $(awk -v m="$m" '$2 != m' "$RUN_DIR/holders-$idx" | head -3)"
  cap_sync
  python3 "$PCAP_TOOL" "$CAPTURE_FILE" >"$RUN_DIR/decoded-$idx"   # decode once, query often
  local mmac; mmac=$(mac_of "$m")
  local garps; garps=$(dq $idx "kind==\"arp\" && src==\"$vip\" && smac==\"$mmac\" && t>=$t_h1")
  [ "$garps" -ge 1 ] || fail "$title: $m sent no GARP for $vip after the heal"
  local stray; stray=$(dq $idx "kind==\"arp\" && src==\"$vip\" && smac!=\"$mmac\" && t>=$t_one + 0.1")
  [ "$stray" = 0 ] || fail "$title: $stray GARPs for $vip from another MAC after the single master settled"
  local lower; lower=$(dq $idx "kind==\"vrrp\" && vrid==$vrid && src==\"$(ip4_of "$w2")\" && prio>0 && t>=$t_one + 0.1")
  [ "$lower" = 0 ] || fail "$title: $w2 still advertised ($lower adverts) after yielding"
  for n in "${set[@]}"; do state_is "$n" VI_1 "$([ "$n" = "$m" ] && echo MASTER || echo BACKUP)" \
    || fail "$title: $n notify state $(last_state "$n" VI_1)"; done
  local line
  line="$title: split ($split) after $(fsub "$t_split" "$t_cut") s; one master ($m) $conv s after the heal (bound $bound s); $garps GARPs from $m after the heal"
  log "$line"
  SUMMARY+=("$line")
  for n in "${set[@]}"; do stop_daemon "$n"; done
  for n in "${set[@]}"; do : >"$RUN_DIR/notify-$n.log"; done
}

capture_start
for c in $CASES; do run_case "$c"; done
printf '  %s\n' "${SUMMARY[@]}"
pass "${#SUMMARY[@]} partition cases: split brain during the cut, one master and a GARP after the heal"
