# Sourced by the PostgreSQL test fixtures. with_free_port DIR COMMAND...:
# runs COMMAND with $port set to a port below the kernel's ephemeral range
# (32768 and up), so no client connection takes it meanwhile; another taker
# means another try, with DIR removed first (five tries in all).
with_free_port() {
  local dir=$1 attempt
  shift
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 10000))
    rm -rf "$dir"
    if "$@"; then return 0; fi
  done
  return 1
}
