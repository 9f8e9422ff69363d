#!/usr/bin/env bash
# `accord check --base` on a synthetic registry: N contracts, N/10 changed between two
# commits, then twice as many, to show the time grows no faster than the registry.
#
#   bench/changes.sh [N]      # default 10000
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet -p accord-cli
ACCORD=$PWD/target/release/accord

run() { # dir → "seconds peak_kib"
  ( cd "$1" && /usr/bin/time -f '%e %M' "$ACCORD" check --base HEAD~1 --format json \
      >/dev/null 2>"$WORK/time.txt" || true; tail -n1 "$WORK/time.txt" )
}

python3 bench/gen_registry.py "$WORK/one" "$N" "$((N / 10))"
python3 bench/gen_registry.py "$WORK/two" "$((N * 2))" "$((N / 5))"
best() { # the fastest of three runs, after one that warms the page cache
  run "$1" >/dev/null
  for _ in 1 2 3; do run "$1"; done | sort -n | head -n1
}
read -r s1 k1 < <(best "$WORK/one")
read -r s2 k2 < <(best "$WORK/two")
echo
echo "machine: $(nproc) cores; $(date -u +%F)"
printf '%-52s %9s %13s\n' "run" "seconds" "peak RSS MiB"
printf '%-52s %9s %13s\n' "check --base: $N contracts, $((N / 10)) changed" "$s1" "$((k1 / 1024))"
printf '%-52s %9s %13s\n' "check --base: $((N * 2)) contracts, $((N / 5)) changed" "$s2" "$((k2 / 1024))"
echo "time ratio for a registry twice as large: $(echo "scale=2; $s2 / $s1" | bc)"
