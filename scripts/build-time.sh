#!/usr/bin/env bash
# Build-time benchmark of the generated code (issue 7, "Families, features, build time").
# Not a test and not run by CI: it takes 30-45 minutes on a 2-core machine.
#
#   scripts/build-time.sh [options] [REV]
#
# For REV (default HEAD) and a baseline revision (default 9a4c4f6, the shape before the
# family layout), it copies the committed workspace into WORK (`git archive`, nothing in
# this checkout is touched), scales the spec to 300 extra methods (COPIES copies each of the
# seed-2 method admin.workflows.triggers.types.permissions.lookup and of conversations.list,
# added to the 4 methods of the first spec (see --full-spec), renamed `<family>.seedNNN` / `<family>.listNNN` and spread over FAMILIES families: the
# first is `conversations`, the others `bench01`, `bench02`, …) and runs `cargo xtask codegen`
# there. Then it times, each in a fresh CARGO_TARGET_DIR (the registry cache is shared):
#
#   check    `cargo check -p slack-api` in the scratch workspace, the crate alone: the
#            dependencies are checked first in that target dir (not timed), then each timed
#            run is `touch slack-api/src/lib.rs && cargo check -p slack-api`, with
#            CARGO_INCREMENTAL=0 (as every measurement here), so the crate is checked from
#            scratch;
#   build    `cargo build` (debug) from an empty target dir of a tiny binary that depends on
#            the scratch slack-api by path and awaits `conversations_list().limit(5)` once:
#            every dependency is compiled;
#   morphism the same tiny binary on slack-morphism (crates.io, `hyper` feature), also from
#            an empty target dir;
#   one      for a REV with family features: the check and the build above with
#            `--no-default-features --features rustls,ONE_FAMILY` on slack-api.
#
# The measurements are interleaved (round 1: old, new, morphism, …; each next round starts
# one measurement later) so that load from other processes hits all of them alike, and the table shows
# the median wall time of RUNS runs, its ratios, and the CPU time (user+sys, less sensitive
# to other load). Nothing is niced. Needs only bash, git, cargo (and network access to
# crates.io for the first fetch).
#
# Options (defaults in brackets):
#   --baseline REV    the old shape to compare with, or `none` [9a4c4f6]
#   --runs N          timed runs of each measurement [2]
#   --copies N        copies of each of the two method files [150]
#   --families N      families the copies are spread over [30]
#   --one-family F    the family of the single-family measurement [conversations]
#   --morphism V      slack-morphism version, or `none` [2.31.1]
#   --work DIR        scratch directory, emptied first [/tmp/slack-api-build-time]
#   --no-one          skip the single-family measurements
#   --prepare-only    scale, generate and count lines, but time no build
#   --full-spec       keep all of REV's spec methods (by default only the 4 methods of the
#                     first spec stay: admin.workflows.triggers.types.permissions.lookup,
#                     apps.permissions.users.request, conversations.list, users.list);
#                     with `--copies 0` this times the real spec as it is
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

REPO=$(cd "$(dirname "$0")/.." && pwd)
BASELINE=9a4c4f6
RUNS=2
COPIES=150
FAMILIES=30
ONE_FAMILY=conversations
MORPHISM=2.31.1
WORK=/tmp/slack-api-build-time
DO_ONE=1
PREPARE_ONLY=0
FULL_SPEC=0
REV=HEAD
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) BASELINE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --copies) COPIES=$2; shift 2 ;;
    --families) FAMILIES=$2; shift 2 ;;
    --one-family) ONE_FAMILY=$2; shift 2 ;;
    --morphism) MORPHISM=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-one) DO_ONE=0; shift ;;
    --prepare-only) PREPARE_ONLY=1; RUNS=0; shift ;;
    --full-spec) FULL_SPEC=1; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) REV=$1; shift ;;
  esac
done

export CARGO_TERM_COLOR=never
# No incremental compilation: a `touch` then re-check would otherwise reuse the previous
# run's query results (measuring ~half the real work), and a path dependency would write an
# incremental cache that a user getting slack-api from git or crates.io never pays for.
export CARGO_INCREMENTAL=0
unset CARGO_TARGET_DIR RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER || true

case "$WORK" in /|"") echo "refusing WORK=$WORK" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/logs"
RESULTS=$WORK/results.tsv
REPORT=$WORK/report.txt
: >"$RESULTS"

# shellcheck source=scripts/lib/build-bench.sh
. "$REPO/scripts/lib/build-bench.sh"

family_of() { # copy number (1-based) → family
  local i=$(( ($1 - 1) % FAMILIES ))
  if [ "$i" -eq 0 ]; then echo conversations; else printf 'bench%02d' "$i"; fi
}

# Exports REV into $WORK/<label>/ws, scales its spec and generates the code.
prepare() {
  local label=$1 rev=$2 ws=$WORK/$1/ws
  local sha
  sha=$(git -C "$REPO" rev-parse --short "$rev^{commit}") || die "unknown revision $rev"
  mkdir -p "$ws"
  git -C "$REPO" archive "$sha" | tar -x -C "$ws"
  echo "$sha" >"$WORK/$label/sha"
  # The methods every revision has (those of the first spec); the others go unless
  # --full-spec, so that revisions with more of the 310 methods in their spec compare alike.
  if [ "$FULL_SPEC" = 0 ]; then
    find "$ws/spec/methods" -name '*.yaml' | while read -r f; do
      case "${f##*/}" in
        admin.workflows.triggers.types.permissions.lookup.yaml | conversations.list.yaml) ;;
        apps.permissions.users.request.yaml | users.list.yaml) ;;
        *) rm "$f" ;;
      esac
    done
    find "$ws/spec/methods" -mindepth 1 -type d -empty -delete
  fi
  local seed conv layout
  seed=$(cd "$ws" && find spec/methods -name 'admin.workflows.triggers.types.permissions.lookup.yaml')
  conv=$(cd "$ws" && find spec/methods -name 'conversations.list.yaml')
  [ -n "$seed" ] && [ -n "$conv" ] || die "$label: seed method files not found in spec/methods"
  if [ "$conv" = spec/methods/conversations/conversations.list.yaml ]; then
    layout=families
  else
    layout=flat
  fi
  echo "$layout" >"$WORK/$label/layout"
  local i fam n name file
  for i in $(seq 1 "$COPIES"); do
    fam=$(family_of "$i")
    n=$(printf '%03d' "$i")
    for kind in seed list; do
      name=$fam.$kind$n
      if [ "$layout" = families ]; then file=spec/methods/$fam/$name.yaml; else file=spec/methods/$name.yaml; fi
      mkdir -p "$ws/$(dirname "$file")"
      if [ "$kind" = seed ]; then src=$seed; else src=$conv; fi
      sed "s/^name: .*/name: $name/" "$ws/$src" >"$ws/$file"
    done
  done
  log "$label ($sha, $layout layout): $(find "$ws/spec/methods" -name '*.yaml' | wc -l) spec methods; building xtask"
  export CARGO_TARGET_DIR=$WORK/$label/xtask-target
  run_in "$ws" "$WORK/logs/$label-xtask-build.log" cargo build -q -p xtask
  # `cargo xtask codegen` once xtask is built (the alias runs its debug build): wall/cpu.
  local t
  t=$( { time run_in "$ws" "$WORK/logs/$label-codegen.log" cargo xtask codegen; } 2>&1 )
  unset CARGO_TARGET_DIR
  awk '{ printf "%.1f/%.1f\n", $1, $2 + $3 }' <<<"$t" >"$WORK/$label/codegen-seconds"
  run_in "$ws" "$WORK/logs/$label-fetch.log" cargo fetch
}

# The tiny binary on the scratch slack-api, in $WORK/<label>/<name>.
tiny_slack_api() {
  local label=$1 name=$2 dep=$3 dir=$WORK/$1/$2
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "tiny-$label-$name"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$dep
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
EOF
  cat >"$dir/src/main.rs" <<'EOF'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("SLACK_TOKEN").unwrap_or_default();
    let client = slack_api::Client::new(token)?;
    let page = client.conversations_list().limit(5).await?;
    println!("{} channels", page.channels.len());
    Ok(())
}
EOF
  # The dependency versions of the workspace's lock file, as its users would get them.
  cp "$WORK/$label/ws/Cargo.lock" "$dir/Cargo.lock"
  run_in "$dir" "$WORK/logs/$label-$name-fetch.log" cargo fetch
}

tiny_morphism() {
  local dir=$WORK/morphism/tiny
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "tiny-morphism"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
slack-morphism = { version = "=$MORPHISM", features = ["hyper"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
EOF
  cat >"$dir/src/main.rs" <<'EOF'
use slack_morphism::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let token = std::env::var("SLACK_TOKEN").unwrap_or_default();
    let client = SlackClient::new(SlackClientHyperConnector::new()?);
    let token = SlackApiToken::new(token.into());
    let session = client.open_session(&token);
    let request = SlackApiConversationsListRequest::new().with_limit(5);
    let page = session.conversations_list(&request).await?;
    println!("{} channels", page.channels.len());
    Ok(())
}
EOF
  run_in "$dir" "$WORK/logs/morphism-fetch.log" cargo fetch
}

# Measurements: name → "dir|prepare|command" (prepare runs untimed before each run).
declare -A DIR CMD KIND
MEASURES=()
add() { MEASURES+=("$1"); KIND[$1]=$2; DIR[$1]=$3; CMD[$1]=$4; }

NEW_FEATURES="--no-default-features --features rustls,$ONE_FAMILY"
labels=(new)
[ "$BASELINE" != none ] && labels=(old new)

for label in "${labels[@]}"; do
  if [ "$label" = new ]; then prepare new "$REV"; else prepare old "$BASELINE"; fi
done

for label in "${labels[@]}"; do
  ws=$WORK/$label/ws
  tiny_slack_api "$label" tiny-all 'slack-api = { path = "../ws/slack-api" }'
  add "check-$label" check "$ws" "cargo check -p slack-api"
  add "build-$label" build "$WORK/$label/tiny-all" "cargo build"
done
if [ "$DO_ONE" = 1 ] && [ "$(cat "$WORK/new/layout")" = families ]; then
  grep -q "^$ONE_FAMILY = " "$WORK/new/ws/slack-api/Cargo.toml" \
    || die "no feature $ONE_FAMILY in the new shape's slack-api/Cargo.toml"
  tiny_slack_api new tiny-one \
    "slack-api = { path = \"../ws/slack-api\", default-features = false, features = [\"rustls\", \"$ONE_FAMILY\"] }"
  add check-one check "$WORK/new/ws" "cargo check -p slack-api $NEW_FEATURES"
  add build-one build "$WORK/new/tiny-one" "cargo build"
fi
if [ "$MORPHISM" != none ]; then
  tiny_morphism
  add build-morphism build "$WORK/morphism/tiny" "cargo build"
fi

# `check` measurements: dependencies first, untimed, in the measurement's own target dir.
[ "$PREPARE_ONLY" = 1 ] || check_dependencies

measure() {
  local m=$1 round=$2
  if [ "${KIND[$m]}" = check ]; then
    touch "${DIR[$m]}/slack-api/src/lib.rs"
  else
    rm -rf "$WORK/target-$m"
  fi
  timed_run "$m" "$round"
}

log "load: $(uptime)"
run_rounds
log "load: $(uptime)"
rm -rf "$WORK"/target-build-*

# ---- report ----
gen_lines() { find "$WORK/$1/ws/slack-api/src/generated" -name '*.rs' -exec cat {} + | wc -l; }
file_lines() { local f; f=$(find "$WORK/$1/ws/slack-api/src/generated" -name "$2.rs" | head -n1); [ -n "$f" ] && wc -l <"$f" || echo "-"; }
methods_of() { find "$WORK/$1/ws/spec/methods" -name '*.yaml' | wc -l; }

# Lines of the generated code by item kind: a top-level item with the docs and attributes
# above it; `impl Trait for` counted per trait.
kinds() {
  find "$WORK/$1/ws/slack-api/src/generated" -name '*.rs' -exec cat {} + | awk '
    /^(\/\/\/|#\[)/ { pend++; next }
    /^(pub |pub\(crate\) )?(const|static) / { k = "const (META tables)" }
    /^(pub )?struct / { k = "struct" }
    /^(pub )?enum / { k = "enum" }
    /^impl/ && / for / { t = $0; sub(/^impl(<[^>]*>)? /, "", t); sub(/ for .*/, "", t); sub(/<.*/, "", t); n = split(t, p, "::"); k = "impl " p[n] }
    /^impl/ && !/ for / { k = /^impl[^{]*Call</ ? "impl Call (setters)" : /^impl[^{]*Client/ ? "impl Client (method fn)" : "inherent impl" }
    /^(pub )?(mod|use) / { k = "mod/use" }
    /^(pub )?(async )?fn / { k = "fn" }
    /^\/\/[^\/]/ || /^$/ { c["blank/comment"] += 1 + pend; pend = 0; next }
    { c[k] += 1 + pend; pend = 0 }
    END { for (x in c) printf "%8d  %s\n", c[x], x }' | sort -rn
}

{
  echo "slack-api build time ($(date -u '+%Y-%m-%d %H:%M UTC'), $(rustc --version), $(nproc) cores)"
  if [ "$FULL_SPEC" = 1 ]; then echo "spec: the revision's spec"; else echo "spec: the 4 methods of the first spec"; fi
  echo "      + $COPIES copies each of admin.workflows.triggers.types.permissions.lookup and"
  echo "      conversations.list over $FAMILIES families; $RUNS runs each, interleaved; wall = median"
  echo
  printf '%-34s %12s %12s %12s\n' "" "old" "new" "slack-morph."
  printf '%-34s %12s %12s %12s\n' "revision" "$(cat "$WORK/old/sha" 2>/dev/null || echo -)" "$(cat "$WORK/new/sha")" "${MORPHISM}"
  printf '%-34s %12s %12s %12s\n' "spec methods" "$( [ -d "$WORK/old" ] && methods_of old || echo -)" "$(methods_of new)" "-"
  printf '%-34s %12s %12s %12s\n' "generated lines, total" "$( [ -d "$WORK/old" ] && gen_lines old || echo -)" "$(gen_lines new)" "-"
  for f in conversations_seed001 conversations_list001; do
    printf '%-34s %12s %12s %12s\n' "  lines of $f.rs" "$( [ -d "$WORK/old" ] && file_lines old $f || echo -)" "$(file_lines new $f)" "-"
  done
  printf '%-34s %12s %12s %12s\n' "cargo xtask codegen, wall/cpu (s)" "$(cat "$WORK/old/codegen-seconds" 2>/dev/null || echo -)" "$(cat "$WORK/new/codegen-seconds")" "-"
  printf '%-34s %12s %12s %12s\n' "cargo check crate alone, wall (s)" "$(median check-old wall)" "$(median check-new wall)" "-"
  printf '%-34s %12s %12s %12s\n' "  cpu user+sys (s)" "$(median check-old cpu)" "$(median check-new cpu)" "-"
  printf '%-34s %12s %12s %12s\n' "tiny binary clean build, wall (s)" "$(median build-old wall)" "$(median build-new wall)" "$(median build-morphism wall)"
  printf '%-34s %12s %12s %12s\n' "  cpu user+sys (s)" "$(median build-old cpu)" "$(median build-new cpu)" "$(median build-morphism cpu)"
  echo
  echo "ratios (wall medians; cpu in brackets)"
  printf '  %-44s %6s  [%s]\n' "check crate alone, new / old" "$(ratio "$(median check-new wall)" "$(median check-old wall)")" "$(ratio "$(median check-new cpu)" "$(median check-old cpu)")"
  printf '  %-44s %6s  [%s]\n' "tiny build, new / old" "$(ratio "$(median build-new wall)" "$(median build-old wall)")" "$(ratio "$(median build-new cpu)" "$(median build-old cpu)")"
  printf '  %-44s %6s  [%s]\n' "tiny build, new / slack-morphism" "$(ratio "$(median build-new wall)" "$(median build-morphism wall)")" "$(ratio "$(median build-new cpu)" "$(median build-morphism cpu)")"
  printf '  %-44s %6s  [%s]\n' "tiny build, old / slack-morphism" "$(ratio "$(median build-old wall)" "$(median build-morphism wall)")" "$(ratio "$(median build-old cpu)" "$(median build-morphism cpu)")"
  if grep -q '^build-one' "$RESULTS"; then
    echo
    echo "new shape, one family ($NEW_FEATURES) vs all families"
    printf '  %-44s %6s s  (all: %s s)\n' "check crate alone, wall" "$(median check-one wall)" "$(median check-new wall)"
    printf '  %-44s %6s s  (all: %s s)\n' "tiny build, wall" "$(median build-one wall)" "$(median build-new wall)"
    printf '  %-44s %6s  [%s]\n' "check, one / all" "$(ratio "$(median check-one wall)" "$(median check-new wall)")" "$(ratio "$(median check-one cpu)" "$(median check-new cpu)")"
    printf '  %-44s %6s  [%s]\n' "tiny build, one / all" "$(ratio "$(median build-one wall)" "$(median build-new wall)")" "$(ratio "$(median build-one cpu)" "$(median build-new cpu)")"
    printf '  %-44s %6s  [%s]\n' "tiny build, one family / slack-morphism" "$(ratio "$(median build-one wall)" "$(median build-morphism wall)")" "$(ratio "$(median build-one cpu)" "$(median build-morphism cpu)")"
  fi
  echo
  echo "every run (wall s): "
  for m in "${MEASURES[@]}"; do printf '  %-16s %s\n' "$m" "$(runs_of "$m")"; done
  echo "load average (1 min) before each run: $(cut -f6 "$RESULTS" | tr '\n' ' ')"
  for label in "${labels[@]}"; do
    echo
    echo "generated lines by item kind, $label shape:"
    kinds "$label"
  done
  echo
  echo "raw results: $RESULTS; logs: $WORK/logs/"
} | tee "$REPORT"
