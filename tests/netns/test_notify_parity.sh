#!/usr/bin/env bash
# The notify scenario of test_notify_hooks/test_notify_fifo run twice on one LAN: first with
# keepalived on both routers, then with vrrpd on both. The hook calls (arguments and order) and
# the FIFO lines must be identical. vrrpd: VRRPD_PARITY_BIN, else the daemon under test if it
# is not keepalived, else build/vrrpd/vrrpd; the vrrpd half is skipped only if none exists.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_scenario.sh"
command -v keepalived >/dev/null 2>&1 || skip "keepalived (reference daemon) is not installed"
VRRPD=${VRRPD_PARITY_BIN:-}
if [ -z "$VRRPD" ]; then
  VRRPD=$(VRRPD_BIN_r1= daemon_bin r1)
  is_keepalived "$VRRPD" && VRRPD="$NETNS_REPO_DIR/build/vrrpd/vrrpd"
fi
netns_setup 2
sc_write_confs

export VRRPD_BIN_r1=keepalived VRRPD_BIN_r2=keepalived
sc_run
hook_seq "$RUN_DIR/notify-r1.log" >"$RUN_DIR/hooks.keepalived"
cp "$RUN_DIR/fifo-r1.txt" "$RUN_DIR/fifo.keepalived"
[ -s "$RUN_DIR/hooks.keepalived" ] && [ -s "$RUN_DIR/fifo.keepalived" ] || fail "keepalived produced no hook calls or FIFO lines"
log "keepalived: $(wc -l <"$RUN_DIR/hooks.keepalived") hook calls, $(wc -l <"$RUN_DIR/fifo.keepalived") FIFO lines"

if [ ! -x "$VRRPD" ]; then
  echo "#############################################################################" >&2
  echo "### $TEST_NAME: vrrpd binary '$VRRPD' not found: vrrpd half SKIPPED" >&2
  echo "#############################################################################" >&2
  exit 77
fi
export VRRPD_BIN_r1=$VRRPD VRRPD_BIN_r2=$VRRPD
sc_run
hook_seq "$RUN_DIR/notify-r1.log" >"$RUN_DIR/hooks.vrrpd"
cp "$RUN_DIR/fifo-r1.txt" "$RUN_DIR/fifo.vrrpd"
log "vrrpd: $(wc -l <"$RUN_DIR/hooks.vrrpd") hook calls, $(wc -l <"$RUN_DIR/fifo.vrrpd") FIFO lines"
d1=$(diff -u "$RUN_DIR/hooks.keepalived" "$RUN_DIR/hooks.vrrpd") || fail "hook calls differ (keepalived vs vrrpd):
$d1"
d2=$(diff -u "$RUN_DIR/fifo.keepalived" "$RUN_DIR/fifo.vrrpd") || fail "FIFO lines differ (keepalived vs vrrpd):
$d2"
pass "keepalived and vrrpd: identical hook calls ($(wc -l <"$RUN_DIR/hooks.vrrpd")) and FIFO lines ($(wc -l <"$RUN_DIR/fifo.vrrpd"))"
