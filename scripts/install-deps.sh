#!/usr/bin/env bash
# Installs the Debian packages the gateway needs to build, test and run.
# Idempotent and non-interactive: does nothing when every package is present.
set -euo pipefail

packages=(
  g++ cmake make pkg-config ca-certificates
  libboost1.81-dev libssl-dev libxerces-c-dev libsqlite3-dev libfmt-dev
  doctest-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libexpected-dev zlib1g-dev
  clang-format clang libclang-rt-14-dev python3-jsonschema
  openssl curl sqlite3 libxml2-utils python3 iso-codes
  openjdk-17-jdk-headless
  chromium chromium-driver python3-selenium libnss3-tools haproxy
  postgresql-15 libpq-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
