#!/bin/sh
# Runs a Windows test binary under Debian's Wine, as cargo's runner for x86_64-pc-windows-gnu
# (`make windows-test`). One Wine prefix for every binary, made on first use under target/: Wine 8
# lacks bcryptprimitives.dll's ProcessPrng, which Rust's standard library needs on Windows 10+, so
# the prefix gets the test-only stand-in `make windows` builds (never shipped).
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX="$here/target/x86_64-pc-windows-gnu/wine/prefix"
export WINEDEBUG=-all
unset DISPLAY
if [ ! -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll.ours" ]; then
  wineboot --init >/dev/null 2>&1
  wineserver -w
  cp "$here/target/x86_64-pc-windows-gnu/wine/bcryptprimitives.dll" \
     "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  touch "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll.ours"
fi
set +e
wine "$@"
status=$?
wineserver -w
exit $status
