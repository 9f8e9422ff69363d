#!/usr/bin/env bash
# The main job on the bundled example: apply its migrations to the embedded SQLite database
# (examples/expansion-packs/.accord/accord.db), then check the whole repository.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p accord-cli
accord=target/release/accord
manifest=examples/expansion-packs/accord.toml
echo "\$ accord migrate apply"
"$accord" --manifest "$manifest" migrate apply
echo
echo "\$ accord check examples/expansion-packs"
exec "$accord" check examples/expansion-packs "$@"
