#!/bin/bash
# The package's figures beside a reference measured in the same run (docs/packaging.md): the .deb's
# size and installed size, the app's binary size (stripped, as packaged), and its start to first
# paint and idle memory, beside a minimal Tauri 2 window built with the same settings
# (scripts/reference-app: release, custom-protocol, the same Tauri). Needs `make package` first,
# Xvfb, dbus and Debian's python3-xlib. Run by hand: bash scripts/measure-package.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
deb=$(ls -t target/debian/toa-soan_*.deb | head -n 1)
(cd scripts/reference-app && cargo build --release --quiet --target-dir ../../target/reference-app)
work=$(mktemp -d)
trap 'kill "${xvfb:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
strip -o "$work/reference-window" target/reference-app/release/reference-window
echo "package: $(basename "$deb"): $(stat -c %s "$deb") bytes; installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "app binary (stripped, as packaged): $(stat -c %s "$work/root/usr/bin/toa-soan") bytes; newsroom: $(if [ -L "$work/root/usr/bin/newsroom" ]; then echo "a link to $(readlink "$work/root/usr/bin/newsroom")"; else echo "$(stat -c %s "$work/root/usr/bin/newsroom") bytes"; fi)"
echo "reference window binary (stripped): $(stat -c %s "$work/reference-window") bytes"
Xvfb :97 -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
mkdir -p "$work/home"
# Warm (the files in the page cache, as at any start but the first) then cold (dropped before each
# start, as after a boot: root), each program in turn in the same run.
for cache in warm cold; do
  for program in "$work/root/usr/bin/toa-soan" "$work/reference-window"; do
    DISPLAY=:97 HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" \
      dbus-run-session -- /usr/bin/python3 scripts/first-paint.py "$program" "$runs" "$cache"
  done
done
