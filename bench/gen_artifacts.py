#!/usr/bin/env python3
"""Generates a synthetic repository of N small artifacts under JSON-Schema contracts.

Half the artifacts are JSON, 30 % YAML, 20 % Markdown; about 1 % of each kind is invalid
(schema violation, missing section). Used by bench/conformance.sh.
"""
import json
import os
import sys

root = sys.argv[1]
total = int(sys.argv[2])
n_json, n_yaml = total // 2, total * 3 // 10
n_md = total - n_json - n_yaml
SHARD = 1000

schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "name", "score", "tags", "owner"],
    "properties": {
        "id": {"type": "integer", "minimum": 0},
        "name": {"type": "string", "minLength": 1, "maxLength": 80},
        "score": {"type": "number", "minimum": 0, "maximum": 100},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
        "owner": {
            "type": "object",
            "required": ["team"],
            "properties": {"team": {"enum": ["mmos", "creator-os", "innerlens"]}},
        },
    },
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def contract(provider, consumer, fmt, location, extra):
    return f"""contract:
  name: "{provider} → {consumer} bench"
  version: "1.0.0"
  status: "stable"
  provider: {provider}
  consumer: {consumer}
  interface:
    type: file
    format: "{fmt}"
    location: "{location}"
    encoding: "UTF-8"
{extra}
  breaking_changes_history:
    - version: "1.0.0"
      date: "2026-11-21"
      change: "Initial contract"
"""


packs = """[project]
name = "bench"
version = "1.0.0"

[packs.a]
paths = ["a/**"]

[packs.b]
paths = ["b/**"]

[packs.c]
paths = ["c/**"]
"""
write(f"{root}/accord.toml", packs + '\n[contracts]\ndir = "contracts"\n')
write(f"{root}/accord-json.toml", packs + '\n[contracts]\ndir = "contracts-json"\n')
write(f"{root}/schema.json", json.dumps(schema, indent=2))
json_contract = contract("A", "B", "JSON", "data/json/{shard}/{item}.json", "    schema: ../schema.json")
write(f"{root}/contracts/a-b-v1.0.0.yaml", json_contract)
write(f"{root}/contracts-json/a-b-v1.0.0.yaml", json_contract)
write(
    f"{root}/contracts/b-c-v1.0.0.yaml",
    contract("B", "C", "YAML", "data/yaml/{shard}/{item}.yaml",
             "    required_fields:\n      - id\n      - owner.team\n    schema: ../schema.json"),
)
write(
    f"{root}/contracts/a-c-v1.0.0.yaml",
    contract("A", "C", "Markdown", "data/md/{shard}/{item}.md",
             '    required_sections:\n      - name: "Summary"\n        format: "Markdown heading level 2"\n'
             '      - name: "Details"\n        format: "Markdown heading level 2"'),
)


def item(i):
    doc = {"id": i, "name": f"item {i}", "score": (i * 7) % 100, "tags": ["x", "y"], "owner": {"team": "mmos"}}
    if i % 97 == 0:
        doc["score"] = 250  # violates maximum
    if i % 89 == 0:
        del doc["owner"]  # violates required
    return doc


for i in range(n_json):
    write(f"{root}/data/json/{i // SHARD:04d}/{i}.json", json.dumps(item(i)))
for i in range(n_yaml):
    d = item(i)
    lines = [f"id: {d['id']}", f"name: \"{d['name']}\"", f"score: {d['score']}", "tags: [x, y]"]
    if "owner" in d:
        lines.append("owner:\n  team: mmos")
    write(f"{root}/data/yaml/{i // SHARD:04d}/{i}.yaml", "\n".join(lines) + "\n")
for i in range(n_md):
    details = "" if i % 101 == 0 else "## Details\n\nMore text.\n"
    write(f"{root}/data/md/{i // SHARD:04d}/{i}.md", f"# Item {i}\n\n## Summary\n\nText {i}.\n\n{details}")
print(f"{n_json} JSON, {n_yaml} YAML, {n_md} Markdown artifacts in {root}")
