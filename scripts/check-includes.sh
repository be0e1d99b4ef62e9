#!/usr/bin/env bash
# Checks the module structure of gateway/ from its #include lines:
#  - no cycle between modules (a module is a directory under gateway/; an
#    include of "other/x.h" is an edge from this module to other);
#  - Boost.Beast and Asio only in the network modules (http, server, client);
#  - Xerces only in the XML modules (xml, iso20022);
#  - SQLite only in store/sqlite, the store's one implementation, which is a
#    module of its own (store/ holds the interfaces) and is named only by the
#    composition roots (server, cli).
# Prints every violation and exits 1 if there is one. Usage:
#   scripts/check-includes.sh [gateway-dir]   (default: gateway/ of this checkout)
set -euo pipefail
root=${1:-"$(dirname "$0")/../gateway"}
cd "$root"

status=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

# A module is a directory under gateway/, and store/sqlite is one too.
modules=$(find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
[ -d store/sqlite ] && modules="$modules store/sqlite"
# The files of a module, without those of a nested module.
files_of() {
  if [ "$1" = store ]; then
    find store -path store/sqlite -prune -o -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.in' \) -print
  else
    find "$1" -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.in' \) -print
  fi
}
for module in $modules; do
  # Module-qualified includes of another module: "other/..." or "store/sqlite/...".
  files_of "$module" | xargs -r grep -hoE '^#include "[a-z0-9_]+/(sqlite/)?' |
    sed -E 's/^#include "//; s/\/$//' | sed -E 's/^([a-z0-9_]+)\/sqlite$/\1\/sqlite/' |
    while read -r target; do
      [ -d "$target" ] || target=${target%/sqlite}
      echo "$target"
    done | sort -u | while read -r target; do
      [ "$target" = "$module" ] && continue
      if [ ! -d "$target" ]; then
        echo "$module: includes \"$target/...\", which is not a module" >&2
        echo "unknown" >>"$edges.bad"
        continue
      fi
      echo "$module $target"
    done >>"$edges"
done
if [ -e "$edges.bad" ]; then
  rm -f "$edges.bad"
  status=1
fi

# tsort names the modules of a cycle on stderr and fails.
if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
  echo "module cycle:" >&2
  grep -v 'input contains a loop' "$edges.err" | sed 's/^tsort: /  /' | awk '!seen[$0]++' >&2
  # Name the edges inside the cycle, which is what has to change.
  cycle=$(grep -v 'input contains a loop' "$edges.err" | sed 's/^tsort: //' | tr '\n' ' ')
  while read -r from to; do
    case " $cycle " in *" $from "*) case " $cycle " in *" $to "*) echo "  edge: $from -> $to" >&2 ;; esac ;; esac
  done <"$edges"
  status=1
fi
rm -f "$edges.err"

# allowed_in <pattern> <what> <module>...: the pattern may only be included there.
allowed_in() {
  local pattern=$1 what=$2
  shift 2
  local hits
  hits=$(grep -rnE "^#include <$pattern" . --include='*.h' --include='*.cpp' || true)
  for module in "$@"; do
    hits=$(grep -vE "^\./$module/" <<<"$hits" || true)
  done
  if [ -n "$hits" ]; then
    echo "$what outside $*:" >&2
    sed 's/^\.\//  /' <<<"$hits" >&2
    status=1
  fi
}
allowed_in 'boost/(asio|beast)' "Boost.Asio/Beast" http server client
allowed_in 'xercesc/' "Xerces" xml iso20022
allowed_in 'sqlite3\.h' "SQLite" store/sqlite
if hits=$(grep -rnE '^#include "store/sqlite/' . --include='*.h' --include='*.cpp' |
  grep -vE '^\./(store/sqlite|server|cli)/'); then
  echo "the SQLite store named outside the composition roots (server, cli):" >&2
  sed 's/^\.\//  /' <<<"$hits" >&2
  status=1
fi

if [ "$status" = 0 ]; then
  echo "module includes: $(wc -l <"$edges") edges between $(wc -w <<<"$modules") modules, no cycle"
fi
exit "$status"
