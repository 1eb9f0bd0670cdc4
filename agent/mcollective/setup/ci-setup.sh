#!/usr/bin/env bash
# Sets up a local MCollective for tests and CI: RabbitMQ with STOMP, the /mcollective vhost,
# user and exchanges, server and client configs with a generated psk, our agents in a libdir,
# and mcollectived in the background. Safe to run again: what is already in place is kept,
# the daemon is restarted only when its config or agents changed.
#
# Usage: ci-setup.sh [RUNTIME_DIR]      (default $MCO_RUNTIME_DIR or /tmp/fuel-mco)
# Env:   MCO_IDENTITY (node-1), MCO_SKIP_INSTALL=1 (never call apt-get),
#        MCO_BROKER_USER (mcollective), MCO_BROKER_PASSWORD (marionette)
# Always exits 0 unless the arguments are wrong. The last line, also written to
# RUNTIME_DIR/status, is "ready: ..." or "unavailable: <reason>" for tests to skip on.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
AGENTS_SRC="$HERE/../agents"
RUNTIME=${1:-${MCO_RUNTIME_DIR:-/tmp/fuel-mco}}
IDENTITY=${MCO_IDENTITY:-node-1}
BROKER_USER=${MCO_BROKER_USER:-mcollective}
BROKER_PASSWORD=${MCO_BROKER_PASSWORD:-marionette}
VHOST=/mcollective
STOMP_PORT=61613
PACKAGES=(mcollective mcollective-client puppet rsync rabbitmq-server)

[ $# -le 1 ] || { echo "usage: $0 [RUNTIME_DIR]" >&2; exit 2; }

log() { printf '[mco-setup] %s\n' "$*"; }

finish() {
  mkdir -p "$RUNTIME" 2>/dev/null && printf '%s\n' "$1" >"$RUNTIME/status"
  log "$1"
  exit 0
}

unavailable() { finish "unavailable: $*"; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ensure_packages() {
  local missing=()
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep 'ok installed' >/dev/null ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${MCO_SKIP_INSTALL:-}" = 1 ] && unavailable "packages not installed: ${missing[*]}"
  log "installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$RUNTIME/apt.log" 2>&1 ||
    unavailable "apt-get install failed, see $RUNTIME/apt.log"
}

broker_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }

start_broker() {
  log "starting RabbitMQ"
  rabbitmq-server -detached </dev/null >>"$RUNTIME/rabbitmq.out" 2>&1 9>&-
  rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 || unavailable "RabbitMQ did not start"
}

restart_broker() {
  log "restarting RabbitMQ to load the STOMP plugin"
  rabbitmqctl -q stop >/dev/null 2>&1
  start_broker
}

ensure_broker() {
  if ! broker_running; then
    rabbitmq-plugins -q enable --offline rabbitmq_stomp >/dev/null 2>&1
    start_broker
  fi
  port_open "$STOMP_PORT" && return 0
  log "enabling the RabbitMQ STOMP plugin"
  rabbitmq-plugins -q enable rabbitmq_stomp >/dev/null 2>&1
  local _
  for _ in $(seq 1 20); do
    port_open "$STOMP_PORT" && return 0
    sleep 0.5
  done
  restart_broker
  port_open "$STOMP_PORT" || unavailable "STOMP port $STOMP_PORT does not answer"
}

declare_exchange() {
  # rabbitmqadmin needs the management plugin; the broker's own declare is idempotent.
  rabbitmqctl -q eval "rabbit_exchange:declare(rabbit_misc:r(<<\"$VHOST\">>, exchange,
    <<\"$1\">>), $2, true, false, false, [], <<\"fuel-mco-setup\">>)." >/dev/null 2>&1 ||
    unavailable "cannot declare exchange $1"
}

ensure_broker_objects() {
  if ! rabbitmqctl -q list_vhosts | grep -x "$VHOST" >/dev/null; then
    rabbitmqctl -q add_vhost "$VHOST" >/dev/null || unavailable "cannot add vhost $VHOST"
  fi
  if ! rabbitmqctl -q list_users | awk '{print $1}' | grep -x "$BROKER_USER" >/dev/null; then
    rabbitmqctl -q add_user "$BROKER_USER" "$BROKER_PASSWORD" >/dev/null ||
      unavailable "cannot add user $BROKER_USER"
  fi
  rabbitmqctl -q change_password "$BROKER_USER" "$BROKER_PASSWORD" >/dev/null &&
    rabbitmqctl -q set_permissions -p "$VHOST" "$BROKER_USER" '.*' '.*' '.*' >/dev/null ||
    unavailable "cannot grant $BROKER_USER access to $VHOST"
  declare_exchange mcollective_broadcast topic
  declare_exchange mcollective_directed direct
}

ensure_psk() {
  [ -s "$RUNTIME/psk" ] && return 0
  (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$RUNTIME/psk")
}

common_config() {
  cat <<EOF
main_collective = mcollective
collectives = mcollective
libdir = $RUNTIME/plugins
securityprovider = psk
plugin.psk = $(cat "$RUNTIME/psk")
connector = rabbitmq
direct_addressing = 1
plugin.rabbitmq.vhost = $VHOST
plugin.rabbitmq.pool.size = 1
plugin.rabbitmq.pool.1.host = 127.0.0.1
plugin.rabbitmq.pool.1.port = $STOMP_PORT
plugin.rabbitmq.pool.1.user = $BROKER_USER
plugin.rabbitmq.pool.1.password = $BROKER_PASSWORD
plugin.rabbitmq.heartbeat_interval = 30
factsource = yaml
plugin.yaml = $RUNTIME/facts.yaml
EOF
}

server_config() {
  common_config
  cat <<EOF
identity = $IDENTITY
daemonize = 0
logfile = $RUNTIME/mcollectived.log
loglevel = info
plugin.puppetd.statedir = $RUNTIME/state/puppetd
plugin.puppetd.vardir = $RUNTIME/state/puppet-var
plugin.systemtype.file = $RUNTIME/root/etc/nailgun_systemtype
plugin.erase_node.root = $RUNTIME/root
plugin.erase_node.allow_erase = true
plugin.erase_node.allow_reboot = false
EOF
}

client_config() {
  common_config
  cat <<EOF
identity = fuel-relay-client
logger_type = console
loglevel = warn
connection_timeout = 5
EOF
}

# Writes a file only when its content changes, through a rename so readers never see half.
write_if_changed() {
  local file=$1 tmp
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp"
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else chmod 0600 "$tmp" && mv "$tmp" "$file"; fi
}

install_agents() {
  local dest="$RUNTIME/plugins/mcollective/agent"
  mkdir -p "$dest" "$RUNTIME/state/puppetd" "$RUNTIME/root/etc"
  local file
  for file in "$AGENTS_SRC"/*.rb "$AGENTS_SRC"/*.ddl; do
    cmp -s "$file" "$dest/$(basename "$file")" || install -m 0644 "$file" "$dest/"
  done
}

write_configs() {
  ensure_psk
  printf -- '---\nfuel_ci: "true"\n' | write_if_changed "$RUNTIME/facts.yaml"
  server_config | write_if_changed "$RUNTIME/server.cfg"
  client_config | write_if_changed "$RUNTIME/client.cfg"
  install_agents
}

config_sum() {
  cat "$RUNTIME/server.cfg" "$RUNTIME/plugins/mcollective/agent/"* | sha256sum | cut -d' ' -f1
}

daemon_pid() {
  local pid
  pid=$(cat "$RUNTIME/mcollectived.pid" 2>/dev/null) || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep mcollectived >/dev/null && echo "$pid"
}

ping_node() {
  timeout 15 mco rpc rpcutil ping -I "$IDENTITY" --config "$RUNTIME/client.cfg" -t 2 --dt 1 \
    --json </dev/null >/dev/null 2>&1
}

start_daemon() {
  log "starting mcollectived (identity $IDENTITY)"
  # Its working directory is the runtime dir: agents inherit it (rsync fails in a deleted one).
  (cd "$RUNTIME" && exec setsid mcollectived --config "$RUNTIME/server.cfg" --no-daemonize \
    </dev/null >>"$RUNTIME/mcollectived.out" 2>&1 9>&-) &
  echo $! >"$RUNTIME/mcollectived.pid"
  config_sum >"$RUNTIME/running.sum"
  local _
  for _ in $(seq 1 20); do
    ping_node && return 0
    daemon_pid >/dev/null || unavailable "mcollectived exited, see $RUNTIME/mcollectived.log"
    sleep 0.5
  done
  unavailable "mcollectived does not answer rpcutil ping, see $RUNTIME/mcollectived.log"
}

daemon_healthy() {
  local pid
  pid=$(daemon_pid) || return 1
  # A daemon whose working directory was deleted under it breaks agents that spawn tools.
  [[ "$(readlink "/proc/$pid/cwd")" != *" (deleted)" ]] &&
    [ "$(config_sum)" = "$(cat "$RUNTIME/running.sum" 2>/dev/null)" ] && ping_node
}

restart_daemon() {
  if daemon_pid >/dev/null; then
    log "mcollectived does not answer or its config changed: restarting it"
    "$HERE/stop.sh" "$RUNTIME" >/dev/null
  fi
  start_daemon
}

main() {
  [ "$(id -u)" = 0 ] || unavailable "needs root (apt-get, rabbitmqctl, agents acting as root)"
  mkdir -p "$RUNTIME" || unavailable "cannot create $RUNTIME"
  exec 9>"$RUNTIME/.setup.lock"
  flock -w 300 9 || unavailable "another setup holds $RUNTIME/.setup.lock"
  ensure_packages
  write_configs
  daemon_healthy && finish "ready: identity=$IDENTITY config=$RUNTIME/client.cfg (already running)"
  ensure_broker
  ensure_broker_objects
  restart_daemon
  finish "ready: identity=$IDENTITY config=$RUNTIME/client.cfg"
}

main
