#!/usr/bin/env bash
# ctest fixture around scripts/pg-cluster.sh: `start STATE` starts a throwaway
# cluster on a free port and writes STATE/url and STATE/dir for the tests
# (tests/postgres/); `stop STATE` stops it and removes it. The cluster lives
# under /tmp, where its unprivileged owner can reach it.
set -euo pipefail
cmd=${1:?usage: postgres_fixture.sh start|stop STATE}
state=${2:?usage: postgres_fixture.sh start|stop STATE}
scripts="$(dirname "$0")/../../scripts"

case "$cmd" in
  start)
    if [ -f "$state/dir" ]; then bash "$scripts/pg-cluster.sh" stop "$(cat "$state/dir")"; fi
    mkdir -p "$state"
    root=$(mktemp -d /tmp/gw-pg.XXXXXX)
    chmod 755 "$root"
    # A port below the kernel's ephemeral range (32768 and up), so no
    # client connection takes it meanwhile; another taker means another try.
    for attempt in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 10000))
      rm -rf "$root/cluster"
      if durable=0 bash "$scripts/pg-cluster.sh" start "$root/cluster" "$port" > "$state/url"; then
        break
      fi
      if [ "$attempt" = 5 ]; then exit 1; fi
    done
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
