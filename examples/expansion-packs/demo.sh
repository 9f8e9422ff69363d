#!/usr/bin/env bash
# Demo: a breaking contract change in a throwaway copy of this example, and the decision
# Accord takes on it. Nothing outside the temp directory is touched.
#
#   examples/expansion-packs/demo.sh [path/to/accord]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
accord=${1:-$here/../../target/release/accord}
if [ ! -x "$accord" ]; then
  (cd "$here/../.." && cargo build --release --quiet -p accord-cli)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/." "$work/"
rm -rf "$work/.accord" "$work/decisions"
cd "$work"
git init -q -b main && git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "baseline"

contract=docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml
echo "== MMOS drops the required section \"Communication Style\" and calls it a MINOR bump (1.1.0)"
python3 - "$contract" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r'\n      - name: "Communication Style"\n(        .*\n)*', "\n", text, count=1)
text = text.replace('version: "1.0.0"', 'version: "1.1.0"', 1)
open(path, "w", encoding="utf-8").write(text)
PY
git mv "$contract" docs/expansion-packs/contracts/mmos-creator-os-v1.1.0.yaml
set +e
"$accord" check --base main --format human --color never
status=$?
set -e
echo "== exit code: $status (1 = DENY)"
if [ "$status" -ne 1 ]; then
  echo "demo.sh: expected DENY (exit code 1), got exit code $status" >&2
  exit 1
fi
