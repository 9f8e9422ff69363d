"""Scores `accord diff` against Confluent's labelled JSON Schema compatibility cases.

Each case has `original_schema`, `update_schema`, `compatible` (BACKWARD, strict content
model) and optionally `compatible_lenient`. Cases with `*_metadata` test Confluent's reserved
fields (registry metadata, not schema semantics) and are skipped.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

accord, work, flag = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else "")
FILES = [
    "diff-schema-examples.json",
    "diff-schema-examples-2020-12.json",
    "diff-combined-schema-examples.json",
    "diff-combined-schema-examples-2020-12.json",
]


def load(path):
    text = open(path, encoding="utf-8").read()
    # The 2020-12 files carry trailing commas (their Java reader accepts them).
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def verdict(old, new, model, tmp):
    a, b = os.path.join(tmp, "old.json"), os.path.join(tmp, "new.json")
    json.dump(old, open(a, "w"))
    json.dump(new, open(b, "w"))
    out = subprocess.run(
        [accord, "diff", a, b, "--compatibility", "BACKWARD", "--content-model", model,
         "--format", "json"],
        capture_output=True, text=True)
    if out.returncode not in (0, 1):
        return None, out.stderr.strip().splitlines()[-1:] or ["?"]
    report = json.loads(out.stdout)
    rules = sorted({f["rule"] for f in report["findings"] if f["class"] == "BREAKING"})
    return report["details"]["compatible"], rules


total = {"strict": [0, 0], "lenient": [0, 0]}
wrong = []
with tempfile.TemporaryDirectory() as tmp:
    for name in FILES:
        cases = [c for c in load(os.path.join(work, name))
                 if "original_metadata" not in c and "update_metadata" not in c]
        per = {"strict": 0, "lenient": 0}
        for c in cases:
            for model in ("strict", "lenient"):
                want = c["compatible"] if model == "strict" else c.get("compatible_lenient", c["compatible"])
                got, rules = verdict(c["original_schema"], c["update_schema"], model, tmp)
                total[model][1] += 1
                if got == want:
                    per[model] += 1
                    total[model][0] += 1
                else:
                    wrong.append((name, model, c["description"], want, got, rules))
        print(f"{name:45} {len(cases):3} cases   strict {per['strict']:3}/{len(cases)}"
              f"   lenient {per['lenient']:3}/{len(cases)}")
for model, (ok, n) in total.items():
    print(f"{model:8} agreement: {ok}/{n} = {100.0 * ok / n:.1f} %")
if flag == "--list":
    for name, model, desc, want, got, rules in wrong:
        print(f"- [{model}] {name}: {desc}: Confluent {'compatible' if want else 'INCOMPATIBLE'}, "
              f"accord {'compatible' if got else ('INCOMPATIBLE' if got is False else 'error')} {rules}")
