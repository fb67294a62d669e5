#!/usr/bin/env bash
# Build time of slack-api beside its peers, the real spec as it is (no scaling): the
# figures a user choosing a Slack crate would see. Not a test and not run by CI: a full run
# takes about 45-60 minutes on an idle 2-core machine.
#
#   scripts/build-time-peers.sh [options] [REV]
#
# Crates, each exported or unpacked into WORK (nothing in this checkout is touched):
#
#   before    slack-api at --before REV (`git archive` of the whole workspace);
#   after     slack-api at REV (default HEAD), the same way;
#   morphism  slack-morphism from crates.io (--morphism, default the newest 2.31.x), with
#             its `hyper` feature;
#   webapi    slack-web-api from crates.io (--web-api, default the newest 0.2.x), the other
#             Slack crate generated from a spec; it has no cargo features at all.
#
# A crates.io crate is resolved in a scratch package, fetched, and its .crate file unpacked
# from the cargo registry cache into WORK/<crate>/crate, so that it is a path dependency
# (its src/lib.rs can be touched) of the tiny binary below, as slack-api is. slack-api's
# tiny binaries use the lock file of its workspace at that revision; the peers' use the
# newest versions of their dependencies that cargo resolves today.
#
# Sizes (no compiling): for slack-api, the lines of the generated code (`*.rs` under every
# `*/src/generated` of the workspace: slack-api's, and a model crate's such as
# slack-model/src/generated when the revision has one), the methods (`spec/methods/**/*.yaml`)
# and lines per method; for a peer, the lines of every `.rs` file under the crate's src/ as
# downloaded (hand-written and generated alike, tests inside src/ included) and an
# approximate count of its methods.
#
# Measurements, each in its own CARGO_TARGET_DIR (the registry cache is shared), all with
# CARGO_INCREMENTAL=0, named <kind>-<crate>-<all|one>:
#
#   check-*   `cargo check` of the crate alone: its dependencies are checked first in that
#             target dir (not timed), then each timed run is `touch src/lib.rs && cargo
#             check -p <crate>`, so the crate is checked from scratch. For slack-api, in the
#             exported workspace, the src/lib.rs of every crate with a src/generated dir is
#             touched (slack-api and, if there is one, the model crate: both are re-checked);
#             for a peer, in its tiny binary's directory (the crate is a path dependency).
#   build-*   `cargo build` (debug) from an empty target dir of a tiny binary that awaits one
#             conversations.list call with limit 5: every dependency is compiled.
#   *-all     default features (every family); the peers' `all` is their only shape.
#   *-one     slack-api with `--no-default-features --features rustls,ONE_FAMILY`, for a
#             revision with family features; the peers have no per-family features (n/a).
#
# The measurements are interleaved (each round runs every measurement once; each next round
# starts one measurement later) so that load from other processes hits all of them alike.
# The report (WORK/report.md, also printed) has a markdown table of the median wall time of
# RUNS runs with the CPU time (user+sys, steadier under load) in brackets, and the ratios
# after/before, after/slack-morphism and after/slack-web-api; the raw results are in
# WORK/results.tsv and the sizes in WORK/sizes.tsv. Nothing is niced (prefix `nice -n 19`
# on a shared machine). Needs only bash, git, cargo and network access to crates.io.
#
# Options (defaults in brackets):
#   --before REV      slack-api revision to compare with, or `none` [e29a0bb]
#   --runs N          timed runs of each measurement [2]
#   --work DIR        scratch directory, emptied first [/tmp/slack-api-build-peers]
#   --only LIST       only the measurements matching one of the comma-separated shell
#                     patterns, each matched anywhere in the name (`check`, `one`,
#                     `check*one,check*morphism,check*webapi`); `--only list` prints the names
#   --morphism V      slack-morphism version requirement, or `none` [~2.31]
#   --web-api V       slack-web-api version requirement, or `none` [~0.2]
#   --one-family F    the family of the *-one measurements [conversations]
#   --prepare-only    export, unpack, fetch and count lines, but compile nothing
#   -h, --help        this text
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

REPO=$(cd "$(dirname "$0")/.." && pwd)
BEFORE=e29a0bb
RUNS=2
WORK=/tmp/slack-api-build-peers
ONLY=
MORPHISM='~2.31'
WEBAPI='~0.2'
ONE_FAMILY=conversations
PREPARE_ONLY=0
REV=HEAD
while [ $# -gt 0 ]; do
  case "$1" in
    --before) BEFORE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --morphism) MORPHISM=$2; shift 2 ;;
    --web-api) WEBAPI=$2; shift 2 ;;
    --one-family) ONE_FAMILY=$2; shift 2 ;;
    --prepare-only) PREPARE_ONLY=1; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) REV=$1; shift ;;
  esac
done
[ "$PREPARE_ONLY" = 1 ] && RUNS=0
case "$RUNS" in ''|*[!0-9]*) echo "--runs wants a number, not $RUNS" >&2; exit 2 ;; esac

export CARGO_TERM_COLOR=never
# No incremental compilation: a `touch` then re-check would otherwise reuse the previous
# run's query results (measuring ~half the real work), and a path dependency would write an
# incremental cache that a user getting the crate from git or crates.io never pays for.
export CARGO_INCREMENTAL=0
unset CARGO_TARGET_DIR RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER || true
CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}

# The measurements, in the order of a round; the crates of a kind are side by side.
ALL_MEASURES=(
  check-before-all check-after-all check-morphism-all check-webapi-all
  check-before-one check-after-one
  build-before-all build-after-all build-morphism-all build-webapi-all
  build-before-one build-after-one
)
if [ "$ONLY" = list ]; then printf '%s\n' "${ALL_MEASURES[@]}"; exit 0; fi

selected() { # name → is it in --only (everything without --only)?
  local p
  [ -z "$ONLY" ] && return 0
  IFS=, read -r -a pats <<<"$ONLY"
  for p in "${pats[@]}"; do
    # shellcheck disable=SC2053
    [[ $1 == *$p* ]] && return 0
  done
  return 1
}
if [ -n "$ONLY" ]; then
  n=0
  for m in "${ALL_MEASURES[@]}"; do selected "$m" && n=$((n + 1)); done
  [ "$n" -gt 0 ] || { echo "--only $ONLY matches none of: ${ALL_MEASURES[*]}" >&2; exit 2; }
fi

case "$WORK" in /|"") echo "refusing WORK=$WORK" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/logs"
RESULTS=$WORK/results.tsv
SIZES=$WORK/sizes.tsv
REPORT=$WORK/report.md
printf 'measure\tround\twall_s\tuser_s\tsys_s\tload1_before\n' >"$RESULTS"
printf 'crate\trevision\tmethods\tlines\tlines_per_method\tlines_counted\tmethods_counted\n' >"$SIZES"

# shellcheck source=scripts/lib/build-bench.sh
. "$REPO/scripts/lib/build-bench.sh"

lines_of() { # files on stdin, NUL-separated → total lines
  xargs -0 -r cat | wc -l
}

# ---- slack-api: export a revision ----

# The crates of a workspace with generated code, as paths relative to the workspace: every
# <crate>/src/generated or <dir>/<crate>/src/generated whose <crate> has a Cargo.toml (not
# under fuzz/ or a target dir), e.g. `slack-api`, `slack-model`.
generated_crates() {
  local ws=$1 d
  (cd "$ws" && find . -maxdepth 4 \( -name fuzz -o -name target \) -prune \
     -o -type d -path '*/src/generated' -print) | sort | while read -r d; do
    d=${d#./}
    d=${d%/src/generated}
    [ -f "$ws/$d/Cargo.toml" ] && echo "$d"
  done
  return 0
}

prepare_slack_api() {
  local label=$1 rev=$2 dir=$WORK/$1 ws=$WORK/$1/ws sha
  sha=$(git -C "$REPO" rev-parse --short "$rev^{commit}") || die "unknown revision $rev"
  mkdir -p "$ws"
  git -C "$REPO" archive "$sha" | tar -x -C "$ws"
  echo "$sha" >"$dir/version"
  [ -f "$ws/slack-api/Cargo.toml" ] || die "$label ($sha): no slack-api/Cargo.toml"
  local crates
  crates=$(generated_crates "$ws" | tr '\n' ' ')
  [ -n "$crates" ] || die "$label ($sha): no */src/generated in the workspace (generated code not committed?)"
  echo "$crates" >"$dir/generated-crates"

  # Sizes: every generated crate's lines, and the spec's methods.
  local methods total breakdown="" c n
  methods=$(find "$ws/spec/methods" -name '*.yaml' | wc -l)
  total=0
  for c in $crates; do
    n=$(find "$ws/$c/src/generated" -name '*.rs' -print0 | lines_of)
    total=$((total + n))
    breakdown="$breakdown${breakdown:+ + }$c $n"
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$sha" "$methods" "$total" \
    "$(awk -v a="$total" -v b="$methods" 'BEGIN { printf "%.0f", a / b }')" \
    "*/src/generated/**/*.rs: $breakdown" "spec/methods/**/*.yaml" >>"$SIZES"

  if grep -q "^$ONE_FAMILY = " "$ws/slack-api/Cargo.toml"; then echo 1 >"$dir/families"; else echo 0 >"$dir/families"; fi
  log "$label: slack-api $sha, $methods methods, $total generated lines ($breakdown), family features: $(cat "$dir/families")"
  run_in "$ws" "$WORK/logs/$label-fetch.log" cargo fetch

  tiny_slack_api "$label" all 'slack-api = { path = "../ws/slack-api" }'
  if [ "$(cat "$dir/families")" = 1 ]; then
    tiny_slack_api "$label" one \
      "slack-api = { path = \"../ws/slack-api\", default-features = false, features = [\"rustls\", \"$ONE_FAMILY\"] }"
  fi
}

tiny_manifest() { # dir name dependency-line
  mkdir -p "$1/src"
  cat >"$1/Cargo.toml" <<EOF
[package]
name = "$2"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$3
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
EOF
}

# The tiny binary on the exported slack-api, in $WORK/<label>/tiny-<all|one>.
tiny_slack_api() {
  local label=$1 shape=$2 dir=$WORK/$1/tiny-$2
  tiny_manifest "$dir" "tiny-$label-$shape" "$3"
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
  run_in "$dir" "$WORK/logs/$label-tiny-$shape-fetch.log" cargo fetch
}

# ---- peers: resolve on crates.io, unpack, tiny binary ----

# Resolves <crate> <requirement> in a scratch package, fetches it and unpacks its .crate
# into $WORK/<label>/crate; its version into $WORK/<label>/version.
unpack_peer() {
  local label=$1 crate=$2 req=$3 dir=$WORK/$1/resolve version file
  tiny_manifest "$dir" "resolve-$label" "$crate = \"$req\""
  echo 'fn main() {}' >"$dir/src/main.rs"
  run_in "$dir" "$WORK/logs/$label-resolve.log" cargo generate-lockfile
  version=$(awk -v c="$crate" '$0 == "name = \"" c "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$dir/Cargo.lock")
  [ -n "$version" ] || die "$label: $crate $req not in $dir/Cargo.lock"
  run_in "$dir" "$WORK/logs/$label-resolve-fetch.log" cargo fetch
  file=$(ls "$CARGO_HOME"/registry/cache/*/"$crate-$version.crate" 2>/dev/null | head -n1)
  [ -n "$file" ] || die "$label: $crate-$version.crate not in $CARGO_HOME/registry/cache"
  mkdir -p "$WORK/$label/unpack"
  tar -xzf "$file" -C "$WORK/$label/unpack"
  mv "$WORK/$label/unpack/$crate-$version" "$WORK/$label/crate"
  rmdir "$WORK/$label/unpack"
  echo "$version" >"$WORK/$label/version"
}

# tiny binary of a peer: label crate features-toml main.rs (stdin); the lock file of the
# resolve step, so the peer's dependencies are the ones just fetched.
tiny_peer() {
  local label=$1 crate=$2 feats=$3 dir=$WORK/$1/tiny-all
  tiny_manifest "$dir" "tiny-$label-all" "$crate = { path = \"../crate\"$feats }"
  cat >"$dir/src/main.rs"
  cp "$WORK/$label/resolve/Cargo.lock" "$dir/Cargo.lock"
  run_in "$dir" "$WORK/logs/$label-tiny-all-fetch.log" cargo fetch
}

peer_sizes() { # label methods how-counted
  local label=$1 lines
  lines=$(find "$WORK/$label/crate/src" -name '*.rs' -print0 | lines_of)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(cat "$WORK/$label/version")" "$2" "$lines" \
    "$(awk -v a="$lines" -v b="$2" 'BEGIN { printf "%.0f", a / b }')" \
    "src/**/*.rs as downloaded (hand-written + generated, tests in src/ too)" "$3" >>"$SIZES"
  log "$label: $(cat "$WORK/$label/version"), ~$2 methods, $lines lines of src/**/*.rs"
}

prepare_morphism() {
  local methods
  unpack_peer morphism slack-morphism "$MORPHISM"
  tiny_peer morphism slack-morphism ', features = ["hyper"]' <<'EOF'
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
  # Its methods are hand-written, one `"family.method"` string each in src/api/.
  methods=$(grep -ohE '"[a-zA-Z]+(\.[a-zA-Z]+)+"' "$WORK/morphism/crate/src/api/"*.rs | sort -u | wc -l)
  peer_sizes morphism "$methods" 'distinct "family.method" strings in src/api/*.rs'
}

prepare_webapi() {
  local methods
  unpack_peer webapi slack-web-api "$WEBAPI"
  tiny_peer webapi slack-web-api '' <<'EOF'
use slack_web_api::api::ConversationsListRequest;
use slack_web_api::SlackClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("SLACK_TOKEN").unwrap_or_default();
    let client = SlackClient::new(token);
    let page = client.conversations_list(&ConversationsListRequest::new().limit(5)).await?;
    println!("{} channels", page.channels.len());
    Ok(())
}
EOF
  # One `impl SlackApiMethod` with `const METHOD` per method.
  methods=$(grep -rh 'const METHOD: &' "$WORK/webapi/crate/src" | wc -l)
  peer_sizes webapi "$methods" "const METHOD in src/"
  [ -n "$(sed -n '/^\[features\]/,/^\[/p' "$WORK/webapi/crate/Cargo.toml" | grep -v '^\[')" ] \
    && log "webapi: note, $(cat "$WORK/webapi/version") has cargo features now: $(sed -n '/^\[features\]/,/^\[/p' "$WORK/webapi/crate/Cargo.toml" | tr '\n' ' ')"
  return 0
}

# ---- prepare ----

labels=()
[ "$BEFORE" != none ] && labels+=(before)
labels+=(after)
[ "$MORPHISM" != none ] && labels+=(morphism)
[ "$WEBAPI" != none ] && labels+=(webapi)

log "load: $(uptime)"
[ "$BEFORE" != none ] && prepare_slack_api before "$BEFORE"
prepare_slack_api after "$REV"
[ "$MORPHISM" != none ] && prepare_morphism
[ "$WEBAPI" != none ] && prepare_webapi

# Measurements: name → kind, directory, command, files touched before a check run.
declare -A KIND DIR CMD TOUCH CRATE
MEASURES=()
add() { # name kind dir command crate [touched files]
  selected "$1" || return 0
  MEASURES+=("$1"); KIND[$1]=$2; DIR[$1]=$3; CMD[$1]=$4; CRATE[$1]=$5; TOUCH[$1]=${6:-}
}
ONE_FEATURES="--no-default-features --features rustls,$ONE_FAMILY"
for m in "${ALL_MEASURES[@]}"; do
  IFS=- read -r kind label shape <<<"$m"
  [ -d "$WORK/$label" ] || continue
  case "$label" in
    before|after)
      ws=$WORK/$label/ws
      [ "$shape" = one ] && [ "$(cat "$WORK/$label/families")" = 0 ] && continue
      feats=; [ "$shape" = one ] && feats=" $ONE_FEATURES"
      if [ "$kind" = check ]; then
        touch_list=
        for c in $(cat "$WORK/$label/generated-crates"); do touch_list="$touch_list $ws/$c/src/lib.rs"; done
        add "$m" check "$ws" "cargo check -p slack-api$feats" slack-api "$touch_list"
      else
        add "$m" build "$WORK/$label/tiny-$shape" "cargo build" slack-api
      fi
      ;;
    morphism|webapi)
      [ "$shape" = one ] && continue
      crate=slack-morphism; [ "$label" = webapi ] && crate=slack-web-api
      if [ "$kind" = check ]; then
        add "$m" check "$WORK/$label/tiny-all" "cargo check -p $crate" "$crate" "$WORK/$label/crate/src/lib.rs"
      else
        add "$m" build "$WORK/$label/tiny-all" "cargo build" "$crate"
      fi
      ;;
  esac
done
[ "${#MEASURES[@]}" -gt 0 ] || die "no measurement left (--only $ONLY, and the crates prepared)"
log "measurements: ${MEASURES[*]}"

[ "$PREPARE_ONLY" = 1 ] || check_dependencies

# A check that did not re-check the crate (the touch missed) measures nothing.
rechecked() { # measure log
  grep -q "Checking ${CRATE[$1]} v" "$2" || die "$1: ${CRATE[$1]} was not re-checked after the touch (log: $2)"
}

measure() {
  local m=$1 round=$2
  if [ "${KIND[$m]}" = check ]; then
    # shellcheck disable=SC2086
    touch ${TOUCH[$m]}
    timed_run "$m" "$round" rechecked
  else
    rm -rf "$WORK/target-$m"
    timed_run "$m" "$round"
  fi
}

run_rounds
log "load: $(uptime)"
rm -rf "$WORK"/target-build-*

# ---- report ----
size() { # label column(2 revision, 3 methods, 4 lines, 5 per method, 6 how)
  awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$SIZES"
}
group() { sed -E ':a; s/([0-9])([0-9]{3})($|[^0-9])/\1,\2\3/; ta' <<<"$1"; } # 1234567 → 1,234,567
has() { [ -d "$WORK/$1" ]; }

cell() { # measure → "wall s [cpu s]", "n/a", or ""
  local m=$1 label shape w
  IFS=- read -r _ label shape <<<"$m"
  has "$label" || { echo ""; return; }
  if [ "$shape" = one ]; then
    case "$label" in
      morphism|webapi) echo "n/a (no family features)"; return ;;
      *) [ "$(cat "$WORK/$label/families")" = 0 ] && { echo "n/a (no family features)"; return; } ;;
    esac
  fi
  w=$(median "$m" wall)
  if [ -n "$w" ]; then echo "$w s [$(median "$m" cpu) s]"; else echo ""; fi
}
row() { # title cells...
  local t=$1; shift
  printf '| %s |' "$t"
  for c in "$@"; do printf ' %s |' "$c"; done
  echo
}
ratio_line() { # title measure-a measure-b
  local rw rc
  rw=$(ratio "$(median "$2" wall)" "$(median "$3" wall)")
  rc=$(ratio "$(median "$2" cpu)" "$(median "$3" cpu)")
  [ "$rw" = - ] && [ "$rc" = - ] && return 0
  printf -- '- %s: %s [%s]\n' "$1" "$rw" "$rc"
}
col() { # label column → a cell of the sizes (numbers grouped)
  if ! has "$1"; then echo ""; elif [ "$2" = 2 ]; then size "$1" 2; else group "$(size "$1" "$2")"; fi
}

{
  echo "# slack-api build time beside its peers"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(rustc --version), $(nproc) cores; real spec, no scaling;"
  echo "$RUNS run(s) of each measurement, interleaved, CARGO_INCREMENTAL=0, each in an empty target dir;"
  echo "wall = median of the runs, CPU (user+sys) in brackets.${ONLY:+ Only: $ONLY.}"
  echo
  row "" "before (slack-api)" "after (slack-api)" "slack-morphism" "slack-web-api"
  row "---" "---" "---" "---" "---"
  row "revision / version" "$(col before 2)" "$(col after 2)" "$(col morphism 2)" "$(col webapi 2)"
  row "methods" "$(col before 3)" "$(col after 3)" "$(has morphism && echo "~$(size morphism 3) (hand-written)")" "$(col webapi 3)"
  row "lines (slack-api: generated code; peers: all of src/ as downloaded)" \
    "$(col before 4)" "$(col after 4)" "$(col morphism 4)" "$(col webapi 4)"
  row "lines per method" "$(col before 5)" "$(col after 5)" "$(col morphism 5)" "$(col webapi 5)"
  row "\`cargo check\`, crate alone, all families" \
    "$(cell check-before-all)" "$(cell check-after-all)" "$(cell check-morphism-all)" "$(cell check-webapi-all)"
  row "\`cargo check\`, crate alone, one family ($ONE_FAMILY)" \
    "$(cell check-before-one)" "$(cell check-after-one)" "$(cell check-morphism-one)" "$(cell check-webapi-one)"
  row "tiny binary, clean debug build, all families" \
    "$(cell build-before-all)" "$(cell build-after-all)" "$(cell build-morphism-all)" "$(cell build-webapi-all)"
  row "tiny binary, clean debug build, one family ($ONE_FAMILY)" \
    "$(cell build-before-one)" "$(cell build-after-one)" "$(cell build-morphism-one)" "$(cell build-webapi-one)"
  echo
  echo "Ratios, wall medians [CPU]:"
  echo
  [ "$RUNS" = 0 ] && echo "- none: nothing was timed"
  for kind in check build; do
    k="check, crate alone"; [ "$kind" = build ] && k="tiny build"
    ratio_line "$k, after / before, all families" "$kind-after-all" "$kind-before-all"
    ratio_line "$k, after / before, one family" "$kind-after-one" "$kind-before-one"
    ratio_line "$k, after / slack-morphism" "$kind-after-all" "$kind-morphism-all"
    ratio_line "$k, after / slack-web-api" "$kind-after-all" "$kind-webapi-all"
    ratio_line "$k, after one family / slack-morphism" "$kind-after-one" "$kind-morphism-all"
    ratio_line "$k, after one family / slack-web-api" "$kind-after-one" "$kind-webapi-all"
    ratio_line "$k, after, one family / all" "$kind-after-one" "$kind-after-all"
  done
  echo
  echo "Notes:"
  echo
  for label in before after; do
    has "$label" && echo "- $label $(size "$label" 2): lines counted in $(size "$label" 6)"
  done
  has morphism && echo "- slack-morphism $(size morphism 2): \`hyper\` feature; methods counted as $(size morphism 7); no per-family features"
  has webapi && echo "- slack-web-api $(size webapi 2): no cargo features at all (reqwest 0.13 + rustls always); methods counted as $(size webapi 7)"
  echo "- the peers are unpacked from their .crate files and used as path dependencies, like slack-api;"
  echo "  slack-api's tiny binaries use its workspace's Cargo.lock, the peers' the newest compatible dependencies"
  echo
  echo "Every run (wall s):"
  echo
  for m in "${MEASURES[@]}"; do printf -- '- %s: %s\n' "$m" "$(runs_of "$m")"; done
  echo "- load average (1 min) before each run: $(awk -F'\t' 'NR > 1 { printf "%s ", $6 }' "$RESULTS")"
  echo
  echo "Raw results: $RESULTS; sizes: $SIZES; logs: $WORK/logs/"
} | tee "$REPORT"
