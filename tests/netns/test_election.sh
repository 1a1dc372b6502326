#!/usr/bin/env bash
# Election: three VRRPv3 routers (priorities 100/150/200) on one LAN; the highest priority
# becomes the only master, stays master, and only it advertises.
source "$(dirname "$0")/lib.sh"
netns_setup 3
VIP=192.0.2.100
gen_conf r1 prio=100 advert=$ADV vips=$VIP >/dev/null
gen_conf r2 prio=150 advert=$ADV vips=$VIP >/dev/null
gen_conf r3 prio=200 advert=$ADV vips=$VIP >/dev/null
capture_start
for n in r1 r2 r3; do start_daemon "$n"; done

# Startup: BACKUP for Master_Down_Interval (~0.7 s) first; allow a generous 10 s.
wait_for 10 is_sole_holder r3 $VIP || fail "r3 (priority 200) did not become the sole VIP holder (holders: '$(master_of $VIP)')"
wait_for 5 state_is r3 VI_1 MASTER || fail "r3 notify did not report MASTER"
SAMPLE=$(fmax 2 "$(fmul 4 "$(mdi 100)")")
log "r3 holds $VIP; sampling for $SAMPLE s"
sample_holders "$SAMPLE" $VIP "$RUN_DIR/holders.txt"
bad=$(awk '$2 != "r3" || NF != 2' "$RUN_DIR/holders.txt" | head -n 3)
[ -z "$bad" ] || fail "VIP holder changed while stable: $bad"
for n in r1 r2; do
  state_is "$n" VI_1 BACKUP || fail "$n last notify state is '$(last_state "$n" VI_1)', expected BACKUP"
  [ "$(count_state "$n" VI_1 MASTER)" = 0 ] || log "note: $n was briefly MASTER during start-up"
done

# The capture: steady-state adverts come only from r3, with priority 200, vrid 51, v3, ADV cs.
t_stable=$(awk 'NR==1{print $1}' "$RUN_DIR/holders.txt")
r3ip=$(ip4_of r3)
n_r3=$(cap_count "kind==\"vrrp\" && src==\"$r3ip\" && t>=$t_stable")
want=$(awk -v s="$SAMPLE" -v a="$ADV" 'BEGIN{printf "%d", s/a/2}')
[ "$n_r3" -ge "$want" ] || fail "expected >=$want adverts from r3 in $SAMPLE s at ${ADV}s, saw $n_r3"
others=$(cap_count "kind==\"vrrp\" && src!=\"$r3ip\" && t>=$t_stable")
[ "$others" = 0 ] || fail "$others adverts from non-masters while r3 was stable"
cs=$(awk -v a="$ADV" 'BEGIN{printf "%d", a*100 + 0.5}')
wrong=$(cap_query "kind==\"vrrp\" && src==\"$r3ip\" && (ver!=3 || vrid!=51 || prio!=200 || adv!=$cs || addrs!=\"$VIP\" || ttl!=255 || dst!=\"224.0.0.18\" || csum!=\"ok\")" | head -n 2)
[ -z "$wrong" ] || fail "malformed advert from r3: $wrong"
pass "r3 elected; $n_r3 adverts from r3 in $SAMPLE s, none from r1/r2"
