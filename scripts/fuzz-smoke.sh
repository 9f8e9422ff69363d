#!/usr/bin/env bash
# CI smoke run of the fuzz targets (fuzz/): replays each target's seed corpus and a bounded
# number of mutations through the same functions libFuzzer runs, on the stable toolchain,
# without a sanitizer or libFuzzer build. The real fuzzing sessions are in docs/fuzzing.md.
#
# It shares the workspace's target directory, so after scripts/test.sh only the fuzz crate
# itself is compiled. Bounds per target: FUZZ_SMOKE_RUNS mutations (default 400) or
# FUZZ_SMOKE_SECONDS (default 20), whichever comes first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
exec timeout 600 cargo test --no-default-features -- --test-threads 2 "$@"
