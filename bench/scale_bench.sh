#!/usr/bin/env bash
# Scale-out benchmark: the PostgreSQL backend against the embedded SQLite one,
# on the same machine in the same run, and two gatewayd nodes behind HAProxy
# against one. Each case runs a fresh gatewayd on a fresh store (a new SQLite
# file, a new database in one durable PostgreSQL 15 cluster: fsync on, the
# defaults) with the same Release build and the same input files:
#   - a 100k-payment pain.001 uploaded over mutual TLS until the pain.002 arrives;
#   - the ledger booking those 100k payments (`gatewayctl ledger run-day`);
#   - 1,000 files of 50 payments each from 50 concurrent clients (curl, a new
#     TLS connection per file as an accounting system sends them), through one
#     node, and for PostgreSQL also through two nodes behind HAProxy
#     (send-proxy-v2, round robin). The ledger timer is off while files arrive.
#     Three rounds, interleaved; the medians count.
# Ratios: PostgreSQL / SQLite in throughput (goal for the small files: >= 0.7),
# and two nodes / one node on PostgreSQL.
# Usage: bench/scale_bench.sh [build-dir]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
source bench/bench_gateway.sh
out=bench/out
mkdir -p "$out"
shared=../shared
results=$(mktemp -d /tmp/gw-scale-results-XXXXXX)
pg=$(mktemp -d /tmp/gw-scale-pg-XXXXXX)
chmod 755 "$pg"
cleanup() { bash scripts/pg-cluster.sh stop "$pg/cluster" >/dev/null 2>&1 || true; rm -rf "$results" "$pg"; }
trap cleanup EXIT
pg_url=$(bash scripts/pg-cluster.sh start "$pg/cluster" "$((20000 + RANDOM % 10000))")
pg_admin() { psql -X -q -d "$pg_url" -c "$1" >/dev/null; }

# The inputs. The 100k file executes on the first business day from tomorrow
# (the generator dates execution the day after its --date).
for i in $(seq 1 10); do
  day=$(TZ=Europe/Riga date -d "+$i day" +%F)
  python3 -c "import sys, datetime; d = datetime.date.fromisoformat('$day'); sys.exit(d.weekday() >= 5)" && break
done
big=$out/scale-100k-$day.xml
[ -f "$big" ] || python3 "$shared/tools/gen_pain001.py" --tx 100000 --groups 1 --seed 41 \
                   --date "$(date -d "$day -1 day" +%F)" --out "$big" >/dev/null
small_dir=$out/scale-small-$day
if [ ! -f "$small_dir/0999.xml" ]; then
  mkdir -p "$small_dir"
  python3 "$shared/tools/gen_pain001.py" --tx 50 --groups 1 --seed 42 \
    --date "$(date -d "$day -1 day" +%F)" --out "$small_dir/template.xml" >/dev/null
  msg_id=$(grep -o -m1 '<MsgId>[^<]*' "$small_dir/template.xml" | cut -d'>' -f2)
  prefix=${msg_id%-*}
  for n in $(seq -w 0 999); do
    sed "s/$prefix-/LVTREL-S$n-/g" "$small_dir/template.xml" > "$small_dir/$n.xml"
  done
fi
ibans=$(cat "$big" "$small_dir/template.xml" | grep -A1 '<DbtrAcct>' | grep -o 'LV[0-9A-Z]*' | sort -u)

# One case: BACKEND (sqlite|postgresql), NODES (1|2), WHAT (big|small).
# Prints "key value" lines to $results/<backend>-<nodes>-<what>.
run_case() (
  local backend=$1 nodes=$2 what=$3 store="" db="" proxy=""
  if [ "$backend" = postgresql ]; then
    db=scale_${nodes}_${what}_$$
    pg_admin "CREATE DATABASE $db"
    store=$'[store]\nbackend = "postgresql"\nurl = "'"${pg_url%/*}/$db"$'"'
  fi
  # 50 clients on one address, all in their handshake at once, and all one user's.
  [ "$nodes" = 1 ] || proxy='proxy_protocol_from = ["127.0.0.1"]'
  BENCH_API_EXTRA=$proxy bench_gateway_init scale-bench "$build" \
    $'[ledger]\nrun_interval_ms = 0\n[limits]\nmax_handshakes_per_address = 100\nmax_uploads_per_user = 50\n'"$store"
  # shellcheck disable=SC2086
  bench_manage $ibans
  c ledger fund --iban "$(grep -A1 '<DbtrAcct>' "$big" | grep -o 'LV[0-9A-Z]*' | head -1)" \
    --amount 999999999.00 >/dev/null
  bench_start
  local target=$port pids=$pid
  if [ "$nodes" = 2 ]; then
    # The second node: the same settings, PKI and database, its own data directory.
    mkdir -p "$work/node2"
    cp -r "$work/var/pki" "$work/node2/pki"
    sed "s|^data_dir = .*|data_dir = \"$work/node2\"|" "$work/gw.toml" > "$work/node2.toml"
    "$daemon" --config "$work/node2.toml" 2>>"$work/node2.log" & local pid2=$!
    pids="$pid $pid2"
    for _ in $(seq 100); do [ -f "$work/node2/gatewayd.ports" ] && break; sleep 0.1; done
    local port2 ops1 ops2
    port2=$(sed -n 's/^api=//p' "$work/node2/gatewayd.ports")
    ops1=$(sed -n 's/^ops=//p' "$work/var/gatewayd.ports")
    ops2=$(sed -n 's/^ops=//p' "$work/node2/gatewayd.ports")
    target=$((20000 + RANDOM % 10000))
    cat > "$work/haproxy.cfg" <<CFG
global
  maxconn 1000
defaults
  mode tcp
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  retries 3
  option redispatch 1
frontend api
  bind 127.0.0.1:$target
  default_backend gateway
backend gateway
  balance roundrobin
  option httpchk GET /readyz
  server node1 127.0.0.1:$port send-proxy-v2 check port $ops1 inter 1s
  server node2 127.0.0.1:$port2 send-proxy-v2 check port $ops2 inter 1s
CFG
    haproxy -db -f "$work/haproxy.cfg" >>"$work/haproxy.log" 2>&1 & local balancer=$!
    trap 'kill $pid2 $balancer 2>/dev/null || true; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$target) 2>/dev/null && break; sleep 0.1; done
  fi
  local file=$results/$backend-$nodes-$what
  if [ "$what" = big ]; then
    local t0 t1 code
    t0=$(date +%s.%N)
    code=$(api -o "$work/answer.xml" -w '%{http_code}' --data-binary @"$big" \
      "https://127.0.0.1:$target/v1/messages")
    t1=$(date +%s.%N)
    [ "$code" = 201 ] || { echo "$backend: 100k upload failed: HTTP $code" >&2; exit 1; }
    echo "upload_s $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" >> "$file"
    local exec_day
    exec_day=$(grep -o -m1 '<ReqdExctnDt>[^<]*' "$big" | cut -d'>' -f2)
    c ledger clock --set "$exec_day" >/dev/null
    t0=$(date +%s.%N)
    local booked
    booked=$(c ledger run-day)
    t1=$(date +%s.%N)
    echo "$booked" | grep -q "100000 booked" || { echo "$backend: booking: $booked" >&2; exit 1; }
    echo "booking_s $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" >> "$file"
  else
    local t0 t1
    t0=$(date +%s.%N)
    find "$small_dir" -name '[0-9]*.xml' | sort | xargs -P 50 -I{} \
      curl -sS --max-time 120 --cacert "$work/var/pki/ca.pem" --cert "$work/client.pem" \
        --key "$work/client.key" -o /dev/null -w '%{http_code}\n' --data-binary @{} \
        "https://127.0.0.1:$target/v1/messages" > "$work/codes"
    t1=$(date +%s.%N)
    local accepted
    accepted=$(grep -c '^201$' "$work/codes" || true)
    [ "$accepted" = 1000 ] || { echo "$backend x$nodes: $accepted of 1000 accepted:" >&2; sort "$work/codes" | uniq -c >&2; exit 1; }
    echo "small_s $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" >> "$file"
    local cpu=0 p
    for p in $pids; do cpu=$((cpu + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
    echo "gatewayd_cpu_s $(awk -v t="$cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN{print t / hz}')" >> "$file"
  fi
  if [ -n "$db" ]; then
    kill $pids 2>/dev/null || true; wait $pids 2>/dev/null || true
    pg_admin "DROP DATABASE $db WITH (FORCE)"
  fi
)

for backend in sqlite postgresql; do run_case "$backend" 1 big; done
# The small files three times each, interleaved, so that a moment of noise on
# a shared machine moves one round, not the result: medians below.
for round in 1 2 3; do
  run_case sqlite 1 small
  run_case postgresql 1 small
  run_case postgresql 2 small
done

# The median of a case's figures under one key.
get() {
  awk -v k="$2" '$1 == k {print $2}' "$results/$1" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "small files, seconds per round: SQLite $(awk '$1 == "small_s" {printf "%s ", $2}' "$results/sqlite-1-small")," \
  "PostgreSQL $(awk '$1 == "small_s" {printf "%s ", $2}' "$results/postgresql-1-small")," \
  "two nodes $(awk '$1 == "small_s" {printf "%s ", $2}' "$results/postgresql-2-small")"
awk -v su="$(get sqlite-1-big upload_s)" -v pu="$(get postgresql-1-big upload_s)" \
    -v sb="$(get sqlite-1-big booking_s)" -v pb="$(get postgresql-1-big booking_s)" \
    -v ss="$(get sqlite-1-small small_s)" -v ps="$(get postgresql-1-small small_s)" \
    -v p2="$(get postgresql-2-small small_s)" -v sc="$(get sqlite-1-small gatewayd_cpu_s)" \
    -v pc="$(get postgresql-1-small gatewayd_cpu_s)" -v p2c="$(get postgresql-2-small gatewayd_cpu_s)" \
    -v cores="$(nproc)" 'BEGIN {
  printf "%-50s %10s %10s %8s\n", "", "SQLite", "PostgreSQL", "PG/SQLite"
  printf "%-50s %9.2fs %9.2fs %8.2f\n", "100k-payment upload until the pain.002", su, pu, su / pu
  printf "%-50s %9.2fs %9.2fs %8.2f\n", "ledger booking the 100k payments", sb, pb, sb / pb
  printf "%-50s %9.2fs %9.2fs %8.2f\n", "1,000 files x 50 payments, 50 clients, one node", ss, ps, ss / ps
  printf "%-50s %8.0f/s %8.0f/s\n", "  files per second", 1000 / ss, 1000 / ps
  printf "%-50s %9.1fs %9.1fs\n", "  gatewayd CPU for them", sc, pc
  printf "%-50s %10s %9.2fs %8s\n", "the same through HAProxy over two nodes", "", p2, ""
  printf "%-50s %10s %8.0f/s  two nodes / one: %.2f\n", "  files per second", "", 1000 / p2, ps / p2
  printf "%-50s %10s %9.1fs\n", "  gatewayd CPU for them (both nodes)", "", p2c
  printf "ratios are throughput (time of the other / time of this); small files: medians of 3 rounds;\n"
  printf "goal for small files PG/SQLite >= 0.7\n"
  printf "one machine of %d cores runs the clients, HAProxy, PostgreSQL and the nodes together\n", cores
}'
