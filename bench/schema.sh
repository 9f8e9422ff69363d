#!/usr/bin/env bash
# `accord diff OLD.json NEW.json` on one large JSON Schema (N object definitions, each with
# properties, enums, bounds, patterns, a pattern-property and a tuple), the new version
# changing every tenth definition. Optionally against a baseline binary, interleaved.
#
#   bench/schema.sh [N] [BASELINE_ACCORD]      # default N = 300 (under the 10 000-step cap)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
BASE=${2:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet -p accord-cli
ACCORD=$PWD/target/release/accord

python3 - "$WORK" "$N" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
def schema(changed):
    defs = {}
    for i in range(n):
        c = changed and i % 10 == 0
        defs[f"d{i}"] = {
            "type": "object",
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "score": {"type": "integer", "minimum": 0, "maximum": 100 if not c else 90},
                "status": {"enum": ["draft", "live", "archived"] + (["gone"] if c else [])},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}]},
                "next": {"$ref": "#/$defs/leaf"},
            },
            "patternProperties": {"^x_": {"type": "string"}},
            "required": ["id"] + (["score"] if c else []),
            "additionalProperties": False,
        }
    defs["leaf"] = {"type": "object", "properties": {"v": {"type": "string"}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs,
            "type": "object", "properties": {f"p{i}": {"$ref": f"#/$defs/d{i}"} for i in range(n)}}
for name, changed in (("old", False), ("new", True)):
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(schema(changed), f)
PY

run() { # binary → "seconds peak_kib"
  /usr/bin/time -f '%e %M' "$1" diff "$WORK/old.json" "$WORK/new.json" --compatibility FULL \
    --format json >/dev/null 2>"$WORK/time.txt" || true
  tail -n1 "$WORK/time.txt"
}
best() { sort -n | head -n1; }
"$ACCORD" diff "$WORK/old.json" "$WORK/new.json" --compatibility FULL --format json \
  | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); fs=d if isinstance(d,list) else d.get("findings",[]); print("findings:", dict(collections.Counter(f["rule"] for f in fs)))' || true
for _ in 1 2 3 4 5; do
  run "$ACCORD" >>"$WORK/new.txt"
  [ -n "$BASE" ] && run "$BASE" >>"$WORK/base.txt"
done
echo "machine: $(nproc) cores; $(date -u +%F); schema: $N definitions, $(du -h "$WORK/old.json" | cut -f1)"
printf '%-40s %9s %13s\n' "run (best of 5, interleaved)" "seconds" "peak RSS MiB"
read -r s k < <(best <"$WORK/new.txt")
printf '%-40s %9s %13s\n' "accord diff (this tree)" "$s" "$((k / 1024))"
if [ -n "$BASE" ]; then
  read -r bs bk < <(best <"$WORK/base.txt")
  printf '%-40s %9s %13s\n' "accord diff (baseline)" "$bs" "$((bk / 1024))"
fi
# Instruction counts do not depend on the load of a shared machine.
if command -v valgrind >/dev/null; then
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$1" diff "$WORK/old.json" \
      "$WORK/new.json" --compatibility FULL --format json >/dev/null 2>"$WORK/cg.txt" || true
    grep -o 'Collected : [0-9]*' "$WORK/cg.txt" | grep -o '[0-9]*$'
  }
  echo "instructions (callgrind), this tree: $(ir "$ACCORD")"
  [ -n "$BASE" ] && echo "instructions (callgrind), baseline:  $(ir "$BASE")"
fi
