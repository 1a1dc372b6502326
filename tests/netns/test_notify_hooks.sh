#!/usr/bin/env bash
# Notify hooks: notify_backup / notify_master / notify_fault get only their configured
# arguments, the generic notify gets them plus "INSTANCE VI_1 <STATE> <prio>"; for a
# BACKUP -> MASTER -> FAULT -> BACKUP -> STOP sequence every call happens exactly once, in order
# (specific hook first), even though notify_master takes 1 s and the FAULT comes meanwhile.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hooks_scenario.sh"
netns_setup 2
sc_write_confs
sc_run
got=$(hook_seq "$RUN_DIR/notify-r1.log")
[ "$got" = "$SC_EXPECTED_HOOKS" ] || fail "hook calls differ:
--- expected
$SC_EXPECTED_HOOKS
--- got
$got"
# notify_master really was still running when the FAULT hooks started.
t_master=$(awk '$2 == "notify_master" {print $1; exit}' "$RUN_DIR/notify-r1.log")
t_fault=$(awk '$2 == "notify_fault" {print $1; exit}' "$RUN_DIR/notify-r1.log")
log "notify_fault started $(fsub "$t_fault" "$t_master") s after notify_master (which takes 1 s)"
pass "$(wc -l <<<"$got") hook calls with the exact arguments, in order"
