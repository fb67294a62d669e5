#!/usr/bin/env bash
# Generated lines (issue 12): all generated code (both crates, shared types and dispatch
# included) per method of the spec, and the smallest and largest method file.
#
#   scripts/generated-lines.sh [REPO]     (default: this checkout)
set -euo pipefail
REPO=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$REPO"
dirs=()
for d in slack-api/src/generated slack-model/src/generated; do [ -d "$d" ] && dirs+=("$d"); done
total=$(find "${dirs[@]}" -name '*.rs' -print0 | xargs -0 cat | wc -l)
methods=$(find spec/methods -name '*.yaml' | wc -l)
echo "generated lines: $total for $methods methods: $((total / methods)) per method"
find slack-api/src/generated/methods -mindepth 2 -name '*.rs' ! -name mod.rs -print0 \
  | xargs -0 wc -l | grep -v ' total$' | sort -n | sed -n '1s/^/smallest method file: /p;$s/^/largest method file:  /p'
