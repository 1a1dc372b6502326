#!/usr/bin/env bash
# Failover latency bench, vrrpd vs keepalived on the wire: kill -9 of the master (r1, priority
# 200) -> first advert and first GARP of the new master (r2, priority 100), both read from a
# capture on the bridge of a private namespace LAN (tests/netns/lib.sh, scripts/vrrp_pcap.py).
# Usage: sudo bench/failover.sh [--quick] [--trials N] [--intervals "1 0.05"] [--vrrpd PATH]
#   --quick: 5 trials per cell (default 20). VRRPv3/IPv4; both routers run the same daemon.
# Prints a table (median and p99 per daemon and advert_int) and the vrrpd/keepalived ratios.
# Figures only: nothing here asserts timing.
set -u
TRIALS=20
INTERVALS="1 0.05"
VRRPD=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) TRIALS=5 ;;
    --trials) TRIALS=$2; shift ;;
    --intervals) INTERVALS=$2; shift ;;
    --vrrpd) VRRPD=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
REPO=$(cd "$(dirname "$0")/.." && pwd)
: "${VRRPD:=${VRRPD_BIN:-$REPO/build/vrrpd/vrrpd}}"
[ -x "$VRRPD" ] || { echo "vrrpd binary '$VRRPD' not found (--vrrpd PATH)" >&2; exit 2; }
command -v keepalived >/dev/null || { echo "keepalived is not installed" >&2; exit 2; }
export VRRPD_NETNS_TIMEOUT=${VRRPD_NETNS_TIMEOUT:-3000}
TEST_NAME=bench_failover
source "$REPO/tests/netns/lib.sh"
VRRPD_BIN=$VRRPD
netns_setup 2
VIP=192.0.2.100
RESULTS="$RUN_DIR/results.tsv"   # daemon interval trial t_kill t_last_old t_adv t_garp
: >"$RESULTS"

# one_cell DAEMON INTERVAL: TRIALS kill -9 takeovers with both routers running DAEMON.
one_cell() {
  local daemon=$1 adv=$2 label=$3 i
  VRRPD_BIN_r1=$daemon; VRRPD_BIN_r2=$daemon
  gen_conf r1 prio=200 advert="$adv" vips=$VIP globals=enable_script_security >/dev/null
  gen_conf r2 prio=100 advert="$adv" vips=$VIP globals=enable_script_security >/dev/null
  capture_start
  start_daemon r2; start_daemon r1
  local bound; bound=$(awk -v a="$adv" 'BEGIN{printf "%.0f", 10 + 8*a}')
  local steady; steady=$(fmax 0.5 "$(fmul 3 "$adv")")
  local kills="$RUN_DIR/kills-$label-$adv.txt"; : >"$kills"
  for ((i = 1; i <= TRIALS; i++)); do
    wait_for "$bound" is_sole_holder r1 $VIP || fail "$label/$adv trial $i: r1 not sole master ('$(master_of $VIP)')"
    wait_for 5 state_is r2 VI_1 BACKUP || fail "$label/$adv trial $i: r2 not BACKUP"
    # Steady state, then a random phase relative to r1's advert timer.
    sleep "$(awk -v s="$steady" -v a="$adv" -v r=$RANDOM 'BEGIN{printf "%.3f", s + a*r/32768}')"
    local -a tree; mapfile -t tree < <(tree_pids "${DAEMON_PID[r1]}")
    local t_kill; t_kill=$(now)
    kill -KILL "${tree[@]}" 2>/dev/null
    wait_pid_exit "${DAEMON_PID[r1]}" 5 || fail "r1 survived SIGKILL"
    CRASHED_PIDS[r1]="${tree[*]}"; DAEMON_PID[r1]=""
    echo "$i $t_kill" >>"$kills"
    wait_for 15 has_vip r2 $VIP || fail "$label/$adv trial $i: r2 did not take over"
    sleep "$(fmax 0.3 "$adv")"   # let the GARPs and a second advert reach the capture
    start_daemon r1 >/dev/null
    [ $((i % 5)) = 0 ] && log "$label advert_int $adv: $i/$TRIALS trials"
  done
  wait_for "$bound" is_sole_holder r1 $VIP || true
  stop_daemon r1; stop_daemon r2
  sleep 0.3
  capture_stop
  local pcap="$RUN_DIR/$label-$adv.pcap"
  mv "$CAPTURE_FILE" "$pcap"; CAPTURE_FILE=""
  python3 "$PCAP_TOOL" "$pcap" >"$pcap.tsv"
  awk -v d="$label" -v a="$adv" -v r1="$(ip4_of r1)" -v r2="$(ip4_of r2)" -v m2="$(mac_of r2)" -v vip=$VIP \
      -v kf="$kills" -F'\t' '
    BEGIN { while ((getline l < kf) > 0) { split(l, p, " "); n++; tk[n] = p[2] } }
    { t[NR] = $1; kind[NR] = $2; smac[NR] = $3; src[NR] = $4; dst[NR] = $5; prio[NR] = $8 }
    END {
      for (k = 1; k <= n; k++) {
        last = ""; adv = ""; garp = ""
        for (j = 1; j <= NR; j++) {
          if (kind[j] == "vrrp" && src[j] == r1 && t[j] < tk[k]) last = t[j]
          if (t[j] < tk[k]) continue
          if (adv == "" && kind[j] == "vrrp" && src[j] == r2 && prio[j] == 100) adv = t[j]
          if (garp == "" && kind[j] == "arp" && smac[j] == m2 && src[j] == vip && dst[j] == vip) garp = t[j]
        }
        printf "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", d, a, k, tk[k], last, adv, garp
      }
    }' "$pcap.tsv" >>"$RESULTS"
  log "$label advert_int $adv: $TRIALS trials done"
}

for adv in $INTERVALS; do
  one_cell "$VRRPD" "$adv" vrrpd
  one_cell keepalived "$adv" keepalived
done

echo
echo "Failover after kill -9 of the master (VRRPv3/IPv4, priority 200 -> 100, $TRIALS trials per cell;"
echo "times from the kill to the new master's first advert / first GARP on the bridge capture;"
echo "MDI = 3 x advert_int + skew(100); p99 is nearest-rank, i.e. the worst trial below 100 trials)"
python3 - "$RESULTS" <<'EOF'
import math, sys, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
cells = collections.OrderedDict()
for d, a, k, tk, last, adv, garp in rows:
    c = cells.setdefault((d, a), {'adv': [], 'garp': [], 'wire': [], 'miss': 0})
    if adv == '' or garp == '':
        c['miss'] += 1
        continue
    c['adv'].append(float(adv) - float(tk)); c['garp'].append(float(garp) - float(tk))
    if last: c['wire'].append(float(adv) - float(last))
def med(v):
    s = sorted(v); n = len(s)
    return float('nan') if n == 0 else (s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2)
def p99(v):
    s = sorted(v)
    return float('nan') if not s else s[max(0, math.ceil(0.99 * len(s)) - 1)]
print('| daemon     | advert_int |  n | MDI ms | kill->advert median ms | p99 ms | kill->GARP median ms | p99 ms | old master last advert->new first advert, median ms |')
print('|------------|-----------:|---:|-------:|-----------------------:|-------:|---------------------:|-------:|----------------------------------------------------:|')
f = lambda x: '%.1f' % (x * 1000)
for (d, a), c in cells.items():
    mdi = 3 * float(a) + (256 - 100) / 256 * float(a)
    print('| %-10s | %10s | %2d | %6s | %22s | %6s | %20s | %6s | %51s |' % (
        d, a + ' s', len(c['adv']), f(mdi), f(med(c['adv'])), f(p99(c['adv'])),
        f(med(c['garp'])), f(p99(c['garp'])), f(med(c['wire'])))
          + (' (%d trials without advert/GARP)' % c['miss'] if c['miss'] else ''))
print()
for a in dict.fromkeys(a for (_, a) in cells):
    v, k = cells.get(('vrrpd', a)), cells.get(('keepalived', a))
    if v and k and v['adv'] and k['adv']:
        print('ratio vrrpd/keepalived at %s s: advert median %.3f, p99 %.3f; GARP median %.3f, p99 %.3f' % (
            a, med(v['adv']) / med(k['adv']), p99(v['adv']) / p99(k['adv']),
            med(v['garp']) / med(k['garp']), p99(v['garp']) / p99(k['garp'])))
EOF
VRRPD_NETNS_KEEP=${VRRPD_NETNS_KEEP:-0}
log "raw results: $RESULTS (kept with VRRPD_NETNS_KEEP=1)"
