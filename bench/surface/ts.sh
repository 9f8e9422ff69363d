#!/usr/bin/env bash
# TypeScript: `accord diff OLD NEW --lang typescript` vs API Extractor on two npm tarballs
# with .d.ts (API Extractor 7: the registry tags an old 8.0.0 as latest). API Extractor's way of seeing a change is to regenerate the API report
# (`<pkg>.api.md`) and compare it with the committed one, so the pair costs two runs: the old
# report (committed in real life) and the new run that reports the difference.
#
#   bench/surface/ts.sh [PACKAGE OLD NEW ENTRY_D_TS]    (default: ky 1.7.5 1.14.3 distribution/index.d.ts)
source "$(dirname "$0")/common.sh"
pkg=${1:-ky}; old=${2:-1.7.5}; new=${3:-1.14.3}; entry=${4:-distribution/index.d.ts}
need_accord
tools=${API_EXTRACTOR_DIR:-$work/npm-tools}
if [ ! -x "$tools/node_modules/.bin/api-extractor" ]; then
  mkdir -p "$tools" && (cd "$tools" && npm init -y >/dev/null && npm i --silent @microsoft/api-extractor@7 typescript >/dev/null 2>&1)
fi

fetch() { # fetch VERSION -> prints the unpacked package dir
  local v=$1; local d=$work/npm-$pkg-$v
  rm -rf "$d" && mkdir -p "$d"
  (cd "$d" && npm pack --silent "$pkg@$v" >/dev/null 2>&1 && tar xzf ./*.tgz && rm ./*.tgz)
  echo "$d/package"
}
o=$(fetch "$old"); n=$(fetch "$new")
files=$(find "$n" -name '*.d.ts' | wc -l); lines=$(find "$n" -name '*.d.ts' -exec cat {} + | wc -l)
echo "== TypeScript: $pkg $old → $new ($files .d.ts files, $lines lines)"

best_of accord-ts "$accord" diff "$o" "$n" --lang typescript --format json
a=$best
echo "  accord findings: $(grep -o '"rule": *"[a-z-]*"' "$work/accord-ts.out" | sort | uniq -c | sort -rn | tr -s ' ' | paste -sd, -)"

config() { # config PACKAGE_DIR REPORT_DIR
  cat >"$1/api-extractor.json" <<JSON
{
  "\$schema": "https://developer.microsoft.com/json-schemas/api-extractor/v7/api-extractor.schema.json",
  "mainEntryPointFilePath": "<projectFolder>/$entry",
  "apiReport": { "enabled": true, "reportFolder": "$2", "reportTempFolder": "$2/temp" },
  "docModel": { "enabled": false },
  "dtsRollup": { "enabled": false },
  "tsdocMetadata": { "enabled": false },
  "messages": { "extractorMessageReporting": { "default": { "logLevel": "none" } }, "compilerMessageReporting": { "default": { "logLevel": "none" } }, "tsdocMessageReporting": { "default": { "logLevel": "none" } } }
}
JSON
  printf '{ "compilerOptions": { "strict": true, "lib": ["es2022", "dom"], "types": [] } }\n' >"$1/tsconfig.json"
}
reports=$work/api-reports && mkdir -p "$reports"
config "$o" "$reports"; config "$n" "$reports"
ae=$tools/node_modules/.bin/api-extractor
pair() {
  rm -rf "$reports"/*.api.md "$reports/temp"
  (cd "$o" && "$ae" run --local >/dev/null 2>&1) || true   # writes the old report
  (cd "$n" && "$ae" run >/dev/null 2>&1) || true           # compares: fails when the API changed
  diff "$reports"/*.api.md "$reports"/temp/*.api.md
}
best_of api-extractor-pair pair
p=$best
single() { (cd "$n" && "$ae" run --local); }
best_of api-extractor-one-run single
s=$best
echo "  api report diff lines: $(grep -c '^[<>]' "$work/api-extractor-pair.out" || true)"
echo "  ratio api-extractor/accord: pair $(ratio "$p" "$a")×, one run $(ratio "$s" "$a")×"
