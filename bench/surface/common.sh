# Shared helpers of the surface benchmarks (sourced).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
accord=${ACCORD:-$repo/target/release/accord}
runs=${RUNS:-3}
work=${BENCH_WORK:-$(mktemp -d /tmp/accord-bench-surface.XXXXXX)}
mkdir -p "$work"

need_accord() {
  if [ ! -x "$accord" ]; then
    (cd "$repo" && cargo build --release --quiet -p accord-cli)
  fi
}

# best_of LABEL CMD...: runs CMD $runs times (output to $work/LABEL.out), prints the best wall
# time in seconds and stores it in $best. Exit codes are not judged: both tools exit non-zero
# when they find a breaking change.
best_of() {
  local label=$1; shift
  best=
  for _ in $(seq "$runs"); do
    local t0 t1 s
    t0=$(date +%s%N)
    "$@" >"$work/$label.out" 2>&1 || true
    t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    if [ -z "$best" ] || awk -v x="$s" -v y="$best" 'BEGIN { exit !(x < y) }'; then best=$s; fi
  done
  printf '  %-28s %8.3f s  (best of %s; output %s)\n' "$label" "$best" "$runs" "$work/$label.out"
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'
}

# time_of CMD...: runs CMD once (output to $work/$label.out, exit code not judged) and sets
# $secs to its wall time in seconds.
time_of() {
  local label=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$work/$label.out" 2>&1 || true
  t1=$(date +%s%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

# median X...: the median of the numbers given.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# interleaved A_LABEL A_FN B_LABEL B_FN: runs the functions A_FN and B_FN alternately $runs
# times, so load on a shared machine hits both alike. Prints each median and the median of
# the per-round ratios B/A (more robust to load drifting during the run than a ratio of
# medians), and stores them in $med_a, $med_b, $med_ratio.
interleaved() {
  local la=$1 fa=$2 lb=$3 fb=$4 ta=() tb=() rs=()
  for _ in $(seq "$runs"); do
    time_of "$la" "$fa"; ta+=("$secs")
    time_of "$lb" "$fb"; tb+=("$secs")
    rs+=("$(ratio "${tb[-1]}" "${ta[-1]}")")
  done
  med_a=$(median "${ta[@]}"); med_b=$(median "${tb[@]}"); med_ratio=$(median "${rs[@]}")
  printf '  %-28s %8.3f s  (median of %s: %s)\n' "$la" "$med_a" "$runs" "${ta[*]}"
  printf '  %-28s %8.3f s  (median of %s: %s)\n' "$lb" "$med_b" "$runs" "${tb[*]}"
  printf '  ratio %s/%s: %s× (median of per-round ratios: %s)\n' "$lb" "$la" "$med_ratio" "${rs[*]}"
}
