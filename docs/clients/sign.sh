#!/usr/bin/env bash
# A payment signer approves (or rejects) a file held for signatures: fetch the file's summary
# and its approval statement, sign the statement with the signer's own certificate (a detached
# CMS, as `openssl cms -sign -binary` makes it), send the signature. Or cancels payments of a
# file not yet executed: sign the cancellation statement instead. docs/authorisation.md.
# Usage: sign.sh BASE_URL CA_PEM CLIENT_PEM CLIENT_KEY MESSAGE_ID SIGNER_PEM SIGNER_KEY [approve|reject]
#        sign.sh BASE_URL CA_PEM CLIENT_PEM CLIENT_KEY MESSAGE_ID SIGNER_PEM SIGNER_KEY cancel [END_TO_END_ID...]
#   The client certificate opens the connection (the accounting system's); the signer's
#   certificate and key sign (on a smart card, use openssl's engine or provider options).
# Needs curl, openssl and python3. Prints the file's state afterwards; exits non-zero on failure.
set -euo pipefail
base=$1 ca=$2 cert=$3 key=$4 id=$5 signer=$6 signer_key=$7 decision=${8:-approve}
api() { curl -sS --fail-with-body --cacert "$ca" --cert "$cert" --key "$key" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$decision" = cancel ]; then
  shift 8
  # The payments to cancel (none named: every one not yet executed), as JSON.
  python3 -c 'import json, sys; print(json.dumps({"end_to_end_ids": sys.argv[1:]} if sys.argv[1:] else {}))' \
    "$@" > "$work/ids.json"
  api -H 'Content-Type: application/json' --data-binary @"$work/ids.json" \
    -o "$work/statement.txt" "$base/v1/messages/$id/cancellation-statement"
  openssl cms -sign -binary -in "$work/statement.txt" -signer "$signer" -inkey "$signer_key" \
    -outform PEM -out "$work/signature.pem"
  python3 -c '
import json, sys
request = json.load(open(sys.argv[1]))
request["signature"] = open(sys.argv[2]).read()
print(json.dumps(request))' "$work/ids.json" "$work/signature.pem" > "$work/cancel.json"
  # 200: what was cancelled (DS02) and what had been executed; 409/422 say why not.
  api -H 'Content-Type: application/json' --data-binary @"$work/cancel.json" \
    "$base/v1/messages/$id/cancel" | python3 -c "
import json, sys
c = json.load(sys.stdin)
print('cancelled', ' '.join(p['end_to_end_id'] for p in c['cancelled']) or '-',
      '; already executed', ' '.join(p['end_to_end_id'] for p in c['already_executed']) or '-')"
  exit 0
fi

# 1. What is being signed: debtor accounts, dates, totals per currency, the file's SHA-256.
api "$base/v1/authorisations/$id" | python3 -c "
import json, sys
f = json.load(sys.stdin)
print(f'file {f[\"id\"]} ({f[\"msg_id\"]}): {f[\"state\"]}, {len(f[\"signatures\"])} of {f[\"signatures_required\"]} signatures, until {f[\"expires_at\"]}', file=sys.stderr)
for t in f['totals']: print(f'  {t[\"amount\"]} {t[\"currency\"]} in {t[\"payments\"]} payments', file=sys.stderr)
for b in f['blocks']: print(f'  {b[\"pmt_inf_id\"]} from {b[\"debtor_iban\"]} on {b[\"requested_execution_date\"]}', file=sys.stderr)"

# 2. The statement for this decision, signed as it is (binary: no line-ending conversion).
api -o "$work/statement.txt" "$base/v1/authorisations/$id/statement?decision=$decision"
openssl cms -sign -binary -in "$work/statement.txt" -signer "$signer" -inkey "$signer_key" \
  -outform DER -out "$work/signature.p7s"

# 3. Send it. 200: the file as it is now (waiting, released or rejected); 409/422 say why not.
api -H 'Content-Type: application/pkcs7-signature' --data-binary @"$work/signature.p7s" \
  "$base/v1/authorisations/$id/$decision" | python3 -c "
import json, sys
f = json.load(sys.stdin)
print(f['state'], f'{len(f[\"signatures\"])}/{f[\"signatures_required\"]}')"
