#!/usr/bin/env bash
# Interop, VRRPv2/IPv4, advert_int 1 s: vrrpd master (200), keepalived backup (100) on one VRID.
# Election with one advertiser, kill -9 takeover, preempt back, SIGTERM (priority 0) takeover;
# no drop or error lines in either log, zero error counters in both dumps (interop_scenario.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/interop_scenario.sh"
io_run 2 4 192.0.2.100 1 vrrpd_master
