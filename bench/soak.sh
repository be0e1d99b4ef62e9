#!/usr/bin/env bash
# Soak: DURATION seconds (default 1800) of mixed load against a Release
# gatewayd (bench/soak_load.py: uploads, mailbox polls, statements, whoami,
# wrong activation codes, silent and broken connections from 127.0.0.2), with
# one kill -9 and restart in the middle. Passes when:
#   - no legitimate request failed outside the restart window (kill .. ready + 2 s);
#   - every acknowledged upload is in the store exactly once (and nothing twice);
#   - gatewayd's RSS is flat after warm-up: the last quarter's peak at most
#     max(16 MiB, 20 %) above the peak of the quarter after warm-up;
#   - the store's WAL stays small: checkpointed once it holds 4 MB (SQLite's
#     1,000 pages of 4 KiB), it never exceeds 16 MiB here (the soak's
#     transactions are small).
# Usage: bench/soak.sh [build-dir]   (DURATION=150 for the test command's short run)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench_gateway.sh

duration=${DURATION:-1800}
iban=LV06TREL1060000300001  # the sample's debtor; its limits out of the way
# The TLS session cache grows until full (limits.tls_session_cache, 4,096 by
# default, ~55 MiB): a small one fills within the warm-up, so that growth
# after it means a leak, not a cache still filling.
bench_gateway_init soak "${1:-build/release}" "[ledger]
run_interval_ms = 5000
[limits]
tls_session_cache = ${SESSION_CACHE:-256}"
bench_manage "$iban"
bench_start
ports_file=$work/var/gatewayd.ports
rss_log=$work/rss.log
restart_file=$work/restart
: >"$rss_log"
echo "== soak $(date -u +%FT%TZ): ${duration}s, kill -9 at $((duration / 2))s, $(nproc) cores"

python3 bench/soak_load.py --ports-file "$ports_file" --ca "$work/var/pki/ca.pem" \
  --cert "$work/client.pem" --key "$work/client.key" --iban "$iban" --seconds "$duration" \
  --acked "$work/acked" --failures "$work/failures" &
load=$!

rss_of() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
started=$(date +%s)
killed=0
while kill -0 "$load" 2>/dev/null; do
  now=$(date +%s)
  echo "$((now - started)) $(rss_of "$pid") $(stat -c %s "$work/var/gateway.db-wal" 2>/dev/null || echo 0)" >>"$rss_log"
  if [ "$killed" = 0 ] && [ $((now - started)) -ge $((duration / 2)) ]; then
    # The window opens before the kill: a request may fail the instant it lands.
    echo "kill $(date +%s.%N)" >"$restart_file"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    bench_start
    echo "ready $(date +%s.%N)" >>"$restart_file"
    echo "killed and restarted at $((now - started))s"
    killed=1
  fi
  sleep 2
done
wait "$load"

python3 - "$work" "$duration" <<'PY'
import pathlib, subprocess, sys
work, duration = pathlib.Path(sys.argv[1]), float(sys.argv[2])
ok = True
restart = dict(line.split() for line in (work / "restart").read_text().splitlines())
window = (float(restart["kill"]), float(restart["ready"]) + 2.0)
failures = [l.split(" ", 1) for l in (work / "failures").read_text().splitlines() if l]
outside = [(t, w) for t, w in failures if not window[0] <= float(t) <= window[1]]
print(f"failed legitimate requests: {len(failures)} in all, {len(outside)} outside the restart window "
      f"({window[1] - window[0]:.1f} s)")
for t, w in outside[:10]:
    print(f"  {t} {w}")
ok &= not outside

acked = [l for l in (work / "acked").read_text().splitlines() if l]
rows = subprocess.run(["sqlite3", str(work / "var/gateway.db"),
                       "SELECT msg_id, count(*) FROM messages WHERE msg_id LIKE 'M-%' GROUP BY msg_id"],
                      capture_output=True, text=True, check=True).stdout.split()
stored = dict(r.split("|") for r in rows)
missing = [m for m in acked if m not in stored]
twice = [m for m, n in stored.items() if n != "1"]
print(f"acknowledged uploads: {len(acked)}; in the store: {len(stored)}; missing {len(missing)}; "
      f"more than once {len(twice)}")
ok &= not missing and not twice and len(set(acked)) == len(acked)

columns = [tuple(map(int, l.split())) for l in (work / "rss.log").read_text().splitlines()]
samples = [(t, kib) for t, kib, _ in columns if kib > 0]
wal_peak = max(wal for _, _, wal in columns) / 1048576
print(f"store WAL: at most {wal_peak:.1f} MiB (bound 16)")
ok &= wal_peak <= 16
def peak(lo, hi):
    values = [kib for t, kib in samples if lo <= t < hi]
    return max(values) / 1024 if values else 0.0
half = duration / 2
# Each life of the process warms up for a fifth of its time, then must stay flat.
for name, lo, hi in (("before the kill", 0, half), ("after the restart", half, duration + 10)):
    span = hi - lo
    early, late = peak(lo + span * 0.2, lo + span * 0.45), peak(lo + span * 0.75, hi)
    bound = max(early + 16, early * 1.2)
    print(f"RSS {name}: after warm-up {early:.1f} MiB, last quarter {late:.1f} MiB (bound {bound:.1f})")
    ok &= late <= bound
print("soak: " + ("passed" if ok else "FAILED"))
sys.exit(0 if ok else 1)
PY
