#!/usr/bin/env python3
"""Scores `accord migrate lint` (and squawk, when installed) on the labelled migration corpus.

    score_sql.py ACCORD CORPUS_DIR [OUT_DIR]

Each case under CORPUS_DIR/cases is one `.sql` file, or a directory whose files are linted
together in name order (earlier files are history; the last one is under test). The file
under test starts with `-- reason: …`, `-- expect: RULE …` (or `none`) and optionally
`-- dialect: sqlite`.

Printed: per case whether Accord's rules equal the expected set (exact agreement) and
whether its verdict (any rule vs none) matches; the same verdict agreement for squawk on
the PostgreSQL cases (squawk lints PostgreSQL only). Accord's informational findings
(migration-table-created, migration-nullable-column-added, migration-naming) are not
verdicts. For squawk, `prefer-robust-stmts` and `require-statement-timeout` are reported
separately: they are about re-running and statement duration, not about the lock safety
and compatibility the labels judge.
"""
import json
import os
import shutil
import subprocess
import sys

INFO = {"migration-table-created", "migration-nullable-column-added", "migration-naming"}
SQUAWK_NOT_LABELLED = {"prefer-robust-stmts", "require-statement-timeout"}


def header(path):
    meta = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("--"):
                break
            key, _, value = line[2:].partition(":")
            meta[key.strip()] = value.strip()
    return meta


def cases(corpus):
    root = os.path.join(corpus, "cases")
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        files = sorted(os.path.join(path, f) for f in os.listdir(path)) if os.path.isdir(path) else [path]
        meta = header(files[-1])
        expect = set(meta["expect"].split()) - {"none"}
        yield name, files, expect, meta.get("dialect", "postgres"), meta.get("reason", "")


def accord_rules(accord, files, dialect):
    out = subprocess.run([accord, "migrate", "lint", "--dialect", dialect, "--format", "json", *files],
                         capture_output=True, text=True)
    if out.returncode == 2:
        return None, out.stderr.strip()
    target = os.path.basename(files[-1])
    found = {f["rule"] for f in json.loads(out.stdout)["findings"]
             if f.get("location", {}).get("path", "").endswith(target)}
    return found - INFO, None


def squawk_rules(squawk, files):
    out = subprocess.run([squawk, "--reporter", "json", *files], capture_output=True, text=True)
    try:
        data = json.loads(out.stdout or "[]")
    except json.JSONDecodeError:
        return None
    target = os.path.basename(files[-1])
    return {d["rule_name"] for d in data if d.get("file", "").endswith(target)}


def main():
    accord, corpus = sys.argv[1], sys.argv[2]
    squawk = os.environ.get("SQUAWK") or shutil.which("squawk")
    rows = []
    for name, files, expect, dialect, reason in cases(corpus):
        got, err = accord_rules(accord, files, dialect)
        sq = squawk_rules(squawk, files) if squawk and dialect == "postgres" else None
        rows.append((name, expect, got, err, sq, dialect))
    n = len(rows)
    exact = sum(1 for r in rows if r[2] == r[1])
    verdict = sum(1 for r in rows if r[2] is not None and bool(r[2]) == bool(r[1]))
    print(f"sql corpus: {n} cases ({sum(1 for r in rows if r[1])} unsafe, {sum(1 for r in rows if not r[1])} safe)")
    for name, expect, got, err, sq, dialect in rows:
        if got != expect:
            if err:
                print(f"  ERROR    {name}: {err}")
                continue
            missing, extra = sorted(expect - got), sorted(got - expect)
            kind = "MISSED" if missing and not extra else "EXTRA" if extra and not missing else "DIFFERS"
            print(f"  {kind:8} {name}: missing {missing or '-'} extra {extra or '-'}")
    print(f"accord: exact rule agreement {exact}/{n} = {100 * exact / n:.1f}%, "
          f"verdict agreement {verdict}/{n} = {100 * verdict / n:.1f}%")
    pg = [r for r in rows if r[5] == "postgres"]
    a_pg = sum(1 for r in pg if r[2] is not None and bool(r[2]) == bool(r[1]))
    print(f"accord on the {len(pg)} PostgreSQL cases: verdict agreement {a_pg}/{len(pg)} = {100 * a_pg / len(pg):.1f}%")
    if squawk:
        scored = [r for r in pg if r[4] is not None]
        labelled = sum(1 for r in scored if bool(r[4] - SQUAWK_NOT_LABELLED) == bool(r[1]))
        raw = sum(1 for r in scored if bool(r[4]) == bool(r[1]))
        print(f"squawk ({subprocess.run([squawk, '--version'], capture_output=True, text=True).stdout.strip()}) "
              f"on the {len(scored)} PostgreSQL cases: verdict agreement {labelled}/{len(scored)} = "
              f"{100 * labelled / max(len(scored), 1):.1f}% without {sorted(SQUAWK_NOT_LABELLED)}, "
              f"{raw}/{len(scored)} = {100 * raw / max(len(scored), 1):.1f}% with every default rule")
        for name, expect, got, err, sq, dialect in scored:
            if bool(sq - SQUAWK_NOT_LABELLED) != bool(expect):
                print(f"  squawk {'MISSED' if expect else 'EXTRA':6} {name}: {sorted(sq - SQUAWK_NOT_LABELLED) or '-'}")
    else:
        print("squawk: not installed (pip install squawk-cli), not compared")
    if len(sys.argv) > 3:
        with open(os.path.join(sys.argv[3], "sql.json"), "w") as f:
            json.dump([{"case": r[0], "expect": sorted(r[1]), "accord": sorted(r[2] or []),
                        "squawk": sorted(r[4]) if r[4] is not None else None} for r in rows], f, indent=1)


if __name__ == "__main__":
    main()
