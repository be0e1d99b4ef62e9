#!/usr/bin/env bash
# Checks the module structure of gateway/ from its #include lines:
#  - no cycle between modules (a module is a directory under gateway/, and
#    store/sql, store/sqlite and store/postgres are ones of their own; an include of "other/x.h" or <other/x.h>
#    is an edge from this module to other);
#  - Boost.Beast and Asio only in the network modules (http, server, client);
#  - Xerces only in the XML modules (xml, iso20022);
#  - SQLite only in store/sqlite and libpq only in store/postgres, the two
#    backends, which only backend/ (opening the configured one) names;
#  - the stores in SQL (store/sql) named only by the backends and the
#    composition roots (backend, server, cli): the rest sees store/*.h.
# A library counts where its headers arrive, directly or through a header of
# ours that includes them: a header of xml/ that includes Xerces may not be
# included outside xml/ and iso20022/.
# Prints every violation and exits 1 if there is one. Usage:
#   scripts/check-includes.sh [gateway-dir]   (default: gateway/ of this checkout)
set -euo pipefail
root=${1:-"$(dirname "$0")/../gateway"}
cd "$root"

status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sources() { find "${@:-.}" -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.in' \) | sed 's|^\./||'; }

modules=$(find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
[ -d store/sql ] && modules="$modules store/sql"
[ -d store/sqlite ] && modules="$modules store/sqlite"
[ -d store/postgres ] && modules="$modules store/postgres"

# Every include of the tree: "file<TAB>module<TAB>included<TAB>quoted|angle".
# The module of gatewayd.cpp and gatewayctl.cpp (the executables' mains) is "main".
sources | sort | xargs awk -v OFS='\t' '
  /^[ \t]*#[ \t]*include[ \t]*[<"]/ {
    line = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
    form = substr(line, 1, 1) == "<" ? "angle" : "quoted"
    included = substr(line, 2)
    sub(/[">].*$/, "", included)
    file = FILENAME
    module = file
    if (file ~ /^store\/sqlite\//) module = "store/sqlite"
    else if (file ~ /^store\/postgres\//) module = "store/postgres"
    else if (file ~ /^store\/sql\//) module = "store/sql"
    else if (file ~ /\//) sub(/\/.*$/, "", module)
    else module = "main"
    print file, module, included, form
  }' >"$work/includes"

# Module edges, from includes that name a module directory ("x/..." or <x/...>);
# a quoted include of "y/..." where y/ is no module is an error.
awk -F'\t' -v modules="$modules" '
  BEGIN { n = split(modules, list, " "); for (i = 1; i <= n; ++i) known[list[i]] = 1 }
  $3 ~ /\// {
    first = $3; sub(/\/.*$/, "", first)
    to = ($3 ~ /^store\/sqlite\//) ? "store/sqlite" : ($3 ~ /^store\/postgres\//) ? "store/postgres" : ($3 ~ /^store\/sql\//) ? "store/sql" : first
    if (!(first in known)) {
      if ($4 == "quoted") { print $1 ": includes \"" $3 "\": " first "/ is not a module" > "/dev/stderr"; bad = 1 }
      next
    }
    if ($2 != "main" && to != $2) print $2, to
  }
  END { exit bad }' "$work/includes" | sort -u >"$work/edges" || status=1

# tsort names the modules of a cycle on stderr and fails.
if ! tsort "$work/edges" >/dev/null 2>"$work/tsort"; then
  echo "module cycle:" >&2
  grep -v 'input contains a loop' "$work/tsort" | sed 's/^tsort: /  /' | awk '!seen[$0]++' >&2
  # Name the edges inside the cycle, which is what has to change.
  cycle=$(grep -v 'input contains a loop' "$work/tsort" | sed 's/^tsort: //' | tr '\n' ' ')
  while read -r from to; do
    case " $cycle " in *" $from "*) case " $cycle " in *" $to "*) echo "  edge: $from -> $to" >&2 ;; esac ;; esac
  done <"$work/edges"
  status=1
fi

# confined <library-regex> <what> <module>...: the library may arrive only in
# those modules, directly or through our headers.
confined() {
  local pattern=$1 what=$2
  shift 2
  # Our headers that bring the library with them, to a fixed point.
  awk -F'\t' -v p="^($pattern)" '$3 ~ p && $1 ~ /\.h$/ {print $1}' "$work/includes" | sort -u >"$work/carriers"
  while :; do
    awk -F'\t' 'FILENAME == ARGV[1] { carrier[$1] = 1; next } ($3 in carrier) && $1 ~ /\.h$/ {print $1}' \
      "$work/carriers" "$work/includes" | cat - "$work/carriers" | sort -u >"$work/carriers.next"
    cmp -s "$work/carriers" "$work/carriers.next" && break
    mv "$work/carriers.next" "$work/carriers"
  done
  local hits
  hits=$(awk -F'\t' -v p="^($pattern)" -v allowed=" $* " -v what="$what" '
    FILENAME == ARGV[1] { carrier[$1] = 1; next }
    index(allowed, " " $2 " ") { next }
    $3 ~ p { print "  " $1 ": " $3; next }
    ($3 in carrier) { print "  " $1 ": " $3 " (which brings " what ")" }' \
    "$work/carriers" "$work/includes")
  if [ -n "$hits" ]; then
    echo "$what outside $*:" >&2
    printf '%s\n' "$hits" >&2
    status=1
  fi
}
confined 'boost/(asio|beast)' "Boost.Asio/Beast" http server client
confined 'xercesc/' "Xerces" xml iso20022
confined 'sqlite3\.h' "SQLite" store/sqlite
confined 'store/sqlite/' "the SQLite backend (named only by backend/)" store/sqlite backend
confined 'libpq-fe\.h' "libpq" store/postgres
confined 'store/postgres/' "the PostgreSQL backend (named only by backend/)" store/postgres backend
confined 'store/sql/' "the stores in SQL (named only by the backends and the composition roots)" \
  store/sql store/sqlite store/postgres backend server cli main

if [ "$status" = 0 ]; then
  echo "module includes: $(wc -l <"$work/edges") edges between $(wc -w <<<"$modules") modules, no cycle"
fi
exit "$status"
