# Two commands do everything on a fresh Debian/Ubuntu machine (scripts/setup.sh first installs make):
#   make run   — builds and opens the app, on a development data folder (target/dev-data) unless
#                DATA=… names another (`make run DATA=` for the app's usual folder)
#   make test  — every check and test CI runs (as root: it installs and purges the package)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: run test root-check setup ui cli lint lint-static rust-test ui-test e2e bindings-fresh release package package-test bench fuzz windows windows-test windows-test-all

setup:
	@scripts/setup.sh

ui: setup
	cd ui && npm run build

# Only what building and running need (scripts/setup.sh run: no test stack), then the app on DATA.
DATA ?= $(CURDIR)/target/dev-data
run:
	@scripts/setup.sh run
	cd ui && npm run build
	@if [ -n "$(DATA)" ]; then echo "make run: data folder $(DATA) (make run DATA=… for another, DATA= for the app's usual one)"; fi
	$(if $(DATA),NEWSROOM_DATA_DIR="$(DATA)") $(CARGO) run -p toa-soan

# The `newsroom` command: make cli ARGS="list"
cli:
	$(CARGO) run -q -p newsroom-cli -- $(ARGS)

# Clippy on its own (for a developer); `make test` runs the same lints inside its one build (rust-test).
lint: lint-static ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings

lint-static: setup
	$(CARGO) fmt --all -- --check
	@# No module cycle inside any crate: the layers of ARCHITECTURE.md, bottom-up.
	python3 scripts/module-cycles.py
	@# The core stays free of tauri (ARCHITECTURE.md).
	@for c in newsroom-base newsroom-text newsroom-media newsroom-docx newsroom newsroom-server; do \
	  if $(CARGO) tree -p $$c -e normal | grep -q tauri; then echo "$$c depends on tauri"; exit 1; fi; done
	@# The lower layers know no database: text and photos are pure.
	@for c in newsroom-text newsroom-media newsroom-docx; do \
	  if $(CARGO) tree -p $$c -e normal --depth 1 --prefix none | grep -q '^rusqlite '; then echo "$$c depends on rusqlite directly"; exit 1; fi; done
	@# No devtools in release builds (SECURITY.md): tauri's `devtools` feature stays off.
	@if $(CARGO) tree -p toa-soan -e features -i tauri | grep -q 'feature "devtools"'; then echo "tauri's devtools feature is on"; exit 1; fi

# One build for every test, lints included: clippy-driver compiles our crates (as `cargo clippy`
# runs it: the workspace's rustc wrapper, its `-D warnings` in CLIPPY_ARGS, the separator being
# clippy's), so the build both lints all targets and makes the binaries. A separate `cargo clippy`
# compiles every dependency a second time in check mode, and `cargo test -p newsroom-e2e` resolves
# features for that crate alone and compiles ~120 crates again: seven and three of make test's
# minutes. The tests run from the build's list (scripts/run-tests.py), the end-to-end crate's last
# (e2e), after the packages it installs are made. `build --all-targets` makes the same units as
# `test --no-run` (then fresh) and the binaries the end-to-end tests run. Our crates have no doctests.
# The app is built as it ships (APP_FEATURES: the UI embedded, served by Tauri's own protocol), so
# the window tests and the package of package-test run what users run.
CLIPPY_BUILD := RUSTC_WORKSPACE_WRAPPER=clippy-driver CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
APP_FEATURES := --features toa-soan/custom-protocol
TEST_LIST := target/test-binaries.json
rust-test: ui
	$(CLIPPY_BUILD) $(CARGO) build --workspace --all-targets $(APP_FEATURES)
	$(CLIPPY_BUILD) $(CARGO) test --workspace --all-targets $(APP_FEATURES) --no-run --message-format=json > $(TEST_LIST)
	python3 scripts/run-tests.py $(TEST_LIST) --except newsroom-e2e

# ts-rs rewrites ui/src/lib/bindings during the Rust tests: they must match what is committed.
bindings-fresh:
	@if [ -n "$$(git status --porcelain -- ui/src/lib/bindings)" ]; then \
	  echo "ui/src/lib/bindings is stale: commit the regenerated files"; git status --short -- ui/src/lib/bindings; exit 1; fi

ui-test: setup
	cd ui && npm run check && npm test

# Windows, cross-built here with MinGW (docs/packaging.md): `newsroom.exe` and the window
# `toa-soan.exe` (UI embedded) in target/x86_64-pc-windows-gnu/debug/, linted for Windows by the
# same clippy as rust-test; beside the window, WebView2Loader.dll (Microsoft's redistributable,
# from the webview2-com-sys crate, which the GNU build links against). For the tests under
# Debian's Wine 8, a stand-in of the one DLL Rust needs that Wine 8 lacks
# (packaging/windows/wine-bcryptprimitives.c) and a program that holds a file open as another
# application would (tests/tools/hold-file.c); neither is shipped.
# The installer (packaging/windows/toa-soan.nsi, Debian's makensis): target/windows/toa-soan-<version>-setup.exe.
#
# One feature resolution for the exes and the tests of windows-test: the same packages
# (WINDOWS_PACKAGES) and features in both cargo commands, and `--examples` (there are none) asks
# cargo for the dev-dependencies' features in the exes' build as a test build has them. Otherwise
# the two builds differ in the features of serde_json, tokio, image, syn… and everything above
# them compiles twice (140 crates, four of make test's minutes).
WINDOWS_TARGET := x86_64-pc-windows-gnu
WINDOWS_OUT := target/$(WINDOWS_TARGET)/debug
WINDOWS_PACKAGES := -p newsroom-base -p newsroom-text -p newsroom-media -p newsroom-docx -p newsroom \
  -p newsroom-server -p newsroom-cli -p toa-soan --features toa-soan/custom-protocol
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
windows: ui
	$(CLIPPY_BUILD) $(CARGO) build --target $(WINDOWS_TARGET) $(WINDOWS_PACKAGES) --bins --examples
	mkdir -p target/$(WINDOWS_TARGET)/wine target/windows
	x86_64-w64-mingw32-gcc -O2 -shared -o target/$(WINDOWS_TARGET)/wine/bcryptprimitives.dll \
	  packaging/windows/wine-bcryptprimitives.c -ladvapi32
	x86_64-w64-mingw32-gcc -O2 -municode -o target/$(WINDOWS_TARGET)/wine/hold-file.exe tests/tools/hold-file.c
	rm -rf target/windows/stage && mkdir -p target/windows/stage
	x86_64-w64-mingw32-strip -o target/windows/stage/newsroom.exe $(WINDOWS_OUT)/newsroom.exe
	x86_64-w64-mingw32-strip -o target/windows/stage/toa-soan.exe $(WINDOWS_OUT)/toa-soan.exe
	cp "$$(ls -t $(WINDOWS_OUT)/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -1)" target/windows/stage/
	mkdir -p target/windows/stage/hunspell
	cp /usr/share/hunspell/vi_VN.aff /usr/share/hunspell/vi_VN.dic target/windows/stage/hunspell/
	cp /usr/share/doc/hunspell-vi/copyright target/windows/stage/hunspell/copyright.txt
	cp /usr/share/common-licenses/GPL-2 target/windows/stage/hunspell/GPL-2.txt
	cd packaging/windows && makensis -V2 -DVERSION=$(VERSION) \
	  -DSOURCE=$(CURDIR)/target/windows/stage \
	  -DOUTFILE=$(CURDIR)/target/windows/toa-soan-$(VERSION)-setup.exe toa-soan.nsi

# The core's tests cross-built for Windows and run under Wine (scripts/wine-runner.sh, as cargo's
# runner for the target would): `windows-test` (in make test) the unit tests of base, text, media,
# docx, newsroom and the server client; `windows-test-all` the newsroom crate's own integration
# tests too (data folders, saves, photos, exports, bundles, workflow on Windows paths and files),
# which pass but cost make test more minutes than its 45-minute budget has (README). Left out
# there: orientation:: and standards::, which compare our output with Linux programs (Pillow, the
# Nu HTML checker under Java) that a Windows process cannot start; the Linux run has them. The
# spelling dictionary is the system's, seen from Wine's Z: drive; insta finds the snapshots
# through that drive; ts-rs's copies of the IPC types go to target/ (the UI's are the Linux run's).
WINDOWS_TESTED := newsroom-base,newsroom-text,newsroom-media,newsroom-docx,newsroom,newsroom-server
WINDOWS_TEST_LIST := target/windows/test-binaries.json
WINDOWS_TEST_ENV := NEWSROOM_HUNSPELL_DIR='Z:\usr\share\hunspell' TS_RS_EXPORT_DIR=$(CURDIR)/target/windows/bindings \
  INSTA_WORKSPACE_ROOT='Z:$(subst /,\,$(CURDIR))'
windows-test: windows
	$(CLIPPY_BUILD) $(CARGO) test --target $(WINDOWS_TARGET) $(WINDOWS_PACKAGES) --lib --no-run \
	  --message-format=json > $(WINDOWS_TEST_LIST)
	$(WINDOWS_TEST_ENV) python3 scripts/run-tests.py $(WINDOWS_TEST_LIST) --only $(WINDOWS_TESTED) \
	  --runner $(CURDIR)/scripts/wine-runner.sh
windows-test-all: windows-test
	$(CLIPPY_BUILD) $(CARGO) test --target $(WINDOWS_TARGET) $(WINDOWS_PACKAGES) --lib --test it --no-run \
	  --message-format=json > $(WINDOWS_TEST_LIST)
	$(WINDOWS_TEST_ENV) python3 scripts/run-tests.py $(WINDOWS_TEST_LIST) --only newsroom \
	  --runner $(CURDIR)/scripts/wine-runner.sh -- --skip orientation:: --skip standards::

# The end-to-end tests include the Debian package installed and used, and the Windows build
# under Wine: they are made first. The package under test holds the binaries of rust-test's build
# (package-test): a release build compiles every dependency a third time, twelve of make test's
# minutes, which its 45-minute budget does not have (README). `make package` makes the release one.
e2e: rust-test package-test windows
	python3 scripts/run-tests.py $(TEST_LIST) --only newsroom-e2e -- --test-threads=1

# Fuzz bursts: each target of fuzz/ for FUZZ_SECONDS, from its seeds (fuzz/seeds/T, read only) and
# what earlier runs found (target/fuzz-corpus/T), two at a time (scripts/fuzz-bursts.sh). A crash
# fails the run; its input is in fuzz/artifacts/T.
# cargo-fuzz needs -Z flags: RUSTC_BOOTSTRAP lets the stable toolchain take them (fuzz/README.md).
# The bursts of `make test` run without a sanitizer: our crates deny unsafe code, and the build is a
# quarter shorter; `make fuzz FUZZ_SANITIZER=address FUZZ_SECONDS=1800` for a long run with ASan.
# 12-second bursts keep `make test` under its 45-minute budget (README).
FUZZ_SECONDS ?= 12
FUZZ_SANITIZER ?= none
FUZZ_TARGETS := markdown paste bundle photo profile language docx
fuzz: setup
	RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -s $(FUZZ_SANITIZER)
	FUZZ_SANITIZER=$(FUZZ_SANITIZER) bash scripts/fuzz-bursts.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Said before anything else: the end-to-end tests install the .deb with dpkg, upgrade and purge it.
root-check:
	@if [ "$$(id -u)" -ne 0 ]; then echo "make test: run it as root (sudo make test): its end-to-end tests install the Debian package with dpkg, upgrade it and purge it, as a person installing the app would." >&2; exit 1; fi

test: root-check lint-static rust-test bindings-fresh ui-test e2e windows-test fuzz
	@echo "make test: all checks passed"

# Benchmarks, run by hand; each prints its figures beside a reference measured in the same run.
bench: setup
	$(CARGO) bench -p newsroom --bench store
	$(CARGO) bench -p newsroom --bench photos
	$(CARGO) bench -p newsroom --bench export
	$(CARGO) bench -p newsroom --bench language
	$(CARGO) bench -p newsroom --bench docx

release: ui
	$(CARGO) build --release -p toa-soan --features toa-soan/custom-protocol

# The Debian package (docs/packaging.md): the release binaries (UI embedded) and the `newsroom`
# command, made into target/debian/toa-soan_<version>-1_<arch>.deb by cargo-deb, then checked.
# $(1): cargo-deb's options for which build it packages.
define make-deb
	rm -f target/debian/toa-soan_*.deb
	cargo deb -p toa-soan --no-build $(1) --output target/debian/
	desktop-file-validate packaging/linux/toa-soan.desktop
	lintian --fail-on error target/debian/toa-soan_*.deb
endef
package: setup release
	$(call make-deb,)

# The same package made of rust-test's binaries (debug profile, the features the app ships with,
# stripped by cargo-deb), for the end-to-end tests of make test; cargo-deb warns that it is meant
# for release profiles. Fast compression: it is installed once and thrown away.
package-test: rust-test
	$(call make-deb,--profile dev --fast)
