#!/usr/bin/env bash
# Interop, the VRRPv3/IPv4 checksum split (RFC 9568 §5.2.8): keepalived 2.2.7 sends and accepts
# only the pseudo-header form. r2 (vrrpd, priority 200) sends the message-only form
# (`v3_checksum_as_v2`), r1 (keepalived, 100) and r3 (vrrpd, default form, 50) listen:
# - keepalived drops r2's adverts (checksum log line), so it elects itself: two masters;
# - vrrpd accepts both forms, each with a logged note: r2 hears keepalived's pseudo-header
#   form, r3 hears r2's message-only form and stays a silent backup; no checksum errors.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/interop_scenario.sh"
netns_setup 3
io_require_pair
node_is_keepalived r3 && skip "interop: r3 resolves to keepalived; set VRRPD_BIN or build vrrpd"
VIP=192.0.2.100
g="enable_script_security"
gen_conf r1 prio=100 advert=$ADV vips=$VIP globals="$g" >/dev/null
gen_conf r2 prio=200 advert=$ADV vips=$VIP globals="$g;v3_checksum_as_v2" >/dev/null
gen_conf r3 prio=50 advert=$ADV vips=$VIP globals="$g" >/dev/null
capture_start
start_daemon r1; start_daemon r3; start_daemon r2
wait_for 15 has_vip r2 $VIP || fail "r2 (vrrpd, priority 200) did not become master"
# keepalived never hears a valid advert: it runs its own Master_Down_Interval and takes over.
wait_for 15 has_vip r1 $VIP || fail "keepalived did not elect itself: did it accept the message-only form?"
sleep "$(fmax 1 "$(fmul 4 "$ADV")")"
cap_sync
r1ip=$(ip4_of r1); r2ip=$(ip4_of r2); r3ip=$(ip4_of r3)
[ "$(master_of $VIP)" = "r1 r2" ] || fail "holders '$(master_of $VIP)', expected r1 and r2 (dual master)"
state_is r1 VI_1 MASTER || fail "keepalived notify state '$(last_state r1 VI_1)', expected MASTER"
state_is r3 VI_1 BACKUP || fail "r3 notify state '$(last_state r3 VI_1)', expected BACKUP"

# The wire: r2's adverts fail the pseudo-header check (the decoder's form), keepalived's pass.
n_m=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && prio==200 && csum==\"bad\"")
n_p=$(cap_count "kind==\"vrrp\" && src==\"$r2ip\" && csum==\"ok\"")
[ "$n_m" -ge 3 ] && [ "$n_p" = 0 ] || fail "r2 sent $n_m message-only and $n_p pseudo-header adverts"
cap_count "kind==\"vrrp\" && src==\"$r1ip\" && prio==100 && csum==\"ok\"" | grep -qv '^0$' || fail "no pseudo-header adverts from keepalived"
cap_has "kind==\"vrrp\" && src==\"$r3ip\"" && fail "r3 (priority 50) advertised: it lost r2's message-only adverts"

# keepalived: one log line per dropped advert ("(VI_1) Invalid VRRPv3 checksum" in 2.2.7).
ka=$(log_grep r1 "checksum" | wc -l)
[ "$ka" -ge 2 ] || fail "keepalived logged no checksum drops for r2's adverts"
log "keepalived: $(log_grep r1 checksum | tail -n 1 | cut -d: -f4-) (x$ka)"

# vrrpd: accepted with a note, no error counted, no drop logged.
note="checksum verified only in the other v3 form"
log_grep r2 "advert from $r1ip: $note" >/dev/null || fail "r2 logged no note for keepalived's pseudo-header form"
log_grep r3 "advert from $r2ip: $note" >/dev/null || fail "r3 logged no note for r2's message-only form"
log "r2: $(log_grep r2 "$note" | head -n 1 | cut -d: -f4-)"
log "r3: $(log_grep r3 "$note" | head -n 1 | cut -d: -f4-)"
rcvd=$(io_vrrpd_counters r3)
[ "${rcvd:-0}" -ge 3 ] || fail "r3 accepted only '$rcvd' adverts"
io_vrrpd_counters r2 >/dev/null
for n in r2 r3; do
  bad=$(log_grep "$n" 'dropped advert' | head -n 2)
  [ -z "$bad" ] || fail "$n dropped adverts: $bad"
done
pass "keepalived 2.2.7 drops the message-only form (dual master); vrrpd accepts both forms with a note"
