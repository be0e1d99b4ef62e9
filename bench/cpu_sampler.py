#!/usr/bin/env python3
"""Samples a process's CPU ticks and the machine's busy ticks every INTERVAL
seconds until STOP_FILE exists, one line per sample: "<unix time> <process
ticks> <machine busy ticks>". One long-lived process reading /proc: a shell
loop that forks date and awk for each sample cost a timed pair of uploads
about 0.1 s of a core (bench/upload_bench.sh measured 1.13-1.21 s with it,
1.02-1.06 s without).

Usage: cpu_sampler.py PID STOP_FILE OUT_FILE [INTERVAL]
"""
import os
import sys
import time


def process_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def machine_busy_ticks():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal; guest time is already
    # in user and nice. Busy: everything but idle and iowait.
    return sum(v[:8]) - v[3] - v[4]


def main():
    pid, stop, out = sys.argv[1], sys.argv[2], sys.argv[3]
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
    # Line-buffered: the bench waits for the first line before timing.
    with open(out, "w", buffering=1) as f:
        while not os.path.exists(stop):
            try:
                f.write(f"{time.time():.6f} {process_ticks(pid)} {machine_busy_ticks()}\n")
            except OSError:  # the process has gone
                return
            time.sleep(interval)


if __name__ == "__main__":
    main()
