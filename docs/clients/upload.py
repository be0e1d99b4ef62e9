#!/usr/bin/env python3
"""Upload a pain.001, wait for its pain.002 in the mailbox, fetch it, acknowledge it.

Standard library only (ssl + http.client).
Usage: upload.py HOST PORT CA_PEM CLIENT_PEM CLIENT_KEY PAIN001_FILE
Prints the pain.002; exits non-zero on any failure.
"""
import hashlib
import http.client
import json
import ssl
import sys
import time


def connect(host, port, ca, cert, key):
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile=cert, keyfile=key)
    return http.client.HTTPSConnection(host, port, context=context, timeout=60)


def call(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def main(host, port, ca, cert, key, path):
    conn = connect(host, int(port), ca, cert, key)
    with open(path, "rb") as f:
        body = f.read()
    # 1. Upload: the answer is the pain.002 already; the mailbox keeps a copy.
    status, headers, _ = call(conn, "POST", "/v1/messages", body, {
        "Content-Type": "application/xml",
        "Idempotency-Key": hashlib.sha256(body).hexdigest()[:32],
    })
    message_id = int(headers.get("X-Message-Id", "0"))
    print(f"upload: HTTP {status}, message {message_id}", file=sys.stderr)
    if status not in (200, 201, 202, 422) or message_id == 0:
        return 1
    # 2. Poll the mailbox's pain.002s for the one about this message. Pages hold up
    #    to 100 items; a full page names the next cursor (next_after). Polling goes
    #    on from the last item seen, since new items get higher ids.
    item = None
    after = 0
    for _ in range(60):
        status, _, data = call(conn, "GET", f"/v1/mailbox?type=pain.002&after={after}")
        if status != 200:
            return 1
        page = json.loads(data)
        items = [i for i in page["items"] if i.get("about_message_id") == message_id]
        if items:
            item = items[0]["id"]
            break
        if page["items"]:
            after = page["items"][-1]["id"]
        if "next_after" not in page:
            time.sleep(1)
    if item is None:
        print("no answer in the mailbox", file=sys.stderr)
        return 1
    # 3. Fetch and acknowledge.
    status, _, pain002 = call(conn, "GET", f"/v1/mailbox/{item}")
    if status != 200:
        return 1
    sys.stdout.write(pain002.decode("utf-8"))
    status, _, _ = call(conn, "POST", f"/v1/mailbox/{item}/ack")
    print(f"acknowledged mailbox item {item}", file=sys.stderr)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
