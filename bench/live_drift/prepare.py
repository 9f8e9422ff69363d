#!/usr/bin/env python3
"""Turns the migrations of a real project, read from a git checkout at a pinned commit, into
an Accord project in a scratch directory (nothing is committed from it).

    prepare.py GIT_DIR COMMIT SUBDIR LAYOUT DIALECT OUT

LAYOUT is `diesel` (SUBDIR/<timestamp>_<name>/up.sql) or `sqlx` (SUBDIR/<timestamp>_<name>.sql).
Files are renamed to Accord's `YYYYMMDD-HHMMSS-name.sql`; their text is untouched.
"""
import datetime
import os
import re
import subprocess
import sys


def main() -> int:
    git_dir, commit, subdir, layout, dialect, out = sys.argv[1:7]
    names = subprocess.run(
        ["git", "-C", git_dir, "ls-tree", "-r", "--name-only", commit, subdir],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    if layout == "diesel":
        files = [n for n in names if n.endswith("/up.sql")]
        stem = lambda n: n.split("/")[-2]
    elif layout == "sqlx":
        files = [n for n in names if n.endswith(".sql") and not n.endswith(".down.sql")]
        stem = lambda n: os.path.basename(n)[: -len(".sql")]
    else:
        print(f"unknown layout {layout}", file=sys.stderr)
        return 2
    migrations = os.path.join(out, "db", "migrations")
    os.makedirs(migrations, exist_ok=True)
    count = 0
    used = set()
    for name in sorted(files):
        m = re.match(r"^([0-9-]+)_(.*)$", stem(name))
        if not m:
            print(f"skipped (no timestamp): {name}", file=sys.stderr)
            continue
        digits = re.sub(r"\D", "", m.group(1)).ljust(14, "0")[:14]
        # A few real timestamps are not times (21:66:51); clamp so the order is kept.
        hh, mm, ss = (min(int(digits[i : i + 2]), top) for i, top in ((8, 23), (10, 59), (12, 59)))
        digits = f"{digits[:8]}{hh:02}{mm:02}{ss:02}"
        if digits[:8] == "00000000":
            digits = "19700101" + digits[8:]
        # Two files of one second (crates.io's dumped migrations): the next free second.
        stamp = datetime.datetime.strptime(digits, "%Y%m%d%H%M%S")
        while stamp in used:
            stamp += datetime.timedelta(seconds=1)
        used.add(stamp)
        digits = stamp.strftime("%Y%m%d%H%M%S")
        title = re.sub(r"[^a-z0-9]+", "-", m.group(2).lower()).strip("-") or "migration"
        text = subprocess.run(
            ["git", "-C", git_dir, "show", f"{commit}:{name}"],
            check=True, capture_output=True,
        ).stdout
        if layout == "diesel":
            # Diesel's `run_in_transaction = false` is Accord's no-transaction header.
            meta = name[: -len("up.sql")] + "metadata.toml"
            if meta in names:
                toml = subprocess.run(
                    ["git", "-C", git_dir, "show", f"{commit}:{meta}"],
                    check=True, capture_output=True, text=True,
                ).stdout
                if re.search(r"run_in_transaction\s*=\s*false", toml):
                    text = b"-- accord:no-transaction\n" + text
        if not re.sub(rb"--[^\n]*|/\*.*?\*/|\s", b"", text, flags=re.S):
            print(f"skipped (no statement): {name}", file=sys.stderr)
            continue
        target = os.path.join(migrations, f"{digits[:8]}-{digits[8:]}-{title}.sql")
        with open(target, "wb") as f:
            f.write(text)
        count += 1
    with open(os.path.join(out, "accord.toml"), "w") as f:
        f.write(
            f'[project]\nname = "{os.path.basename(out)}"\n\n[database]\n'
            f'dialect = "{dialect}"\nurl = "sqlite:.accord/db.sqlite"\nmigrations = "db/migrations"\n'
        )
    print(f"{out}: {count} migrations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
