#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (+ ASan/UBSan) and runs each for
# FUZZ_SECONDS (default 30):
#   message_validator_fuzz  the message readers, from our samples and hostile inputs;
#   http_session_fuzz       the HTTP request layer (a real ApiSession over TLS),
#                           from tests/fuzz/http_corpus;
#   proxy_header_fuzz       a balancer's PROXY protocol v2 header (FUZZ_SECONDS / 2);
#   application_form_fuzz   the operator console's application form, from
#                           tests/fuzz/form_corpus (FUZZ_SECONDS / 2).
# Exits non-zero when a fuzzer finds a crash, a leak or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
# The sanitizer suite's build directory (scripts/test.sh): built already, the
# fuzz targets cost only their links.
dir=$(bash scripts/sanitizer-build.sh)
cmake --build "$dir" -j"$(nproc)" --target message_validator_fuzz http_session_fuzz \
  proxy_header_fuzz application_form_fuzz

corpus=$dir/corpus
mkdir -p "$corpus"
cp samples/*/*.xml "$corpus"/
printf '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>' >"$corpus/doctype.xml"
printf '<?xml version="1.0" encoding="ISO-8859-1"?><Document/>' >"$corpus/latin1.xml"
printf '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.060.001.03"><AcctRptgReq/></Document>' \
  >"$corpus/camt060-empty.xml"
# A MsgId of 35 UTF-16 units (its limit) and one of 36, each ending in a character beyond the BMP
# (two units, as Xerces counts): the chunks validated without Xerces must count the same.
for a in 33 34; do
  sed "s#<MsgId>[^<]*</MsgId>#<MsgId>$(printf 'A%.0s' $(seq "$a"))\xF0\x9F\x98\x80</MsgId>#" \
    samples/pain.001/accepted-pain001v03-two-blocks.xml >"$corpus/msgid-beyond-bmp-$a.xml"
done
"$dir/tests/message_validator_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -max_len=65536 -dict=tests/fuzz/message_validator.dict -print_final_stats=1 "$corpus"

http_corpus=$dir/http_corpus
mkdir -p "$http_corpus"
cp tests/fuzz/http_corpus/* "$http_corpus"/
"$dir/tests/http_session_fuzz" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=1536 \
  -max_len=16384 -dict=tests/fuzz/http_session.dict -print_final_stats=1 "$http_corpus"

# A PROXY v2 header over IPv4, one over IPv6, and a LOCAL one, as seeds.
proxy_corpus=$dir/proxy_corpus
mkdir -p "$proxy_corpus"
signature='\x0d\x0a\x0d\x0a\x00\x0d\x0a\x51\x55\x49\x54\x0a'
printf "${signature}"'\x21\x11\x00\x0c\x7f\x00\x00\x02\x7f\x00\x00\x01\xc3\x50\x20\xfb' \
  >"$proxy_corpus/ipv4"
printf "${signature}"'\x21\x21\x00\x24'"$(printf '\\x%02x' $(seq 1 36))" >"$proxy_corpus/ipv6"
printf "${signature}"'\x20\x00\x00\x00' >"$proxy_corpus/local"
"$dir/tests/proxy_header_fuzz" -max_total_time="$(((seconds + 1) / 2))" -timeout=5 -rss_limit_mb=512 \
  -max_len=1100 -print_final_stats=1 "$proxy_corpus"

form_corpus=$dir/form_corpus
mkdir -p "$form_corpus"
cp tests/fuzz/form_corpus/* "$form_corpus"/
"$dir/tests/application_form_fuzz" -max_total_time="$(((seconds + 1) / 2))" -timeout=5 -rss_limit_mb=512 \
  -max_len=8192 -print_final_stats=1 "$form_corpus"
