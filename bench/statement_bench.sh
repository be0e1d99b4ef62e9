#!/usr/bin/env bash
# Statement benchmark: one account-day with 100k booked entries (a salary run
# of 100k payments executed by the reference ledger), then the camt.053 for
# that day requested over mutual TLS. Prints booking and statement throughput
# and gatewayd's peak RSS while it builds the statement (a fresh gatewayd, so
# the upload does not count), against a named baseline measured in the same
# run: xmllint --noout --stream reading the produced statement back.
# Usage: bench/statement_bench.sh [build-dir]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench_gateway.sh
bench_gateway_init statement-bench "${1:-build/release}" $'[ledger]\nrun_interval_ms = 0'
# The first business day from tomorrow on is the execution and booking date.
for i in $(seq 1 10); do
  day=$(TZ=Europe/Riga date -d "+$i day" +%F)
  c ledger clock --set "$day" | grep -q "(business day)" && break
done
file=$out/statement-100k-$day.xml
[ -f "$file" ] || python3 "$shared/tools/gen_pain001.py" --tx 100000 --groups 1 --seed 31 \
                   --date "$day" --out "$file" >/dev/null
iban=$(grep -A1 '<DbtrAcct>' "$file" | grep -o 'LV[0-9A-Z]*' | head -1)
# Booking is timed alone: the camt.054 a run pushes is timed below, asked for.
# A payment signer of the account reads the day in the institution portal.
BENCH_APPLICATION_EXTRA='"payment_signers": [{"name": "Ilze Bench", "personal_code":
 "320000-00033", "accounts": [{"iban": "'"$iban"'", "level": 1}]}],' \
  BENCH_ACCOUNT_EXTRA=', "notifications": false' bench_manage "$iban"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/signer.key" \
  -out "$work/signer.csr" -subj "/CN=Ilze Bench" 2>/dev/null
c signer issue --name "Ilze Bench" --personal-code 320000-00033 --csr "$work/signer.csr" \
  --out "$work/signer.pem" >/dev/null
c ledger fund --iban "$iban" --amount 999999999.00 >/dev/null

bench_start
code=$(api -o /dev/null -w '%{http_code}' --data-binary @"$file" "https://127.0.0.1:$port/v1/messages")
[ "$code" = 201 ] || { echo "upload failed: HTTP $code" >&2; exit 1; }
# The generator dates execution the day after its --date: book on that day (or the next business day).
exec_day=$(grep -o '<ReqdExctnDt>[^<]*' "$file" | head -1 | cut -d'>' -f2)
for i in $(seq 0 10); do
  day=$(date -d "$exec_day +$i day" +%F)
  c ledger clock --set "$day" | grep -q "(business day)" && break
done
t0=$(date +%s.%N); c ledger run-day >/dev/null; t1=$(date +%s.%N)
c ledger end-of-day >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true
bench_start  # a fresh process: its peak RSS is the statement's

t2=$(date +%s.%N)
api -o "$work/list.json" "https://127.0.0.1:$port/v1/reports?iban=$iban&from=$day&to=$day"
t3=$(date +%s.%N)
id=$(python3 -c "import json,sys; print(json.load(open('$work/list.json'))['reports'][0]['mailbox_id'])")
api -o "$work/statement.xml" "https://127.0.0.1:$port/v1/mailbox/$id"
t4=$(date +%s.%N)
hwm_kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
# The day's debit/credit notification: the same entries without balances, as
# a run pushes them to each user who asks for notifications.
t5=$(date +%s.%N)
api -o "$work/list054.json" "https://127.0.0.1:$port/v1/reports?iban=$iban&from=$day&to=$day&type=camt.054"
t6=$(date +%s.%N)
hwm054_kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
# The same day in the portal: its first page of 100 entries, and its last
# (after the day's last line but 100), each a request of a signed-in browser.
portal() {
  curl -sS --cacert "$work/var/pki/ca.pem" --cert "$work/signer.pem" --key "$work/signer.key" \
    -b "$work/jar" -c "$work/jar" "$@"
}
portal -o /dev/null -H "Origin: https://127.0.0.1:$port" --data "" \
  "https://127.0.0.1:$port/portal/session"
last_after=$(python3 -c "
import sqlite3; db = sqlite3.connect('$work/var/gateway.db')
print(db.execute('SELECT id FROM journal_lines WHERE account = ? AND booking_date = ? '
                 'ORDER BY id DESC LIMIT 1 OFFSET 100', ('$iban', '$day')).fetchone()[0])")
t7=$(date +%s.%N)
portal -o "$work/first.html" "https://127.0.0.1:$port/portal/statements?iban=$iban&day=$day"
t8=$(date +%s.%N)
portal -o "$work/last.html" \
  "https://127.0.0.1:$port/portal/statements?iban=$iban&day=$day&after=$last_after&from=99900"
t9=$(date +%s.%N)
grep -q "Entries 1–100\|Ieraksti 1–100" "$work/first.html" || { echo "portal: no first page" >&2; exit 1; }
grep -q "99901–100000\|99901–100001" "$work/last.html" || { echo "portal: no last page" >&2; exit 1; }
entries=$(grep -c '<Ntry>' "$work/statement.xml")
/usr/bin/time -f "%e" -o "$work/t" xmllint --noout --stream "$work/statement.xml"
lint_s=$(cat "$work/t")
mb=$(awk -v b="$(stat -c %s "$work/statement.xml")" 'BEGIN{print b/1048576}')
awk -v n="$entries" -v mb="$mb" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v t4="$t4" \
    -v lint="$lint_s" -v hwm="$hwm_kib" -v t5="$t5" -v t6="$t6" -v hwm054="$hwm054_kib" \
    -v t7="$t7" -v t8="$t8" -v t9="$t9" 'BEGIN {
  printf "account-day with %d entries; camt.053.001.02 of %.1f MB\n", n, mb
  printf "%-46s %8.3f s %9.0f payments/s\n", "ledger run-day (booking 100k payments)", t1 - t0, n / (t1 - t0)
  printf "%-46s %8.3f s %9.0f entries/s %6.1f MB/s\n", "camt.053 built, validated, in the mailbox", t3 - t2, n / (t3 - t2), mb / (t3 - t2)
  printf "%-46s %8.3f s %9.1f MB/s\n", "download from the mailbox over mTLS", t4 - t3, mb / (t4 - t3)
  printf "%-46s %8.3f s  ratio %.2f\n", "xmllint --noout --stream reading it (baseline)", lint, lint / (t3 - t2)
  printf "%-46s %8.1f MiB\n", "gatewayd peak RSS building and serving it", hwm / 1024
  printf "%-46s %8.3f s %9.0f entries/s\n", "camt.054 of the day built, validated, delivered", t6 - t5, n / (t6 - t5)
  printf "%-46s %8.1f MiB\n", "gatewayd peak RSS after the camt.054 too", hwm054 / 1024
  printf "%-46s %8.3f s  ratio %.3f of the camt.053\n", "portal: first 100 entries of the day", t8 - t7, (t8 - t7) / (t3 - t2)
  printf "%-46s %8.3f s  ratio %.3f of the camt.053\n", "portal: last 100 entries of the day", t9 - t8, (t9 - t8) / (t3 - t2)
}'
