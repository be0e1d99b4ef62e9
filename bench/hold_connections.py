#!/usr/bin/env python3
"""An attacker without credentials: from one source address, keeps COUNT TCP
connections open to the given ports (spread over them) without ever sending
a ClientHello, and opens a new one for each the server closes, until SECONDS
pass. Writes how many it held after the first pass to READY. Loopback only."""
import argparse
import errno
import select
import socket
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="127.0.0.2")
    ap.add_argument("--ports", required=True, help="comma-separated")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--ready", required=True)
    args = ap.parse_args()
    ports = [int(p) for p in args.ports.split(",")]
    assert args.source.startswith("127."), "loopback only"

    def connect(port):
        s = socket.socket()
        s.bind((args.source, 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            return None
        return s

    held = {}
    for i in range(args.count):
        port = ports[i % len(ports)]
        s = connect(port)
        if s is not None:
            held[s] = port
    time.sleep(0.5)
    deadline = time.monotonic() + args.seconds
    first = True
    while time.monotonic() < deadline:
        readable, _, _ = select.select(list(held)[:1000], [], [], 0.2) if held else ([], [], [])
        closed = []
        for s in list(held):
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    closed.append(s)
            except BlockingIOError:
                pass
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    closed.append(s)
        if first:
            with open(args.ready, "w") as f:
                f.write(str(len(held) - len(closed)))
            first = False
        for s in closed:
            port = held.pop(s)
            s.close()
            again = connect(port)
            if again is not None:
                held[again] = port
        time.sleep(0.2)
    for s in held:
        s.close()


if __name__ == "__main__":
    main()
