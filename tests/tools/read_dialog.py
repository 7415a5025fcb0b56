#!/usr/bin/python3
"""Prints the text a running program's windows show, as a screen reader reads it (AT-SPI).

Usage: read_dialog.py PROGRAM [SECONDS]

PROGRAM is the accessible application's name (GTK gives the executable's name). The texts of its
labels, one after the other, go to stdout. Waits up to SECONDS (default 10) for the program to show
any text; exits 1 if it never does. Needs Debian's python3-pyatspi and a D-Bus session that can
start the accessibility bus (at-spi2-core).
"""
import sys
import time

import pyatspi


def texts(node, out):
    try:
        role = node.getRoleName()
        if role == "label":
            name = node.name or node.queryText().getText(0, -1)
            if name:
                out.append(name)
        for i in range(node.childCount):
            texts(node.getChildAtIndex(i), out)
    except Exception:  # a node that went away while walking: skip it
        pass


def main():
    program = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    start = time.monotonic()
    while time.monotonic() - start < limit:
        out = []
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == program:
                texts(app, out)
        if out:
            print("\n".join(out))
            return 0
        time.sleep(0.2)
    print(f"read_dialog: {program} showed no text within {limit} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
