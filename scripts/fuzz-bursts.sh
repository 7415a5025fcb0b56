#!/bin/bash
# The fuzz bursts of `make fuzz`: each target for SECONDS from its seeds (fuzz/seeds/T, read only)
# and what earlier runs found (target/fuzz-corpus/T), two targets at a time (a burst uses one core;
# the machines here have two). A crash fails the run; its input is in fuzz/artifacts/T.
#   scripts/fuzz-bursts.sh SECONDS TARGET...
set -u
seconds=$1
shift
targets=("$@")

burst() {
  mkdir -p "target/fuzz-corpus/$1"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s "${FUZZ_SANITIZER:-address}" "$1" "target/fuzz-corpus/$1" "fuzz/seeds/$1" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 > "target/fuzz-$1.log" 2>&1
}

status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for t in "${targets[@]:i:2}"; do
    burst "$t" &
    pids+=("$!")
  done
  for j in "${!pids[@]}"; do
    t=${targets[i + j]}
    if wait "${pids[j]}"; then
      echo "fuzz $t: $(grep -E '^Done [0-9]+ runs' "target/fuzz-$t.log")"
    else
      tail -n 60 "target/fuzz-$t.log"
      echo "fuzz $t: crash, input kept in fuzz/artifacts/$t"
      status=1
    fi
  done
done
exit $status
