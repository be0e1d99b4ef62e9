#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks: nothing of
# the machine's own PostgreSQL (if any) is touched, and nothing stays behind.
#
#   scripts/pg-cluster.sh start DIR [PORT]   initdb + start; prints the URL
#   scripts/pg-cluster.sh stop DIR            stop (fast) and remove DIR
#   scripts/pg-cluster.sh restart DIR         stop and start again: same data and port
#   scripts/pg-cluster.sh pause DIR           stop (fast), keeping DIR
#   scripts/pg-cluster.sh resume DIR          start a paused cluster again
#   scripts/pg-cluster.sh standby DIR PRIMARY_DIR PORT NAME
#                                            a streaming standby of PRIMARY_DIR
#                                            (pg_basebackup -R), application_name NAME
#   scripts/pg-cluster.sh promote DIR         the standby becomes a primary
#   scripts/pg-cluster.sh crash DIR           stop at once (immediate: no checkpoint,
#                                            as a machine dying), keeping DIR
#
# PostgreSQL refuses to run as root, so under root (CI) the cluster belongs
# to the unprivileged user `nobody`. It listens on 127.0.0.1:PORT (5433 by
# default) and on a socket in DIR; trust authentication, loopback only.
# `durable=0` in the environment turns off fsync for quick tests; the
# benchmarks keep the defaults, so their figures are PostgreSQL's real ones.
set -euo pipefail

usage="usage: pg-cluster.sh start|stop|restart|pause|resume|standby|promote|crash DIR [PORT]"
cmd=${1:?$usage}
dir=${2:?$usage}
port=${3:-5433}
bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [ -z "$bin" ]; then
  echo "pg-cluster: PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

# From /, which every user may enter: initdb and pg_ctl change back to the
# directory they started in, and a checkout under /root is not nobody's.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u nobody -- "$@")
  else
    "$@"
  fi
}

start() {
  local options="-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=200"
  options+=" -c shared_buffers=128MB"
  if [ "$(cat "$dir/durable" 2>/dev/null || echo "${durable:-1}")" = 0 ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -o "$options" -w -t 60 start >/dev/null
}

case "$cmd" in
  start)
    mkdir -p "$dir/socket"
    echo "${durable:-1}" > "$dir/durable"  # restart keeps it
    if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U gateway -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    start
    echo "$port" > "$dir/port"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U gateway gateway
    echo "postgresql://gateway@127.0.0.1:$port/gateway"
    ;;
  restart)
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    start
    ;;
  pause)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    port=$(cat "$dir/port")
    start
    ;;
  standby)
    primary=${3:?$usage}
    port=${4:?$usage}
    name=${5:?$usage}
    mkdir -p "$dir/socket"
    echo 1 > "$dir/durable"
    if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$dir"; fi
    as_owner "$bin/pg_basebackup" -D "$dir/data" -R -X stream -c fast \
      -d "host=127.0.0.1 port=$(cat "$primary/port") user=gateway application_name=$name"
    start
    echo "$port" > "$dir/port"
    echo "postgresql://gateway@127.0.0.1:$port/gateway"
    ;;
  promote)
    as_owner "$bin/pg_ctl" -D "$dir/data" -w promote >/dev/null
    ;;
  crash)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "pg-cluster: unknown command $cmd" >&2
    exit 2
    ;;
esac
