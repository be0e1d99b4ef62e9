#!/usr/bin/env bash
# Upload a pain.001, wait for its pain.002 in the mailbox, fetch it, acknowledge it.
# Usage: upload.sh BASE_URL CA_PEM CLIENT_PEM CLIENT_KEY PAIN001_FILE
#   e.g. upload.sh https://127.0.0.1:8443 var/pki/ca.pem var/clients/demo.pem var/clients/demo.key salaries.xml
# Needs curl and python3 (for JSON). Prints the pain.002; exits non-zero on any failure.
set -euo pipefail
base=$1 ca=$2 cert=$3 key=$4 file=$5
api() { curl -sS --fail-with-body --cacert "$ca" --cert "$cert" --key "$key" "$@"; }

# 1. Upload. The answer already is the pain.002 (201 ACTC/PART, 202 PDNG: waits for signers,
#    see sign.sh; 422 RJCT); X-Message-Id names it.
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
status=$(curl -sS --cacert "$ca" --cert "$cert" --key "$key" -o /dev/null -D "$headers" \
  -w '%{http_code}' -H 'Content-Type: application/xml' \
  -H "Idempotency-Key: $(sha256sum "$file" | cut -c1-32)" \
  --data-binary @"$file" "$base/v1/messages")
message_id=$(tr -d '\r' < "$headers" | sed -n 's/^X-Message-Id: //Ip')
echo "upload: HTTP $status, message $message_id" >&2
case $status in 200|201|202|422) ;; *) exit 1 ;; esac

# 2. Poll the mailbox's pain.002s until the one about this message is there. Pages hold up to
#    100 items; a full page names the next cursor (next_after). Polling goes on from the
#    last item seen, since new items get higher ids.
after=0 item=
for _ in $(seq 60); do
  read -r item next < <(api "$base/v1/mailbox?type=pain.002&after=$after" | python3 -c "
import json, sys
page = json.load(sys.stdin)
items = [i for i in page['items'] if i.get('about_message_id') == $message_id]
last = page['items'][-1]['id'] if page['items'] else $after
print(items[0]['id'] if items else '-', page.get('next_after', last))")
  [ "$item" != - ] && break
  item=
  [ "$next" = "$after" ] && sleep 1
  after=$next
done
[ -n "$item" ] || { echo "no answer in the mailbox" >&2; exit 1; }

# 3. Fetch the pain.002, then acknowledge it so it is not listed again.
api "$base/v1/mailbox/$item"
api -X POST "$base/v1/mailbox/$item/ack" >/dev/null
echo "acknowledged mailbox item $item" >&2
