# Shared notify scenario of test_notify_hooks / test_notify_fifo / test_notify_parity (sourced
# after lib.sh and netns_setup 2; not a test itself). r1 (priority 100) runs notify_master,
# notify_backup, notify_fault and a generic notify, all logging their arguments to
# $RUN_DIR/notify-r1.log, plus notify_fifo $RUN_DIR/r1.fifo read into $RUN_DIR/fifo-r1.txt.
# Sequence: r1 alone -> BACKUP -> MASTER; link down right away (while notify_master still
# sleeps 1 s) -> FAULT; r2 (200) starts and takes over; link up -> r1 BACKUP; SIGTERM -> STOP.

SC_VIP=192.0.2.100

# The hook lines r1 must log (timestamps stripped), in order; the FIFO lines likewise.
SC_EXPECTED_HOOKS='notify_backup
INSTANCE VI_1 BACKUP 100
notify_master
INSTANCE VI_1 MASTER 100
notify_fault
INSTANCE VI_1 FAULT 100
notify_backup
INSTANCE VI_1 BACKUP 100
INSTANCE VI_1 STOP 100'
SC_EXPECTED_FIFO='INSTANCE "VI_1" BACKUP 100
INSTANCE "VI_1" MASTER 100
INSTANCE "VI_1" FAULT 100
INSTANCE "VI_1" BACKUP 100
INSTANCE "VI_1" STOP 100'

sc_write_confs() {
  local log="$RUN_DIR/notify-r1.log" hook slow gen
  hook=$(hook_script plain)
  slow=$(hook_script slow 0 1)     # notify_master: logs, then takes 1 s to finish
  # The generic hook logs 0.1 s after it starts: keepalived launches the specific and the
  # generic hook back to back without waiting, so this keeps their log order deterministic.
  gen=$(hook_script generic 0.1 0)
  write_conf r1 >/dev/null <<CONF
global_defs {
  router_id r1
  script_user root
  notify_fifo $RUN_DIR/r1.fifo
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  version 3
  advert_int $ADV
  virtual_ipaddress {
    $SC_VIP
  }
  notify_master "$slow $log notify_master"
  notify_backup "$hook $log notify_backup"
  notify_fault "$hook $log notify_fault"
  notify "$gen $log"
}
CONF
  gen_conf r2 prio=200 vips=$SC_VIP >/dev/null
}

# hook_lines_is LINE COUNT: the r1 hook log holds COUNT lines equal to LINE.
sc_hook_count() { hook_seq "$RUN_DIR/notify-r1.log" | grep -cxF "$1"; }
sc_hook_count_ge() { [ "$(sc_hook_count "$1")" -ge "$2" ]; }

# sc_run: runs the sequence with the daemons daemon_bin resolves now; leaves the hook log in
# $RUN_DIR/notify-r1.log and the FIFO lines in $RUN_DIR/fifo-r1.txt, both daemons stopped.
sc_run() {
  : >"$RUN_DIR/notify-r1.log"; : >"$RUN_DIR/notify-r2.log"; : >"$RUN_DIR/fifo-r1.txt"
  fifo_reader_start "$RUN_DIR/r1.fifo" "$RUN_DIR/fifo-r1.txt"
  local reader=$FIFO_READER_PID
  start_daemon r1
  wait_for 10 is_sole_holder r1 $SC_VIP || fail "r1 (alone) did not become master (holders: '$(master_of $SC_VIP)')"
  wait_for 5 sc_hook_count_ge "notify_master" 1 || fail "notify_master did not run on r1"
  # notify_master sleeps 1 s after logging: the FAULT happens while it is still running. The
  # 0.3 s pause lets keepalived's concurrently started generic hook log (it waits 0.1 s).
  sleep 0.3
  link_down r1
  wait_for 5 sc_hook_count_ge "INSTANCE VI_1 FAULT 100" 1 || fail "no generic FAULT notify on r1"
  wait_for 5 no_vip r1 $SC_VIP || fail "r1 kept $SC_VIP in FAULT"
  start_daemon r2
  wait_for 10 is_sole_holder r2 $SC_VIP || fail "r2 did not become master (holders: '$(master_of $SC_VIP)')"
  link_up r1
  wait_for 10 sc_hook_count_ge "INSTANCE VI_1 BACKUP 100" 2 || fail "r1 did not notify BACKUP after link up"
  sleep 1.5   # no further notifications may follow (e.g. a spurious MASTER)
  is_sole_holder r2 $SC_VIP || fail "holder changed to '$(master_of $SC_VIP)' after r1's link came back"
  stop_daemon r1
  wait_for 5 sc_hook_count_ge "INSTANCE VI_1 STOP 100" 1 || fail "no generic STOP notify on r1"
  # The FIFO reader sees EOF once the daemon (its only writer) is gone.
  wait_pid_exit "$reader" 5 || { kill_tree "$reader" TERM; log "note: FIFO reader had to be stopped"; }
  stop_daemon r2
  sleep 0.3   # let a late hook finish writing
}
