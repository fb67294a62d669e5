#!/usr/bin/env bash
# Generator speed (issue 12): how long `cargo xtask codegen --check` takes over the whole spec
# once built, and what the generator's dev-profile optimisation costs a clean build, each
# measured with and without the workspace's `[profile.dev.package.*] opt-level` overrides
# (see Cargo.toml), side by side in one run.
#
#   scripts/codegen-speed.sh [RUNS]      (default 5 runs of the generator each)
#
# Builds go to /tmp/codegen-speed-{opt,noopt} (emptied first), so this checkout's target
# directory is not touched. Prints the median wall time of the generator runs, and the wall
# and CPU (user+sys) time of a clean `cargo build -p xtask` (the generator and everything it
# depends on), for each variant.
set -euo pipefail
RUNS=${1:-5}
REPO=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
TIMEFORMAT='%R %U %S'
# The overrides, undone: opt-level 0 for each package the workspace optimises.
NOOPT=()
for p in $(sed -n 's/^\[profile\.dev\.package\.\([A-Za-z0-9_-]*\)\]$/\1/p' "$REPO/Cargo.toml"); do
  [ "$p" = '"*"' ] && continue
  NOOPT+=(--config "profile.dev.package.$p.opt-level=0")
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for variant in opt noopt; do
  dir=/tmp/codegen-speed-$variant
  rm -rf "$dir"
  extra=()
  [ "$variant" = noopt ] && extra=("${NOOPT[@]}")
  cd "$REPO"
  cargo fetch -q
  build=$( { time cargo build -q -p xtask --target-dir "$dir" "${extra[@]}" >/dev/null 2>&1; } 2>&1 )
  read -r wall user sys <<<"$build"
  runs=$(for _ in $(seq "$RUNS"); do
    { time "$dir/debug/xtask" codegen --check >/dev/null; } 2>&1 | awk '{print $1}'
  done | median)
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}')
  printf '%-6s codegen --check: %s s (median of %s)   clean build of xtask: %s s wall, %s s CPU\n' \
    "$variant" "$runs" "$RUNS" "$wall" "$cpu"
done
