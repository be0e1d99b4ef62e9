#!/usr/bin/env python3
"""Mixed load against one gatewayd for soak.sh, until --seconds pass:
legitimate clients (uploads of the sample re-dated under new MsgIds, mailbox
polls, camt.052 statements, whoami) beside hostile ones (silent TCP
connections and garbage from 127.0.0.2, wrong activation codes). The ports
are read from gatewayd.ports before every request, so a restart is followed.

Every legitimate request that fails is recorded with its time; soak.sh
forgives those inside the restart window it writes to --restart-file. Every
upload that got an answer with a message id (201, 422 with a pain.002, or 200
replay) is acknowledged: its MsgId goes to --acked, one per line. An upload
that failed is retried with the same bytes until it is acknowledged.
Loopback addresses only."""
import argparse
import datetime
import http.client
import json
import pathlib
import random
import re
import socket
import ssl
import threading
import time
import uuid
import zoneinfo

from latency_probe import SAMPLE, unique_file  # the same sample, made unique the same way


class Load:
    def __init__(self, args):
        self.args = args
        self.deadline = time.monotonic() + args.seconds
        self.lock = threading.Lock()
        self.failures = []  # (unix time, what)
        self.counts = {}
        self.acked = open(args.acked, "w")
        ctx = ssl.create_default_context(cafile=args.ca)
        ctx.load_cert_chain(args.cert, args.key)
        self.ctx = ctx
        self.anon = ssl.create_default_context(cafile=args.ca)
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Riga")).date().isoformat()
        self.template = re.sub(r"<ReqdExctnDt>[^<]*<", f"<ReqdExctnDt>{today}<", SAMPLE.read_text(encoding="utf-8"))

    def ports(self):
        ports = {}
        try:
            for line in pathlib.Path(self.args.ports_file).read_text().splitlines():
                name, _, value = line.partition("=")
                ports[name] = int(value)
        except (OSError, ValueError):
            pass
        return ports

    def count(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def fail(self, what):
        with self.lock:
            self.failures.append((time.time(), what))

    def request(self, method, path, body=None, port_name="api", context=None, headers=None):
        port = self.ports().get(port_name)
        if port is None:
            raise OSError("no ports file")
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context or self.ctx, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def running(self):
        return time.monotonic() < self.deadline

    def uploader(self):
        while self.running():
            tag = uuid.uuid4().hex[:20]
            msg_id = "M-" + tag
            body = unique_file(self.template, tag).encode()
            while self.running():
                try:
                    status, answer = self.request("POST", "/v1/messages", body,
                                                  headers={"Content-Type": "application/xml"})
                except OSError as e:
                    self.fail(f"upload: {e}")
                    time.sleep(0.5)
                    continue
                if status in (200, 201, 422) and b"<MsgId>" in answer:
                    with self.lock:
                        self.acked.write(msg_id + "\n")
                        self.acked.flush()
                    self.count("uploads")
                    break
                self.fail(f"upload: HTTP {status} {answer[:120]!r}")
                time.sleep(0.5)
            time.sleep(self.args.pause)

    def reader(self):
        paths = ["/v1/whoami", "/v1/mailbox?limit=100",
                 f"/v1/reports?iban={self.args.iban}"]
        while self.running():
            path = random.choice(paths)
            try:
                status, answer = self.request("GET", path)
                if status == 200:
                    self.count("reads")
                elif status == 429 and path.startswith("/v1/reports"):
                    # The readers share one user, whose report requests run one at
                    # a time: the documented answer to a second, honoured as a client would.
                    self.count("reports_deferred")
                    time.sleep(1)
                else:
                    self.fail(f"GET {path}: HTTP {status} {answer[:120]!r}")
            except OSError as e:
                self.fail(f"GET {path}: {e}")
                time.sleep(0.5)
            time.sleep(self.args.pause / 4)

    def activation(self):
        while self.running():
            try:
                status, _ = self.request("POST", "/v1/activation/certificate",
                                         json.dumps({"code": "WRONG-" + uuid.uuid4().hex[:8], "csr": "x"}),
                                         port_name="activation", context=self.anon)
                self.count(f"activation_{status}")
            except OSError:
                self.count("activation_closed")
            time.sleep(self.args.pause)

    def hostile(self):
        held = []
        while self.running():
            ports = self.ports()
            for name in ("api", "activation"):
                if name not in ports:
                    continue
                try:
                    s = socket.socket()
                    s.bind(("127.0.0.2", 0))
                    s.settimeout(2)
                    s.connect(("127.0.0.1", ports[name]))
                    if random.random() < 0.5:
                        s.sendall(b"\x16\x03\x01\x02\x00" + random.randbytes(64))  # a broken ClientHello
                    held.append(s)
                    self.count("hostile")
                except OSError:
                    self.count("hostile_refused")
            if len(held) > 400:
                for s in held[:200]:
                    s.close()
                del held[:200]
            time.sleep(0.05)
        for s in held:
            s.close()

    def run(self):
        workers = [threading.Thread(target=self.uploader) for _ in range(self.args.uploaders)]
        workers += [threading.Thread(target=self.reader) for _ in range(self.args.readers)]
        workers += [threading.Thread(target=self.activation), threading.Thread(target=self.hostile)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        self.acked.close()
        with open(self.args.failures, "w") as f:
            for at, what in self.failures:
                f.write(f"{at:.3f} {what}\n")
        print("load: " + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ports-file", required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--iban", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--acked", required=True)
    ap.add_argument("--failures", required=True)
    ap.add_argument("--uploaders", type=int, default=2)
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--pause", type=float, default=0.2)
    Load(ap.parse_args()).run()


if __name__ == "__main__":
    main()
