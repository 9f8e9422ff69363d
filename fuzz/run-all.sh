#!/usr/bin/env bash
# Runs every fuzz target under libFuzzer, one after the other, for SECONDS each (default
# 600), and prints one Markdown row per target for docs/fuzzing.md. Stable toolchain, no
# sanitizer (see docs/fuzzing.md for why and for the AddressSanitizer variant).
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
#
# Logs go to fuzz/logs/<target>.log, new corpus entries to fuzz/corpus/<target>/ (ignored
# by git: only seed-* files are committed), crashes to fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(manifest contract schema_diff markdown sql surface_rust surface_ts surface_python cli_flags)
fi
# The surface targets write each input as a package on disk: a tmpfs keeps that cheap.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
mkdir -p logs
cargo fuzz build -s none
echo "| target | time | executions | exec/s | corpus (files) | peak RSS | crashes |"
echo "|---|---|---|---|---|---|---|"
for t in "${targets[@]}"; do
    start=$(date +%s)
    nice -n 19 cargo fuzz run -s none "$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"logs/$t.log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    stat() { grep -m1 "^stat::$1:" "logs/$t.log" | awk '{print $2}'; }
    crashes=$(find "artifacts/$t" -type f 2>/dev/null | wc -l)
    corpus=$(find "corpus/$t" -type f | wc -l)
    echo "| $t | ${elapsed} s | $(stat number_of_executed_units) | $(stat average_exec_per_sec) | $corpus | $(stat peak_rss_mb) MB | $crashes (exit $rc) |"
done
