#!/usr/bin/env bash
# Intake validation benchmark: gatewayctl validate (guideline XSD + rules, one
# streaming pass) against named baselines measured in the same run on the same
# files:
#   xmllint --noout --stream --schema <official pain.001.001.03 XSD>   (the target: ratio >= 1.0)
#   SAX2Count -v=never (bare Xerces SAX2 parse, no validation)        (the practical ceiling)
# Prints median wall time of 3 runs, MB/s, peak RSS and the ratios; 1k/10k/100k
# payments show whether time grows linearly. `gateway` is the default (a file
# of 4 MiB or more in chunks, one thread per core: docs/validation.md);
# `gateway-1t` is the same with --threads 1 (the whole file as one piece on
# one core, natively first); `gateway-1x` with --threads 1 --xerces-chunks
# (Xerces' one pass only, as files under 4 MiB were validated before).
# Usage: bench/validate_bench.sh [build-dir]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shared=../shared
ctl=$build/gateway/gatewayctl
[ -x "$ctl" ] || { echo "build first: cmake --build $build --target gatewayctl" >&2; exit 2; }
# SAX2Count comes from Debian's libxerces-c-samples (optional: its row is skipped without it).
sax2count=SAX2Count
today=$(TZ=Europe/Riga date +%F)
out=bench/out; mkdir -p "$out"

median_run() {  # prints "seconds peak_kib" (median by time of 3 runs)
  local runs=()
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
    runs+=("$(cat "$out/time.txt")")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p
}

printf '%-8s %-10s %10s %9s %10s %8s\n' payments tool seconds MB/s peak_MiB ratio
for tx in 1000 10000 100000; do
  file=$out/pain001-$tx.xml
  [ -f "$file" ] || python3 "$shared/tools/gen_pain001.py" --tx "$tx" --groups 5 --seed 11 \
                      --date "$today" --out "$file" >/dev/null
  mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN{print b/1048576}')
  read -r ours_s ours_k < <(median_run "$ctl" validate "$file")
  read -r one_s one_k < <(median_run "$ctl" validate --threads 1 "$file")
  read -r onex_s onex_k < <(median_run "$ctl" validate --threads 1 --xerces-chunks "$file")
  read -r lint_s lint_k < <(median_run xmllint --noout --stream --schema \
                                        "$shared/iso20022/xsd/pain.001.001.03.xsd" "$file")
  row() { awk -v n="$1" -v t="$2" -v s="$3" -v k="$4" -v mb="$mb" -v base="$5" \
    'BEGIN{printf "%-8s %-10s %10.3f %9.1f %10.1f %8.2f\n", n, t, s, mb/s, k/1024, base/s}'; }
  row "$tx" xmllint "$lint_s" "$lint_k" "$lint_s"
  row "$tx" gateway "$ours_s" "$ours_k" "$lint_s"
  row "$tx" gateway-1t "$one_s" "$one_k" "$lint_s"
  row "$tx" gateway-1x "$onex_s" "$onex_k" "$lint_s"
  if command -v "$sax2count" >/dev/null; then
    read -r sax_s sax_k < <(median_run "$sax2count" -v=never "$file")
    row "$tx" sax2-bare "$sax_s" "$sax_k" "$lint_s"
  fi
done
echo "ratio = xmllint seconds / tool seconds (above 1.0: faster than xmllint --stream)"
echo "hardware threads: $(nproc)"
