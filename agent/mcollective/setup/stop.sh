#!/usr/bin/env bash
# Stops the mcollectived started by ci-setup.sh and any puppet run its puppetd agent started.
# Leaves RabbitMQ, the configs and the psk in place, so ci-setup.sh starts again quickly.
#
# Usage: stop.sh [RUNTIME_DIR]      (default $MCO_RUNTIME_DIR or /tmp/fuel-mco)
set -uo pipefail

RUNTIME=${1:-${MCO_RUNTIME_DIR:-/tmp/fuel-mco}}

log() { printf '[mco-stop] %s\n' "$*"; }

# Prints the pid in FILE when that process is alive and its command line contains WORD.
live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -- "$2" >/dev/null && echo "$pid"
}

# Sends TERM to TARGET (a pid, or -pgid for a group), then KILL after 10 s.
terminate() {
  local target=$1 pid=${1#-} _
  kill -TERM -- "$target" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "$target" 2>/dev/null
}

if pid=$(live_pid "$RUNTIME/state/puppetd/run.pid" fuel-puppet-run); then
  log "stopping puppet run $pid"
  terminate "-$pid"
fi
if pid=$(live_pid "$RUNTIME/mcollectived.pid" mcollectived); then
  log "stopping mcollectived $pid"
  terminate "$pid"
else
  log "mcollectived is not running"
fi
rm -f "$RUNTIME/mcollectived.pid" "$RUNTIME/running.sum"
[ -d "$RUNTIME" ] && echo "stopped" >"$RUNTIME/status"
exit 0
