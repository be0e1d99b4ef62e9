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
source "$(dirname "$0")/free_port.sh"

case "$cmd" in
  start)
    mkdir -p "$state"
    root=$(mktemp -d /tmp/gw-pg-pair.XXXXXX)
    chmod 755 "$root"
    echo "$root" > "$state/root"
    start_primary() { $cluster start "$root/primary" "$port" > "$state/primary_url"; }
    start_standby() {
      $cluster standby "$root/standby" "$root/primary" "$port" standby1 > "$state/standby_url"
    }
    with_free_port "$root/primary" start_primary
    primary_port=$port
    with_free_port "$root/standby" start_standby
    standby_port=$port
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
