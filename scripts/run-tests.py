#!/usr/bin/env python3
"""Runs the test binaries one `cargo test --no-run --message-format=json` built, as `cargo test` would.

Why: `make test` builds the whole workspace once, with one feature resolution (`--workspace`),
and runs its tests in two groups (everything but the end-to-end crate, then the end-to-end crate,
one test at a time, after the packages are made). Running `cargo test -p newsroom-e2e` instead
resolves features for that package alone and compiles ~120 crates a second time.

    run-tests.py LIST [--only PACKAGE[,PACKAGE…] | --except PACKAGE] [--runner PROGRAM] [-- ARGS...]

LIST is the JSON lines of the build. Each unit-test and integration-test binary is run from its
package's folder (cargo's working directory for tests) with cargo's CARGO_* variables; ARGS go to
every binary; with --runner, each binary is started through PROGRAM, as cargo's
`target.<triple>.runner` would (the Windows tests under Wine, `make windows-test`). Stops at the
first binary that fails, with its exit status (as cargo does).
Benchmarks and examples are built by the list but not run (`cargo test` does not run them either).
"""

import json
import os
import subprocess
import sys

# The workspace: this script lives in its scripts/ folder.
WORKSPACE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binaries(list_path):
    out = []
    with open(list_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            msg = json.loads(line)
            if msg.get("reason") != "compiler-artifact" or not msg.get("executable"):
                continue
            if not msg["profile"]["test"]:
                continue
            kinds = msg["target"]["kind"]
            if "bench" in kinds or "example" in kinds:
                continue
            out.append(msg)
    return out


def package_name(msg):
    # package_id: "path+file:///…/crates/server#newsroom-server@0.1.0", or, when the folder has
    # the package's name, "path+file:///…/crates/newsroom#0.1.0".
    url, _, tail = msg["package_id"].rpartition("#")
    if "@" in tail:
        return tail.rsplit("@", 1)[0]
    return url.rstrip("/").rsplit("/", 1)[-1]


def main(argv):
    args = argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1 :]
    runner = []
    if "--runner" in args:
        i = args.index("--runner")
        if i + 1 >= len(args):
            sys.exit(__doc__)
        runner = [args[i + 1]]
        args = args[:i] + args[i + 2 :]
    if not args:
        sys.exit(__doc__)
    list_path = args[0]
    only = exclude = None
    if len(args) == 3 and args[1] == "--only":
        only = set(args[2].split(","))
    elif len(args) == 3 and args[1] == "--except":
        exclude = args[2]
    elif len(args) != 1:
        sys.exit(__doc__)
    chosen = []
    for msg in binaries(list_path):
        name = package_name(msg)
        if only is not None and name not in only:
            continue
        if exclude is not None and name == exclude:
            continue
        chosen.append((name, msg))
    if not chosen:
        sys.exit(f"run-tests: no test binary in {list_path} for {','.join(sorted(only or ())) or 'the workspace'}")
    for name, msg in chosen:
        exe = msg["executable"]
        folder = os.path.dirname(msg["manifest_path"])
        env = dict(os.environ)
        env["CARGO_MANIFEST_DIR"] = folder
        env["CARGO_PKG_NAME"] = name
        env["CARGO_CRATE_NAME"] = msg["target"]["name"].replace("-", "_")
        # What .cargo/config.toml's [env] gives a test run by cargo: ts-rs writes the IPC types
        # where the UI reads them (else into each crate's own bindings/, and the UI's go stale).
        env.setdefault("TS_RS_EXPORT_DIR", os.path.join(WORKSPACE, "ui", "src", "lib", "bindings"))
        print(f"     Running {os.path.relpath(exe)} ({name}, {msg['target']['name']})", flush=True)
        status = subprocess.run([*runner, exe, *extra], cwd=folder, env=env).returncode
        if status != 0:
            print(f"run-tests: {name}'s {msg['target']['name']} failed (status {status})", file=sys.stderr)
            return status if status > 0 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
