#!/usr/bin/env python3
"""Scores `accord diff --format json` outputs against hand-reviewed expected verdicts.

    score.py LANG CORPUS_DIR OUT_DIR

CORPUS_DIR holds versions.lock (`name old new range shape` per line) and expected/, one file
per pair named `<name>-<old>-<new>.txt`:

    bump major                        the bump the API changes require (none, patch, minor, major)
    breaking RULE LOGICAL_PATH        a BREAKING finding that is true (hand-reviewed)
    miss RULE LOGICAL_PATH  # why     a true breaking change Accord does not report (counted in recall)
    false RULE LOGICAL_PATH # why     a BREAKING finding reviewed as false (documentation only:
                                      every BREAKING finding not listed as `breaking` is false)

OUT_DIR holds `<name>-<old>-<new>.json` (the pair) and `self-<name>-<version>.json` (a version
against itself). Prints per pair and in total: precision and recall of BREAKING findings, the
agreement of the required bump, and the self-diff invariant. Exit 0 when scored, 2 when an
input is missing or malformed.
"""
import json
import os
import re
import sys

LEVEL = {"none": 0, "patch": 0, "minor": 1, "major": 2}
NAMES = {0: "patch", 1: "minor", 2: "major"}


def fail(msg):
    print(f"score.py: {msg}", file=sys.stderr)
    sys.exit(2)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return e


def code_findings(report):
    # Extraction notes (`surface-*`) say what could not be read; they are not verdicts.
    return [f for f in report.get("findings", []) if not f["rule"].startswith("surface-")]


def read_expected(path):
    exp = {"bump": None, "breaking": set(), "miss": set(), "false": set()}
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return None
    for n, raw in enumerate(lines, 1):
        # A comment starts at a `#` that begins the line or follows a space: TypeScript and
        # Python paths carry `#N` overload numbers (`.:f#2/x`, `f#2`).
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if parts[0] == "bump" and len(parts) == 2 and parts[1] in LEVEL:
            exp["bump"] = LEVEL[parts[1]]
        elif parts[0] in ("breaking", "miss", "false") and len(parts) >= 3:
            exp[parts[0]].add((parts[1], " ".join(parts[2:])))
        else:
            fail(f"{path}:{n}: expected `bump LEVEL` or `breaking|miss|false RULE PATH`, got {raw!r}")
    if exp["bump"] is None:
        fail(f"{path}: no `bump` line")
    return exp


def main():
    if len(sys.argv) != 4:
        fail("usage: score.py LANG CORPUS_DIR OUT_DIR")
    lang, corpus, out = sys.argv[1:]
    pairs = []
    for raw in open(os.path.join(corpus, "versions.lock"), encoding="utf-8"):
        parts = raw.split("#", 1)[0].split()
        if parts:
            pairs.append(parts[:5])
    tp = fp = fn = 0
    agree = 0
    scored = 0
    self_runs = self_dirty = 0
    verdict_ok = 0
    rows = []
    unreviewed = []
    for name, old, new, rng, shape in pairs:
        key = f"{name}-{old}-{new}"
        report = load_json(os.path.join(out, key + ".json"))
        if not isinstance(report, dict):
            rows.append(f"  {key:<40} ERROR: no output ({report})")
            continue
        for v in (old, new):
            s = load_json(os.path.join(out, f"self-{name}-{v}.json"))
            self_runs += 1
            if not isinstance(s, dict) or code_findings(s):
                self_dirty += 1
                rows.append(f"  self-diff {name} {v}: NOT EMPTY")
        exp = read_expected(os.path.join(corpus, "expected", key + ".txt"))
        found = {(f["rule"], " ".join(f.get("logical_path", "").split())) for f in code_findings(report)
                 if f["class"] == "BREAKING"}
        required = LEVEL.get(str((report.get("details") or {}).get("required_bump", "none")).lower(), 0)
        if exp is None:
            unreviewed.append(key)
            rows.append(f"  {key:<40} {rng:<6} {len(found):>4} BREAKING  (no expected verdict)")
            continue
        scored += 1
        t = len(found & exp["breaking"])
        f_ = len(found - exp["breaking"])
        m = len(exp["breaking"] - found) + len(exp["miss"])
        tp, fp, fn = tp + t, fp + f_, fn + m
        ok = required == exp["bump"]
        agree += ok
        verdict_ok += (required == 2) == (exp["bump"] == 2)
        rows.append(
            f"  {key:<40} {rng:<6} required {NAMES[required]:<6} expected {NAMES[exp['bump']]:<6}"
            f" {'ok ' if ok else 'DIFF'}  BREAKING true {t:>3} false {f_:>3} missed {m:>3}"
        )
    print(f"== {lang}: {len(pairs)} pairs, {scored} with hand-reviewed verdicts")
    for r in rows:
        print(r)
    pct = lambda a, b: f"{100.0 * a / b:.1f} %" if b else "n/a"
    print(f"  BREAKING precision: {pct(tp, tp + fp)} ({tp} true of {tp + fp} reported)")
    print(f"  BREAKING recall:    {pct(tp, tp + fn)} ({tp} of {tp + fn} known breaking changes)")
    print(f"  required bump agreement: {pct(agree, scored)} ({agree} of {scored} pairs)")
    print(f"  breaking/not-breaking verdict agreement: {pct(verdict_ok, scored)}")
    print(f"  self-diff: {self_runs - self_dirty} of {self_runs} versions with 0 findings")
    if unreviewed:
        print(f"  not scored (no expected file): {', '.join(unreviewed)}")


if __name__ == "__main__":
    main()
