#!/bin/sh
# Notify hook for keepalived/vrrpd: appends "<epoch> <arguments>" to the log file given as the
# first argument, e.g. "1700000000.123456789 INSTANCE VI_WEB MASTER 150". Usage in a config:
#   notify "/etc/keepalived/scripts/notify-log.sh /var/log/keepalived-notify.log"
log=${1:?usage: notify-log.sh LOGFILE [ARGS...]}
shift
echo "$(date +%s.%N) $*" >>"$log"
