#!/usr/bin/env bash
# Side-by-side benchmark: `accord check` vs check-jsonschema (PyPI) on the same JSON files,
# and accord's peak memory at N and N/10 artifacts (it must not grow with the file count).
#
#   bench/conformance.sh [N]        # N artifacts in all (default 100000), half of them JSON
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v check-jsonschema >/dev/null || python3 -m pip install --quiet check-jsonschema
cargo build --release --quiet -p accord-cli
ACCORD=$PWD/target/release/accord

peak_rss() { # prints "seconds peak_kib" for a command whose output is discarded
  local start end
  start=$(date +%s.%N)
  # accord exits 1 when it finds violations (the generated data has some): not an error here.
  /usr/bin/time -o "$WORK/time.txt" -f '%M' "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$(echo "scale=3; ($end - $start) / 1" | bc) $(tail -n1 "$WORK/time.txt")"
}

python3 bench/gen_artifacts.py "$WORK/big" "$N"
python3 bench/gen_artifacts.py "$WORK/small" "$((N / 10))"
JSON_FILES=$(find "$WORK/big/data/json" -name '*.json' | wc -l)

# Warm the page cache for both tools alike.
find "$WORK/big/data" -type f -print0 | xargs -0 cat >/dev/null

read -r acc_json_s acc_json_kib < <(peak_rss "$ACCORD" --manifest "$WORK/big/accord-json.toml" check --format json)
start=$(date +%s.%N)
(cd "$WORK/big" && find data/json -name '*.json' -print0 \
  | xargs -0 -n 20000 check-jsonschema --schemafile schema.json >/dev/null 2>&1 || true)
end=$(date +%s.%N)
cjs_s=$(echo "$end - $start" | bc)

read -r acc_all_s acc_all_kib < <(peak_rss "$ACCORD" --manifest "$WORK/big/accord.toml" check --format json)
read -r acc_small_s acc_small_kib < <(peak_rss "$ACCORD" --manifest "$WORK/small/accord.toml" check --format json)

echo
echo "machine: $(nproc) cores; $(date -u +%F)"
printf '%-58s %10s %12s\n' "run" "seconds" "peak RSS MiB"
printf '%-58s %10s %12s\n' "accord check, $JSON_FILES JSON files (1 schema)" "$acc_json_s" "$((acc_json_kib / 1024))"
printf '%-58s %10s %12s\n' "check-jsonschema, same $JSON_FILES JSON files" "$cjs_s" "-"
printf '%-58s %10s %12s\n' "accord check, all $N artifacts (JSON+YAML+Markdown)" "$acc_all_s" "$((acc_all_kib / 1024))"
printf '%-58s %10s %12s\n' "accord check, $((N / 10)) artifacts" "$acc_small_s" "$((acc_small_kib / 1024))"
echo
echo "speed-up over check-jsonschema on the same JSON files: $(echo "scale=1; $cjs_s / $acc_json_s" | bc)x"
