# Shared by scripts/build-time.sh and scripts/build-time-peers.sh (sourced, not run): logging,
# the timed run of one measurement, the interleaved rounds, and the statistics of the
# results. The sourcing script sets WORK, RESULTS, RUNS and the measurement tables
# MEASURES, KIND, DIR and CMD (and defines `measure NAME ROUND`).

TIMEFORMAT='%R %U %S'
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$WORK/progress.log" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a command in a directory, output to a log; fails loudly with the log's tail.
run_in() {
  local dir=$1 logf=$2
  shift 2
  if ! (cd "$dir" && "$@") >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    die "failed in $dir: $* (log: $logf)"
  fi
}

# `check` measurements: dependencies (and the crate) first, untimed, in the measurement's
# own target dir.
check_dependencies() {
  local m
  for m in "${MEASURES[@]}"; do
    if [ "${KIND[$m]}" = check ]; then
      log "$m: checking the dependencies (not timed)"
      CARGO_TARGET_DIR=$WORK/target-$m run_in "${DIR[$m]}" "$WORK/logs/$m-deps.log" ${CMD[$m]}
    fi
  done
}

# Times one run of measurement NAME (round ROUND) in its own target dir, output to
# WORK/logs/NAME-runROUND.log; VERIFY, if given, is called with the name and the log and
# fails the whole benchmark when the run measured nothing. Appends
# `name round wall user sys load` to RESULTS.
timed_run() {
  local m=$1 round=$2 verify=${3:-} t load real user sys
  local logf=$WORK/logs/$m-run$round.log
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  t=$( { time (cd "${DIR[$m]}" && CARGO_TARGET_DIR=$WORK/target-$m ${CMD[$m]} >"$logf" 2>&1) ; } 2>&1 ) \
    || { tail -n 40 "$logf" >&2; die "$m failed (log: $logf)"; }
  read -r real user sys <<<"$t"
  [ -z "$verify" ] || "$verify" "$m" "$logf"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$round" "$real" "$user" "$sys" "$load" >>"$RESULTS"
  log "$m run $round: ${real}s wall, ${user}s user, ${sys}s sys (load before: $load)"
}

# RUNS rounds of every measurement. Round r starts one measurement later than round r-1: a
# measurement's runs are spread over the whole session, never back to back.
run_rounds() {
  local round k m order
  for round in $(seq 1 "$RUNS"); do
    order=()
    for ((k = 0; k < ${#MEASURES[@]}; k++)); do
      order+=("${MEASURES[$(((k + round - 1) % ${#MEASURES[@]}))]}")
    done
    for m in "${order[@]}"; do measure "$m" "$round"; done
  done
}

# The rows of RESULTS (a header row, whose round is not a number, is skipped).
median() { # measure wall|cpu → median, or empty
  awk -F'\t' -v m="$1" -v c="$2" '$2 ~ /^[0-9]+$/ && $1 == m { v[n++] = (c == "cpu") ? $4 + $5 : $3 }
    END { if (!n) { print ""; exit }
          for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
          printf "%.1f\n", (n % 2) ? v[int(n/2)] : (v[n/2-1] + v[n/2]) / 2 }' "$RESULTS"
}
runs_of() { awk -F'\t' -v m="$1" '$2 ~ /^[0-9]+$/ && $1 == m { s = s sep sprintf("%.1f", $3); sep = " / " } END { print s }' "$RESULTS"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo "-"; }
