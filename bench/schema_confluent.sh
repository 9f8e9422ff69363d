#!/usr/bin/env bash
# Agreement of `accord diff` (BACKWARD, strict and lenient content models) with the labelled
# JSON Schema compatibility cases of Confluent Schema Registry's own test suite
# (json-schema-provider/src/test/resources/diff*-schema-examples*.json: draft-07 and 2020-12,
# single and combined schemas). The cases are read from a clone of confluentinc/schema-registry
# at the locked commit, copied to a temporary directory and never committed.
#
#   bench/schema_confluent.sh GIT_DIR_OF_SCHEMA_REGISTRY [--list]
set -euo pipefail
cd "$(dirname "$0")/.."
COMMIT=794611bd86d1ce0422581269e2b13a2ab010c7fb   # confluentinc/schema-registry master, 2026
GIT_DIR=${1:?give the git directory of a confluentinc/schema-registry clone}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in diff-schema-examples.json diff-schema-examples-2020-12.json \
         diff-combined-schema-examples.json diff-combined-schema-examples-2020-12.json; do
  git --git-dir="$GIT_DIR" show "$COMMIT:json-schema-provider/src/test/resources/$f" >"$WORK/$f"
done
cargo build --release --quiet -p accord-cli
python3 bench/accuracy/schema_confluent.py "$PWD/target/release/accord" "$WORK" "${2:-}"
