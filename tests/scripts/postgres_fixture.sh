#!/usr/bin/env bash
# ctest fixture around scripts/pg-cluster.sh: `start STATE` starts a throwaway
# cluster on a free port and writes STATE/url and STATE/dir for the tests
# (tests/postgres/); `stop STATE` stops it and removes it. The cluster lives
# under /tmp, where its unprivileged owner can reach it.
set -euo pipefail
cmd=${1:?usage: postgres_fixture.sh start|stop STATE}
state=${2:?usage: postgres_fixture.sh start|stop STATE}
scripts="$(dirname "$0")/../../scripts"
source "$(dirname "$0")/free_port.sh"

case "$cmd" in
  start)
    if [ -f "$state/dir" ]; then bash "$scripts/pg-cluster.sh" stop "$(cat "$state/dir")"; fi
    mkdir -p "$state"
    root=$(mktemp -d /tmp/gw-pg.XXXXXX)
    chmod 755 "$root"
    start_cluster() {
      durable=0 bash "$scripts/pg-cluster.sh" start "$root/cluster" "$port" > "$state/url"
    }
    with_free_port "$root/cluster" start_cluster
    echo "$root/cluster" > "$state/dir"
    ;;
  stop)
    if [ -f "$state/dir" ]; then
      dir=$(cat "$state/dir")
      bash "$scripts/pg-cluster.sh" stop "$dir"
      rmdir "$(dirname "$dir")" 2>/dev/null || true
    fi
    rm -f "$state/url" "$state/dir"
    ;;
esac
