# Sourced by the benchmarks that need a running gateway: a Release gatewayd on
# ephemeral ports in a throw-away directory, the demo institution, and a demo
# user who manages the given accounts without limits in the way.
#   bench_gateway_init NAME [BUILD_DIR] [EXTRA_TOML]   sets ctl, daemon, shared, out, work, user
#     (BENCH_API_EXTRA in the environment: more lines for the [api] table)
#   bench_manage IBAN...                               registers the accounts and the application
#   bench_start                                        starts gatewayd; sets pid and port
#   c ARGS...     gatewayctl for that gateway;   api CURL_ARGS...   curl with the user's certificate
# GW_KEEP=1 keeps the directory for a look afterwards.

bench_gateway_init() {
  local name=$1 build=${2:-build/release} extra=${3:-}
  shared=../shared
  ctl=$build/gateway/gatewayctl
  daemon=$build/gateway/gatewayd
  [ -x "$ctl" ] && [ -x "$daemon" ] || {
    echo "build first: cmake --build $build --target gatewayd gatewayctl" >&2; exit 2; }
  out=bench/out; mkdir -p "$out"
  work=$(mktemp -d "/tmp/gw-$name-XXXXXX")
  pid=
  trap 'kill "$pid" 2>/dev/null || true; [ -n "${GW_KEEP:-}" ] || rm -rf "$work"' EXIT
  cat > "$work/gw.toml" <<TOML
data_dir = "$work/var"
[api]
listen = "127.0.0.1:0"
${BENCH_API_EXTRA:-}
[ops]
listen = "127.0.0.1:0"
[activation]
listen = "127.0.0.1:0"
$extra
TOML
  c pki init >/dev/null
  user=$(c seed-demo 2>/dev/null)
}

c() { "$ctl" --config "$work/gw.toml" "$@"; }
api() { curl -sS --cacert "$work/var/pki/ca.pem" --cert "$work/client.pem" --key "$work/client.key" "$@"; }

bench_manage() {
  local accounts="" iban
  for iban in "$@"; do
    # The demo's own accounts exist already (seed-demo); others are added.
    c account add --institution 90000000001 --iban "$iban" >/dev/null 2>&1 || true
    accounts+="{\"iban\": \"$iban\", \"mode\": \"manage\", \"single_limit_eur\": 100000000, \"daily_limit_eur\": 900000000000${BENCH_ACCOUNT_EXTRA:-}},"
  done
  cat > "$work/app.json" <<JSON
{"institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"}, "user_number": $user,
 "technical_contact": {"first_name": "A", "last_name": "K", "personal_code": "010101-10006",
   "phone": "+371 20000000", "email": "it@example.lv"},
 "signer": "S", "preparer": "P", "allowed_sources": [], ${BENCH_APPLICATION_EXTRA:-}
 "accounts": [${accounts%,}]}
JSON
  c application register "$work/app.json" >/dev/null
  [ -f "$work/client.pem" ] || c cert issue --user "$user" --out "$work/client" >/dev/null
}

bench_start() {
  rm -f "$work/var/gatewayd.ports"
  "$daemon" --config "$work/gw.toml" 2>>"$work/gatewayd.log" &
  pid=$!
  for _ in $(seq 100); do [ -f "$work/var/gatewayd.ports" ] && break; sleep 0.1; done
  port=$(sed -n 's/^api=//p' "$work/var/gatewayd.ports")
}
