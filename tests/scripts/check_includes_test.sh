#!/usr/bin/env bash
# scripts/check-includes.sh passes on the tree as it is, and fails, naming
# the problem, on copies with a planted module cycle, Asio in a non-network
# module, Xerces outside the XML modules, SQLite and libpq outside the store.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
check="$source_dir/scripts/check-includes.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash "$check" "$source_dir/gateway" >/dev/null

# expect_failure <name> <file under gateway/> <line to add> <text the report must hold>
expect_failure() {
  local name=$1 file=$2 line=$3 expected=$4
  rm -rf "$work/gateway"
  cp -r "$source_dir/gateway" "$work/gateway"
  # A planted line goes into a real source file, never a new one.
  if [[ ! -f "$work/gateway/$file" ]]; then
    echo "FAIL $name: gateway/$file does not exist (update the test)" >&2
    exit 1
  fi
  printf '%s\n' "$line" >>"$work/gateway/$file"
  if bash "$check" "$work/gateway" >"$work/out" 2>&1; then
    echo "FAIL $name: check-includes.sh passed" >&2
    exit 1
  fi
  if ! grep -qF -- "$expected" "$work/out"; then
    echo "FAIL $name: the report does not say '$expected':" >&2
    cat "$work/out" >&2
    exit 1
  fi
  echo "ok $name"
}

# core is included by everything, so core -> api closes a loop.
expect_failure cycle core/iban.cpp '#include "api/whoami.h"' "edge: core -> api"
expect_failure "a longer cycle" calendar/riga_time.cpp '#include "iso20022/chunk_plan.h"' \
  "module cycle"
expect_failure asio api/whoami.cpp '#include <boost/asio/io_context.hpp>' "Boost.Asio/Beast outside"
expect_failure xerces rates/fx_rate.cpp '#include <xercesc/sax2/Attributes.hpp>' "Xerces outside"
expect_failure sqlite acceptance/payment_decider.cpp '#include <sqlite3.h>' "SQLite outside"
expect_failure libpq ledger/ledger_core.cpp '#include <libpq-fe.h>' "libpq outside"
expect_failure "the PostgreSQL backend named by a module behind the interfaces" api/whoami.cpp \
  '#include "store/postgres/pg_connection.h"' "the PostgreSQL backend (named only by backend/) outside"
expect_failure "a composition root naming a backend instead of opening it through backend/" \
  server/gateway_server.cpp '#include "store/sqlite/sqlite_connection_pool.h"' \
  "the SQLite backend (named only by backend/) outside"
expect_failure "interfaces naming the PostgreSQL store" store/ledger_store.h \
  '#include "store/postgres/pg_connection.h"' "store/ledger_store.h: store/postgres/pg_connection.h"
expect_failure "unknown module" core/iban.cpp '#include "nowhere/x.h"' "not a module"
expect_failure "SQLite in the store interfaces" store/identity_store.h '#include <sqlite3.h>' \
  "SQLite outside"
expect_failure "a store in SQL named by a module behind the interfaces" api/whoami.cpp \
  '#include "store/sql/sql_identity_store.h"' "the stores in SQL (named only by the backends and the composition roots) outside"
expect_failure "interfaces depending on their implementation" store/ledger_store.h \
  '#include "store/sqlite/sqlite_database.h"' "edge: store -> store/sqlite"
expect_failure "a project header in angle brackets" core/iban.cpp '#include <api/whoami.h>' \
  "edge: core -> api"
expect_failure "a library header in quotes" acceptance/payment_decider.cpp '#include "sqlite3.h"' \
  "SQLite outside"
expect_failure "Xerces through one of our headers" acceptance/payment_decider.h \
  '#include "xml/spliced_input.h"' "which brings Xerces"
expect_failure "Xerces through two of our headers" policy/application.cpp \
  '#include "iso20022/chunk_plan.h"' "which brings Xerces"
