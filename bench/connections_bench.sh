#!/usr/bin/env bash
# Connection handling of gatewayd side by side with nginx (Debian's nginx-light)
# serving a static answer with the same server key and certificate, the same
# client CA and a client certificate required, in the same run, with the same
# clients (openssl s_time, ApacheBench):
#   1. new mutual-TLS connections with one whoami each (s_time -new)   target >= 0.9x nginx
#   2. keep-alive whoami, 8 connections (ab -k -c 8)                    target >= 0.5x nginx
#   3. while one address (127.0.0.2) holds HOLD connections against both
#      listeners of gatewayd, another client's whoami and a small upload:
#      p99 latency, against the same requests on an idle gateway           bound: BOUND_MS (250)
# Usage: bench/connections_bench.sh [build-dir]   (ROUNDS=3 SECONDS_EACH=5 HOLD=2000)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench_gateway.sh

rounds=${ROUNDS:-3}
each=${SECONDS_EACH:-5}
hold=${HOLD:-2000}
bound_ms=${BOUND_MS:-250}
for tool in nginx ab openssl python3; do
  command -v "$tool" >/dev/null || {
    echo "needs $tool: apt-get install nginx-light apache2-utils openssl python3" >&2
    exit 2
  }
done

bench_gateway_init connections "${1:-build/release}" "[ledger]
run_interval_ms = 0"
bench_manage LV06TREL1060000300001  # the sample's debtor, limits out of the way
bench_start
pki=$work/var/pki
cat "$work/client.pem" "$work/client.key" >"$work/client-both.pem"

# nginx: the same key, certificate and CA; two workers as gatewayd has two
# I/O threads; an access log like gatewayd's request log.
nginx_dir=$work/nginx
mkdir -p "$nginx_dir/logs"
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$nginx_dir/nginx.conf" <<CONF
user root;
worker_processes 2;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/logs/error.log;
events { worker_connections 8192; }
http {
  access_log $nginx_dir/logs/access.log;
  keepalive_requests 1000000;
  client_body_temp_path $nginx_dir/body;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $pki/server.pem;
    ssl_certificate_key $pki/server.key;
    ssl_client_certificate $pki/ca.pem;
    ssl_verify_client on;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      default_type application/json;
      return 200 '{"user":{"number":1},"static":true}';
    }
  }
}
CONF
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
trap 'kill "$pid" "$nginx_pid" 2>/dev/null || true; [ -n "${GW_KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null --cacert "$pki/ca.pem" --cert "$work/client.pem" --key "$work/client.key" \
    "https://127.0.0.1:$nginx_port/" && break
  sleep 0.1
done

# Connections per second over `each` seconds, new connection per request.
new_connections() {
  openssl s_time -connect "127.0.0.1:$1" -new -cert "$work/client.pem" -key "$work/client.key" \
    -CAfile "$pki/ca.pem" -www /v1/whoami -time "$each" 2>/dev/null |
    awk '/connections in [0-9.]+ real seconds/ { printf "%.0f", $1 / $4 }'
}
# Requests per second, keep-alive, 8 connections.
keep_alive() {
  ab -k -q -c 8 -t "$each" -n 10000000 -E "$work/client-both.pem" "https://127.0.0.1:$1/v1/whoami" \
    2>/dev/null | awk '/Requests per second/ { printf "%.0f", $4 }'
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

echo "== connections_bench $(date -u +%FT%TZ) on $(nproc) cores; $rounds rounds of ${each}s"
gw_new="" ng_new="" gw_ka="" ng_ka="" new_ratios="" ka_ratios=""
for r in $(seq "$rounds"); do
  n1=$(new_connections "$nginx_port"); g1=$(new_connections "$port")
  k1=$(keep_alive "$nginx_port"); h1=$(keep_alive "$port")
  echo "round $r: new connections/s gatewayd $g1 nginx $n1 ($(ratio "$g1" "$n1")x);" \
    "keep-alive req/s gatewayd $h1 nginx $k1 ($(ratio "$h1" "$k1")x)"
  gw_new+="$g1 " ng_new+="$n1 " gw_ka+="$h1 " ng_ka+="$k1 "
  new_ratios+="$(ratio "$g1" "$n1") " ka_ratios+="$(ratio "$h1" "$k1") "
done
echo "new mTLS connections, one whoami each: gatewayd $(echo $gw_new | median)/s," \
  "nginx $(echo $ng_new | median)/s, ratio $(echo $new_ratios | median)x (target >= 0.9x)"
echo "keep-alive whoami: gatewayd $(echo $gw_ka | median)/s, nginx static $(echo $ng_ka | median)/s," \
  "ratio $(echo $ka_ratios | median)x (target >= 0.5x)"

# 3. A legitimate client beside one address holding `hold` connections.
sample() {  # N requests: whoami on a new connection, then a small upload; prints p50 p99 ms
  python3 bench/latency_probe.py --port "$port" --ca "$pki/ca.pem" --cert "$work/client.pem" \
    --key "$work/client.key" --requests "$1"
}
echo "idle gateway:      $(sample 100)"
python3 bench/hold_connections.py --source 127.0.0.2 --ports "$port,$(sed -n 's/^activation=//p' "$work/var/gatewayd.ports")" \
  --count "$hold" --seconds 60 --ready "$work/held" &
holder=$!
for _ in $(seq 200); do [ -f "$work/held" ] && break; sleep 0.1; done
echo "while 127.0.0.2 holds $(cat "$work/held" 2>/dev/null || echo '?') of $hold connections: $(sample 100) (bound p99 < ${bound_ms} ms)"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
curl -s "http://127.0.0.1:$(sed -n 's/^ops=//p' "$work/var/gatewayd.ports")/metrics" |
  grep '^gateway_connections_refused_total' || true
