#!/usr/bin/env bash
# ctest fixture: an empty store migrated by gatewayctl, once per build, which
# every gateway fixture on SQLite copies instead of migrating its own
# (tests/support/gateway_fixture.cpp; about 0.5 s each under the sanitizers).
set -euo pipefail
ctl=${1:?usage: store_template.sh GATEWAYCTL DIR}
dir=${2:?usage: store_template.sh GATEWAYCTL DIR}
rm -rf "$dir"
mkdir -p "$dir"
printf 'data_dir = "%s"\n' "$dir" > "$dir/gateway.toml"
# Under the widest umask, so that the copies' mode (copy_file keeps it) is
# what gatewayctl itself gives a new store: the hardening test checks it.
umask 000
"$ctl" --config "$dir/gateway.toml" ledger check > /dev/null
# All of it in the file the fixtures copy, nothing left in a WAL beside it.
test -s "$dir/gateway.db"
test ! -e "$dir/gateway.db-wal"
