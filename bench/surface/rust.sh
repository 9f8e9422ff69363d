#!/usr/bin/env bash
# Rust: `accord diff OLD NEW --lang rust` vs `cargo semver-checks` on two published versions
# of a crate, fetched with cargo into a temp project (no crate is built by accord; semver-checks
# builds rustdoc JSON of both versions, running their build scripts).
#
#   bench/surface/rust.sh [CRATE OLD_VERSION NEW_VERSION]      (default: serde_json 1.0.151 1.0.154)
#
# Each tool runs RUNS times (default 3) alternately with the other; medians are printed.
source "$(dirname "$0")/common.sh"
crate=${1:-serde_json}; old=${2:-1.0.151}; new=${3:-1.0.154}
need_accord

fetch() { # fetch VERSION -> prints the unpacked source dir (a private copy)
  local v=$1; local p=$work/fetch-$crate-$v
  mkdir -p "$p/src" && touch "$p/src/lib.rs"
  printf '[package]\nname = "fetch-%s"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = "=%s"\n[workspace]\n' \
    "${v//./_}" "$crate" "$v" >"$p/Cargo.toml"
  (cd "$p" && cargo fetch --quiet) >&2
  local src
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$v" | head -1)
  [ -n "$src" ] || { echo "fetch of $crate $v failed" >&2; exit 1; }
  rm -rf "$work/$crate-$v" && cp -r "$src" "$work/$crate-$v"
  # A standalone package, not a member of whatever workspace sits above $work.
  grep -q '^\[workspace\]' "$work/$crate-$v/Cargo.toml" || printf '\n[workspace]\n' >>"$work/$crate-$v/Cargo.toml"
  echo "$work/$crate-$v"
}
o=$(fetch "$old"); n=$(fetch "$new")
files=$(find "$n/src" -name '*.rs' | wc -l); lines=$(find "$n/src" -name '*.rs' -exec cat {} + | wc -l)
echo "== Rust: $crate $old → $new ($files files, $lines lines in src/ of $new)"

run_accord() { "$accord" diff "$o" "$n" --lang rust --format json; }
if command -v cargo-semver-checks >/dev/null; then
  # Cold: both rustdoc JSON builds from scratch (what CI pays on a fresh runner), run
  # alternately with Accord so the shared machine's load falls on both.
  cold() { rm -rf "$o/target" "$n/target" "$work/csc-target"; cargo semver-checks --baseline-root "$o" --manifest-path "$n/Cargo.toml"; }
  interleaved accord-rust run_accord semver-checks-cold cold
  echo "  accord findings: $(grep -o '"rule": *"[a-z-]*"' "$work/accord-rust.out" | sort | uniq -c | sort -rn | tr -s ' ' | paste -sd, -)"
  grep -E '^(\s*)(Summary|--- failure|FAIL|PASS)' "$work/semver-checks-cold.out" | head -20 || true
  # Warm: rustdoc caches of both versions kept (second run on the same machine).
  warm() { cargo semver-checks --baseline-root "$o" --manifest-path "$n/Cargo.toml"; }
  warm >/dev/null 2>&1 || true
  interleaved accord-rust run_accord semver-checks-warm warm
else
  best_of accord-rust run_accord
  echo "  cargo-semver-checks not installed (cargo install cargo-semver-checks --locked)"
fi
