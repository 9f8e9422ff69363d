#!/usr/bin/env bash
# Runs every test: unit, integration and CLI tests of the workspace and the examples in the
# documentation (tests that need PostgreSQL get a real, throwaway server from scripts/pg.sh,
# installed with apt-get when missing), then the HTML report in headless Chromium
# (scripts/html-test.sh, installs chromium and playwright-core when missing) and the fuzz
# targets' smoke run (scripts/fuzz-smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/pg.sh bash -c 'cargo test --workspace --all-targets --locked --no-fail-fast "$@" && cargo test --workspace --doc --locked' -- "$@"
scripts/html-test.sh
scripts/fuzz-smoke.sh
