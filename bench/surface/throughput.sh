#!/usr/bin/env bash
# Extraction throughput vs the bare parser (syn / tree-sitter) on the same files, one core and
# all cores. Run after rust.sh, python.sh and ts.sh (it reuses the packages they fetched), or
# give directories: throughput.sh LANG DIR PARSE_DIR ...
source "$(dirname "$0")/common.sh"
bin=$repo/target/release/examples/throughput
[ -x "$bin" ] || (cd "$repo" && cargo build --release --quiet -p accord-surface --example throughput)
run() {
  echo "-- RAYON_NUM_THREADS=1"; RAYON_NUM_THREADS=1 "$bin" "$2" "$1" "$3" "${ITER:-5}"
  echo "-- all cores";          "$bin" "$2" "$1" "$3" "${ITER:-5}"
}
if [ $# -ge 3 ]; then
  while [ $# -ge 3 ]; do run "$1" "$2" "$3"; shift 3; done
  exit 0
fi
for d in "$work"/serde_json-* "$work"/syn-*; do [ -d "$d" ] && run rust "$d" "$d/src"; done
for d in "$work"/py-*/*/; do
  d=${d%/}; pkgdir=$(dirname "$(find "$d" -name __init__.py -not -path '*/tests/*' | awk '{ print length, $0 }' | sort -n | head -1 | cut -d' ' -f2-)")
  run python "$d" "$pkgdir"
done
for d in "$work"/npm-*/package; do [ -d "$d" ] && run typescript "$d" "$d"; done
