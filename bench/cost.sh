#!/usr/bin/env bash
# Steady-state cost bench, vrrpd vs keepalived: one router master of 200 VRRPv3/IPv4 instances
# at advert_int 0.1 s (2000 adverts/s), the other their backup, on a private namespace LAN
# (tests/netns/lib.sh). Per daemon: CPU over the window (utime+stime from /proc/PID/stat, all
# processes of the daemon), peak RSS (VmHWM), adverts sent/received over the window (from the
# daemons' own SIGUSR2 stats dumps), µs of CPU per advert, and the vrrpd/keepalived ratios.
# Usage: sudo bench/cost.sh [--quick] [--window S] [--instances N] [--vrrpd PATH]
#   --quick: 10 s window (default 30 s). Both routers run the same daemon. Figures only.
set -u
WINDOW=30
COUNT=200
ADVERT=0.1
VRRPD=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) WINDOW=10 ;;
    --window) WINDOW=$2; shift ;;
    --instances) COUNT=$2; shift ;;
    --vrrpd) VRRPD=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$COUNT" -ge 1 ] && [ "$COUNT" -le 250 ] || { echo "--instances must be 1..250" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
: "${VRRPD:=${VRRPD_BIN:-$REPO/build/vrrpd/vrrpd}}"
[ -x "$VRRPD" ] || { echo "vrrpd binary '$VRRPD' not found (--vrrpd PATH)" >&2; exit 2; }
command -v keepalived >/dev/null || { echo "keepalived is not installed" >&2; exit 2; }
export VRRPD_NETNS_TIMEOUT=${VRRPD_NETNS_TIMEOUT:-1200}
TEST_NAME=bench_cost
source "$REPO/tests/netns/lib.sh"
VRRPD_BIN=$VRRPD
netns_setup 2
HZ=$(getconf CLK_TCK)
RESULTS="$RUN_DIR/results.tsv"
: >"$RESULTS"

# many_conf NODE PRIO: COUNT instances, VRID i with VIP 198.51.100.i, no scripts.
many_conf() {
  local i
  {
    echo "global_defs {"
    echo "  router_id $1"
    echo "}"
    for ((i = 1; i <= COUNT; i++)); do
      echo "vrrp_instance VI_$i {"
      echo "  state BACKUP"
      echo "  interface eth0"
      echo "  virtual_router_id $i"
      echo "  priority $2"
      echo "  version 3"
      echo "  advert_int $ADVERT"
      echo "  virtual_ipaddress {"
      echo "    198.51.100.$i"
      echo "  }"
      echo "}"
    done
  } | write_conf "$1" >/dev/null
}
vip_count() { ip -n "$(ns_of "$1")" -4 -o addr show dev eth0 | grep -c ' 198\.51\.100\.' ; }
all_on_r1() { [ "$(vip_count r1)" = "$COUNT" ] && [ "$(vip_count r2)" = 0 ]; }

# cpu_ticks NODE: utime+stime of every process of the node's daemon.
cpu_ticks() {
  local p st sum=0
  for p in $(tree_pids "${DAEMON_PID[$1]}"); do
    read -r st <"/proc/$p/stat" || continue
    st=${st##*) }
    set -- $st   # state ppid ... utime is field 14 of stat, i.e. $12 here
    sum=$((sum + ${12} + ${13}))
  done
  echo "$sum"
}
# hwm NODE: "worker_kB total_kB" VmHWM of the process doing the VRRP work (keepalived: its
# VRRP child; vrrpd: the daemon) and the sum over all its processes.
hwm() {
  local p v worker=0 total=0 bin
  bin=$(daemon_bin "$1")
  for p in $(tree_pids "${DAEMON_PID[$1]}"); do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null)
    [ -n "$v" ] || continue
    total=$((total + v))
    if is_keepalived "$bin"; then [ "$p" != "${DAEMON_PID[$1]}" ] && worker=$v; else [ "$p" = "${DAEMON_PID[$1]}" ] && worker=$v; fi
  done
  echo "$worker $total"
}
# adverts FILE: "sent received" summed over all instances of a stats dump.
adverts() {
  awk '/Advertisements:/ {a = 1; next} a && $1 == "Received:" {r += $2; next}
       a && $1 == "Sent:" {s += $2; a = 0} END {printf "%d %d\n", s, r}' "$1"
}

one_daemon() {
  local daemon=$1 label=$2
  VRRPD_BIN_r1=$daemon; VRRPD_BIN_r2=$daemon
  many_conf r1 200; many_conf r2 100
  start_daemon r2; start_daemon r1
  # Not fatal: a daemon that cannot converge (keepalived 2.2.7 flapping under load) is itself
  # a result; the table flags VIPs left on the backup and adverts sent by it.
  wait_for 60 all_on_r1 || log "NOTE $label: not converged after 60 s (r1 $(vip_count r1), r2 $(vip_count r2) VIPs); measuring anyway"
  sleep 3   # past start-up and the GARP bursts
  stats_dump r1 "$RUN_DIR/$label-r1-0.txt"; stats_dump r2 "$RUN_DIR/$label-r2-0.txt"
  local ts0 c1a c2a ts1 c1b c2b
  ts0=$(now); c1a=$(cpu_ticks r1); c2a=$(cpu_ticks r2)
  sleep "$WINDOW"
  c1b=$(cpu_ticks r1); c2b=$(cpu_ticks r2); ts1=$(now)
  local h1 h2; h1=$(hwm r1); h2=$(hwm r2)
  local tdump1; tdump1=$(now)
  stats_dump r1 "$RUN_DIR/$label-r1-1.txt"; stats_dump r2 "$RUN_DIR/$label-r2-1.txt"
  local anomalies; anomalies=$(vip_count r2)
  local s0 r0 s1 r1x ms0 mr0 ms1 mr1
  read -r s0 r0 < <(adverts "$RUN_DIR/$label-r1-0.txt"); read -r s1 r1x < <(adverts "$RUN_DIR/$label-r1-1.txt")
  read -r ms0 mr0 < <(adverts "$RUN_DIR/$label-r2-0.txt"); read -r ms1 mr1 < <(adverts "$RUN_DIR/$label-r2-1.txt")
  stop_daemon r1 30; stop_daemon r2 30
  # The dumps bracket the CPU window by a little (their own time): scale counts to the window.
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(fsub "$ts1" "$ts0")" \
    "$(fsub "$tdump1" "$ts0")" $((c1b - c1a)) $((c2b - c2a)) $((s1 - s0)) $((mr1 - mr0)) "$h1" "$h2" \
    "$anomalies" $((ms1 - ms0)) "$r1x" >>"$RESULTS"
  log "$label: window done (r1 sent $((s1 - s0)), r2 received $((mr1 - mr0)) between dumps)"
}

one_daemon "$VRRPD" vrrpd
one_daemon keepalived keepalived

echo
echo "Steady-state cost: $COUNT VRRPv3/IPv4 instances at advert_int $ADVERT s, window ${WINDOW} s"
echo "(CPU = utime+stime of all the daemon's processes, CLK_TCK $HZ; adverts from its stats dumps,"
echo " scaled to the window; VmHWM worker = keepalived's VRRP child / vrrpd, all = every process)"
python3 - "$RESULTS" "$HZ" <<'EOF'
import sys
hz = float(sys.argv[2])
rows = {}
print('| daemon     | role   | adverts/s | CPU ms | CPU %  | µs/advert | VmHWM worker kB | VmHWM all kB |')
print('|------------|--------|----------:|-------:|-------:|----------:|----------------:|-------------:|')
for l in open(sys.argv[1]):
    (d, win, span, c1, c2, sent, rcvd, h1, h2, anom, backup_sent, master_rcvd) = l.rstrip('\n').split('\t')
    win, span = float(win), float(span)
    for role, cpu, n, h in (('master', c1, sent, h1), ('backup', c2, rcvd, h2)):
        adverts = float(n) * win / span
        cpu_s = int(cpu) / hz
        us = cpu_s * 1e6 / adverts if adverts else float('nan')
        w, a = h.split()
        rows[(d, role)] = (us, int(w), cpu_s)
        print('| %-10s | %-6s | %9.0f | %6.0f | %5.1f%% | %9.1f | %15s | %12s |' % (
            d, role, adverts / win, cpu_s * 1000, cpu_s / win * 100, us, w, a))
    extra = []
    if anom != '0': extra.append('%s VIPs also on the backup' % anom)
    if backup_sent != '0': extra.append('backup sent %s adverts' % backup_sent)
    if extra: print('  %s: %s' % (d, ', '.join(extra)))
print()
for role in ('master', 'backup'):
    v, k = rows.get(('vrrpd', role)), rows.get(('keepalived', role))
    if v and k:
        print('ratio vrrpd/keepalived (%s): CPU per advert %.2f, VmHWM worker %.2f' % (role, v[0] / k[0], v[1] / k[1]))
EOF
log "raw results: $RESULTS (kept with VRRPD_NETNS_KEEP=1)"
