# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make run   — builds and opens the app on the default local newsroom
#   make test  — every check and test CI runs
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: run test setup ui cli lint rust-test ui-test e2e bindings-fresh release bench

setup:
	@scripts/setup.sh

ui: setup
	cd ui && npm run build

run: ui
	$(CARGO) run -p toa-soan

# The `newsroom` command: make cli ARGS="list"
cli:
	$(CARGO) run -q -p newsroom-cli -- $(ARGS)

lint: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# The core stays free of tauri (ARCHITECTURE.md).
	@if $(CARGO) tree -p newsroom -e normal | grep -q tauri; then echo "crates/newsroom depends on tauri"; exit 1; fi

rust-test: ui
	$(CARGO) build --workspace
	$(CARGO) test --workspace --exclude newsroom-e2e

# ts-rs rewrites ui/src/lib/bindings during the Rust tests: they must match what is committed.
bindings-fresh:
	@if [ -n "$$(git status --porcelain -- ui/src/lib/bindings)" ]; then \
	  echo "ui/src/lib/bindings is stale: commit the regenerated files"; git status --short -- ui/src/lib/bindings; exit 1; fi

ui-test: setup
	cd ui && npm run check && npm test

e2e: rust-test
	$(CARGO) test -p newsroom-e2e --test it -- --test-threads=1

test: lint rust-test bindings-fresh ui-test e2e
	@echo "make test: all checks passed"

# Benchmarks, run by hand; each prints its figures beside a reference measured in the same run.
bench: setup
	$(CARGO) bench -p newsroom --bench store
	$(CARGO) bench -p newsroom --bench photos
	$(CARGO) bench -p newsroom --bench export
	$(CARGO) bench -p newsroom --bench language

release: ui
	$(CARGO) build --release -p toa-soan --features custom-protocol
