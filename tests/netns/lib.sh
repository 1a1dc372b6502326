# Shared harness for the network-namespace integration tests: builds a private LAN of
# namespaces, runs VRRP daemons in them, captures on the bridge and cleans up after itself.
# Source it from a test script (bash); see tests/netns/README.md for the conventions.

# ---------------------------------------------------------------------------------------
# Configuration (environment)
#   VRRPD_BIN          daemon under test: a path, or "keepalived" for the reference daemon
#   VRRPD_BIN_<node>   per-node override (e.g. VRRPD_BIN_r2=keepalived) for mixed/interop runs
#   VRRPD_NETNS_KEEP=1 keep the run directory (configs, logs, pcap) after the test
#   VRRPD_NETNS_VERBOSE=1 trace every helper
#   VRRPD_NETNS_ADVERT   VRRPv3 advert_int of the fast tests (default 0.2 s; raise it on a
#                        heavily loaded machine: every bound below scales with it)
#   VRRPD_NETNS_TIMEOUT  watchdog for one test script (default 100 s)
# ---------------------------------------------------------------------------------------

set -u
set -o pipefail

NETNS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETNS_REPO_DIR=$(cd "$NETNS_LIB_DIR/../.." && pwd)
PCAP_TOOL="$NETNS_REPO_DIR/scripts/vrrp_pcap.py"

TEST_NAME=${TEST_NAME:-$(basename "${0%.sh}")}
# Unique per run: pid + random, short enough for interface-free names.
RUN_ID="vt$$-$RANDOM"
RUN_DIR=""
SW_NS="$RUN_ID-sw"
declare -a NODES=()          # node names, e.g. r1 r2 r3
declare -a OWN_PIDS=()       # every process this run started (never anything else)
declare -A DAEMON_PID=()     # node -> daemon pid (current incarnation)
declare -A NODE_INDEX=()     # node -> 1-based index
declare -A CRASHED_PIDS=()   # node -> pids of a SIGKILLed daemon tree (maybe not yet reaped)
declare -A DAEMON_ARGS=()    # node -> extra vrrpd options (word-split), e.g. --metrics-listen
CAPTURE_PID=""
CAPTURE_FILE=""
T0=${EPOCHREALTIME}
ADV=${VRRPD_NETNS_ADVERT:-0.2}

# --------------------------------------------------------------------------- logging ---
log() { printf '[%s %s] %s\n' "$TEST_NAME" "$(elapsed)" "$*"; }
elapsed() { awk -v a="$T0" -v b="${EPOCHREALTIME}" 'BEGIN{printf "%7.3fs", b-a}'; }
now() { printf '%s' "${EPOCHREALTIME}"; }

skip() {
  echo "#############################################################################" >&2
  echo "### SKIP $TEST_NAME: $*" >&2
  echo "#############################################################################" >&2
  exit 77
}

# Prints everything useful for diagnosing a failure, then exits 1.
fail() {
  echo "FAIL [$TEST_NAME]: $*" >&2
  diagnostics >&2
  exit 1
}

pass() {
  local n
  for n in "${!DAEMON_PID[@]}"; do
    [ -z "${DAEMON_PID[$n]}" ] || daemon_alive "$n" || fail "$n daemon (pid ${DAEMON_PID[$n]}) died during the test"
  done
  log "PASS: ${1:-all assertions held}"
  exit 0
}

diagnostics() {
  echo "----- diagnostics ($RUN_ID, run dir $RUN_DIR) -----"
  local n
  for n in "${NODES[@]}"; do
    echo "== $n: addresses"
    ip -n "$(ns_of "$n")" -o addr show 2>/dev/null | grep -v ' lo ' | sed 's/^/   /'
    echo "== $n: notify log"
    sed 's/^/   /' "$RUN_DIR/notify-$n.log" 2>/dev/null | tail -n 20
    echo "== $n: daemon log (tail)"
    tail -n 25 "$RUN_DIR/daemon-$n.log" 2>/dev/null | sed 's/^/   /'
  done
  if [ -n "$CAPTURE_FILE" ] && [ -s "$CAPTURE_FILE" ]; then
    echo "== capture (last 40 decoded frames)"
    python3 "$PCAP_TOOL" "$CAPTURE_FILE" 2>&1 | tail -n 40 | sed 's/^/   /'
  fi
  VRRPD_NETNS_KEEP=1
  echo "(run directory kept: $RUN_DIR)"
}

# ----------------------------------------------------------------------- preflight ---
# Root/CAP_NET_ADMIN and tools; exits 77 (CTest SKIP_RETURN_CODE) when missing.
require_netns() {
  local tool
  for tool in ip python3 awk; do
    command -v "$tool" >/dev/null 2>&1 || skip "required tool '$tool' not found"
  done
  [ "$(id -u)" = 0 ] || skip "needs root (CAP_NET_ADMIN + CAP_SYS_ADMIN for network namespaces); run as root or under sudo"
  if ! ip netns add "$RUN_ID-probe" 2>/dev/null; then
    skip "cannot create a network namespace (no CAP_NET_ADMIN/CAP_SYS_ADMIN in this environment)"
  fi
  ip netns del "$RUN_ID-probe" 2>/dev/null || true
}

require_tcpdump() {
  command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed (scripts/install-deps.sh installs it)"
}

# Resolves the daemon for a node: VRRPD_BIN_<node>, else VRRPD_BIN, else VRRPD_DEFAULT_BIN.
daemon_bin() {
  local var="VRRPD_BIN_$1"
  local bin=${!var:-${VRRPD_BIN:-${VRRPD_DEFAULT_BIN:-}}}
  if [ -z "$bin" ]; then
    local guess="$NETNS_REPO_DIR/build/vrrpd/vrrpd"
    if [ -x "$guess" ]; then bin=$guess; else bin=keepalived; fi
  fi
  printf '%s' "$bin"
}

is_keepalived() { [ "$(basename "$1")" = keepalived ]; }

require_daemons() {
  local n bin
  for n in "${NODES[@]}"; do
    bin=$(daemon_bin "$n")
    if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "$bin" ]; then
      is_keepalived "$bin" && skip "keepalived (reference daemon) is not installed"
      fail "daemon binary '$bin' for $n not found (set VRRPD_BIN or build vrrpd)"
    fi
  done
}

# --------------------------------------------------------------------------- setup ---
# netns_setup N: creates the bridge namespace and N routers r1..rN, each with eth0 on the
# bridge: 192.0.2.(10+i)/24, 2001:db8::(10+i)/64, link-local, MAC 02:00:5e:10:00:0i.
netns_setup() {
  local count=$1 i
  require_netns
  RUN_DIR=$(mktemp -d "/tmp/vrrpd-netns-$TEST_NAME.XXXXXX")
  trap netns_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # Watchdog: end the test (through the cleanup trap) before CTest's hard timeout would
  # SIGKILL it and leave namespaces and daemons behind.
  local self=$$
  # `&&`: when cleanup kills the sleep, the watchdog must not fire.
  ( sleep "${VRRPD_NETNS_TIMEOUT:-100}" && echo "[$TEST_NAME] watchdog: test exceeded ${VRRPD_NETNS_TIMEOUT:-100}s" >&2 \
      && kill -TERM "$self" ) &
  OWN_PIDS+=("$!")
  disown "$!"
  for ((i = 1; i <= count; i++)); do NODES+=("r$i"); NODE_INDEX["r$i"]=$i; done
  require_daemons

  must ip netns add "$SW_NS"
  must ip -n "$SW_NS" link set lo up
  # The switch namespace must stay silent: no IPv6 on the bridge or its ports.
  must ip netns exec "$SW_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  must ip -n "$SW_NS" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  must ip -n "$SW_NS" link set br0 up

  local n ns
  for n in "${NODES[@]}"; do
    ns=$(ns_of "$n"); i=${NODE_INDEX[$n]}
    must ip netns add "$ns"
    must ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv6.conf.default.dad_transmits=0 net.ipv6.conf.all.dad_transmits=0
    # The veth is created inside the switch namespace and its peer moved straight into the
    # router namespace: nothing ever appears in the root namespace.
    must ip -n "$SW_NS" link add "p$n" type veth peer name eth0 netns "$ns"
    must ip -n "$ns" link set eth0 address "$(mac_of "$n")"
    must ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
    must ip -n "$ns" link set lo up
    must ip -n "$ns" addr add "$(ip4_of "$n")/24" dev eth0
    must ip -n "$ns" addr add "$(ip6_of "$n")/64" dev eth0 nodad
    must ip -n "$SW_NS" link set "p$n" master br0 up
    must ip -n "$ns" link set eth0 up
  done
  for n in "${NODES[@]}"; do
    wait_for 5 has_linklocal "$n" || fail "no IPv6 link-local address on $n"
  done
  log "LAN up: ${#NODES[@]} routers (${NODES[*]}) on bridge $SW_NS/br0, run dir $RUN_DIR"
  local shown=""
  for n in "${NODES[@]}"; do shown+="$n=$(daemon_bin "$n") "; done
  log "daemons: $shown"
}

# must CMD...: runs a setup command; any failure aborts the test (with cleanup).
must() { "$@" || fail "setup command failed: $*"; }

ns_of() { printf '%s-%s' "$RUN_ID" "$1"; }
ip4_of() { printf '192.0.2.%d' $((10 + ${NODE_INDEX[$1]})); }
ip6_of() { printf '2001:db8::%d' $((10 + ${NODE_INDEX[$1]})); }
mac_of() { printf '02:00:5e:10:00:%02x' "${NODE_INDEX[$1]}"; }
# Link-local address of the node's eth0 (empty until it exists).
ll_of() { ip -n "$(ns_of "$1")" -6 -o addr show dev eth0 scope link 2>/dev/null | awk '{sub(/\/.*/,"",$4); print $4; exit}'; }
has_linklocal() { [ -n "$(ll_of "$1")" ]; }
# nsx NODE CMD...: runs CMD inside the node's namespace.
nsx() { local n=$1; shift; ip netns exec "$(ns_of "$n")" "$@"; }

# ------------------------------------------------------------------------- cleanup ---
# Kills only the pids this run started (and their descendants), deletes only this run's
# namespaces, removes the run directory unless a failure or VRRPD_NETNS_KEEP asks to keep it.
netns_cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM   # finish the cleanup even if interrupted again
  local pid
  for pid in "${OWN_PIDS[@]}"; do kill_tree "$pid" TERM; done
  for pid in "${OWN_PIDS[@]}"; do wait_pid_exit "$pid" 3 || kill_tree "$pid" KILL; done
  local n
  for n in "${NODES[@]}"; do ip netns del "$(ns_of "$n")" 2>/dev/null || true; done
  ip netns del "$SW_NS" 2>/dev/null || true
  if [ -n "$RUN_DIR" ] && [ -d "$RUN_DIR" ]; then
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then VRRPD_NETNS_KEEP=1; fi
    if [ "${VRRPD_NETNS_KEEP:-0}" = 1 ]; then
      echo "[$TEST_NAME] run directory kept: $RUN_DIR" >&2
    else
      rm -rf -- "$RUN_DIR"
    fi
  fi
  exit "$rc"
}

# Children of a pid (direct), read from /proc.
child_pids() {
  local parent=$1 stat f
  for f in /proc/[0-9]*/stat; do
    read -r stat 2>/dev/null <"$f" || continue
    # Field 4 (ppid) follows "pid (comm) state"; comm may contain spaces, so cut after ')'.
    stat=${stat##*) }
    set -- $stat
    if [ "${2:-}" = "$parent" ]; then f=${f#/proc/}; printf '%s\n' "${f%/stat}"; fi
  done
}

# kill_tree PID SIG: signals the descendants first (deepest first), then PID itself.
kill_tree() {
  local pid=$1 sig=$2 c
  is_alive "$pid" || return 0
  for c in $(child_pids "$pid"); do kill_tree "$c" "$sig"; done
  kill -s "$sig" "$pid" 2>/dev/null || true
}

# tree_pids PID: PID and all its descendants, one per line.
tree_pids() {
  local c
  printf '%s\n' "$1"
  for c in $(child_pids "$1"); do tree_pids "$c"; done
}

is_alive() {
  local st
  [ -r "/proc/$1/stat" ] || return 1
  read -r st 2>/dev/null <"/proc/$1/stat" || return 1
  st=${st##*) }
  [ "${st%% *}" != Z ]
}

# wait_pid_exit PID TIMEOUT: true once PID is gone (reaped or zombie).
wait_pid_exit() {
  local pid=$1
  wait_for "$2" eval "! is_alive $pid"
  local rc=$?
  wait "$pid" 2>/dev/null || true
  return $rc
}

# ------------------------------------------------------------------------ waiting ---
# wait_for TIMEOUT CMD...: polls CMD every 50 ms until it succeeds (0) or TIMEOUT s pass (1).
wait_for() {
  local timeout=$1; shift
  local deadline
  deadline=$(awk -v n="${EPOCHREALTIME}" -v t="$timeout" 'BEGIN{printf "%.6f", n+t}')
  while :; do
    "$@" && return 0
    awk -v n="${EPOCHREALTIME}" -v d="$deadline" 'BEGIN{exit !(n>=d)}' && return 1
    sleep 0.05
  done
}

# sleep_s SECONDS (fractions allowed).
sleep_s() { sleep "$1"; }

# ------------------------------------------------------------------------ daemons ---
# notify_script NODE: writes the node's notify script (appends "<epoch> <args>" to
# $RUN_DIR/notify-NODE.log) and prints its path, for use as `notify PATH` in configs.
notify_script() {
  local n=$1 f="$RUN_DIR/notify-$1.sh"
  if [ ! -x "$f" ]; then
    cat >"$f" <<EOF
#!/bin/sh
echo "\$(date +%s.%N) \$*" >> "$RUN_DIR/notify-$n.log"
EOF
    chmod 755 "$f"
    : >"$RUN_DIR/notify-$n.log"
  fi
  printf '%s' "$f"
}

# gen_conf NODE key=value...: writes a one-instance keepalived.conf for NODE and prints its path.
# Keys (defaults): name=VI_1 vrid=51 prio=100 version=3 advert=$ADV state=BACKUP iface=eth0
# vips="192.0.2.100" (space separated) auth="" (v2 PASS password) extra="" (raw lines, ';'
# separated) globals="" (raw global_defs lines, ';' separated). Always adds `notify`.
gen_conf() {
  local n=$1; shift
  local name=VI_1 vrid=51 prio=100 version=3 advert=$ADV state=BACKUP iface=eth0
  local vips="192.0.2.100" auth="" extra="" globals="" kv
  for kv in "$@"; do
    case $kv in
      name=*|vrid=*|prio=*|version=*|advert=*|state=*|iface=*|vips=*|auth=*|extra=*|globals=*)
        local "${kv%%=*}=${kv#*=}" ;;
      *) fail "gen_conf: unknown key '$kv'" ;;
    esac
  done
  local f
  f=$(conf_path "$n")
  {
    echo "# generated by $TEST_NAME for $n"
    echo "global_defs {"
    echo "  router_id $n"
    echo "  script_user root"
    [ -n "$globals" ] && tr ';' '\n' <<<"$globals" | sed 's/^ */  /'
    echo "}"
    echo "vrrp_instance $name {"
    echo "  state $state"
    echo "  interface $iface"
    echo "  virtual_router_id $vrid"
    echo "  priority $prio"
    echo "  version $version"
    echo "  advert_int $advert"
    if [ -n "$auth" ]; then
      echo "  authentication {"
      echo "    auth_type PASS"
      echo "    auth_pass $auth"
      echo "  }"
    fi
    echo "  virtual_ipaddress {"
    local v
    for v in $vips; do echo "    $v"; done
    echo "  }"
    [ -n "$extra" ] && tr ';' '\n' <<<"$extra" | sed 's/^ */  /'
    echo "  notify $(notify_script "$n")"
    echo "}"
  } >"$f"
  printf '%s' "$f"
}

conf_path() { printf '%s/%s.conf' "$RUN_DIR" "$1"; }

# start_daemon NODE [CONF]: starts the node's daemon in its namespace with the keepalived
# command line and records its pid (DAEMON_PID[NODE]); log in $RUN_DIR/daemon-NODE.log.
start_daemon() {
  local n=$1 conf=${2:-$(conf_path "$1")} bin ns
  bin=$(daemon_bin "$n"); ns=$(ns_of "$n")
  local p
  for p in ${CRASHED_PIDS[$n]:-}; do
    wait_for 10 eval "[ ! -e /proc/$p ]" || log "note: pid $p of the crashed $n daemon is still a zombie"
  done
  CRASHED_PIDS[$n]=""
  local -a args=(-n -l -D -f "$conf" -p "$RUN_DIR/$n.pid")
  if is_keepalived "$bin"; then
    # keepalived forks a VRRP child with its own pid file; --vrrp skips the checker child.
    args+=(-r "$RUN_DIR/$n.vrrp.pid" --vrrp)
  else
    # Each node's control socket in the run directory: nodes share the file system, and the
    # host's /run/vrrpd must never be touched. DAEMON_ARGS[node] adds vrrpd-only options.
    args+=(--control-socket "$(ctl_socket "$n")")
    # shellcheck disable=SC2206
    [ -n "${DAEMON_ARGS[$n]:-}" ] && args+=(${DAEMON_ARGS[$n]})
  fi
  echo "=== $(date +%T.%N) start: $bin ${args[*]}" >>"$RUN_DIR/daemon-$n.log"
  # `ip netns exec` execs the command, so $! is the daemon's own pid.
  ip netns exec "$ns" "$bin" "${args[@]}" >>"$RUN_DIR/daemon-$n.log" 2>&1 &
  local pid=$!
  disown "$pid"   # reaped by the shell's SIGCHLD handling; no "Killed" job notices
  DAEMON_PID[$n]=$pid
  OWN_PIDS+=("$pid")
  log "started $n daemon (pid $pid)"
}

daemon_alive() { [ -n "${DAEMON_PID[$1]:-}" ] && is_alive "${DAEMON_PID[$1]}"; }
# assert_running NODE...: fails (with the daemon's log) if a daemon has exited.
assert_running() {
  local n
  for n in "$@"; do daemon_alive "$n" || fail "$n daemon (pid ${DAEMON_PID[$n]:-none}) is not running"; done
}

# signal_daemon NODE SIG: sends SIG to the daemon's main pid (keepalived forwards to its child).
signal_daemon() {
  local n=$1 sig=$2
  daemon_alive "$n" || fail "signal_daemon: $n is not running"
  kill -s "$sig" "${DAEMON_PID[$n]}"
}

# stop_daemon NODE [TIMEOUT]: SIGTERM and wait for a graceful exit; fails if it hangs.
stop_daemon() {
  local n=$1 timeout=${2:-10}
  daemon_alive "$n" || fail "stop_daemon: $n is not running"
  kill -TERM "${DAEMON_PID[$n]}"
  wait_pid_exit "${DAEMON_PID[$n]}" "$timeout" || fail "$n daemon did not exit within ${timeout}s of SIGTERM"
  DAEMON_PID[$n]=""
  log "stopped $n daemon (SIGTERM)"
}

# crash_daemon NODE: kill -9 of the daemon and every process it forked (a crash: nothing
# gets a chance to clean up, VIPs stay configured).
crash_daemon() {
  local n=$1
  daemon_alive "$n" || fail "crash_daemon: $n is not running"
  local -a tree
  mapfile -t tree < <(tree_pids "${DAEMON_PID[$n]}")
  kill_tree "${DAEMON_PID[$n]}" KILL
  wait_pid_exit "${DAEMON_PID[$n]}" 5 || fail "$n daemon survived SIGKILL"
  # Orphaned children are reaped by pid 1, which may take a moment; until then a zombie
  # still "exists" for kill(pid, 0), so start_daemon waits for them before a restart.
  CRASHED_PIDS[$n]="${tree[*]}"
  DAEMON_PID[$n]=""
  log "killed $n daemon (SIGKILL: ${tree[*]})"
}

# ------------------------------------------------------------------ address state ---
# has_vip NODE ADDR: ADDR is configured on any interface of the node's namespace.
has_vip() {
  ip -n "$(ns_of "$1")" -o addr show 2>/dev/null | awk -v a="$2" '{split($4, p, "/"); if (p[1] == a) f=1} END{exit !f}'
}
no_vip() { ! has_vip "$@"; }

# master_of ADDR: prints the nodes holding ADDR (space separated, empty if none).
master_of() {
  local n out=""
  for n in "${NODES[@]}"; do has_vip "$n" "$1" && out+="$n "; done
  printf '%s' "${out% }"
}
# is_sole_holder NODE ADDR: NODE and only NODE holds ADDR.
is_sole_holder() { [ "$(master_of "$2")" = "$1" ]; }

# vip_iface NODE ADDR: interface name carrying ADDR on NODE.
vip_iface() {
  ip -n "$(ns_of "$1")" -o addr show 2>/dev/null | awk -v a="$2" '{split($4, p, "/"); if (p[1] == a) {print $2; exit}}'
}

# sample_holders SECONDS ADDR OUTFILE: samples master_of every ~20-50 ms for SECONDS,
# writing "<epoch> <holders>" lines to OUTFILE.
sample_holders() {
  local secs=$1 addr=$2 out=$3 end
  end=$(awk -v n="${EPOCHREALTIME}" -v t="$secs" 'BEGIN{printf "%.6f", n+t}')
  : >"$out"
  while awk -v n="${EPOCHREALTIME}" -v d="$end" 'BEGIN{exit !(n<d)}'; do
    printf '%s %s\n' "${EPOCHREALTIME}" "$(master_of "$addr")" >>"$out"
    sleep 0.02
  done
}

# ------------------------------------------------------------------ notify states ---
# last_state NODE INSTANCE: last state reported by the notify script (MASTER/BACKUP/FAULT/STOP).
last_state() {
  awk -v i="$2" '$2 == "INSTANCE" && $3 == i {s=$4} END{print s}' "$RUN_DIR/notify-$1.log" 2>/dev/null
}
state_is() { [ "$(last_state "$1" "$2")" = "$3" ]; }
# count_state NODE INSTANCE STATE [AFTER_EPOCH]: number of notifications of that state.
count_state() {
  awk -v i="$2" -v s="$3" -v a="${4:-0}" '$2 == "INSTANCE" && $3 == i && $4 == s && $1 >= a {c++} END{print c+0}' \
    "$RUN_DIR/notify-$1.log" 2>/dev/null
}

# --------------------------------------------------------------------------- links ---
link_down() { ip -n "$(ns_of "$1")" link set eth0 down; log "$1: eth0 down"; }
link_up() { ip -n "$(ns_of "$1")" link set eth0 up; log "$1: eth0 up"; }

# ------------------------------------------------------------------------- capture ---
# capture_start: tcpdump on the bridge (promiscuous, so unicast between ports is seen too),
# packet-buffered (-U), bounded by `timeout`. Frames: VRRP (v4/v6), ARP, ICMPv6.
capture_start() {
  require_tcpdump
  CAPTURE_FILE="$RUN_DIR/bridge.pcap"
  ip netns exec "$SW_NS" timeout 300 tcpdump -i br0 --immediate-mode -U -n -s 512 -Z root -w "$CAPTURE_FILE" \
    'ip proto 112 or ip6 proto 112 or arp or icmp6' >"$RUN_DIR/tcpdump.log" 2>&1 &
  CAPTURE_PID=$!
  disown "$CAPTURE_PID"
  OWN_PIDS+=("$CAPTURE_PID")
  wait_for 10 grep -q 'listening on' "$RUN_DIR/tcpdump.log" || fail "tcpdump did not start: $(cat "$RUN_DIR/tcpdump.log")"
  log "capturing on $SW_NS/br0 -> $CAPTURE_FILE"
}

capture_stop() {
  [ -n "$CAPTURE_PID" ] || return 0
  kill_tree "$CAPTURE_PID" TERM
  wait_pid_exit "$CAPTURE_PID" 5 || kill_tree "$CAPTURE_PID" KILL
  CAPTURE_PID=""
}

# cap_query 'AWK-CONDITION': decoded frames matching the condition, one per line.
# Fields: t kind smac src dst ver vrid prio adv auth ttl addrs csum (see scripts/vrrp_pcap.py).
# kind is vrrp, arp (GARP/ARP: src=sender IP, dst=target IP, ver=op) or na (addrs=target).
cap_query() {
  [ -n "$CAPTURE_FILE" ] || fail "cap_query without capture_start"
  python3 "$PCAP_TOOL" "$CAPTURE_FILE" | awk -F'\t' \
    '{t=$1; kind=$2; smac=$3; src=$4; dst=$5; ver=$6; vrid=$7; prio=$8; adv=$9; auth=$10; ttl=$11; addrs=$12; csum=$13}
     ('"$1"') {print}'
}
# cap_sync: waits (<= 3 s) until the capture file holds a frame stamped after this call, so
# queries see everything sent so far (adverts keep flowing while any router is master).
cap_sync() {
  local t0; t0=$(now)
  wait_for 3 _cap_newer_than "$t0" || log "note: no frame captured after $t0 (quiet LAN?)"
}
_cap_newer_than() {
  local last; last=$(python3 "$PCAP_TOOL" "$CAPTURE_FILE" | tail -n 1 | cut -f1)
  [ -n "$last" ] && flt "$1" "$last"
}
cap_count() { cap_query "$1" | wc -l; }
# cap_first_time 'COND': epoch time of the first matching frame (empty if none).
cap_first_time() { cap_query "$1" | head -n 1 | cut -f1; }
cap_has() { [ "$(cap_count "$1")" -gt 0 ]; }

# mdi PRIO [ADVERT]: RFC 9568 Master_Down_Interval = 3 x interval + skew (v3 skew scaled).
mdi() { awk -v a="${2:-$ADV}" -v p="$1" 'BEGIN{printf "%.3f", 3*a + (256-p)*a/256}'; }
# fmax A B / fmul A B: float max / product (3 decimals).
fmax() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (a>b)?a:b}'; }
fmul() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a*b}'; }

# Float helpers for assertions.
fsub() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a-b}'; }
flt() { awk -v a="$1" -v b="$2" 'BEGIN{exit !(a<b)}'; }

# ------------------------------------------------------- scripts, hooks and FIFOs ---
# write_conf NODE: writes stdin as the node's config (free-form, for multi-block configs)
# and prints its path.
write_conf() {
  local f; f=$(conf_path "$1")
  cat >"$f"
  printf '%s' "$f"
}

# hook_script NAME [PRE_SLEEP] [POST_SLEEP]: writes $RUN_DIR/hook-NAME.sh, a notify hook
# meant to be configured as "hook-NAME.sh LOGFILE TAG..." (keepalived appends its own args for
# `notify`). It sleeps PRE_SLEEP s, appends "<epoch> ARGS-AFTER-LOGFILE" to LOGFILE, then sleeps
# POST_SLEEP s (a hanging hook); each run appends its pid to $RUN_DIR/hook-NAME.pids. Lines
# without a tag ("<epoch> INSTANCE VI_1 MASTER 100") keep last_state/count_state working when
# LOGFILE is notify-NODE.log. Prints the path.
hook_script() {
  local name=$1 pre=${2:-0} post=${3:-0} f="$RUN_DIR/hook-$1.sh"
  cat >"$f" <<EOF
#!/bin/sh
echo \$\$ >>"$RUN_DIR/hook-$name.pids"
log=\$1; shift
[ "$pre" = 0 ] || sleep $pre
echo "\$(date +%s.%N) \$*" >>"\$log"
[ "$post" = 0 ] || sleep $post
exit 0
EOF
  chmod 755 "$f"
  printf '%s' "$f"
}

# hook_seq LOGFILE: the hook log without its timestamps (one "ARGS" line per call, in order).
hook_seq() { cut -d' ' -f2- "$1" 2>/dev/null; }

# check_script NAME: writes $RUN_DIR/check-NAME.sh, a vrrp_script whose behaviour is set at
# run time with set_check NAME MODE: ok (exit 0), fail (exit 1), flap (alternates 0/1 on each
# run, starting with 0) or hang (runs `sleep 1000` in the foreground, i.e. in the script's
# process group, and records "<pgid> <sleep pid>" in $RUN_DIR/check-NAME.hang). Every run
# appends "<epoch> <mode> <exit>" to $RUN_DIR/check-NAME.runs ("<epoch> hang start" for a
# hang). Starts in mode ok. Prints the path.
check_script() {
  local name=$1 f="$RUN_DIR/check-$1.sh" d=$RUN_DIR
  cat >"$f" <<EOF
#!/bin/sh
mode=\$(cat "$d/check-$name.mode" 2>/dev/null || echo ok)
case \$mode in
  ok) rc=0 ;;
  fail) rc=1 ;;
  flap) if [ -e "$d/check-$name.flip" ]; then rm -f "$d/check-$name.flip"; rc=1; else : >"$d/check-$name.flip"; rc=0; fi ;;
  hang)
    echo "\$(date +%s.%N) hang start" >>"$d/check-$name.runs"
    sleep 1000 &
    echo "\$(cut -d" " -f5 /proc/\$\$/stat) \$!" >>"$d/check-$name.hang"
    wait
    rc=0 ;;
  *) rc=2 ;;
esac
echo "\$(date +%s.%N) \$mode \$rc" >>"$d/check-$name.runs"
exit \$rc
EOF
  chmod 755 "$f"
  echo ok >"$d/check-$name.mode"
  : >"$d/check-$name.runs"
  printf '%s' "$f"
}
set_check() { echo "$2" >"$RUN_DIR/check-$1.mode"; log "check $1 -> $2"; }
# check_runs NAME MODE [AFTER_EPOCH]: number of completed runs of the check in MODE.
check_runs() {
  awk -v m="$2" -v a="${3:-0}" '$2 == m && $3 != "start" && $1 >= a {c++} END{print c+0}' "$RUN_DIR/check-$1.runs"
}

# fifo_reader_start FIFO OUT: creates the FIFO (if absent) and a reader appending its lines
# to OUT (started by this run, killed by the cleanup). The reader ends when the last writer
# closes the FIFO (daemon exit); start a new one for the next daemon.
fifo_reader_start() {
  local fifo=$1 out=$2
  [ -p "$fifo" ] || must mkfifo -m 600 "$fifo"
  : >>"$out"
  timeout 300 cat "$fifo" >>"$out" &
  local pid=$!
  disown "$pid"
  OWN_PIDS+=("$pid")
  FIFO_READER_PID=$pid
}

# cap_max_gap 'AWK-CONDITION': largest interval (s, 3 decimals) between consecutive matching
# frames, then the frame count, e.g. "0.203 15" ("0 N" for fewer than 2 frames).
cap_max_gap() {
  cap_query "$1" | awk -F'\t' 'NR > 1 && $1 - p > m {m = $1 - p} {p = $1; n++} END{printf "%.3f %d\n", m, n}'
}

# procs_matching REGEX: pids of live processes whose command line matches REGEX.
procs_matching() {
  local f pid cmd
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}; pid=${pid%/cmdline}
    cmd=$(tr '\0' ' ' 2>/dev/null <"$f") || continue
    [[ $cmd =~ $1 ]] && is_alive "$pid" && printf '%s\n' "$pid"
  done
}
# pgid_alive PGID: some live (non-zombie) process is in that process group.
pgid_alive() {
  local f st pg=$1
  for f in /proc/[0-9]*/stat; do
    read -r st 2>/dev/null <"$f" || continue
    st=${st##*) }   # "state ppid pgrp ..."
    set -- $st
    [ "${3:-}" = "$pg" ] && [ "$1" != Z ] && return 0
  done
  return 1
}

# ------------------------------------------------------------ interop (mixed peers) ---
# node_is_keepalived NODE: the node runs the reference keepalived binary.
node_is_keepalived() { is_keepalived "$(daemon_bin "$1")"; }

# log_grep NODE ERE: lines of the node's daemon log matching ERE (case-insensitive).
log_grep() { grep -i -E -- "$2" "$RUN_DIR/daemon-$1.log" 2>/dev/null; }

# vrrp_src NODE FAMILY: source address of the node's adverts (4: eth0 IPv4, 6: link-local).
vrrp_src() { if [ "$2" = 6 ]; then ll_of "$1"; else ip4_of "$1"; fi; }


# --------------------------------------------------- reliability (hostile, partition) ---
# capture_start_filter 'PCAP-EXPR': like capture_start, with the caller's capture filter (e.g.
# to keep an injected flood out of the capture and the decoder's way).
capture_start_filter() {
  require_tcpdump
  CAPTURE_FILE="$RUN_DIR/bridge.pcap"
  ip netns exec "$SW_NS" timeout 300 tcpdump -i br0 --immediate-mode -U -n -s 512 -Z root -w "$CAPTURE_FILE" \
    "$1" >"$RUN_DIR/tcpdump.log" 2>&1 &
  CAPTURE_PID=$!
  disown "$CAPTURE_PID"
  OWN_PIDS+=("$CAPTURE_PID")
  wait_for 10 grep -q 'listening on' "$RUN_DIR/tcpdump.log" || fail "tcpdump did not start: $(cat "$RUN_DIR/tcpdump.log")"
  log "capturing on $SW_NS/br0 ($1) -> $CAPTURE_FILE"
}

# daemon_dump NODE SIGNAL FILE OUT: asks the node's daemon for a dump (USR1 -> FILE
# /tmp/keepalived.data, USR2 -> /tmp/keepalived.stats: fixed paths shared by every namespace,
# hence the lock) and copies the fresh file to OUT. Fails if no new dump appears within 5 s.
daemon_dump() {
  local n=$1 sig=$2 file=$3 out=$4
  (
    flock -w 10 9 || exit 1
    rm -f "$file"
    kill -s "$sig" "${DAEMON_PID[$n]}" || exit 1
    wait_for 5 test -s "$file" || exit 1
    sleep 0.05   # written via rename: complete once visible, but be kind to slow disks
    cp "$file" "$out"
  ) 9>/tmp/vrrpd-netns-dump.lock || fail "no $sig dump from $n in $file"
}
stats_dump() { daemon_dump "$1" USR2 /tmp/keepalived.stats "$2"; }
data_dump() { daemon_dump "$1" USR1 /tmp/keepalived.data "$2"; }

# stats_field FILE INSTANCE 'SECTION' 'FIELD': a counter of the SIGUSR2 stats dump, e.g.
# stats_field s.txt VI_1 'Packet Errors' 'TTL' ("" if absent). Top-level fields (Became master)
# use SECTION "".
stats_field() {
  awk -v inst="$2" -v sec="$3" -v fld="$4" '
    /^VRRP Instance: / {cur = $3; s = ""; next}
    cur != inst {next}
    /^  [^ ].*:$/ {s = substr($0, 3, length($0) - 3); next}
    /^  [^ ]/ {s = ""}
    {line = $0; sub(/^ +/, "", line); k = line; sub(/: .*$/, "", k); v = line; sub(/^.*: /, "", v)
     if (s == sec && k == fld) {print v; exit}}' "$1"
}
# data_field FILE 'NAME': a global counter of the SIGUSR1 data dump (" NAME = value").
data_field() { awk -v k="$2" -F' = ' '$1 == " " k {print $2; exit}' "$1"; }

# nft_cut NODE PEER...: drops VRRP (IP protocol 112) arriving at NODE from each PEER, with
# nftables inside the node's namespace (table inet vrrp_cut). Both directions of a partition
# are cut by calling it on both sides.
nft_cut() {
  local n=$1 ns; shift
  ns=$(ns_of "$n")
  command -v nft >/dev/null 2>&1 || skip "nft (nftables) not installed"
  ip netns exec "$ns" nft add table inet vrrp_cut || fail "nft: cannot create table in $n"
  ip netns exec "$ns" nft add chain inet vrrp_cut input '{ type filter hook input priority -10 ; }' \
    || fail "nft: cannot create chain in $n"
  local p
  for p in "$@"; do
    ip netns exec "$ns" nft add rule inet vrrp_cut input ip saddr "$(ip4_of "$p")" ip protocol 112 counter drop \
      || fail "nft: cannot add rule in $n"
  done
  log "$n: VRRP from $* dropped (nft)"
}
# ctl_drops NODE: per-instance drop counters from the vrrpd control socket ("stats"), one
# "INSTANCE REASON COUNT" line each, plus "router NAME COUNT" lines; prints nothing (status 1)
# when the socket is absent (keepalived, or a vrrpd without it). stdlib python, no vrrpctl.
ctl_drops() {
  local sock; sock=$(ctl_socket "$1")
  [ -S "$sock" ] || return 1
  python3 - "$sock" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b'{"version":1,"command":"stats"}\n')
buf = b""
while not buf.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
r = json.loads(buf)["result"]
for i in r["instances"]:
    for k, v in i["counters"]["drops"].items():
        print(i["name"], k, v)
for k, v in r["router"].items():
    print("router", k, v)
PY
}
# nft_heal NODE: removes NODE's cut (no-op if none).
nft_heal() {
  ip netns exec "$(ns_of "$1")" nft delete table inet vrrp_cut 2>/dev/null || true
  log "$1: cut healed"
}

[ "${VRRPD_NETNS_VERBOSE:-0}" = 1 ] && set -x
true

# ------------------------------------------------------------------- control socket ---
# ctl_socket NODE: the node's vrrpd control socket (start_daemon passes --control-socket).
ctl_socket() { printf '%s/%s.sock' "$RUN_DIR" "$1"; }
# vrrpctl_bin: VRRPCTL_BIN, else vrrpctl beside the daemon under test (build tree layout
# vrrpd/vrrpd + vrrpd/control/vrrpctl, or an installed sbin/), else vrrpctl on PATH.
vrrpctl_bin() {
  local d c
  if [ -n "${VRRPCTL_BIN:-}" ]; then printf '%s' "$VRRPCTL_BIN"; return; fi
  d=$(dirname "$(daemon_bin r1)")
  for c in "$d/control/vrrpctl" "$d/vrrpctl"; do
    [ -x "$c" ] && { printf '%s' "$c"; return; }
  done
  command -v vrrpctl || true
}
require_vrrpctl() {
  local b; b=$(vrrpctl_bin)
  [ -n "$b" ] && [ -x "$b" ] || fail "vrrpctl not found (set VRRPCTL_BIN or build the vrrpctl target)"
  is_keepalived "$(daemon_bin r1)" && skip "vrrpctl talks to vrrpd only (VRRPD_BIN is keepalived)"
  return 0
}
# ctl NODE ARGS...: vrrpctl against NODE's daemon (bounded by --timeout).
ctl() { local n=$1; shift; "$(vrrpctl_bin)" --socket "$(ctl_socket "$n")" --timeout 5 "$@"; }
