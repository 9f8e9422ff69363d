#!/usr/bin/env bash
# Runs every test of the workspace: unit, integration and CLI tests, then the examples in the
# documentation. Tests that need PostgreSQL get a real, throwaway server from scripts/pg.sh
# (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/pg.sh bash -c 'cargo test --workspace --all-targets --locked --no-fail-fast "$@" && cargo test --workspace --doc --locked' -- "$@"
