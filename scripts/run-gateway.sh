#!/usr/bin/env bash
# Installs what is missing, builds (Release), prepares ./var (development PKI,
# the demo institution and user, a client certificate) and runs gatewayd on
# https://127.0.0.1:8443. Safe to run again: existing state is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DGATEWAY_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" --target gatewayd gatewayctl

mkdir -p var
config_args=()
if [ -n "${GATEWAY_CONFIG:-}" ]; then
  config_args=(--config "$GATEWAY_CONFIG")
else
  # The defaults, and the operator console on the loopback address (it opens
  # only where a configuration says so).
  [ -f var/run-gateway.toml ] || printf '[console]\nlisten = "127.0.0.1:8446"\n' > var/run-gateway.toml
  config_args=(--config var/run-gateway.toml)
fi
ctl() { build/release/gateway/gatewayctl "${config_args[@]}" --data-dir var "$@"; }

mkdir -p var/clients
[ -f var/pki/ca.pem ] || ctl pki init
# The demo user, and keys and signing certificates for the demo's two payment signers.
user=$(ctl seed-demo --signers-dir var/signers)
[ -f var/clients/demo.pem ] || ctl cert issue --user "$user" --out var/clients/demo >/dev/null
# Two demo operators for the console (an application one proposes, the other
# approves): for each a key, the certificate, and both as a PKCS#12
# (password "operator") to import into a browser.
mkdir -p var/operators
for who in demo:"Demo Operator" second:"Second Operator"; do
  file=${who%%:*}
  if [ ! -f "var/operators/$file.p12" ]; then
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=operator \
      -keyout "var/operators/$file.key" -out "var/operators/$file.csr" 2>/dev/null
    ctl operator issue --name "${who#*:}" --csr "var/operators/$file.csr" \
      --out "var/operators/$file.pem" >/dev/null
    openssl pkcs12 -export -in "var/operators/$file.pem" -inkey "var/operators/$file.key" \
      -passout pass:operator -out "var/operators/$file.p12"
  fi
done
# The reference ledger books payments only with funds there: give the demo accounts some, once.
if [ ! -f var/.demo-funded ]; then
  ctl ledger fund --iban LV06TREL1060000300001 --amount 100000.00 >/dev/null && touch var/.demo-funded
fi
if [ ! -f var/.demo-funded-0003 ]; then
  ctl ledger fund --iban LV49TREL1060000300003 --amount 100000.00 >/dev/null &&
    touch var/.demo-funded-0003
fi

cat <<MSG

gatewayd is starting on https://127.0.0.1:8443 (operations: http://127.0.0.1:9090/metrics).
Demo user $user of institution 90000000001; files debiting LV49TREL1060000300003 wait for two
signatures (keys of its signers in $root/var/signers). In another terminal:

  curl --cacert $root/var/pki/ca.pem --cert $root/var/clients/demo.pem --key $root/var/clients/demo.key https://127.0.0.1:8443/v1/whoami

The five-minute tour (upload a payment file, read the pain.002, request a statement) is in README.md.

Operator console: https://127.0.0.1:8446/console with the certificate in
$root/var/operators/demo.p12 (password "operator") imported into the browser,
or: curl --cacert $root/var/pki/ca.pem --cert $root/var/operators/demo.pem --key $root/var/operators/demo.key https://127.0.0.1:8446/console
An application entered there takes effect when a second operator approves it:
$root/var/operators/second.p12 (same password), in another browser profile.

Stop with Ctrl-C (graceful: requests in flight finish).

MSG
exec build/release/gateway/gatewayd "${config_args[@]}" --data-dir var
