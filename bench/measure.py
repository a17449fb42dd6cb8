#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Time commands side by side for bench/run.sh.

    bench/measure.py RUNS CMD1 ARGS... -- CMD2 ARGS... [-- ...]

Runs the commands in turn, RUNS + 1 rounds (the first warms the caches and
is not counted), so that a change in the machine's load hits all of them
alike.  Output is discarded.  For each command prints one line:

    median-wall-us median-cpu-us

CPU is user + system time of the child (wait4), less sensitive to other
load than the wall time.  (Its ru_maxrss would count the forked python, so
run.sh takes peak RSS from /usr/bin/time.)  Exits 1 when a command fails.
"""
import os
import statistics
import subprocess
import sys
import time


def once(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        raise SystemExit("measure: %s exited %d" % (" ".join(cmd), p.returncode))
    return wall * 1e6, (ru.ru_utime + ru.ru_stime) * 1e6


def main():
    runs = int(sys.argv[1])
    cmds, cur = [], []
    for a in sys.argv[2:] + ["--"]:
        if a == "--":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    res = [[] for _ in cmds]
    for r in range(runs + 1):
        for i, c in enumerate(cmds):
            m = once(c)
            if r:
                res[i].append(m)
    for samples in res:
        print("%d %d" % (statistics.median(s[0] for s in samples),
                         statistics.median(s[1] for s in samples)))


if __name__ == "__main__":
    main()
