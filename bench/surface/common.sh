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
