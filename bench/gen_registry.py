#!/usr/bin/env python3
"""Generates a git repository with a synthetic registry of N contracts, then a second commit
changing `changed` of them (an optional section added, MINOR bump, history entry).

Each contract joins a distinct ordered pair of packs, so file names follow the
`{provider}-{consumer}-v{version}.yaml` convention without clashes. Used by bench/changes.sh.
"""
import math
import os
import subprocess
import sys

root, n, changed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
packs = math.ceil((1 + math.sqrt(1 + 4 * n)) / 2) + 1
names = [f"p{i:03d}" for i in range(packs)]
pairs = [(a, b) for a in names for b in names if a != b][:n]

os.makedirs(f"{root}/contracts", exist_ok=True)
os.makedirs(f"{root}/outputs", exist_ok=True)
with open(f"{root}/outputs/shared.md", "w") as f:
    f.write("# Shared\n\n## Overview\n\nText.\n\n## Details\n\nMore.\n")
with open(f"{root}/accord.toml", "w") as f:
    f.write('[project]\nname = "bench"\nversion = "1.0.0"\n\n[contracts]\ndir = "contracts"\n')
    for p in names:
        f.write(f'\n[packs.{p}]\npaths = ["{p}/**"]\ntests = ["{p}/tests/**"]\n')


def contract(a, b, version, extra_section, history):
    extra = (
        '      - name: "Appendix"\n        format: "Markdown heading level 2"\n        added_in: "1.1.0"\n'
        if extra_section else ""
    )
    return f"""contract:
  name: "{a} → {b} feed"
  version: "{version}"
  status: "stable"
  provider: {a}
  consumer: {b}
  interface:
    type: file
    format: "Markdown"
    location: "outputs/shared.md"
    encoding: "UTF-8"
    required_sections:
      - name: "Overview"
        format: "Markdown heading level 2"
    optional_sections:
      - name: "Details"
        format: "Markdown heading level 2"
        added_in: "1.0.0"
{extra}  breaking_changes_history:
{history}"""


h1 = '    - version: "1.0.0"\n      date: "2026-01-01"\n      change: "Initial contract"\n'
h2 = h1 + '    - version: "1.1.0"\n      date: "2026-11-21"\n      change: "Optional Appendix section"\n'
for a, b in pairs:
    with open(f"{root}/contracts/{a}-{b}-v1.0.0.yaml", "w") as f:
        f.write(contract(a, b, "1.0.0", False, h1))


def git(*args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=root, check=True, stdout=subprocess.DEVNULL)


git("init", "-q", "-b", "main")
git("add", "-A")
git("commit", "-q", "-m", "registry")
step = max(1, n // changed)
for a, b in pairs[::step][:changed]:
    os.remove(f"{root}/contracts/{a}-{b}-v1.0.0.yaml")
    with open(f"{root}/contracts/{a}-{b}-v1.1.0.yaml", "w") as f:
        f.write(contract(a, b, "1.1.0", True, h2))
git("add", "-A")
git("commit", "-q", "-m", "change")
print(f"{n} contracts between {packs} packs, {changed} changed, in {root}")
