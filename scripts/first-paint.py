#!/usr/bin/python3
"""Start-up and idle memory of a Tauri program, as a person sees it: the time from starting the
program to the first frame that shows its page (a pixel of the sidebar, colour #8e0f16, painted at
(60, 400) of the screen), then its memory after 5 s idle (PSS of the program and every WebKit
process it started). Prints one JSON line per run.

    first-paint.py PROGRAM [RUNS] [cold]   (DISPLAY: an X server of 1280×720 or more; Debian's python3-xlib)

With `cold`, the page cache is dropped before each run (root: /proc/sys/vm/drop_caches), so the
program, its libraries and WebKit are read from the disk as at a first start after boot.
"""
import json
import os
import signal
import subprocess
import sys
import time

from Xlib import X, display

SIDEBAR = (0x8E, 0x0F, 0x16)


def pixel(d, x, y):
    root = d.screen().root
    raw = root.get_image(x, y, 1, 1, X.ZPixmap, 0xFFFFFFFF).data
    b, g, r = raw[0], raw[1], raw[2]
    return (r, g, b)


def close(a, b):
    return all(abs(x - y) <= 8 for x, y in zip(a, b))


def descendants(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = open(f"/proc/{p}/task/{p}/children").read().split()
        except OSError:
            children = []
        todo.extend(int(c) for c in children)
    return out


def pss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def drop_caches():
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def run(program, cold):
    d = display.Display()
    if cold:
        drop_caches()
    start = time.monotonic()
    proc = subprocess.Popen([program], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    painted = None
    while time.monotonic() - start < 20:
        if close(pixel(d, 60, 400), SIDEBAR):
            painted = time.monotonic() - start
            break
        time.sleep(0.005)
    time.sleep(5)
    pids = descendants(proc.pid)
    memory = sum(pss_kb(p) for p in pids)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    # Leave no painted pixel behind for the next run.
    time.sleep(0.5)
    return {"program": os.path.basename(program), "cache": "cold" if cold else "warm", "first_paint_s": painted, "idle_pss_mb": round(memory / 1024, 1), "processes": len(pids)}


if __name__ == "__main__":
    program = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    cold = len(sys.argv) > 3 and sys.argv[3] == "cold"
    results = [run(program, cold) for _ in range(runs)]
    for r in results:
        print(json.dumps(r), flush=True)
    paints = sorted(r["first_paint_s"] for r in results if r["first_paint_s"] is not None)
    pss = sorted(r["idle_pss_mb"] for r in results)
    if paints:
        print(f"{os.path.basename(program)} ({'cold' if cold else 'warm'} cache): first paint median {paints[len(paints) // 2]:.3f} s, idle PSS median {pss[len(pss) // 2]:.1f} MB over {len(results)} runs", flush=True)
