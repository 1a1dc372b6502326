#!/usr/bin/env bash
# Interop, VRRPv3/IPv4, advert_int $VRRPD_NETNS_ADVERT (0.2 s): keepalived master (200), vrrpd backup (100) on one VRID.
# Election with one advertiser, kill -9 takeover, preempt back, SIGTERM (priority 0) takeover;
# no drop or error lines in either log, zero error counters in both dumps (interop_scenario.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/interop_scenario.sh"
io_run 3 4 192.0.2.100 "$ADV" ka_master
