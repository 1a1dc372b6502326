#!/usr/bin/env bash
# notify_fifo: the daemon writes one keepalived-format line per transition
# (`INSTANCE "VI_1" MASTER 100`) to the FIFO, in order, ending with STOP at shutdown.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_scenario.sh"
netns_setup 2
sc_write_confs
sc_run
got=$(cat "$RUN_DIR/fifo-r1.txt")
[ "$got" = "$SC_EXPECTED_FIFO" ] || fail "FIFO lines differ:
--- expected
$SC_EXPECTED_FIFO
--- got
$got"
pass "$(wc -l <<<"$got") FIFO lines in keepalived's format, in order"
