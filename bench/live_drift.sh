#!/usr/bin/env bash
# False drift of `accord migrate verify --live` on real projects' migration histories (issue 12).
#
#   bench/live_drift.sh        (PostgreSQL halves need ACCORD_TEST_PG_URL: run via scripts/pg.sh)
#
# Each project below is read from a git checkout at the pinned commit (LIVE_DRIFT_SRC_<NAME>,
# default /work/.mirror/<owner>+<name>/repo, else cloned into $TMPDIR — never committed). Its
# migrations are renamed to Accord's scheme by bench/live_drift/prepare.py, text untouched,
# applied with `accord migrate apply` to a fresh SQLite file or PostgreSQL database, then
# `accord migrate verify --live --format json` runs. Nobody touched the database by hand, so
# every finding is a false positive of the replayed schema model; the script lists them.
#
# With STEPWISE=1 the migrations are applied one file at a time (`apply --target VERSION`)
# and `verify --live` runs after each, so every intermediate schema is compared too (the
# column "checks" counts the comparisons, "false-drift" the findings over all of them).
#
# Environment: ACCORD (binary, default target/debug/accord, built when missing), STEPWISE.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
accord=${ACCORD:-$repo/target/debug/accord}
if [ ! -x "$accord" ]; then
  (cd "$repo" && nice -n 10 cargo build --quiet -p accord-cli)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name | github owner/repo | commit | migrations dir | layout | dialect
projects=(
  "atuin-client|atuinsh/atuin|824c8716d82bed774ee6a83c683087ae77715814|crates/atuin-client/migrations|sqlx|sqlite"
  "atuin-server-sqlite|atuinsh/atuin|824c8716d82bed774ee6a83c683087ae77715814|crates/atuin-server-sqlite/migrations|sqlx|sqlite"
  "atuin-server-postgres|atuinsh/atuin|824c8716d82bed774ee6a83c683087ae77715814|crates/atuin-server-postgres/migrations|sqlx|postgres"
  "vaultwarden-sqlite|dani-garcia/vaultwarden|46d71107f5094460dd5ecbe1dbac6e6c71e5189a|migrations/sqlite|diesel|sqlite"
  "vaultwarden-postgresql|dani-garcia/vaultwarden|46d71107f5094460dd5ecbe1dbac6e6c71e5189a|migrations/postgresql|diesel|postgres"
  "crates.io|rust-lang/crates.io|57fa000662f511321daa61e6769f190ea0e80771|migrations|diesel|postgres"
)

source_of() {
  local gh=$1 var
  var="LIVE_DRIFT_SRC_$(echo "${gh#*/}" | tr 'a-z.-' 'A-Z__')"
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  local mirror="/work/.mirror/${gh/\//+}/repo"
  if [ -d "$mirror" ]; then echo "$mirror"; return; fi
  local dest="$work/src/${gh/\//+}"
  [ -d "$dest" ] || git clone -q --bare "https://github.com/$gh" "$dest"
  echo "$dest"
}

pg_base=${ACCORD_TEST_PG_URL:-}
psql=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql
[ -x "$psql" ] || psql=psql
printf '%-24s %-9s %10s %8s %7s %13s\n' project dialect migrations applied checks false-drift
total=0
for p in "${projects[@]}"; do
  IFS='|' read -r name gh commit dir layout dialect <<<"$p"
  out="$work/$name"
  python3 "$repo/bench/live_drift/prepare.py" "$(source_of "$gh")" "$commit" "$dir" "$layout" \
    "$dialect" "$out" >/dev/null 2>"$work/$name.prepare.log"
  url=()
  if [ "$dialect" = postgres ]; then
    if [ -z "$pg_base" ]; then
      printf '%-24s %-9s  SKIPPED: ACCORD_TEST_PG_URL is not set (run through scripts/pg.sh)\n' "$name" "$dialect"
      continue
    fi
    db="drift_$(echo "$name" | tr -c 'a-z0-9\n' '_')"
    PGOPTIONS=--client-min-messages=warning "$psql" -q "$pg_base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    url=(--database-url "${pg_base%/*}/$db")
  fi
  if [ "${STEPWISE:-0}" = 1 ]; then
    targets=$(ls "$out/db/migrations" | cut -c1-15)
  else
    targets=last
  fi
  : >"$work/$name.apply.log"
  checks=0
  : >"$work/$name.all.json"
  for target in $targets; do
    t=()
    [ "$target" = last ] || t=(--target "$target")
    (cd "$out" && "$accord" migrate "${url[@]}" apply "${t[@]}" >>"$work/$name.apply.log" 2>&1) || {
      echo "$name: migrate apply failed:" >&2
      tail -3 "$work/$name.apply.log" >&2
      break
    }
    set +e
    (cd "$out" && "$accord" migrate "${url[@]}" verify --live --format json >"$work/$name.json" 2>"$work/$name.err")
    set -e
    cat "$work/$name.json" >>"$work/$name.all.json"
    echo >>"$work/$name.all.json"
    checks=$((checks + 1))
  done
  n=$(ls "$out/db/migrations" | wc -l)
  applied=$(grep -c '^applied ' "$work/$name.apply.log" || true)
  drift=$(python3 -c '
import json, sys
text, dec, i, total, seen = open(sys.argv[1]).read(), json.JSONDecoder(), 0, 0, []
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    doc, i = dec.raw_decode(text, i)
    for f in doc["findings"]:
        total += 1
        m = f["message"].split(" (database ")[0]
        if m not in seen:
            seen.append(m)
print(total)
for m in seen:
    print("    -", m, file=sys.stderr)' "$work/$name.all.json" 2>"$work/$name.messages")
  total=$((total + drift))
  printf '%-24s %-9s %10s %8s %7s %13s\n' "$name" "$dialect" "$n" "$applied" "$checks" "$drift"
  cat "$work/$name.messages"
done
echo "false drift findings in total: $total"
