#!/usr/bin/env bash
# Payment search benchmark: the signer portal's payment search as an
# institution's history grows. The same two searches -- one whose reference
# is the newest file's MsgId, one whose beneficiary matches nothing (the
# worst case: every payment of the history is a candidate) -- with 1, 5 and
# FILES (default 20) files of 100k payments uploaded; each page's time as a
# ratio of its time at 5 files. A page reads at most a bounded number of
# payments (store::PaymentQuery::read_at_most, 400k), so the ratio stays
# about 1 however long the history (and the number of files: an account's
# blocks are read from where the page starts, through their own index). Then the search that matches nothing
# followed page after page to the oldest payment: pages, the slowest, total.
# Usage: bench/search_bench.sh [build-dir]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench_gateway.sh
bench_gateway_init search-bench "${1:-build/release}" $'[ledger]\nrun_interval_ms = 0'
files=${FILES:-20}
today=$(TZ=Europe/Riga date +%F)
f=$out/search-100k-$today.xml  # dated today: its execution dates are still to come
[ -f "$f" ] || python3 "$shared/tools/gen_pain001.py" --tx 100000 --groups 5 --seed 21 \
                 --date "$today" --out "$f" >/dev/null
ibans=$(grep -A1 '<DbtrAcct>' "$f" | grep -o 'LV[0-9A-Z]*' | sort -u)
# A payment signer of every account searches in the portal.
grants=""
for iban in $ibans; do grants+="{\"iban\": \"$iban\", \"level\": 1},"; done
BENCH_APPLICATION_EXTRA='"payment_signers": [{"name": "Ilze Bench", "personal_code":
 "320000-00033", "accounts": ['"${grants%,}"']}],' bench_manage $ibans
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/signer.key" \
  -out "$work/signer.csr" -subj "/CN=Ilze Bench" 2>/dev/null
c signer issue --name "Ilze Bench" --personal-code 320000-00033 --csr "$work/signer.csr" \
  --out "$work/signer.pem" >/dev/null
bench_start

msg_id=$(grep -o -m1 '<MsgId>[^<]*' "$f" | cut -d'>' -f2)
prefix=${msg_id%-*}
uploaded=0
newest=""
upload_to() {  # files: uploads until that many are stored, each under new ids
  while [ "$uploaded" -lt "$1" ]; do
    uploaded=$((uploaded + 1))
    sed "s/$prefix-/LVTREL-S$uploaded-/g" "$f" > "$work/s.xml"
    code=$(api -o /dev/null -w '%{http_code}' -X POST -T "$work/s.xml" \
      "https://127.0.0.1:$port/v1/messages")
    [ "$code" = 201 ] || { echo "upload $uploaded failed: HTTP $code" >&2; exit 1; }
  done
  newest=$(grep -o -m1 '<MsgId>[^<]*' "$work/s.xml" | cut -d'>' -f2)
}

portal() {
  curl -sS --cacert "$work/var/pki/ca.pem" --cert "$work/signer.pem" --key "$work/signer.key" \
    -b "$work/jar" -c "$work/jar" "$@"
}
sign_in() {
  rm -f "$work/jar"
  portal -o /dev/null -H "Origin: https://127.0.0.1:$port" --data "" \
    "https://127.0.0.1:$port/portal/session"
}
search() {  # query -> seconds (the page in $work/page.html)
  local t0 t1
  t0=$(date +%s.%N)
  portal -o "$work/page.html" "https://127.0.0.1:$port/portal/payments?lang=en&$1"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
# The median of three.
timed() { for _ in 1 2 3; do search "$1"; done | sort -n | sed -n 2p; }

declare -A ref_s none_s
for n in 1 5 "$files"; do
  upload_to "$n"
  sign_in  # again: the uploads may have outlasted the session's idle time
  ref_s[$n]=$(timed "ref=$newest")
  grep -q 'id="found"' "$work/page.html" || { echo "ref=$newest: nothing found" >&2; exit 1; }
  none_s[$n]=$(timed "party=no-such-beneficiary")
  grep -q 'id="nothing"' "$work/page.html" || { echo "party: a page without its answer" >&2; exit 1; }
done

# The search that matches nothing, followed to the oldest payment.
pages=0; slowest=0; total=0
next="party=no-such-beneficiary"
while [ -n "$next" ]; do
  s=$(search "$next")
  pages=$((pages + 1))
  total=$(echo "$total + $s" | bc)
  slowest=$(echo "if ($s > $slowest) $s else $slowest" | bc)
  next=$(grep -o 'href="/portal/payments?[^"]*" rel="next"' "$work/page.html" |
         sed 's/^href="\/portal\/payments?//; s/" rel="next"$//; s/&amp;/\&/g' || true)
  [ "$pages" -lt 1000 ] || { echo "more than 1000 pages" >&2; exit 1; }
done

echo "payment search in the signer portal, histories of 100k-payment files ($(nproc) cores, $(date -u +%FT%TZ))"
for n in 1 5 "$files"; do
  awk -v n="$n" -v r="${ref_s[$n]}" -v z="${none_s[$n]}" -v r5="${ref_s[5]}" -v z5="${none_s[5]}" \
    'BEGIN { printf "%3d files (%8d payments): by MsgId %6.3f s (ratio %.2f)   nothing matches %6.3f s (ratio %.2f)\n",
             n, n * 100000, r, r / r5, z, z / z5 }'
done
awk -v p="$pages" -v s="$slowest" -v t="$total" -v n="$files" \
  'BEGIN { printf "nothing matches, followed to the oldest of %d files: %d pages, slowest %.3f s, total %.3f s\n", n, p, s, t }'
