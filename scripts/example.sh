#!/usr/bin/env bash
# The main job on the bundled example: apply its migrations to the embedded SQLite database
# (examples/expansion-packs/.accord/accord.db), then check the whole repository.
set -euo pipefail
cd "$(dirname "$0")/.."
# After `cargo install --locked --path crates/cli` this reuses that build (same target/); a
# first build takes minutes on a small machine, so cargo's progress is shown, not hidden.
echo "building accord (release; the first build takes a few minutes)…" >&2
cargo build --release --locked -p accord-cli
accord=target/release/accord
manifest=examples/expansion-packs/accord.toml
echo "\$ accord migrate apply"
"$accord" --manifest "$manifest" migrate apply
echo
echo "\$ accord check examples/expansion-packs"
exec "$accord" check examples/expansion-packs "$@"
