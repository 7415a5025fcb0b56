#!/usr/bin/env bash
# Installs what building, running and testing Tòa soạn need on Debian 12 / Ubuntu 22.04+,
# skipping what is already there. Needs nothing but bash and apt: run it first on a fresh machine
# (it installs make). `scripts/setup.sh run` installs only what building and running the app
# needs (`make run`); with no argument, everything `make test` needs too.
set -euo pipefail
cd "$(dirname "$0")/.."
for_run=0
if [ "${1:-}" = run ]; then for_run=1; fi

# Building and running the app.
RUN_PACKAGES=(
  build-essential pkg-config curl make        # make: the two commands of the README
  mold                                        # the linker of the debug and test builds (.cargo/config.toml)
  cmake nasm                                  # libjpeg-turbo, built from source (with SIMD) by the turbojpeg crate
  libwebkit2gtk-4.1-dev librsvg2-dev          # Tauri on Linux (WebKitGTK 4.1)
  hunspell-vi                                 # the Vietnamese spelling dictionary (/usr/share/hunspell/vi_VN.*)
)

# Testing, packaging and the Windows build, on top.
TEST_PACKAGES=(
  openssl                                     # the tests' throwaway TLS certificates
  xvfb xauth dbus imagemagick                 # the real window under a virtual display, screenshots
  xdotool                                     # real keystrokes into the native file dialogs the tests open
  xclip                                       # the real X clipboard in the window tests: what another program put there, what the app put there
  python3-gi gir1.2-gtk-3.0                   # tests/tools/drag_file.py: a file dragged onto the window as from a file manager
  lintian desktop-file-utils                  # make package: the .deb and its menu entry checked
  webkit2gtk-driver                           # WebKitWebDriver, driven by tauri-driver
  python3-xlib                                # tests/tools/wm_close.py: close the window as its × does
  python3-pyatspi                             # tests/tools/read_dialog.py: a message box's text, read as a screen reader does
  ibus ibus-gtk3 ibus-unikey                  # Vietnamese typed through real input methods in the window tests (tests/it/ime.rs):
  fcitx5 fcitx5-frontend-gtk3 fcitx5-unikey   #   Unikey under IBus and under Fcitx 5, with their GTK 3 modules
  gnome-keyring libsecret-tools               # "keep my password": a real Secret Service in the tests' D-Bus sessions, read back by secret-tool
  libvips-tools libvips-dev libjpeg-turbo-progs # references of the photo benchmark (make bench): vipsthumbnail, libvips in one process (benches/common/vips_three.c), djpeg
  python3-pil python3-piexif                  # Pillow and piexif: EXIF written and read as Python tools do, in the tests
  default-jre-headless                        # the W3C Nu HTML Checker (vnu.jar, from ui/'s npm packages) on the exported pages
  postgresql                                  # the newsroom server; tests run a private throwaway cluster of it (initdb), never the system's
  gcc-mingw-w64-x86-64 wine wine64 nsis       # make windows: the Windows build (MinGW), its installer, its tests under Wine
)

APT_PACKAGES=("${RUN_PACKAGES[@]}")
if ((!for_run)); then APT_PACKAGES+=("${TEST_PACKAGES[@]}"); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "setup: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
      echo "setup: run this as root (su -c 'scripts/setup.sh'), or install sudo, or install the packages with apt-get yourself." >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/$tool" ]; then
    echo "setup: '$tool' is missing. Install Rust with rustup (https://rustup.rs) and Node.js 20 or newer." >&2
    exit 1
  fi
done
export PATH="$HOME/.cargo/bin:$PATH"

# The Rust of rust-toolchain.toml, before anything runs cargo here (which would make rustup fetch
# it). When the installed stable is that very version, it is linked under the version's name, as
# rustup lays its toolchains out (`rustup toolchain link` refuses official names).
pinned=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$pinned-"; then
  stable=$(rustc +stable --version 2>/dev/null | cut -d' ' -f2 || true)
  if [ "$stable" = "$pinned" ]; then
    host=$(rustc +stable -vV | sed -n 's/^host: //p')
    echo "setup: Rust $pinned is the installed stable: linked as the toolchain $pinned-$host"
    ln -s "$(rustc +stable --print sysroot)" "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$pinned-$host"
  else
    echo "setup: rust-toolchain.toml asks for Rust $pinned, which is not installed (stable is ${stable:-none}): run 'rustup toolchain install $pinned --component clippy rustfmt --target x86_64-pc-windows-gnu', then this again." >&2
    exit 1
  fi
fi

# Vite 8 needs Node.js 20.19 or newer (ui/package.json's "engines", ui/.nvmrc).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "setup: Node.js $(node --version) is too old: the UI's build (Vite 8) needs 20.19 or newer. Install a newer Node.js 20 (or 22), then run this again." >&2
  exit 1
fi

# UI packages, exactly as locked; skipped when node_modules already matches the lock file.
if [ ! -f ui/node_modules/.package-lock.json ] || ! cmp -s ui/package-lock.json ui/node_modules/.setup-lock-copy; then
  echo "setup: npm ci"
  (cd ui && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.setup-lock-copy)
fi
if ((for_run)); then exit 0; fi

# tauri-driver: the WebDriver bridge for the end-to-end tests. Debug builds of both tools: they only
# forward requests and parse flags, and compile in a fraction of the time of release builds.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --debug
fi

# cargo-fuzz: the fuzz bursts of `make test` (libFuzzer; built with the stable toolchain, see fuzz/README.md).
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "setup: installing cargo-fuzz"
  cargo install cargo-fuzz --version '^0.13' --locked --debug
fi

# cargo-deb: `make package` makes the Debian package from the release binaries (docs/packaging.md).
# Without its default features it needs no liblzma; debug build, as above.
if ! command -v cargo-deb >/dev/null 2>&1; then
  echo "setup: installing cargo-deb"
  cargo install cargo-deb --version '^3' --locked --debug --no-default-features
fi

# The Windows target of make windows (MinGW's, cross-built here).
if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  echo "setup: adding the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

