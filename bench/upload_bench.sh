#!/usr/bin/env bash
# Upload benchmark: a 100k-payment pain.001 sent over mutual TLS to a running
# gatewayd (Release build), timed until the pain.002 answer has arrived, against
# a named baseline measured in the same run on the same file:
#   xmllint --noout --stream --schema <official pain.001.001.03 XSD>   (target: ratio >= 1.0)
# Three rounds, each xmllint then an upload of the same bytes under a new MsgId
# (an upload of the same MsgId would be a duplicate); the figures are the
# medians, and the ratio is the median of the rounds' ratios, so a moment of
# noise on a shared machine moves one round, not the result. The embedded
# ledger's timer is off: booking the previous round's 100k payments would share
# the cores with the upload being timed (booking has its own benchmark,
# statement_bench.sh).
# Also, in each round: two different 100k files uploaded in parallel (do both
# cores work? target: a speed-up >= 1.0 over two single uploads; and does an
# upload cost gatewayd more CPU in a pair than alone?), and gatewayd's peak
# RSS (VmHWM; target <= 128 MiB).
# Usage: bench/upload_bench.sh [build-dir]   (default build/release)
# UPLOAD_BENCH_EXTRA in the environment: more TOML for gatewayd, e.g.
#   $'[acceptance]\nnative_chunk_validation = false'   (the chunks by Xerces only, as before)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench_gateway.sh
bench_gateway_init upload-bench "${1:-build/release}" $'[ledger]\nrun_interval_ms = 0\n'"${UPLOAD_BENCH_EXTRA:-}"
today=$(TZ=Europe/Riga date +%F)

for seed in 21 22 23; do
  f=$out/upload-100k-$seed.xml
  [ -f "$f" ] || python3 "$shared/tools/gen_pain001.py" --tx 100000 --groups 5 --seed "$seed" \
                   --date "$today" --out "$f" >/dev/null
done
files=("$out"/upload-100k-21.xml "$out"/upload-100k-22.xml "$out"/upload-100k-23.xml)

# The demo user manages every debtor account of the files.
bench_manage $(grep -h -A1 '<DbtrAcct>' "${files[@]}" | grep -o 'LV[0-9A-Z]*' | sort -u)
bench_start

# The file is streamed from disk as an accounting system sends it (-T);
# --data-binary @file would first read all 67 MB into curl's memory, about
# 0.25 s of curl's own on this machine before the first byte leaves. Every
# upload, single or two at once, is timed alike: from curl's start to its end.
upload() {  # file -> "seconds http_status" (000: no answer at all)
  local start code
  start=$(date +%s.%N)
  code=$(api -o "$work/answer-$(basename "$1")" -w '%{http_code}' -X POST -T "$1" \
    "https://127.0.0.1:$port/v1/messages") || code=000
  echo "$(echo "$(date +%s.%N) - $start" | bc) $code"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
mb=$(awk -v b="$(stat -c %s "${files[0]}")" 'BEGIN{print b/1048576}')

# Rounds: the baseline, an upload of the same bytes, and two other files
# uploaded at once, each under a new MsgId and PmtInfIds (an upload of the
# same MsgId would be a duplicate). The generator dates those
# (LVTREL-<yyyymmdd>-...) with the day it runs, so the prefix is read from
# the file, not assumed. The parallel pair's speed-up is taken against the
# same round's single upload, so a noisy minute moves both.
msg_id=$(grep -o -m1 '<MsgId>[^<]*' "${files[0]}" | cut -d'>' -f2)
prefix=${msg_id%-*}
for round in 1 2 3; do
  sed "s/$prefix-/LVTREL-ROUND$round-/g" "${files[0]}" > "$work/round-$round.xml"
  sed "s/$prefix-/LVTREL-PAIR$round-/g" "${files[1]}" > "$work/pair-$round-a.xml"
  sed "s/$prefix-/LVTREL-PAIR$round-/g" "${files[2]}" > "$work/pair-$round-b.xml"
done
sync  # their writeback is not to share the rounds' time

accepted() {  # answer-file what
  grep -q '<GrpSts>ACTC</GrpSts>' "$1" || { echo "$2 not accepted:" >&2; head -c 2000 "$1" >&2; exit 1; }
}
# gatewayd's and the machine's CPU ticks every 0.1 s while a pair runs, for
# the busiest half second (a pair takes about a second on 2 cores). One
# sampler process, started and reading before the pair is timed: forking for
# each sample cost the pair ~0.1 s of a core (bench/cpu_sampler.py).
sample() {  # round; returns once the first sample is written
  rm -f "$work/stop"
  python3 bench/cpu_sampler.py "$pid" "$work/stop" "$work/samples-$1" & sampler=$!
  until [ -s "$work/samples-$1" ]; do
    kill -0 "$sampler" 2>/dev/null || { echo "the CPU sampler ended before its first sample" >&2; exit 1; }
    sleep 0.02
  done
}
rounds=()
pair_ticks=0
single_ticks=0
for round in 1 2 3; do
  f=$work/round-$round.xml
  sync
  /usr/bin/time -f "%e" -o "$work/t" xmllint --noout --stream --schema \
    "$shared/iso20022/xsd/pain.001.001.03.xsd" "$f" >/dev/null 2>&1
  sync  # the last pair's spools and WAL written back before the next is timed
  single0=$(cpu_ticks)
  read -r up_s up_code < <(upload "$f")
  single_ticks=$((single_ticks + $(cpu_ticks) - single0))
  [ "$up_code" = 201 ] || { echo "upload failed: HTTP $up_code" >&2; cat "$work"/answer-* >&2; exit 1; }
  accepted "$work/answer-round-$round.xml" "round $round"

  sync
  sample "$round"
  t0=$(date +%s.%N); ticks0=$(cpu_ticks)
  upload "$work/pair-$round-a.xml" > "$work/p1" & u1=$!
  upload "$work/pair-$round-b.xml" > "$work/p2" & u2=$!
  wait "$u1" || true; wait "$u2" || true  # their codes are checked below
  t1=$(date +%s.%N); ticks1=$(cpu_ticks)
  touch "$work/stop"; wait "$sampler"
  read -r _ p1_code < "$work/p1"; read -r _ p2_code < "$work/p2"
  [ "$p1_code" = 201 ] && [ "$p2_code" = 201 ] || {
    echo "parallel uploads failed: $p1_code $p2_code" >&2; exit 1; }
  accepted "$work/answer-pair-$round-a.xml" "round $round, pair a"
  accepted "$work/answer-pair-$round-b.xml" "round $round, pair b"
  pair_ticks=$((pair_ticks + ticks1 - ticks0))
  rounds+=("$(cat "$work/t") $up_s $(echo "$t1 - $t0" | bc)")
  rm -f "$f" "$work/pair-$round-a.xml" "$work/pair-$round-b.xml"
done
median() { sort -n | sed -n 2p; }
column() { printf '%s\n' "${rounds[@]}" | awk -v c="$1" '{print $c}' | median; }
lint_s=$(column 1)
single_s=$(column 2)
pair_s=$(column 3)
ratio=$(printf '%s\n' "${rounds[@]}" | awk '{printf "%.4f\n", $1 / $2}' | median)
speedup=$(printf '%s\n' "${rounds[@]}" | awk '{printf "%.4f\n", 2 * $2 / $3}' | median)
pair_total=$(printf '%s\n' "${rounds[@]}" | awk '{t += $3} END {print t}')
# The busiest window of at least half a second within one round's samples
# (the files are read one round at a time: a window never spans two pairs).
busiest() {  # column: 2 gatewayd, 3 the machine
  for s in "$work"/samples-*; do
    awk -v hz="$hz" -v col="$1" '{ t[NR] = $1; k[NR] = $col }
      END { best = 0
            for (i = 1; i <= NR; ++i) for (j = i + 1; j <= NR; ++j) if (t[j] - t[i] >= 0.5) {
              c = (k[j] - k[i]) / hz / (t[j] - t[i]); if (c > best) best = c; break }
            print best }' "$s"
  done | sort -n | tail -1
}
peak=$(busiest 2)
machine_peak=$(busiest 3)
hwm_kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")

echo "rounds (xmllint s, upload s, parallel pair s): $(printf '%s; ' "${rounds[@]}")"
awk -v mb="$mb" -v lint="$lint_s" -v one="$single_s" -v ratio="$ratio" -v par="$pair_s" \
    -v speedup="$speedup" -v ticks="$pair_ticks" -v total="$pair_total" -v hz="$hz" \
    -v hwm="$hwm_kib" -v peak="$peak" -v machine_peak="$machine_peak" \
    -v single_ticks="$single_ticks" 'BEGIN {
  printf "100k-payment pain.001, %.1f MB\n", mb
  printf "%-44s %8.3f s %7.1f MB/s\n", "xmllint --noout --stream --schema (baseline)", lint, mb / lint
  printf "%-44s %8.3f s %7.1f MB/s  ratio %.2f\n", "upload over mTLS until the pain.002 (1 file)", one, mb / one, ratio
  printf "%-44s %8.3f s %7.1f MB/s  speed-up %.2f over 2 x single\n", "two uploads in parallel (2 files)", par, 2 * mb / par, speedup
  printf "%-44s %8.2f cores busy on average, %.2f in the busiest half second\n", "gatewayd CPU during the parallel uploads", ticks / hz / total, peak
  printf "%-44s %8.2f cores busy in the busiest half second (curl too)\n", "the machine during the parallel uploads", machine_peak
  printf "%-44s %8.3f s alone, %.3f s in a pair: %.2f\n", "gatewayd CPU per upload", single_ticks / hz / 3, ticks / hz / 6, (ticks / 6) / (single_ticks / 3)
  printf "%-44s %8.1f MiB\n", "gatewayd peak RSS (VmHWM)", hwm / 1024
  print "ratio = median over the rounds of baseline seconds / upload seconds (target >= 1.0);"
  print "speed-up = median over the rounds of 2 x that round'"'"'s upload seconds / its pair'"'"'s seconds (target >= 1.0); RSS target <= 128 MiB"
}'
echo "gatewayd's own stages per upload (from its log; each round's single upload, then its pair):"
# Joined by request id: the request line (body) and the upload line (the rest).
awk 'function num(key,   m) { return match($0, "\"" key "\":[0-9.]+") ? substr($0, RSTART + length(key) + 3, RLENGTH - length(key) - 3) : "" }
     { match($0, /"request_id":"[^"]*"/); id = substr($0, RSTART, RLENGTH) }
     /"event":"request"/ && /"route":"\/v1\/messages"/ { body[id] = num("body_ms") }
     /"event":"upload"/ { order[++n] = id; rest[id] = sprintf("digest %4.0f ms, validation+rules %6.0f ms, decision+store %6.0f ms", num("digest_ms"), num("validate_ms"), num("decide_ms")) }
     END { for (i = 1; i <= n; ++i) printf "  body received %6.0f ms, %s\n", body[order[i]], rest[order[i]] }' "$work/gatewayd.log"
