#!/usr/bin/env python3
"""Writes realistic PostgreSQL migration files for the `accord migrate lint` benchmark.

    gen_migrations.py OUT_DIR --statements 10000 --per-file 20
    gen_migrations.py OUT_DIR --files 1000 --per-file 10

The first files create the tables; later ones evolve them the way product teams do:
nullable and defaulted columns added, indexes (some CONCURRENTLY, in files marked
`-- accord:no-transaction`), backfills with UPDATE, seed INSERTs, type changes, NOT NULL,
foreign keys, renames, dropped columns and indexes. Deterministic (fixed seed), so both
linters see byte-identical input on every run.
"""

import argparse
import os
import random

TYPES = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(120)", "BOOLEAN", "TIMESTAMPTZ", "NUMERIC(12,2)", "JSONB"]
WORDS = ["account", "order", "invoice", "mind", "course", "lesson", "fragment", "source",
         "profile", "payment", "session", "event", "tag", "note", "review", "project"]


class Gen:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.tables = {}  # name -> list of columns
        self.indexes = []
        self.serial = 0

    def name(self, prefix):
        self.serial += 1
        return f"{prefix}_{self.rnd.choice(WORDS)}_{self.serial}"

    def create_table(self):
        t = self.name("t")
        cols = ["id BIGINT PRIMARY KEY", "created_at TIMESTAMPTZ NOT NULL DEFAULT now()"]
        names = ["id", "created_at"]
        for _ in range(self.rnd.randint(2, 8)):
            c = self.name("c")
            ty = self.rnd.choice(TYPES)
            null = "" if self.rnd.random() < 0.6 else " NOT NULL DEFAULT " + default(ty)
            cols.append(f"{c} {ty}{null}")
            names.append(c)
        if self.tables and self.rnd.random() < 0.4:
            ref = self.rnd.choice(list(self.tables))
            cols.append(f"{ref}_id BIGINT REFERENCES {ref} (id)")
            names.append(f"{ref}_id")
        self.tables[t] = names
        body = ",\n    ".join(cols)
        return f"CREATE TABLE {t} (\n    {body}\n);"

    def table(self):
        return self.rnd.choice(list(self.tables))

    def statement(self, concurrent_ok):
        r = self.rnd.random()
        t = self.table()
        cols = self.tables[t]
        if r < 0.10:
            return self.create_table()
        if r < 0.35:
            c = self.name("c")
            ty = self.rnd.choice(TYPES)
            cols.append(c)
            if self.rnd.random() < 0.7:
                return f"ALTER TABLE {t} ADD COLUMN {c} {ty};"
            return f"ALTER TABLE {t} ADD COLUMN {c} {ty} NOT NULL DEFAULT {default(ty)};"
        if r < 0.50:
            i = self.name("idx")
            c = self.rnd.choice(cols)
            self.indexes.append(i)
            conc = "CONCURRENTLY " if concurrent_ok else ""
            uniq = "UNIQUE " if self.rnd.random() < 0.1 else ""
            return f"CREATE {uniq}INDEX {conc}{i} ON {t} ({c});"
        if r < 0.58 and len(cols) > 3:
            c = cols.pop(self.rnd.randrange(2, len(cols)))
            return f"ALTER TABLE {t} DROP COLUMN {c};"
        if r < 0.72:
            c = self.rnd.choice(cols[1:]) if len(cols) > 1 else "id"
            return (f"UPDATE {t} SET {c} = {c} WHERE id BETWEEN {self.rnd.randint(1, 1000)} "
                    f"AND {self.rnd.randint(1001, 100000)} AND created_at < now() - interval '30 days';")
        if r < 0.80:
            return (f"INSERT INTO {t} (id, created_at) VALUES ({self.rnd.randint(1, 10**9)}, now()) "
                    f"ON CONFLICT (id) DO NOTHING;")
        if r < 0.85 and len(cols) > 2:
            c = self.rnd.choice(cols[2:])
            return f"ALTER TABLE {t} ALTER COLUMN {c} TYPE TEXT;"
        if r < 0.89 and len(cols) > 2:
            c = self.rnd.choice(cols[2:])
            return f"ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;"
        if r < 0.92 and len(cols) > 2:
            i = cols.index(self.rnd.choice(cols[2:]))
            new = self.name("c")
            old, cols[i] = cols[i], new
            return f"ALTER TABLE {t} RENAME COLUMN {old} TO {new};"
        if r < 0.95 and len(self.tables) > 1:
            ref = self.rnd.choice([x for x in self.tables if x != t])
            c = f"{ref}_ref_{self.serial}"
            cols.append(c)
            return (f"ALTER TABLE {t} ADD COLUMN {c} BIGINT;\n"
                    f"ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_fk FOREIGN KEY ({c}) REFERENCES {ref} (id);")
        if r < 0.97 and self.indexes:
            i = self.indexes.pop(self.rnd.randrange(len(self.indexes)))
            conc = "CONCURRENTLY " if concurrent_ok else ""
            return f"DROP INDEX {conc}IF EXISTS {i};"
        return f"DELETE FROM {t} WHERE created_at < now() - interval '{self.rnd.randint(30, 900)} days';"


def default(ty):
    return {"INTEGER": "0", "BIGINT": "0", "BOOLEAN": "false", "TIMESTAMPTZ": "now()",
            "NUMERIC(12,2)": "0", "JSONB": "'{}'::jsonb"}.get(ty, "''")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--statements", type=int, default=10000)
    ap.add_argument("--per-file", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--files", type=int, default=0,
                    help="write exactly this many files of --per-file statements (overrides --statements)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    g = Gen(a.seed)
    written = 0
    n = 0
    if a.files:
        a.statements = 10**9
    while written < a.statements and not (a.files and n >= a.files):
        n += 1
        day, sec = divmod(n, 86400 // 60)
        stamp = f"2024{1 + (day // 28) % 12:02d}{1 + day % 28:02d}-{(sec * 60) // 3600:02d}{(sec * 60) % 3600 // 60:02d}00"
        no_tx = n > 1 and g.rnd.random() < 0.15
        lines = [f"-- Epic: EPIC-{n:05d}", "-- Packs affected: Bench"]
        if no_tx:
            lines.append("-- accord:no-transaction")
        in_file = 0
        while in_file < a.per_file and written < a.statements:
            if n == 1 or not g.tables:
                text = g.create_table()
            else:
                text = g.statement(no_tx)
            k = text.count(";")
            if written + k > a.statements:
                continue
            lines.append(text)
            in_file += k
            written += k
        path = os.path.join(a.out, f"{stamp}-step-{n:05d}.sql")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
    print(f"{n} files, {written} statements in {a.out}")


if __name__ == "__main__":
    main()
