#!/usr/bin/env bash
# A primary with a synchronous streaming standby (scripts/pg-cluster.sh), for
# the failover test: `start STATE` writes STATE/url (both hosts, the writable
# one chosen: target_session_attrs=read-write, as docs/deployment.md
# configures gatewayd), STATE/primary_url, STATE/standby_url and the two
# clusters' directories; `stop STATE` stops both and removes them.
set -euo pipefail
cmd=${1:?usage: standby_pair.sh start|stop STATE}
state=${2:?usage: standby_pair.sh start|stop STATE}
cluster="bash $(dirname "$0")/../../scripts/pg-cluster.sh"

case "$cmd" in
  start)
    mkdir -p "$state"
    root=$(mktemp -d /tmp/gw-pg-pair.XXXXXX)
    chmod 755 "$root"
    echo "$root" > "$state/root"
    # Ports below the ephemeral range; another taker means another try.
    for attempt in 1 2 3 4 5; do
      primary_port=$((20000 + RANDOM % 10000))
      rm -rf "$root/primary"
      if $cluster start "$root/primary" "$primary_port" > "$state/primary_url"; then
        break
      fi
      if [ "$attempt" = 5 ]; then exit 1; fi
    done
    for attempt in 1 2 3 4 5; do
      standby_port=$((20000 + RANDOM % 10000))
      rm -rf "$root/standby"
      if $cluster standby "$root/standby" "$root/primary" "$standby_port" standby1 \
           > "$state/standby_url"; then
        break
      fi
      if [ "$attempt" = 5 ]; then exit 1; fi
    done
    # From now on a commit waits for the standby: what a client was told is
    # saved survives the primary. (Set once the standby is there: the
    # primary's own createdb would wait for it.)
    psql "$(cat "$state/primary_url")" -qAt \
      -c "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" -c "SELECT pg_reload_conf()" \
      > /dev/null
    echo "postgresql://gateway@127.0.0.1:$primary_port,127.0.0.1:$standby_port/gateway?target_session_attrs=read-write" \
      > "$state/url"
    ;;
  stop)
    if [ -f "$state/root" ]; then
      root=$(cat "$state/root")
      $cluster stop "$root/standby" || true
      $cluster stop "$root/primary" || true
      rmdir "$root" 2>/dev/null || true
    fi
    rm -f "$state/root" "$state/url" "$state/primary_url" "$state/standby_url"
    ;;
esac
