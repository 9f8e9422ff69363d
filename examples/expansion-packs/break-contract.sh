#!/usr/bin/env bash
# The breaking change of the demo, applied to a git copy of this example (the current
# directory): MMOS drops the required section "Communication Style" from its contract with
# CreatorOS and calls it a MINOR release (1.1.0). Used by demo.sh and scripts/html-test.sh.
set -euo pipefail
contract=docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml
python3 - "$contract" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r'\n      - name: "Communication Style"\n(        .*\n)*', "\n", text, count=1)
text = text.replace('version: "1.0.0"', 'version: "1.1.0"', 1)
open(path, "w", encoding="utf-8").write(text)
PY
git mv "$contract" docs/expansion-packs/contracts/mmos-creator-os-v1.1.0.yaml
