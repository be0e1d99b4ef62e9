#!/usr/bin/env python3
"""What a legitimate institution's system sees: N times, a whoami on a new
mutual-TLS connection and a small pain.001 upload (the sample, re-dated, new
MsgId) on another; prints the p50 and p99 of both in milliseconds, and how
many failed. Used by connections_bench.sh and soak.sh."""
import argparse
import http.client
import pathlib
import re
import ssl
import time
import uuid
import datetime
import zoneinfo

def unique_file(template, tag):
    """The sample with every identifier the gateway checks for duplicates
    (MsgId, PmtInfId, InstrId, EndToEndId) made unique by `tag` (20 characters)."""
    text = template.replace("SAMPLE-03-ACCEPTED-001", "M-" + tag)
    for old in ("SAMPLE-03-B1", "SAMPLE-03-B2", "S03-I-1", "S03-I-2", "S03-E2E-1", "S03-E2E-2", "S03-E2E-3"):
        text = text.replace(">" + old + "<", ">" + old[-4:] + tag + "<")
    return text


SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "samples/pain.001/accepted-pain001v03-two-blocks.xml"


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=10)
    args = ap.parse_args()

    ctx = ssl.create_default_context(cafile=args.ca)
    ctx.load_cert_chain(args.cert, args.key)
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Riga")).date().isoformat()
    template = re.sub(r"<ReqdExctnDt>[^<]*<", f"<ReqdExctnDt>{today}<", SAMPLE.read_text(encoding="utf-8"))

    def request(method, path, body=None):
        started = time.perf_counter()
        conn = http.client.HTTPSConnection("127.0.0.1", args.port, context=ctx, timeout=args.timeout)
        try:
            headers = {"Content-Type": "application/xml"} if body else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status in (200, 201)
        except OSError:
            ok = False
        finally:
            conn.close()
        return (time.perf_counter() - started) * 1000, ok

    whoami, uploads, failed = [], [], 0
    for _ in range(args.requests):
        ms, ok = request("GET", "/v1/whoami")
        whoami.append(ms)
        failed += not ok
        body = unique_file(template, uuid.uuid4().hex[:20]).encode()
        ms, ok = request("POST", "/v1/messages", body)
        uploads.append(ms)
        failed += not ok
    print(f"whoami p50 {percentile(whoami, 50):.1f} p99 {percentile(whoami, 99):.1f} ms; "
          f"upload p50 {percentile(uploads, 50):.1f} p99 {percentile(uploads, 99):.1f} ms; "
          f"failed {failed} of {2 * args.requests}")


if __name__ == "__main__":
    main()
