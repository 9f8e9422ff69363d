#!/usr/bin/env bash
# Accuracy of Accord's code verdicts on real published package versions (issue 10).
#
#   bench/accuracy.sh [rust ts python sql ...]    (default: every language with a corpus)
#
# For each language, tests/corpus/<lang>/versions.lock lists pairs of published versions and
# tests/corpus/<lang>/expected/ holds the hand-reviewed verdict of each pair. Sources are fetched
# with the language's own package client into a cache directory (never committed), then
# `accord diff OLD NEW --format json` runs on each pair and on each version against itself.
# Printed per language: precision and recall of BREAKING (per finding: rule + item), agreement
# of the required bump, and the self-diff invariant (every version against itself: 0 findings).
#
# Environment: ACCORD (binary, default target/release/accord, built when missing),
# ACCORD_CORPUS_CACHE (fetched sources, default $TMPDIR/accord-corpus), KEEP=1 keeps outputs.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
accord=${ACCORD:-$repo/target/release/accord}
cache=${ACCORD_CORPUS_CACHE:-${TMPDIR:-/tmp}/accord-corpus}
mkdir -p "$cache"
if [ ! -x "$accord" ]; then
  (cd "$repo" && nice -n 10 cargo build --release --quiet -p accord-cli)
fi

# --- Rust: crates fetched by cargo -------------------------------------------------------
# rust_fetch CRATE VERSION: prints a private copy of the published source of CRATE VERSION.
rust_fetch() {
  local crate=$1 v=$2 dest="$cache/rust/$1-$2"
  if [ -f "$dest/Cargo.toml" ]; then echo "$dest"; return; fi
  local p="$cache/rust/.fetch-$crate-$v"
  mkdir -p "$p/src" && touch "$p/src/lib.rs"
  # A throwaway package pinning exactly this version; `[workspace]` keeps it standalone.
  printf '[package]\nname = "corpus-fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = { version = "=%s", default-features = false }\n[workspace]\n' \
    "$crate" "$v" >"$p/Cargo.toml"
  (cd "$p" && cargo fetch --quiet) >&2 || { echo "cargo fetch of $crate $v failed" >&2; return 1; }
  local src
  # Versions with build metadata unpack as `name-1.1.1+spec-1.1.0`.
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$v" "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$v+"* 2>/dev/null | head -1)
  [ -n "$src" ] || { echo "fetch of $crate $v left no source" >&2; return 1; }
  rm -rf "$dest" && cp -r "$src" "$dest" && rm -rf "$p"
  grep -q '^\[workspace\]' "$dest/Cargo.toml" || printf '\n[workspace]\n' >>"$dest/Cargo.toml"
  echo "$dest"
}

rust_corpus() {
  local dir="$repo/tests/corpus/rust" out="$cache/rust/out"
  mkdir -p "$out"
  local crate old new range shape o n
  while read -r crate old new range shape; do
    case "$crate" in ''|'#'*) continue ;; esac
    o=$(rust_fetch "$crate" "$old") && n=$(rust_fetch "$crate" "$new") || {
      echo "$crate $old $new: fetch failed" >"$out/$crate-$old-$new.error"; continue; }
    "$accord" diff "$o" "$n" --lang rust --format json >"$out/$crate-$old-$new.json" 2>"$out/$crate-$old-$new.err" || true
    "$accord" diff "$o" "$o" --lang rust --format json >"$out/self-$crate-$old.json" 2>/dev/null || true
    "$accord" diff "$n" "$n" --lang rust --format json >"$out/self-$crate-$new.json" 2>/dev/null || true
  done <"$dir/versions.lock"
  python3 "$repo/bench/accuracy/score.py" rust "$dir" "$out"
}

# --- SQL: labelled migrations, linted as they are (nothing to fetch) ---------------------
sql_corpus() {
  mkdir -p "$cache/sql"
  python3 "$repo/bench/accuracy/score_sql.py" "$accord" "$repo/tests/corpus/sql" "$cache/sql"
}

# --- TypeScript: npm tarballs fetched by `npm pack` -------------------------------------
# ts_fetch NAME VERSION: prints the unpacked published package NAME@VERSION.
ts_fetch() {
  local dest="$cache/ts/${1//\//+}-$2"
  if [ -f "$dest/package.json" ]; then echo "$dest"; return; fi
  local p="$cache/ts/.fetch-${1//\//+}-$2"
  mkdir -p "$p"
  (cd "$p" && npm pack --silent "$1@$2" >/dev/null 2>&1) || { echo "npm pack $1@$2 failed" >&2; return 1; }
  # The tarball's top folder is `package/` (a few publishers use another name).
  tar -xzf "$p"/*.tgz -C "$p" && rm -rf "$dest" && mv "$(dirname "$(ls -d "$p"/*/package.json | head -1)")" "$dest" && rm -rf "$p"
  echo "$dest"
}

ts_corpus() {
  local dir="$repo/tests/corpus/ts" out="$cache/ts/out"
  mkdir -p "$out"
  local name old new range shape o n key
  while read -r name old new range shape; do
    case "$name" in ''|'#'*) continue ;; esac
    key="$name-$old-$new"
    o=$(ts_fetch "$name" "$old") && n=$(ts_fetch "$name" "$new") || {
      echo "$key: fetch failed" >"$out/$key.error"; continue; }
    "$accord" diff "$o" "$n" --lang typescript --format json >"$out/$key.json" 2>"$out/$key.err" || true
    "$accord" diff "$o" "$o" --lang typescript --format json >"$out/self-$name-$old.json" 2>/dev/null || true
    "$accord" diff "$n" "$n" --lang typescript --format json >"$out/self-$name-$new.json" 2>/dev/null || true
  done <"$dir/versions.lock"
  python3 "$repo/bench/accuracy/score.py" ts "$dir" "$out"
}

# --- Python: PyPI releases fetched by pip ------------------------------------------------
# python_fetch PACKAGE VERSION: prints a private copy of the published source of PACKAGE
# VERSION: the sdist (its layout and pyproject.toml are what users build from), else the wheel
# with a pyproject.toml naming the distribution.
python_fetch() {
  local pkg=$1 v=$2 dest="$cache/python/$1-$2"
  if [ -f "$dest/.fetched" ]; then echo "$dest"; return; fi
  local dl="$cache/python/.dl-$pkg-$v" f
  rm -rf "$dl" "$dest" && mkdir -p "$dl" "$dest"
  if pip download --quiet --no-deps --no-binary :all: "$pkg==$v" -d "$dl" >&2 2>/dev/null; then
    f=$(ls "$dl"/* | head -1)
    case "$f" in
      *.zip) python3 -m zipfile -e "$f" "$dl/x" && cp -r "$dl"/x/*/. "$dest" ;;
      *) tar -xzf "$f" -C "$dest" --strip-components=1 ;;
    esac
  elif pip download --quiet --no-deps --only-binary :all: "$pkg==$v" -d "$dl" >&2; then
    python3 -m zipfile -e "$(ls "$dl"/*.whl | head -1)" "$dest"
    printf '[project]\nname = "%s"\nversion = "%s"\n' "$pkg" "$v" >"$dest/pyproject.toml"
  else
    echo "pip download of $pkg $v failed" >&2; return 1
  fi
  rm -rf "$dl" && touch "$dest/.fetched" && echo "$dest"
}

python_corpus() {
  local dir="$repo/tests/corpus/python" out="$cache/python/out"
  mkdir -p "$out"
  local pkg old new range shape o n
  while read -r pkg old new range shape; do
    case "$pkg" in ''|'#'*) continue ;; esac
    o=$(python_fetch "$pkg" "$old") && n=$(python_fetch "$pkg" "$new") || {
      echo "$pkg $old $new: fetch failed" >"$out/$pkg-$old-$new.error"; continue; }
    "$accord" diff "$o" "$n" --lang python --format json >"$out/$pkg-$old-$new.json" 2>"$out/$pkg-$old-$new.err" || true
    "$accord" diff "$o" "$o" --lang python --format json >"$out/self-$pkg-$old.json" 2>/dev/null || true
    "$accord" diff "$n" "$n" --lang python --format json >"$out/self-$pkg-$new.json" 2>/dev/null || true
  done <"$dir/versions.lock"
  python3 "$repo/bench/accuracy/score.py" python "$dir" "$out"
}

langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(rust ts python sql)
for lang in "${langs[@]}"; do
  case "$lang" in
    rust) rust_corpus ;;
    ts) ts_corpus ;;
    python) python_corpus ;;
    sql) sql_corpus ;;
    *) echo "no corpus for language '$lang' yet (add tests/corpus/$lang and a ${lang}_corpus function)" >&2; exit 2 ;;
  esac
done
